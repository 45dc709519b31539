import { and, asc, eq, inArray, lte, type SQL, sql } from "drizzle-orm";
import {
  insideAgreementsCondition,
  readableAgreementsCondition,
  readingScopeKey,
} from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import { keptPerGeneration } from "../db/registry-generation.js";
import { activities, agreements, decisions, followUpActions, indicators } from "../db/schema/index.js";
import { isActionOverdue, isOverdue, openActionStatuses, openActivityStatuses } from "../domain/figures.js";
import { addDays } from "../domain/periods.js";
import type { Actor } from "../shared/actor.js";
import { notFound } from "../shared/errors.js";
import { listMissingPeriods, type MissingPeriodsItem } from "./missing-periods.queries.js";
import type { ActionWorkItem, ActivityWorkItem, AgreementRef } from "./my-work.types.js";
import { agreementUnderwayCondition, associationRunsCondition, type WorkScope } from "./progress.scope.js";
import { standingsAt } from "./standings.js";
import { DUE_WITHIN_DAYS, noWork, type WorkCounts, workTotal } from "./work-counts.js";

/**
 * What is late or due, by agreement, a page of agreements at a time: for the staff, everything in
 * the agreements under way the association is a party to, whoever answers for it; for a focal
 * point, what its organisation answers for in the agreements it may read.
 *
 * Which agreements have something late or due, and how much, comes from the kept standings (each
 * agreement's work is counted once per judgement, see work-counts.ts): the list of them is worked
 * out once per scope, day and registry generation. Only the agreements of the page asked for are
 * then read in detail, their indicators' missing periods included, so a page costs the same at
 * 10,000 agreements as at 100.
 */

export const AGREEMENTS_PER_PAGE = 20;

export interface DueAgreement {
  agreement: AgreementRef;
  /** as the standings counted them: what is listed below */
  counts: WorkCounts;
  activities: ActivityWorkItem[];
  actions: ActionWorkItem[];
  periods: MissingPeriodsItem[];
}

export interface DueByAgreement {
  page: number;
  pages: number;
  /** the agreements with something late or due, and what, in all (over every page) */
  agreements: number;
  totals: WorkCounts;
  items: DueAgreement[];
}

interface Listed {
  id: string;
  counts: WorkCounts;
}

/** What is kept per scope, day and generation. */
export interface KeptWork {
  /** every agreement with something late or due in the scope, the most pressing first */
  listed: Listed[];
  /** the indicator values awaiting review in every agreement (the staff's, who see them all) */
  awaitingReview: number;
}

/** The scopes that have work by agreement: the staff (the association's) and a focal point (its organisation's). */
export type ByAgreementScope = Extract<WorkScope, { kind: "association" | "organization" }>;

/** Every agreement with something late or due in the scope, the most pressing first. */
async function listAgreementsWithWork(
  db: Executor,
  key: { actor: Actor; scope: ByAgreementScope; today: string },
  generation: number,
): Promise<KeptWork> {
  const { actor, scope, today } = key;
  const standings = await standingsAt(db, today, generation);
  const inside = insideAgreementsCondition(actor);
  const rows = await db
    .select({
      id: agreements.id,
      reference: agreements.reference,
      inside: inside ? sql<boolean>`${inside}` : sql<boolean>`true`,
    })
    .from(agreements)
    .where(
      and(
        agreementUnderwayCondition,
        readableAgreementsCondition(actor),
        scope.kind === "association" ? associationRunsCondition : undefined,
      ),
    );
  const listed: (Listed & { reference: string })[] = [];
  for (const row of rows) {
    const work = standings.get(row.id)?.work;
    let counts = scope.kind === "association" ? work?.all : work?.byOrganization.get(scope.organizationId);
    if (!counts) continue;
    // Follow-up actions are the steering committee's: only those who see the agreement's inside get them.
    if (!row.inside && counts.actions) counts = { ...counts, actions: 0 };
    if (workTotal(counts)) listed.push({ id: row.id, reference: row.reference, counts });
  }
  listed.sort(
    (a, b) =>
      (a.counts.firstDue ?? "").localeCompare(b.counts.firstDue ?? "") ||
      a.reference.localeCompare(b.reference) ||
      a.id.localeCompare(b.id),
  );
  let awaitingReview = 0;
  for (const standing of standings.values()) awaitingReview += standing.awaitingReview;
  return { listed: listed.map(({ id, counts }) => ({ id, counts })), awaitingReview };
}

const keptAgreementsWithWork = keptPerGeneration(listAgreementsWithWork, ({ scope, today }) =>
  scope.kind === "association" ? `association|${today}` : `organization:${scope.organizationId}|${today}`,
);

/** The scope's agreements with work, worked out once per scope, day and registry generation. */
export const keptWorkOf = (options: {
  db: Executor;
  actor: Actor;
  scope: ByAgreementScope;
  today: string;
}): Promise<KeptWork> => keptAgreementsWithWork(options.db, options);

export const agreementRef = { id: agreements.id, reference: agreements.reference, title: agreements.title };

/** The columns of an activity in "my work"'s lists (joined on its agreement). */
export const activityWorkColumns = {
  id: activities.id,
  title: activities.title,
  status: activities.status,
  plannedStart: activities.plannedStart,
  plannedEnd: activities.plannedEnd,
  agreement: agreementRef,
};

