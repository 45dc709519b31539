import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testAppOptions } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { pdfBytes } from "../../test/document-files.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { buildIndicator, buildIndicatorValue } from "../../test/followup-factories.js";
import { signIn } from "../../test/session.js";
import { createApp } from "../app.js";
import type { DatabaseHandle } from "../db/client.js";
import { contacts } from "../db/schema/index.js";
import { readUploadedAgreement } from "../documents/agreement-reading.service.js";
import { uploadDocument } from "../documents/documents.service.js";
import { type Actor, systemActor } from "../shared/actor.js";
import { createApiToken } from "../tokens/tokens.service.js";
import { actorFromUser } from "../users/users.presenter.js";
import { assetUrl } from "../web/assets.js";
import { makeHistoryRecords } from "./history-walk.test-support.js";
import {
  type HistoryRole,
  historyRoles,
  historyRules,
  roles,
  routeRules,
  type WalkRole,
  walkParams,
} from "./route-rules.js";

/**
 * Walks every route the application registers, as every role and as the anonymous public,
 * and checks who gets through and who is refused (401, 403, 404, or sent to sign in).
 */
let handle: DatabaseHandle;
let app: ReturnType<typeof createApp>;
const options = testAppOptions();
const cookies = new Map<WalkRole, string>();
const emails = new Map<WalkRole, string>();
const actors = new Map<WalkRole, Actor>();
let focalOrganizationId: string;
let publicAgreementId: string;
let publicIndicatorId: string;
let publicDocumentId: string;
let scopedAgreementId: string;
let scopedDocumentId: string;
let someUserId: string;
/** a public partner of an agreement signed in REPORTED_YEAR, so that the year has a report */
let reportedPartnerId: string;
/** that agreement: public and signed, so published as open data */
let reportedAgreementId: string;
const REPORTED_YEAR = "2025";

/** An internal draft the focal point's organisation is party to, naming the council's province. */
const scopedAgreement = async (db = handle.db) =>
  buildAgreement(db, {
    visibility: "internal",
    status: "draft",
    national: false,
    territoryCodes: ["01.571"],
    parties: [{ organizationId: focalOrganizationId, role: "signatory" }],
  });

const uploadPdf = async (ownerId: string, visibility: "public" | "internal") =>
  uploadDocument({
    db: handle.db,
    actor: systemActor,
    uploadsDir: options.uploadsDir,
    maxBytes: options.uploadMaxBytes,
    input: { ownerType: "agreement", ownerId, kind: "annex", title: { fr: "Annexe" }, visibility },
    file: { name: "annexe.pdf", bytes: pdfBytes() },
  });

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createApp({ db: handle.db, options });
  focalOrganizationId = (await buildOrganization(handle.db)).id;
  const users = {
    viewer: await buildUser(handle.db, { role: "viewer" }),
    council: await buildUser(handle.db, { role: "council", territoryCode: "01.571" }),
    focal_point: await buildUser(handle.db, { role: "focal_point", organizationId: focalOrganizationId }),
    secretariat: await buildUser(handle.db, { role: "secretariat" }),
    admin: await buildUser(handle.db, { role: "admin" }),
  };
  someUserId = users.viewer.id;
  for (const [role, user] of Object.entries(users)) {
    cookies.set(role as WalkRole, await signIn(app, user.email));
    emails.set(role as WalkRole, user.email);
    actors.set(role as WalkRole, actorFromUser(user));
  }
  const publicAgreement = await buildAgreement(handle.db, { visibility: "public" });
  reportedPartnerId = (await buildOrganization(handle.db)).id;
  reportedAgreementId = (
    await buildAgreement(handle.db, {
      visibility: "public",
      status: "in_force",
      signedOn: `${REPORTED_YEAR}-03-01`,
      parties: [{ organizationId: reportedPartnerId, role: "signatory" }],
    })
  ).id;
  publicAgreementId = publicAgreement.id;
  publicDocumentId = (await uploadPdf(publicAgreementId, "public")).id;
  publicIndicatorId = (await buildIndicator(handle.db, publicAgreementId)).id;
  await buildIndicatorValue(handle.db, publicIndicatorId, {
    period: "2025-Q4",
    value: "1",
    status: "approved",
  });
  scopedAgreementId = (await scopedAgreement()).id;
  scopedDocumentId = (await uploadPdf(scopedAgreementId, "internal")).id;
});
afterAll(async () => {
  await handle?.close();
});

