import { and, asc, eq, gte, inArray, isNull, lte, ne, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import {
  activities,
  agreements,
  agreementTermColumns,
  followUpActions,
  indicators,
  indicatorValues,
  meetings,
} from "../db/schema/index.js";
import { openActionStatuses } from "../domain/figures.js";
import { agreementUnderwayCondition } from "../progress/progress.scope.js";
import { appendTo } from "../shared/collections.js";
import {
  type ActionRow,
  type ActivityRow,
  type AgreementDatesRow,
  feedWindow,
  type IndicatorRow,
  MAX_FEED_EVENTS,
  type MeetingRow,
  recentPeriods,
} from "./calendar.events.js";

/**
 * The rows a feed is made of, within its window (calendar.events.ts decides the exact
 * events). `where` is a condition on `agreements` (joined in every query): the agreements a
 * feed may show. Each query stops at MAX_FEED_EVENTS rows, the nearest to today first, so a
 * registry of 100,000 activities still answers a small feed.
 */

const agreementRef = { id: agreements.id, reference: agreements.reference, title: agreements.title };

/**
 * Agreements with a date that may fall in the window: a signature or an entry into force in
 * it, an end not before it, or an end still to compute (a duration, a tacit renewal).
 */
export async function loadAgreementDates({
  db,
  where,
  today,
}: {
  db: Executor;
  where: SQL | undefined;
  today: string;
}): Promise<AgreementDatesRow[]> {
  const { from, to } = feedWindow(today);
  return (
    db
      .select({
        ...agreementRef,
        ...agreementTermColumns,
      })
      .from(agreements)
      .where(
        and(
          where,
          or(
            and(gte(agreements.signedOn, from), lte(agreements.signedOn, to)),
            and(gte(agreements.effectiveOn, from), lte(agreements.effectiveOn, to)),
            gte(agreements.expiresOn, from),
            sql`${agreements.durationMonths} is not null`,
            eq(agreements.renewal, "tacit"),
          ),
        ),
      )
      // Nearest first: a large registry keeps the dates around today (least() skips missing ones).
      .orderBy(
        sql`least(abs(${agreements.expiresOn} - ${today}::date), abs(${agreements.effectiveOn} - ${today}::date), abs(${agreements.signedOn} - ${today}::date)) nulls last`,
        asc(agreements.id),
      )
      .limit(MAX_FEED_EVENTS)
  );
}

export async function loadActivities({
  db,
  where,
  today,
}: {
  db: Executor;
  where: SQL | undefined;
  today: string;
}): Promise<ActivityRow[]> {
  const { from, to } = feedWindow(today);
  const first = sql`coalesce(${activities.plannedStart}, ${activities.plannedEnd})`;
  const last = sql`coalesce(${activities.plannedEnd}, ${activities.plannedStart})`;
  return db
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
    .where(and(where, sql`${first} <= ${to}::date`, sql`${last} >= ${from}::date`))
    .orderBy(sql`abs(${first} - ${today}::date)`, asc(activities.id))
    .limit(MAX_FEED_EVENTS);
}

/** Meetings starting within the window (its first day to its last, in UTC: a bound, not a rule). */
export async function loadMeetings({
  db,
  where,
  today,
  now,
}: {
  db: Executor;
  where: SQL | undefined;
  today: string;
  now: Date;
}): Promise<MeetingRow[]> {
  const { from, to } = feedWindow(today);
  return db
    .select({
      id: meetings.id,
      title: meetings.title,
      startsAt: meetings.startsAt,
      place: meetings.place,
      status: meetings.status,
      agreement: agreementRef,
    })
    .from(meetings)
    .innerJoin(agreements, eq(agreements.id, meetings.agreementId))
    .where(
      and(
        where,
        gte(meetings.startsAt, new Date(`${from}T00:00:00Z`)),
        lte(meetings.startsAt, new Date(`${to}T23:59:59Z`)),
      ),
    )
    .orderBy(
      sql`abs(extract(epoch from (${meetings.startsAt} - ${now.toISOString()}::timestamptz)))`,
      asc(meetings.id),
    )
    .limit(MAX_FEED_EVENTS);
}

/** Follow-up actions still open or in progress, due within the window. */
export async function loadOpenActions({
  db,
  where,
  today,
}: {
  db: Executor;
  where: SQL | undefined;
  today: string;
}): Promise<ActionRow[]> {
  const { from, to } = feedWindow(today);
  return db
    .select({
      id: followUpActions.id,
      description: followUpActions.description,
      dueOn: followUpActions.dueOn,
      status: followUpActions.status,
      agreement: agreementRef,
    })
    .from(followUpActions)
    .innerJoin(agreements, eq(agreements.id, followUpActions.agreementId))
    .where(
      and(
        where,
        inArray(followUpActions.status, [...openActionStatuses]),
        gte(followUpActions.dueOn, from),
        lte(followUpActions.dueOn, to),
      ),
    )
    .orderBy(sql`abs(${followUpActions.dueOn} - ${today}::date)`, asc(followUpActions.id))
    .limit(MAX_FEED_EVENTS);
}

/**
 * The indicators of agreements being carried out (a draft's plans are not due), with the
 * values given for their last and current periods (calendar.events.ts keeps the missing ones).
 */
export async function loadIndicatorDues({
  db,
  where,
  today,
}: {
  db: Executor;
  where: SQL | undefined;
  today: string;
}): Promise<IndicatorRow[]> {
  const { from } = feedWindow(today);
  const rows = await db
    .select({
      id: indicators.id,
      name: indicators.name,
      frequency: indicators.frequency,
      baselineOn: indicators.baselineOn,
      targetOn: indicators.targetOn,
      agreementStart: sql<string | null>`coalesce(${agreements.effectiveOn}, ${agreements.signedOn})`,
      agreement: agreementRef,
    })
    .from(indicators)
    .innerJoin(agreements, eq(agreements.id, indicators.agreementId))
    .where(
      and(where, agreementUnderwayCondition, or(isNull(indicators.targetOn), gte(indicators.targetOn, from))),
    )
    // Their dues all fall in the last or current period: the indicators ending soonest first.
    .orderBy(sql`${indicators.targetOn} asc nulls last`, asc(indicators.id))
    .limit(MAX_FEED_EVENTS);
  if (!rows.length) return [];
  const periods = (["quarterly", "half_yearly", "yearly"] as const).flatMap((frequency) =>
    recentPeriods(frequency, today),
  );
  const values = await db
    .select({ indicatorId: indicatorValues.indicatorId, period: indicatorValues.period })
    .from(indicatorValues)
    .where(
      and(
        inArray(
          indicatorValues.indicatorId,
          rows.map((row) => row.id),
        ),
        inArray(indicatorValues.period, periods),
        ne(indicatorValues.status, "returned"),
      ),
    );
  const reported = new Map<string, string[]>();
  for (const value of values) {
    appendTo(reported, value.indicatorId, value.period);
  }
  return rows.map((row) => ({ ...row, reportedPeriods: reported.get(row.id) ?? [] }));
}
