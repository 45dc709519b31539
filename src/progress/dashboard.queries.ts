import { asc, eq, sql } from "drizzle-orm";
import { readableAgreementsCondition, readingScopeKey } from "../access/agreement-access.js";
import { countAgreementsReachingProvinces } from "../agreements/agreement-reach.queries.js";
import {
  type FollowUpFilter,
  type JudgedHealthLevel,
  judgedHealthLevels,
  type LateKind,
  lateKinds,
} from "../agreements/agreements.filters.js";
import type { Theme } from "../agreements/agreements.input.js";
import {
  type AgreementListItem,
  type AgreementPage,
  countAgreementsByStatus,
  listAgreements,
} from "../agreements/agreements.queries.js";
import type { Executor } from "../db/client.js";
import { keptPerGeneration } from "../db/registry-generation.js";
import { organizations, territories } from "../db/schema/index.js";
import { type HealthLevel, isUnderway, todayInMorocco } from "../domain/figures.js";
import type { Actor } from "../shared/actor.js";
import type { LocalizedText } from "../shared/localized.js";
import { type AgreementStanding, standingsInScope } from "./standings.js";

export type { AgreementStanding } from "./standings.js";

/**
 * The workspace dashboard's figures over the agreements whose inside a person sees (their
 * health, deadlines, overdue follow-up and budget), and the map's over those it may read.
 *
 * Judging every agreement's health is the expensive part; standings.ts keeps the judgements and,
 * after a write, judges again only the agreements it touched. The figures are then counted once
 * per reading scope (readingScopeKey: every staff member shares one), Casablanca day and registry
 * generation: every audited write to a record the figures read (agreements whatever their
 * visibility, parties, territories, plans, activities, indicators, values, meetings, actions)
 * raises the generation in its own transaction (changesPublicOutput spares only accounts, tokens,
 * calendar addresses, alert rules and settings), and each call reads the committed generation
 * first, so a person's own edit is in the next page they load.
 */

/** The windows in which deadlines (end of term, renewal notice) are counted, in days. */
export const deadlineWindows = [30, 90] as const;
/** How many agreements "needing attention first" the dashboard lists. */
export const ATTENTION_LIMIT = 10;

/** Whether an agreement answers every follow-up filter asked. */
export function matchesFollowUp(standing: AgreementStanding, filter: FollowUpFilter): boolean {
  if (filter.health && standing.level !== filter.health) return false;
  if (
    filter.deadlineWithin !== undefined &&
    !(standing.deadline && standing.deadline.days <= filter.deadlineWithin)
  )
    return false;
  if (filter.late && standing.late[filter.late] === 0) return false;
  return true;
}

export interface TerritoryReach {
  code: string;
  iso: string | null;
  name: LocalizedText;
  agreements: number;
}

export interface BudgetLine {
  planned: number;
  spent: number;
  agreements: number;
}

export interface DashboardFigures {
  today: string;
  /** agreements under way in scope */
  underway: number;
  byHealth: Record<JudgedHealthLevel, number>;
  /** agreements whose next deadline is within each window */
  deadlines: { within: number; count: number; expiries: number; notices: number }[];
  late: Record<LateKind, { items: number; agreements: number }>;
  /**
   * indicator values submitted and not yet reviewed in these agreements: for the staff (who
   * review them, and whose scope is every agreement) the very values "my work" lists
   */
  awaitingReview: number;
  budgetByYear: { year: number | null; line: BudgetLine }[];
  budgetByTheme: { theme: Theme; line: BudgetLine }[];
  attention: AgreementStanding[];
  /** the prefectures and provinces, with the agreements the person may read reaching each */
  territories: TerritoryReach[];
}

/**
 * What is kept per reading scope, day and generation: each agreement's standing, the figures,
 * and the rest of the dashboard (the agreements it may read by status, its drafts, the latest).
 */
