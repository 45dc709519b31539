import { and, asc, count, eq, inArray, lte, type SQL, sql } from "drizzle-orm";
import { readableAgreementsCondition } from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import { activities, agreements, decisions, followUpActions, indicators } from "../db/schema/index.js";
import {
  isActionOverdue,
  isOverdue,
  openActionStatuses,
  openActivityStatuses,
  todayInMorocco,
} from "../domain/figures.js";
import { addDays } from "../domain/periods.js";
import { listReturnedValues, listValuesAwaitingReview } from "../indicators/indicators.queries.js";
import type { ValueWorkItem } from "../indicators/indicators.types.js";
import { committeeScopeCondition } from "../meetings/committee.policy.js";
import type { Actor } from "../shared/actor.js";
import { notFound } from "../shared/errors.js";
import type { ActionWorkItem, ActivityWorkItem, IndicatorWorkItem, WorkList } from "./my-work.types.js";
import {
  actionWorkColumns,
  activityWorkColumns,
  agreementRef,
  type DueByAgreement,
  keptWorkOf,
  loadDueByAgreement,
} from "./my-work-due.queries.js";
import { assertSignedIn } from "./progress.policy.js";
import {
  agreementUnderwayCondition,
  myActionsCondition,
  myActivitiesCondition,
  myIndicatorsCondition,
  type WorkScope,
  workScopeOf,
} from "./progress.scope.js";
import { DUE_WITHIN_DAYS } from "./work-counts.js";

/**
 * "My work": what is late or due for a signed-in person, what they answer for, and what waits
 * for them — each list the first `limit` items with the total, only in agreements the person may
 * read. What is late or due comes by agreement, a page of agreements at a time, for the staff
 * (everything in the agreements the association runs) and a focal point (its organisation's part):
 * my-work-due.queries.ts; a council's is the activities reaching its territory.
 */

export type {
  ActionWorkItem,
  ActivityWorkItem,
  AgreementRef,
  IndicatorWorkItem,
  WorkList,
} from "./my-work.types.js";
export { DUE_WITHIN_DAYS };
export const MY_WORK_LIMIT = 50;

export interface MyWork {
  scope: WorkScope["kind"];
  today: string;
  /** the staff's and a focal point's late or due items, by agreement (null for the others) */
  byAgreement: DueByAgreement | null;
  /** a council's: the activities reaching its territory that are late or due */
  dueActivities: WorkList<ActivityWorkItem>;
  /**
   * what the person answers for: a focal point its organisation's open activities, indicators and
   * actions; the staff the actions assigned to them; a council the activities reaching it
   */
  responsible: {
    activities: WorkList<ActivityWorkItem>;
    indicators: WorkList<IndicatorWorkItem>;
    actions: WorkList<ActionWorkItem>;
  };
  review: { submitted: WorkList<ValueWorkItem>; returned: WorkList<ValueWorkItem> };
}

const empty = <T>(): WorkList<T> => ({ items: [], total: 0 });

/**
 * Activities in two steps: the first ids and the count in one pass over narrow rows (a council
 * is reached by every national agreement's activities: tens of thousands), then their details.
 */
async function activityList(db: Executor, where: SQL, limit: number, today: string) {
  const found = await db
    .select({ id: activities.id, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(activities)
    .innerJoin(agreements, eq(agreements.id, activities.agreementId))
    .where(where)
    .orderBy(sql`${activities.plannedEnd} asc nulls last`, asc(activities.id))
    .limit(limit);
  if (!found.length) return empty<ActivityWorkItem>();
  const rows = await db
    .select(activityWorkColumns)
    .from(activities)
    .innerJoin(agreements, eq(agreements.id, activities.agreementId))
    .where(
      inArray(
        activities.id,
        found.map((row) => row.id),
      ),
    );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items = found.flatMap(({ id }) => {
    const row = byId.get(id);
    return row ? [{ ...row, overdue: isOverdue(row, today) }] : [];
  });
  return { items, total: found[0]?.total ?? 0 };
}

async function actionList(db: Executor, where: SQL, limit: number, today: string) {
  const [rows, [counted]] = await Promise.all([
    db
      .select(actionWorkColumns)
      .from(followUpActions)
      .innerJoin(agreements, eq(agreements.id, followUpActions.agreementId))
      .leftJoin(decisions, eq(decisions.id, followUpActions.decisionId))
      .where(where)
      .orderBy(asc(followUpActions.dueOn), asc(followUpActions.id))
      .limit(limit),
    db
      .select({ total: count() })
      .from(followUpActions)
      .innerJoin(agreements, eq(agreements.id, followUpActions.agreementId))
      .where(where),
  ]);
  const items = rows.map((row) => ({ ...row, overdue: isActionOverdue(row, today) }));
  return { items, total: counted?.total ?? 0 };
}

async function indicatorList(db: Executor, where: SQL, limit: number) {
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: indicators.id,
        name: indicators.name,
        frequency: indicators.frequency,
        agreement: agreementRef,
      })
      .from(indicators)
      .innerJoin(agreements, eq(agreements.id, indicators.agreementId))
      .where(where)
      .orderBy(asc(agreements.reference), asc(indicators.createdAt), asc(indicators.id))
      .limit(limit),
    db
      .select({ total: count() })
      .from(indicators)
      .innerJoin(agreements, eq(agreements.id, indicators.agreementId))
      .where(where),
  ]);
  return { items: rows, total: counted?.total ?? 0 };
}

