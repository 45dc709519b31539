import { and, asc, count, eq, inArray, lte, type SQL, sql } from "drizzle-orm";
import { readableAgreementsCondition } from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import {
  type ActionStatus,
  type ActivityStatus,
  activities,
  agreements,
  decisions,
  followUpActions,
  type IndicatorFrequency,
  indicators,
} from "../db/schema/index.js";
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
import type { LocalizedText } from "../shared/localized.js";
import { listMissingPeriods, type MissingPeriodsItem } from "./missing-periods.queries.js";
import { assertSignedIn } from "./progress.policy.js";
import {
  agreementUnderwayCondition,
  myActionsCondition,
  myActivitiesCondition,
  myIndicatorsCondition,
  type WorkScope,
  workScopeOf,
} from "./progress.scope.js";

/**
 * "My work": what a signed-in person answers for, what is due, and what waits for them —
 * each list the first `limit` items with the total, only in agreements the person may read.
 */

/** How far ahead "due soon" looks. */
export const DUE_WITHIN_DAYS = 30;
export const MY_WORK_LIMIT = 50;

export interface AgreementRef {
  id: string;
  reference: string;
  title: LocalizedText;
}
export interface WorkList<T> {
  items: T[];
  total: number;
}
export interface ActivityWorkItem {
  id: string;
  title: LocalizedText;
  status: ActivityStatus;
  plannedStart: string | null;
  plannedEnd: string | null;
  overdue: boolean;
  agreement: AgreementRef;
}
export interface IndicatorWorkItem {
  id: string;
  name: LocalizedText;
  frequency: IndicatorFrequency;
  agreement: AgreementRef;
}
export interface ActionWorkItem {
  id: string;
  description: LocalizedText;
  status: ActionStatus;
  dueOn: string;
  overdue: boolean;
  /** the meeting whose decision created it, where it is shown; null for an action on its own */
  meetingId: string | null;
  agreement: AgreementRef;
}
export interface MyWork {
  scope: WorkScope["kind"];
  today: string;
  responsible: {
    activities: WorkList<ActivityWorkItem>;
    indicators: WorkList<IndicatorWorkItem>;
    actions: WorkList<ActionWorkItem>;
  };
  due: {
    activities: WorkList<ActivityWorkItem>;
    actions: WorkList<ActionWorkItem>;
    periods: WorkList<MissingPeriodsItem>;
  };
  review: { submitted: WorkList<ValueWorkItem>; returned: WorkList<ValueWorkItem> };
}

const agreementRef = { id: agreements.id, reference: agreements.reference, title: agreements.title };
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
    .select({
      id: activities.id,
      title: activities.title,
      status: activities.status,
      plannedStart: activities.plannedStart,
      plannedEnd: activities.plannedEnd,
      agreement: agreementRef,
    })
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
      .select({
        id: followUpActions.id,
        description: followUpActions.description,
        status: followUpActions.status,
        dueOn: followUpActions.dueOn,
        meetingId: decisions.meetingId,
        agreement: agreementRef,
      })
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

/** The "my work" of a signed-in person (the anonymous public has none). */
export async function loadMyWork({
  db,
  actor,
  today = todayInMorocco(),
  limit = MY_WORK_LIMIT,
}: {
  db: Executor;
  actor: Actor;
  today?: string;
  limit?: number;
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

  const forOrganization = scope.kind === "organization" || scope.kind === "association";
  const skip = <T>(wanted: boolean, list: () => Promise<WorkList<T>>) =>
    wanted ? list() : Promise.resolve(empty<T>());
  // Independent lists: on PostgreSQL they run side by side (PGlite takes them in turn).
  const [
    responsibleActivities,
    dueActivities,
    responsibleActions,
    dueActions,
    responsibleIndicators,
    periods,
    submitted,
    returned,
  ] = await Promise.all([
    skip(scope.kind !== "none", () => activityList(db, mineActivities, limit, today)),
    skip(scope.kind !== "none", () =>
      activityList(
        db,
        and(mineActivities, agreementUnderwayCondition, lte(activities.plannedEnd, horizon)) as SQL,
        limit,
        today,
      ),
    ),
    skip(forOrganization, () => actionList(db, mineActions, limit, today)),
    skip(forOrganization, () =>
      actionList(
        db,
        and(mineActions, agreementUnderwayCondition, lte(followUpActions.dueOn, horizon)) as SQL,
        limit,
        today,
      ),
    ),
    skip(forOrganization, () => indicatorList(db, mineIndicators, limit)),
    skip(forOrganization, () =>
      listMissingPeriods({ db, where: and(mineIndicators, agreementUnderwayCondition) as SQL, today, limit }),
    ),
    listValuesAwaitingReview({ db, actor, limit }),
    listReturnedValues({ db, actor, limit }),
  ]);

  return {
    scope: scope.kind,
    today,
    responsible: {
      activities: responsibleActivities,
      indicators: responsibleIndicators,
      actions: responsibleActions,
    },
    due: { activities: dueActivities, actions: dueActions, periods },
    review: { submitted, returned },
  };
}