interface Scoped {
  byId: Map<string, AgreementStanding>;
  standings: AgreementStanding[];
  figures: DashboardFigures;
  statuses: Awaited<ReturnType<typeof countAgreementsByStatus>>;
  drafts: AgreementPage<AgreementListItem>;
  recent: AgreementPage<AgreementListItem>;
  /** the organisation a focal point acts for (its scope), named on the page */
  organizationName: LocalizedText | null;
}

/** How many drafts and latest agreements the dashboard lists. */
const DASHBOARD_LIST = 10;

const severity: Partial<Record<HealthLevel, number>> = { off_track: 0, at_risk: 1 };

const addTo = <K>(lines: Map<K, BudgetLine>, key: K, standing: AgreementStanding) => {
  const line = lines.get(key) ?? { planned: 0, spent: 0, agreements: 0 };
  line.planned += standing.budgetPlanned;
  line.spent += standing.budgetSpent;
  line.agreements++;
  lines.set(key, line);
};
const rounded = (line: BudgetLine): BudgetLine => ({
  ...line,
  planned: Math.round(line.planned * 100) / 100,
  spent: Math.round(line.spent * 100) / 100,
});

/** The dashboard's figures from the standings (pure). */
function figuresOf(
  standings: AgreementStanding[],
  today: string,
  territories: TerritoryReach[],
): DashboardFigures {
  const byHealth = Object.fromEntries(judgedHealthLevels.map((level) => [level, 0])) as Record<
    JudgedHealthLevel,
    number
  >;
  const late = { activities: { items: 0, agreements: 0 }, actions: { items: 0, agreements: 0 } };
  const byYear = new Map<number | null, BudgetLine>();
  const byTheme = new Map<Theme, BudgetLine>();
  let underway = 0;
  let awaitingReview = 0;
  for (const standing of standings) {
    if (standing.level in byHealth) byHealth[standing.level as JudgedHealthLevel]++;
    if (isUnderway(standing.status)) underway++;
    awaitingReview += standing.awaitingReview;
    for (const kind of lateKinds) {
      late[kind].items += standing.late[kind];
      if (standing.late[kind]) late[kind].agreements++;
    }
    // Every agreement in scope, with or without a budget: each line's agreements are its list's rows.
    addTo(byYear, standing.year, standing);
    for (const theme of standing.themes) addTo(byTheme, theme, standing);
  }
  const deadlines = deadlineWindows.map((within) => {
    const due = standings.filter((standing) => matchesFollowUp(standing, { deadlineWithin: within }));
    return {
      within,
      count: due.length,
      expiries: due.filter((standing) => standing.deadline?.kind === "agreement_expiry").length,
      notices: due.filter((standing) => standing.deadline?.kind === "renewal_notice").length,
    };
  });
  // Off track before at risk; then the most reasons, the nearest deadline, the reference.
  const attention = standings
    .filter((standing) => severity[standing.level] !== undefined)
    .sort(
      (a, b) =>
        (severity[a.level] ?? 2) - (severity[b.level] ?? 2) ||
        b.reasons.length - a.reasons.length ||
        (a.deadline?.days ?? Number.POSITIVE_INFINITY) - (b.deadline?.days ?? Number.POSITIVE_INFINITY) ||
        (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0),
    )
    .slice(0, ATTENTION_LIMIT);
  return {
    today,
    underway,
    byHealth,
    deadlines,
    late,
    awaitingReview,
    budgetByYear: [...byYear]
      .sort((a, b) => (b[0] ?? 0) - (a[0] ?? 0))
      .map(([year, line]) => ({ year, line: rounded(line) })),
    budgetByTheme: [...byTheme]
      .sort((a, b) => b[1].planned - a[1].planned || (a[0] < b[0] ? -1 : 1))
      .map(([theme, line]) => ({ theme, line: rounded(line) })),
    attention,
    territories,
  };
}

