import { and, eq, inArray, isNotNull, lte, ne, sql } from "drizzle-orm";
import {
  activities,
  agreements,
  committeeMembers,
  followUpActions,
  indicators,
  indicatorValues,
  meetings,
} from "../db/schema/index.js";
import {
  openActionStatuses,
  openActivityStatuses,
  periodBounds,
  periodsBetween,
  REPORTING_GRACE_DAYS,
} from "../domain/figures.js";
import { addDays, todayInMorocco } from "../domain/periods.js";
import { appendTo } from "../shared/collections.js";
import { type Finder, onlySubjects, partiesOf, staged, tracked } from "./alert-finder-kit.js";
import { horizon, REVIEW_WITHIN_DAYS } from "./alert-rules.js";

/** The follow-up's deadlines: activities, follow-up actions, indicator values, meetings, reviews. */
export const findLateActivities: Finder = async (options) => {
  const rows = await options.db
    .select({
      id: activities.id,
      agreementId: activities.agreementId,
      title: activities.title,
      plannedEnd: activities.plannedEnd,
      organizationId: activities.responsibleOrganizationId,
    })
    .from(activities)
    .innerJoin(agreements, eq(agreements.id, activities.agreementId))
    .where(
      and(
        tracked,
        inArray(activities.status, [...openActivityStatuses]),
        lte(activities.plannedEnd, addDays(options.today, horizon(options.leadDays))),
        onlySubjects(activities.id, options.subjectIds),
      ),
    );
  return rows.flatMap((row) => {
    if (!row.plannedEnd) return [];
    const condition = staged("activity_overdue", options, row.plannedEnd, {
      subjectId: row.id,
      occurrence: row.plannedEnd,
      agreementId: row.agreementId,
      subjectTitle: row.title,
      detail: "",
      recordPath: `activities/${row.id}`,
      organizationIds: row.organizationId ? [row.organizationId] : [],
      ownerUserId: null,
    });
    return condition ? [condition] : [];
  });
};

export const findLateActions: Finder = async (options) => {
  const rows = await options.db
    .select({
      id: followUpActions.id,
      agreementId: followUpActions.agreementId,
      description: followUpActions.description,
      dueOn: followUpActions.dueOn,
      organizationId: followUpActions.ownerOrganizationId,
      ownerUserId: followUpActions.ownerUserId,
    })
    .from(followUpActions)
    .innerJoin(agreements, eq(agreements.id, followUpActions.agreementId))
    .where(
      and(
        tracked,
        inArray(followUpActions.status, [...openActionStatuses]),
        lte(followUpActions.dueOn, addDays(options.today, horizon(options.leadDays))),
        onlySubjects(followUpActions.id, options.subjectIds),
      ),
    );
  return rows.flatMap((row) => {
    const condition = staged("action_overdue", options, row.dueOn, {
      subjectId: row.id,
      occurrence: row.dueOn,
      agreementId: row.agreementId,
      subjectTitle: row.description,
      detail: "",
      recordPath: `actions/${row.id}`,
      organizationIds: row.organizationId ? [row.organizationId] : [],
      ownerUserId: row.ownerUserId,
    });
    return condition ? [condition] : [];
  });
};

/**
 * One alert per indicator: its oldest period without a value (submitted or approved), due
 * REPORTING_GRACE_DAYS after the period ends. Once it is reported, the next one takes its place.
 */
export const findDueValues: Finder = async (options) => {
  const lookAhead = addDays(options.today, horizon(options.leadDays));
  const rows = await options.db
    .select({
      id: indicators.id,
      agreementId: indicators.agreementId,
      name: indicators.name,
      frequency: indicators.frequency,
      start: sql<
        string | null
      >`coalesce(${indicators.baselineOn}, ${agreements.effectiveOn}, ${agreements.signedOn})`,
      targetOn: indicators.targetOn,
      organizationId: indicators.responsibleOrganizationId,
    })
    .from(indicators)
    .innerJoin(agreements, eq(agreements.id, indicators.agreementId))
    .where(and(tracked, onlySubjects(indicators.id, options.subjectIds)));
  if (!rows.length) return [];
  const reported = new Set(
    (
      await options.db
        .select({ indicatorId: indicatorValues.indicatorId, period: indicatorValues.period })
        .from(indicatorValues)
        .where(
          and(
            inArray(
              indicatorValues.indicatorId,
              rows.map((row) => row.id),
            ),
            ne(indicatorValues.status, "returned"),
          ),
        )
    ).map((value) => `${value.indicatorId}|${value.period}`),
  );
  return rows.flatMap((row) => {
    if (!row.start) return [];
    // The periods whose due date (end + grace) falls before the horizon, up to the target's.
    const lastEnd = addDays(lookAhead, -REPORTING_GRACE_DAYS);
    const until = row.targetOn && row.targetOn < lastEnd ? row.targetOn : lastEnd;
    if (until < row.start) return [];
    const missing = periodsBetween(row.frequency, row.start, until).find(
      (period) => periodBounds(period).end <= lastEnd && !reported.has(`${row.id}|${period}`),
    );
    if (!missing) return [];
    const condition = staged(
      "indicator_due",
      options,
      addDays(periodBounds(missing).end, REPORTING_GRACE_DAYS),
      {
        subjectId: row.id,
        occurrence: missing,
        agreementId: row.agreementId,
        subjectTitle: row.name,
        detail: missing,
        recordPath: `indicators/${row.id}`,
        organizationIds: row.organizationId ? [row.organizationId] : [],
        ownerUserId: null,
      },
    );
    return condition ? [condition] : [];
  });
};

