import type { Hono } from "hono";
import type { Database } from "../src/db/client.js";
import { systemActor } from "../src/shared/actor.js";
import { createUser } from "../src/users/users.service.js";
import type { AppEnv } from "../src/web/context.js";
import { signIn } from "../test/session.js";
import { RARE_DOCUMENT_WORD } from "./documents.js";
import type { FollowUp } from "./followup.js";
import type { Registry } from "./generate.js";
import { RARE_WORD } from "./vocabulary.js";

export interface Target {
  name: string;
  paths: string[];
  /** a session cookie, for the workspace pages */
  headers?: Record<string, string>;
  /** a page of issue 4 that is still being built: a 404 is reported as such, not as a failure */
  pending?: boolean;
  /** fewer connections than the run's: a report one person waits for, measured as one request at a time */
  connections?: number;
}

const AGREEMENT_PAGES = 200;
const AGREEMENT_SHEETS = 40;
/** a year in the middle of the generated signatures (2012–2025): some 700 agreements signed in it */
const REPORT_YEAR = 2020;
const WORKSPACE_PAGES = 100;
const FOCAL_POINT_PAGES = 20;
const BENCH_PASSWORD = "bench password, not a secret";

/** Every `step`-th item, up to `count`: a spread over the whole list, the same on every run. */
function spread<T>(items: readonly T[], count: number): T[] {
  const step = Math.max(1, Math.floor(items.length / count));
  return items.filter((_, index) => index % step === 0).slice(0, count);
}

/**
 * A secretariat account and a focal point of the partner responsible for the most activities,
 * each signed in through the workspace's own form (its origin check and better-auth's session).
 */
async function signInAccounts(db: Database, app: Hono<AppEnv>, organizationId: string) {
  const accounts = {
    secretariat: { email: "secretariat@bench.example.org", role: "secretariat" as const },
    focalPoint: { email: "focal-point@bench.example.org", role: "focal_point" as const, organizationId },
    admin: { email: "admin@bench.example.org", role: "admin" as const },
  };
  const cookies: Record<keyof typeof accounts, Record<string, string>> = {
    secretariat: {},
    focalPoint: {},
    admin: {},
  };
  for (const [key, account] of Object.entries(accounts) as [
    keyof typeof accounts,
    { email: string; role: "secretariat" | "focal_point" | "admin"; organizationId?: string },
  ][]) {
    await createUser({
      db,
      actor: systemActor,
      input: { ...account, name: `Bench ${account.role}`, locale: "fr" },
      password: BENCH_PASSWORD,
    });
    cookies[key] = { cookie: await signIn(app, account.email, BENCH_PASSWORD) };
  }
  return cookies;
}

export interface FollowUpPages {
  /** agreements with a follow-up, spread over the registry (a dozen activities is typical) */
  typical: string[];
  /** the agreements with the most activities */
  heavy: string[];
  /** the focal point's organisation's agreements where it is responsible for the most activities */
  focalPoint: string[];
}

export function followUpPages(followUp: FollowUp): FollowUpPages {
  const heavy = new Set(followUp.heavyIds);
  const withActivities = [...new Set(followUp.activities.map((activity) => activity.agreementId))];
  const own = new Map<string, number>();
  for (const activity of followUp.activities) {
    if (activity.responsibleOrganizationId !== followUp.busyOrganizationId) continue;
    own.set(activity.agreementId, (own.get(activity.agreementId) ?? 0) + 1);
  }
  const focalPoint = [...own.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, FOCAL_POINT_PAGES)
    .map(([id]) => id);
  return {
    typical: spread(
      withActivities.filter((id) => !heavy.has(id)),
      WORKSPACE_PAGES,
    ),
    heavy: followUp.heavyIds,
    focalPoint,
  };
}

/** The earlier public targets, then the workspace pages of issue 4 as the people who use them. */
/** What people type, a few letters at a time: short prefixes match many agreements and partners. */
const SUGGESTION_PREFIXES = ["co", "univ", "dev", "assoc", "tour", "%D8%AC%D8%A7%D9%85%D8%B9"];

/** A word with its second letter mistyped: found only by the correction ("safran" → "sefran"). */
const mistyped = (word: string) => `${word[0]}${word[1] === "e" ? "i" : "e"}${word.slice(2)}`;