/** The concrete path a route is walked with; writes get fresh records so that one role's delete leaves the next role its own. */
async function concretePath(method: string, pattern: string, role: WalkRole): Promise<string> {
  // A report "<subject>.pdf" is walked with the subject its page is walked with.
  const pdf = "{.+\\.pdf}";
  if (pattern.endsWith(pdf)) return `${await concretePath(method, pattern.slice(0, -pdf.length), role)}.pdf`;
  const write = method !== "GET";
  const replacements: [RegExp, () => Promise<string> | string][] = [
    [/^\/assets\/:hash\/:name$/, () => assetUrl("app.css")],
    [/^\/api\/auth\/\*$/, () => (method === "GET" ? "/api/auth/get-session" : "/api/auth/sign-out")],
    [/^\/documents\/:id$/, () => `/documents/${publicDocumentId}`],
    [/^\/:lang\/agreements\/:id$/, () => `/fr/agreements/${publicAgreementId}`],
    [
      /^\/:lang\/agreements\/:id\/indicators\/:indicatorId\/chart\.svg$/,
      () => `/fr/agreements/${publicAgreementId}/indicators/${publicIndicatorId}/chart.svg`,
    ],
    [
      /^\/api\/v1\/agreements\/:id$/,
      () => (write ? apiPath(method, pattern, role) : `/api/v1/agreements/${publicAgreementId}`),
    ],
    [/^\/:lang\/(workspace\/)?territories\/:code$/, () => pattern.replace(":code", "01.571")],
    [/^\/:lang\/(workspace\/)?reports\/:year$/, () => pattern.replace(":year", REPORTED_YEAR)],
    [/^\/:lang\/partners\/:id$/, () => pattern.replace(":id", reportedPartnerId)],
    [/^\/api\/v1\/open-data\/csv\/:sheet$/, () => "/api/v1/open-data/csv/agreements.csv"],
  ];
  for (const [match, make] of replacements)
    if (match.test(pattern)) return (await make()).replace(":lang", "fr");
  let path = pattern.replace(":lang", "fr");
  if (path.startsWith("/api/v1/")) return apiPath(method, path, role);
  if (path.includes("/workspace/agreements/:id")) {
    path = path.replace(":id", write ? (await scopedAgreement()).id : scopedAgreementId);
  }
  path = await moduleParams(path, role, write);
  if (path.includes("/workspace/organizations/:id")) {
    const id = path.endsWith("/delete") ? (await buildOrganization(handle.db)).id : focalOrganizationId;
    path = path.replace(":id", id);
  }
  if (path.includes("/workspace/documents/:id")) {
    path = path.replace(
      ":id",
      write ? (await uploadPdf(scopedAgreementId, "internal")).id : scopedDocumentId,
    );
  }
  if (path.includes("/history/:entityType/:entityId")) {
    path = path.replace(":entityType", "agreement").replace(":entityId", scopedAgreementId);
  }
  if (path.includes("/workspace/readings/:id")) {
    const reading = await readUploadedAgreement({
      db: handle.db,
      actor: systemActor,
      uploadsDir: options.uploadsDir,
      maxBytes: options.uploadMaxBytes,
      file: { name: "convention.pdf", bytes: pdfBytes() },
    });
    path = path.replace(":id", reading.id);
  }
  if (path.includes("/workspace/users/:id")) path = path.replace(":id", someUserId);
  if (path.includes("/account/tokens/:id")) {
    const owner = actors.get(role) ?? actors.get("viewer");
    const { token } = await createApiToken({
      db: handle.db,
      actor: { ...(owner as Actor), via: "session" },
      input: { name: "walk" },
    });
    path = path.replace(":id", token.id);
  }
  if (path.includes(":")) throw new Error(`no value for the parameters of ${pattern}`);
  return path;
}