/** The columns of a follow-up action in "my work"'s lists (joined on its agreement and decision). */
export const actionWorkColumns = {
  id: followUpActions.id,
  description: followUpActions.description,
  status: followUpActions.status,
  dueOn: followUpActions.dueOn,
  meetingId: decisions.meetingId,
  agreement: agreementRef,
};

/** Late or due in the page's agreements, as work-counts.ts counts them. */
async function detailsOf(db: Executor, actor: Actor, scope: ByAgreementScope, ids: string[], today: string) {
  const horizon = addDays(today, DUE_WITHIN_DAYS);
  const ofPage = and(
    inArray(agreements.id, ids),
    agreementUnderwayCondition,
    readableAgreementsCondition(actor),
  );
  const own = scope.kind === "organization" ? scope.organizationId : undefined;
  const [activityRows, actionRows, periods] = await Promise.all([
    db
      .select(activityWorkColumns)
      .from(activities)
      .innerJoin(agreements, eq(agreements.id, activities.agreementId))
      .where(
        and(
          ofPage,
          inArray(activities.agreementId, ids),
          inArray(activities.status, [...openActivityStatuses]),
          lte(activities.plannedEnd, horizon),
          own ? eq(activities.responsibleOrganizationId, own) : undefined,
        ),
      )
      .orderBy(asc(activities.plannedEnd), asc(activities.id)),
    db
      .select(actionWorkColumns)
      .from(followUpActions)
      .innerJoin(agreements, eq(agreements.id, followUpActions.agreementId))
      .leftJoin(decisions, eq(decisions.id, followUpActions.decisionId))
      .where(
        and(
          ofPage,
          inArray(followUpActions.agreementId, ids),
          insideAgreementsCondition(actor),
          inArray(followUpActions.status, [...openActionStatuses]),
          lte(followUpActions.dueOn, horizon),
          own ? eq(followUpActions.ownerOrganizationId, own) : undefined,
        ),
      )
      .orderBy(asc(followUpActions.dueOn), asc(followUpActions.id)),
    listMissingPeriods({
      db,
      where: and(
        ofPage,
        inArray(indicators.agreementId, ids),
        own ? eq(indicators.responsibleOrganizationId, own) : undefined,
      ) as SQL,
      today,
      // Every one of the page's: a few per agreement.
      limit: 100_000,
    }),
  ]);
  return {
    activities: activityRows.map((row) => ({ ...row, overdue: isOverdue(row, today) })),
    actions: actionRows.map((row) => ({ ...row, overdue: isActionOverdue(row, today) })),
    periods: periods.items,
  };
}

/** Pages of work kept per process, at most (about 20 agreements' items each). */
const KEPT_PAGES = 500;

/** Which page of whose work. */
interface DuePage {
  actor: Actor;
  scope: ByAgreementScope;
  today: string;
  page: number;
  perPage: number;
}

/**
 * A page is the same for everyone of its scope (the staff, or one organisation's focal points) on
 * a day, until a write: it is kept, so its three lists and the missing periods of its indicators
 * are read once per generation rather than on every load.
 */
const keptPages = keptPerGeneration(
  (db, key: DuePage) => buildDueByAgreement(db, key),
  ({ actor, scope, today, page, perPage }) =>
    `${readingScopeKey(actor)}|${scope.kind === "association" ? "association" : `organization:${scope.organizationId}`}|${today}|${page}|${perPage}`,
  { maxSize: KEPT_PAGES, sizeOf: () => 1 },
);

/**
 * A page of the agreements with something late or due in the scope, with what it is. A page past
 * the last one is not found (the first page always exists, empty when there is nothing to do).
 */
export function loadDueByAgreement({
  db,
  perPage = AGREEMENTS_PER_PAGE,
  ...page
}: Omit<DuePage, "perPage"> & { db: Executor; perPage?: number }): Promise<DueByAgreement> {
  return keptPages(db, { ...page, perPage });
}

async function buildDueByAgreement(
  db: Executor,
  { actor, scope, today, page, perPage }: DuePage,
): Promise<DueByAgreement> {
  const { listed } = await keptWorkOf({ db, actor, scope, today });
  const pages = Math.max(1, Math.ceil(listed.length / perPage));
  if (page > pages) throw notFound("Page", page);
  const totals = noWork();
  for (const { counts } of listed) {
    totals.activities += counts.activities;
    totals.actions += counts.actions;
    totals.periods += counts.periods;
  }
  totals.firstDue = listed[0]?.counts.firstDue ?? null;
  const shown = listed.slice((page - 1) * perPage, page * perPage);
  if (!shown.length) return { page, pages, agreements: 0, totals, items: [] };
  const details = await detailsOf(
    db,
    actor,
    scope,
    shown.map((entry) => entry.id),
    today,
  );
  const items = shown.flatMap(({ id, counts }): DueAgreement[] => {
    const activitiesOf = details.activities.filter((item) => item.agreement.id === id);
    const actionsOf = details.actions.filter((item) => item.agreement.id === id);
    const periodsOf = details.periods.filter((item) => item.agreement.id === id);
    const agreement = activitiesOf[0]?.agreement ?? actionsOf[0]?.agreement ?? periodsOf[0]?.agreement;
    // Deleted, or nothing left to do, since the standings were brought up to date: nothing to show.
    if (!agreement) return [];
    return [{ agreement, counts, activities: activitiesOf, actions: actionsOf, periods: periodsOf }];
  });
  return { page, pages, agreements: listed.length, totals, items };
}