/** The "my work" of a signed-in person (the anonymous public has none). `page`: of the agreements with work. */
export async function loadMyWork({
  db,
  actor,
  today = todayInMorocco(),
  limit = MY_WORK_LIMIT,
  page = 1,
  perPage,
}: {
  db: Executor;
  actor: Actor;
  today?: string;
  limit?: number;
  page?: number;
  /** agreements with work per page (AGREEMENTS_PER_PAGE) */
  perPage?: number;
}): Promise<MyWork> {
  assertSignedIn(actor);
  const scope = workScopeOf(actor);
  const readable = readableAgreementsCondition(actor);
  const horizon = addDays(today, DUE_WITHIN_DAYS);

  const mineActivities = and(
    readable,
    myActivitiesCondition(scope),
    inArray(activities.status, [...openActivityStatuses]),
  ) as SQL;
  const mineActions = and(
    readable,
    committeeScopeCondition(actor),
    myActionsCondition(scope),
    inArray(followUpActions.status, [...openActionStatuses]),
  ) as SQL;
  const mineIndicators = and(readable, myIndicatorsCondition(scope)) as SQL;
  // The staff's own part is the actions assigned to them: what the association answers for that
  // is late or due is among everything listed by agreement, and the rest is its whole plan.
  const personalActions =
    scope.kind === "association"
      ? (and(
          readable,
          eq(followUpActions.ownerUserId, scope.userId),
          inArray(followUpActions.status, [...openActionStatuses]),
        ) as SQL)
      : mineActions;

  const byAgreement =
    scope.kind === "association" || scope.kind === "organization"
      ? { scope, kept: await keptWorkOf({ db, actor, scope, today }) }
      : undefined;
  const skip = <T>(wanted: boolean, list: () => Promise<T>, none: T) =>
    wanted ? list() : Promise.resolve(none);
  const organization = scope.kind === "organization";
  // Independent lists: on PostgreSQL they run side by side (PGlite takes them in turn).
  const [
    due,
    dueActivities,
    responsibleActivities,
    responsibleActions,
    responsibleIndicators,
    submitted,
    returned,
  ] = await Promise.all([
    byAgreement
      ? loadDueByAgreement({ db, actor, today, page, perPage, scope: byAgreement.scope })
      : Promise.resolve(null),
    skip(
      scope.kind === "territory",
      () =>
        activityList(
          db,
          and(mineActivities, agreementUnderwayCondition, lte(activities.plannedEnd, horizon)) as SQL,
          limit,
          today,
        ),
      empty<ActivityWorkItem>(),
    ),
    skip(
      organization || scope.kind === "territory",
      () => activityList(db, mineActivities, limit, today),
      empty<ActivityWorkItem>(),
    ),
    skip(
      organization || scope.kind === "association",
      () => actionList(db, personalActions, limit, today),
      empty<ActionWorkItem>(),
    ),
    skip(organization, () => indicatorList(db, mineIndicators, limit), empty<IndicatorWorkItem>()),
    // The staff see every agreement: the standings have counted every value awaiting review.
    listValuesAwaitingReview({
      db,
      actor,
      limit,
      total: scope.kind === "association" ? byAgreement?.kept.awaitingReview : undefined,
    }),
    listReturnedValues({ db, actor, limit }),
  ]);
  // Pages of agreements are for the staff and focal points; a council's list has none.
  if (page > 1 && !due) throw notFound("Page", page);

  return {
    scope: scope.kind,
    today,
    byAgreement: due,
    dueActivities,
    responsible: {
      activities: responsibleActivities,
      indicators: responsibleIndicators,
      actions: responsibleActions,
    },
    review: { submitted, returned },
  };
}