async function computeScoped(db: Executor, actor: Actor, today: string, generation: number): Promise<Scoped> {
  const standings = await standingsInScope({ db, actor, today, generation });
  const [places, reach] = await Promise.all([
    db
      .select({ code: territories.code, iso: territories.iso3166_2, name: territories.name })
      .from(territories)
      .where(sql`${territories.kind} <> 'region'`)
      .orderBy(asc(territories.code)),
    countAgreementsReachingProvinces({ db, where: readableAgreementsCondition(actor) }),
  ]);
  const reached = places.map((place) => ({ ...place, agreements: reach.of(place.code) }));
  const [statuses, drafts, recent, organizationName] = await Promise.all([
    countAgreementsByStatus({ db, actor }),
    listAgreements({ db, actor, filter: { status: "draft" }, limit: DASHBOARD_LIST }),
    listAgreements({ db, actor, limit: DASHBOARD_LIST }),
    actingOrganizationName(db, actor),
  ]);
  return {
    organizationName,
    byId: new Map(standings.map((standing) => [standing.id, standing])),
    standings,
    figures: figuresOf(standings, today, reached),
    statuses,
    drafts,
    recent,
  };
}

/** A focal point's organisation's name: its scope is the organisation, so it is kept with the rest (a rename raises the generation). */
async function actingOrganizationName(db: Executor, actor: Actor): Promise<LocalizedText | null> {
  if (actor.role !== "focal_point" || !actor.organizationId) return null;
  const [row] = await db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, actor.organizationId));
  return row?.name ?? null;
}

const keptScoped = keptPerGeneration(
  (db, key: { actor: Actor; today: string }, generation) =>
    computeScoped(db, key.actor, key.today, generation),
  (key) => `${readingScopeKey(key.actor)}|${key.today}`,
);

/** The actor's standings and figures, computed once per reading scope, day and registry generation. */
const scoped = ({ db, actor, today = todayInMorocco() }: { db: Executor; actor: Actor; today?: string }) =>
  keptScoped(db, { actor, today });

/**
 * The whole dashboard of the actor: its figures, the agreements it may read by status, its
 * drafts and the latest agreements with their health (kept with the rest).
 */
export async function loadDashboard(options: { db: Executor; actor: Actor; today?: string }) {
  const kept = await scoped(options);
  const health = new Map<string, HealthLevel>();
  for (const item of kept.recent.items) {
    const standing = kept.byId.get(item.id);
    if (standing) health.set(item.id, standing.level);
  }
  return {
    figures: kept.figures,
    statuses: kept.statuses,
    drafts: kept.drafts,
    recent: kept.recent,
    health,
    organizationName: kept.organizationName,
  };
}

/** The dashboard's figures for the actor. */
export async function loadDashboardFigures(options: {
  db: Executor;
  actor: Actor;
  today?: string;
}): Promise<DashboardFigures> {
  return (await scoped(options)).figures;
}

/**
 * The agreements in the actor's scope that answer the follow-up filters, with their health: what
 * the agreements list shows for the dashboard's links, decided by the same standings it counts.
 */
export async function agreementsMatchingFollowUp({
  db,
  actor,
  filter,
  today,
}: {
  db: Executor;
  actor: Actor;
  filter: FollowUpFilter;
  today?: string;
}): Promise<string[]> {
  const { standings } = await scoped({ db, actor, today });
  return standings.filter((standing) => matchesFollowUp(standing, filter)).map((standing) => standing.id);
}

/**
 * The health of those of `agreementIds` whose inside the actor sees, from the kept standings:
 * the same levels as agreementHealthFor (the same facts, rule and day), without computing them
 * again, for pages that have just read the standings.
 */
export async function keptHealthFor({
  db,
  actor,
  agreementIds,
  today,
}: {
  db: Executor;
  actor: Actor;
  agreementIds: readonly string[];
  today?: string;
}): Promise<Map<string, HealthLevel>> {
  const { byId } = await scoped({ db, actor, today });
  const levels = new Map<string, HealthLevel>();
  for (const id of agreementIds) {
    const standing = byId.get(id);
    if (standing) levels.set(id, standing.level);
  }
  return levels;
}