/** The JSON API's parameters: records in the actors' scopes; fresh ones for writes. */
async function apiPath(method: string, pattern: string, role: WalkRole): Promise<string> {
  const write = method !== "GET";
  let path = pattern;
  if (path.startsWith("/api/v1/agreements/:id")) {
    path = path.replace(":id", write ? (await scopedAgreement()).id : scopedAgreementId);
  }
  path = await moduleParams(path, role, write);
  path = path.replace(":organizationId", focalOrganizationId);
  if (path.startsWith("/api/v1/documents/:id")) {
    path = path.replace(
      ":id",
      write ? (await uploadPdf(scopedAgreementId, "internal")).id : scopedDocumentId,
    );
  }
  if (path.startsWith("/api/v1/organizations/:id")) {
    const id =
      method === "DELETE" && !path.includes("/contacts")
        ? (await buildOrganization(handle.db)).id
        : focalOrganizationId;
    path = path.replace(":id", id);
  }
  if (path.includes(":contactId")) {
    const [contact] = await handle.db
      .insert(contacts)
      .values({ organizationId: focalOrganizationId, fullName: "Walk Contact" })
      .returning();
    path = path.replace(":contactId", contact?.id ?? "");
  }
  path = path.replace(":entityType", "agreement").replace(":entityId", scopedAgreementId);
  path = path.replace(
    "/open-data/iati-activities/:id",
    `/open-data/iati-activities/${reportedAgreementId}.xml`,
  );
  if (path.includes(":")) throw new Error(`no value for the parameters of ${pattern}`);
  return path;
}

/**
 * The follow-up modules' parameters (`:activityId`…), made by each module's walk hook in the
 * agreement the path names, else in the scoped agreement (a fresh one for a write).
 */
async function moduleParams(path: string, role: WalkRole, write: boolean): Promise<string> {
  const names = path.match(/:[A-Za-z]+/g) ?? [];
  if (!names.some((name) => name in walkParams)) return path;
  const inPath = path.match(/\/agreements\/([0-9a-f-]{36})/)?.[1];
  const agreementId = inPath ?? (write ? (await scopedAgreement()).id : scopedAgreementId);
  let result = path;
  for (const name of names) {
    const make = walkParams[name];
    if (!make) continue;
    const value = await make({
      db: handle.db,
      agreementId,
      focalOrganizationId,
      territoryCode: "01.571",
      role,
      write,
    });
    result = result.replace(name, value);
  }
  return result;
}

async function request(method: string, path: string, role: WalkRole): Promise<Response> {
  const headers: Record<string, string> = { origin: "http://localhost" };
  const cookie = cookies.get(role);
  if (cookie) headers.cookie = cookie;
  let body: string | undefined;
  if (method !== "GET" && method !== "HEAD") {
    const json = path.startsWith("/api/");
    headers["content-type"] = json ? "application/json" : "application/x-www-form-urlencoded";
    body = json ? "{}" : "";
  }
  return app.request(path, { method, headers, body });
}

/** Refused: 401, 403, 404, or a page sending the visitor to sign in (not the sign-out's own "signed out" notice). */
const refused = (response: Response) =>
  [401, 403, 404].includes(response.status) ||
  (response.status === 303 &&
    (response.headers.get("location") ?? "").includes("/workspace/sign-in?notice=sign-in"));

/** The application's routes (middleware excluded), with the language as ":lang". */
function registeredRoutes(): string[] {
  const keys = new Set<string>();
  for (const route of app.routes) {
    if (route.method === "ALL") continue;
    // The portal's redirect of "/FR/…" to "/fr/…" is a pass-through for every other path.
    if (route.path === "/*") continue;
    keys.add(`${route.method} ${route.path.replace(/^\/(ar|fr|en)(?=\/|$)/, "/:lang")}`);
  }
  return [...keys].sort();
}