export const findUpcomingMeetings: Finder = async (options) => {
  const rows = await options.db
    .select({
      id: meetings.id,
      agreementId: meetings.agreementId,
      title: meetings.title,
      startsAt: meetings.startsAt,
    })
    .from(meetings)
    .innerJoin(agreements, eq(agreements.id, meetings.agreementId))
    .where(
      and(
        tracked,
        eq(meetings.status, "planned"),
        // A day either side, since the Casablanca day of a meeting is computed below.
        sql`${meetings.startsAt} >= ${addDays(options.today, -1)}::date`,
        sql`${meetings.startsAt} < ${addDays(options.today, horizon(options.leadDays) + 2)}::date`,
        onlySubjects(meetings.id, options.subjectIds),
      ),
    );
  const members = new Map<string, string[]>();
  if (rows.length) {
    const memberRows = await options.db
      .selectDistinct({
        agreementId: committeeMembers.agreementId,
        organizationId: committeeMembers.organizationId,
      })
      .from(committeeMembers)
      .where(
        and(
          inArray(
            committeeMembers.agreementId,
            rows.map((row) => row.agreementId),
          ),
          isNotNull(committeeMembers.organizationId),
        ),
      );
    for (const row of memberRows)
      if (row.organizationId) appendTo(members, row.agreementId, row.organizationId);
  }
  const parties = await partiesOf(options.db, [
    ...new Set(rows.filter((row) => !members.has(row.agreementId)).map((row) => row.agreementId)),
  ]);
  return rows.flatMap((row) => {
    const condition = staged("meeting_upcoming", options, todayInMorocco(row.startsAt), {
      subjectId: row.id,
      // Moving the meeting is a new occurrence, announced again.
      occurrence: row.startsAt.toISOString(),
      agreementId: row.agreementId,
      subjectTitle: row.title,
      detail: row.startsAt.toISOString(),
      recordPath: `meetings/${row.id}`,
      // The organisations that sit on the committee; without members, the agreement's parties.
      organizationIds: members.get(row.agreementId) ?? parties.get(row.agreementId) ?? [],
      ownerUserId: null,
    });
    return condition ? [condition] : [];
  });
};

export const findValuesAwaitingReview: Finder = async (options) => {
  const rows = await options.db
    .select({
      id: indicatorValues.id,
      indicatorId: indicators.id,
      agreementId: indicators.agreementId,
      name: indicators.name,
      period: indicatorValues.period,
      enteredAt: indicatorValues.enteredAt,
    })
    .from(indicatorValues)
    .innerJoin(indicators, eq(indicators.id, indicatorValues.indicatorId))
    .innerJoin(agreements, eq(agreements.id, indicators.agreementId))
    .where(
      and(
        tracked,
        eq(indicatorValues.status, "submitted"),
        onlySubjects(indicatorValues.id, options.subjectIds),
      ),
    );
  return rows.flatMap((row) => {
    const condition = staged(
      "value_review",
      options,
      addDays(todayInMorocco(row.enteredAt), REVIEW_WITHIN_DAYS),
      {
        subjectId: row.id,
        // A value submitted again after its return is a new request for review.
        occurrence: row.enteredAt.toISOString(),
        agreementId: row.agreementId,
        subjectTitle: row.name,
        detail: row.period,
        recordPath: `indicators/${row.indicatorId}`,
        // The secretariat reviews: no partner is told.
        organizationIds: [],
        ownerUserId: null,
      },
    );
    return condition ? [condition] : [];
  });
};