export async function benchTargets({
  db,
  app,
  registry,
  followUp,
  heavyActivities,
}: {
  db: Database;
  app: Hono<AppEnv>;
  registry: Registry;
  followUp: FollowUp;
  heavyActivities: number;
}): Promise<{ targets: Target[]; pages: FollowUpPages }> {
  const pageIds = spread(registry.publicIds, AGREEMENT_PAGES);
  const pages = followUpPages(followUp);
  const cookies = await signInAccounts(db, app, followUp.busyOrganizationId);
  const workspace = (ids: string[]) => ids.map((id) => `/fr/workspace/agreements/${id}`);
  const targets: Target[] = [
    { name: "catalogue", paths: ["/fr/agreements"] },
    { name: "catalogue search", paths: [`/fr/agreements?q=${RARE_WORD}`] },
    { name: `agreement page (${pageIds.length} ids)`, paths: pageIds.map((id) => `/fr/agreements/${id}`) },
    { name: "API list", paths: ["/api/v1/agreements?limit=20"] },
    // No public cache in this in-process app: the page is drawn each time, from figures counted
    // once per registry generation (the generation does not change during the bench).
    { name: "portal in figures", paths: ["/fr/figures", "/ar/figures"] },
    {
      name: "portal coverage",
      paths: ["/fr/coverage", "/fr/coverage?theme=training", "/ar/coverage?status=in_force"],
    },
    {
      name: `agreement sheet PDF (${Math.min(AGREEMENT_SHEETS, pageIds.length)} ids, ar and fr)`,
      paths: spread(pageIds, AGREEMENT_SHEETS).map(
        (id, index) => `/${index % 2 ? "ar" : "fr"}/agreements/${id}.pdf`,
      ),
    },
    { name: "annual report PDF, public", paths: [`/fr/reports/${REPORT_YEAR}.pdf`], connections: 1 },
    {
      name: "annual report PDF, secretariat",
      paths: [`/ar/workspace/reports/${REPORT_YEAR}.pdf`],
      headers: cookies.secretariat,
      connections: 1,
    },
    // The whole public registry in one file: what an open-data harvester asks for.
    {
      name: "IATI activities, whole registry",
      paths: ["/api/v1/open-data/iati-activities.xml"],
      connections: 1,
    },
    { name: "API search", paths: [`/api/v1/agreements?q=${RARE_WORD}`] },
    // A word in two agreements of three: every match is ranked, so this is search's heaviest page.
    { name: "API search, broad word", paths: ["/api/v1/agreements?q=d%C3%A9veloppement"] },
    { name: "API search, mistyped (corrected)", paths: [`/api/v1/agreements?q=${mistyped(RARE_WORD)}`] },
    {
      name: "suggestions as you type",
      paths: SUGGESTION_PREFIXES.map((q) => `/fr/search/suggestions?q=${q}`),
    },
    {
      name: `workspace agreement, secretariat (${pages.typical.length} ids)`,
      paths: workspace(pages.typical),
      headers: cookies.secretariat,
    },
    {
      name: `workspace agreement, ${heavyActivities} activities, secretariat (${pages.heavy.length} ids)`,
      paths: workspace(pages.heavy),
      headers: cookies.secretariat,
    },
    {
      name: `workspace agreement, focal point (${pages.focalPoint.length} ids)`,
      paths: workspace(pages.focalPoint),
      headers: cookies.focalPoint,
    },
    // Everything late or due in the agreements the association runs (some 1,600 of them), 20
    // agreements a page: the first pages and one further on.
    {
      name: "my work, secretariat",
      paths: ["/fr/workspace/my-work", "/ar/workspace/my-work?page=2", "/fr/workspace/my-work?page=40"],
      headers: cookies.secretariat,
    },
    {
      name: "my work, focal point",
      paths: ["/fr/workspace/my-work"],
      headers: cookies.focalPoint,
    },
    {
      name: "workspace search, secretariat",
      paths: [`/fr/workspace/search?q=${RARE_WORD}`],
      headers: cookies.secretariat,
    },
    {
      name: "workspace search, focal point",
      paths: [`/fr/workspace/search?q=${RARE_WORD}`],
      headers: cookies.focalPoint,
    },
    {
      name: "workspace search, a word of documents",
      paths: [`/fr/workspace/search?q=${RARE_DOCUMENT_WORD}`],
      headers: cookies.secretariat,
    },
    // The figures are kept per reading scope and registry generation (no write during the bench):
    // the first request of each computes them, the others read them.
    {
      name: "dashboard, secretariat",
      paths: ["/fr/workspace", "/ar/workspace"],
      headers: cookies.secretariat,
    },
    {
      name: "dashboard, focal point",
      paths: ["/fr/workspace", "/ar/workspace"],
      headers: cookies.focalPoint,
    },
    {
      name: "dashboard's lists, secretariat",
      paths: [
        "/fr/workspace/agreements?health=at_risk",
        "/fr/workspace/agreements?due=90",
        "/fr/workspace/agreements?late=activities",
      ],
      headers: cookies.secretariat,
    },
    { name: "alert centre, secretariat", paths: ["/fr/workspace/alerts"], headers: cookies.secretariat },
    { name: "alert centre, focal point", paths: ["/fr/workspace/alerts"], headers: cookies.focalPoint },
    // #13's lists: the first page, a deep one (page 150 of 200 at 10,000 agreements: past the end
    // on a smaller registry, so only asked when there is one), each order, a filter, a search.
    {
      name: "workspace agreements list, secretariat",
      paths: [
        "/fr/workspace/agreements",
        ...(registry.agreements.length >= 7_500 ? ["/fr/workspace/agreements?page=150"] : []),
        "/fr/workspace/agreements?sort=reference&page=2",
        "/fr/workspace/agreements?sort=expires",
        "/fr/workspace/agreements?sort=updated",
        "/fr/workspace/agreements?status=in_force&visibility=internal",
        `/fr/workspace/agreements?q=${RARE_WORD}`,
      ],
      headers: cookies.secretariat,
    },
    {
      name: "workspace agreements list, focal point",
      paths: ["/fr/workspace/agreements", "/fr/workspace/agreements?sort=expires&mine=1"],
      headers: cookies.focalPoint,
    },
    {
      name: "organisations list, secretariat",
      paths: ["/fr/workspace/organizations", "/ar/workspace/organizations?sort=agreements&page=2"],
      headers: cookies.secretariat,
    },
    { name: "partners page, public", paths: ["/fr/partners", "/ar/partners?page=2"] },
    { name: "accounts list, administrator", paths: ["/fr/workspace/users"], headers: cookies.admin },
    {
      name: "an agreement's activities list, secretariat",
      // The agreements with the most activities (a few hundred each), then typical ones.
      paths: [...pages.heavy.slice(0, 5), ...pages.typical.slice(0, 5)].flatMap((id) => [
        `/fr/workspace/agreements/${id}/activities`,
        `/fr/workspace/agreements/${id}/activities?sort=due&late=1`,
      ]),
      headers: cookies.secretariat,
    },
    {
      name: "documents list, secretariat",
      paths: [
        "/fr/workspace/documents",
        ...(registry.agreements.length >= 7_500 ? ["/fr/workspace/documents?page=90"] : []),
        "/fr/workspace/documents?sort=title&page=2",
        "/ar/workspace/documents?kind=minutes&visibility=public",
        `/fr/workspace/documents?q=${RARE_DOCUMENT_WORD}`,
      ],
      headers: cookies.secretariat,
    },
    { name: "documents list, focal point", paths: ["/fr/workspace/documents"], headers: cookies.focalPoint },
    {
      name: "audit log, secretariat",
      // Ten events an agreement (bench/run.ts): 100,000 at 10,000 agreements.
      paths: [
        "/fr/workspace/audit",
        "/fr/workspace/audit?page=20",
        ...(registry.agreements.length >= 7_500 ? ["/fr/workspace/audit?page=400"] : []),
        "/fr/workspace/audit?change=create",
        `/fr/workspace/audit?record=${registry.agreements[0]?.reference ?? ""}`,
      ],
      headers: cookies.secretariat,
    },
    {
      name: "territories page, public",
      paths: ["/fr/territories?sort=agreements", "/ar/territories?q=%D8%A7%D9%84%D8%B1%D8%A8%D8%A7%D8%B7"],
    },
  ];
  return { targets, pages };
}