describe("authorization walk", () => {
  it("lets no API token into the workspace, not even an administrator's write token", {
    timeout: 120_000,
  }, async () => {
    const admin = actors.get("admin") as Actor;
    const { secret } = await createApiToken({
      db: handle.db,
      actor: { ...admin, via: "session" },
      input: { name: "walk", scope: "write" },
    });
    const wrong: string[] = [];
    for (const key of registeredRoutes()) {
      const [method = "GET", pattern = "/"] = key.split(" ");
      const open = (routeRules[key] ?? []).includes("anonymous");
      if (!pattern.startsWith("/:lang/workspace") || open) continue;
      const path = await concretePath(method, pattern, "admin");
      const response = await app.request(path, {
        method,
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/x-www-form-urlencoded" },
        body: method === "GET" ? undefined : "",
      });
      if (!refused(response) && response.status !== 403) wrong.push(`${method} ${path}: ${response.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it("has a rule for every route, and a route for every rule", () => {
    const registered = registeredRoutes();
    expect(
      registered.filter((key) => !(key in routeRules)),
      "routes without a rule",
    ).toEqual([]);
    expect(
      Object.keys(routeRules).filter((key) => !registered.includes(key)),
      "rules without a route",
    ).toEqual([]);
  });

  it("lets through exactly the roles each rule names, for every route", { timeout: 240_000 }, async () => {
    const wrong: string[] = [];
    for (const key of registeredRoutes()) {
      const allowed = routeRules[key];
      if (!allowed) continue;
      const [method = "GET", pattern = "/"] = key.split(" ");
      for (const role of roles) {
        const path = await concretePath(method, pattern, role);
        const response = await request(method, path, role);
        const expected = allowed.includes(role) ? "allowed" : "refused";
        const got = response.status >= 500 ? "error" : refused(response) ? "refused" : "allowed";
        if (got !== expected)
          wrong.push(`${role} ${method} ${path}: ${response.status}, expected ${expected}`);
        // Signing out ends the session the rest of the walk needs.
        const email = emails.get(role);
        if (path.endsWith("/sign-out") && email) cookies.set(role, await signIn(app, email));
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("history walk", () => {
  it("answers every role for every kind of record's history as the record's own rule does", {
    timeout: 240_000,
  }, async () => {
    // A focal point whose organisation is party to nothing the walk makes.
    const otherFocal = await buildUser(handle.db, { role: "focal_point" });
    const otherCookie = await signIn(app, otherFocal.email);
    const cookieOf = (role: HistoryRole) => (role === "other_focal_point" ? otherCookie : cookies.get(role));
    const records = await makeHistoryRecords({
      db: handle.db,
      focalOrganizationId,
      focal: { ...(actors.get("focal_point") as Actor), via: "session" },
      scopedAgreementId,
      scopedDocumentId,
      uploadPdf,
    });
    expect(Object.keys(records).sort(), "a record for every rule").toEqual(Object.keys(historyRules).sort());
    const wrong: string[] = [];
    for (const [name, statuses] of Object.entries(historyRules)) {
      const { entityType, entityId } = records[name] as { entityType: string; entityId: string };
      for (const role of historyRoles) {
        const cookie = cookieOf(role);
        const headers: Record<string, string> = cookie ? { cookie } : {};
        const expected = statuses[role];
        const api = await app.request(`/api/v1/history/${entityType}/${entityId}`, { headers });
        if (api.status !== expected) wrong.push(`${role} API ${name}: ${api.status}, expected ${expected}`);
        const page = await app.request(`/fr/workspace/history/${entityType}/${entityId}`, { headers });
        const pageStatus = refused(page) && page.status === 303 ? 401 : page.status;
        if (pageStatus !== expected) wrong.push(`${role} page ${name}: ${page.status}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
