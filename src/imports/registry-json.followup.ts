/**
 * The follow-up of agreements (format version 2) read from the database in the registry
 * document's shape, and written back by an import. Ids, versions and timestamps are kept; the
 * search words of activities and meetings are recomputed as their services make them.
 */
import { sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Executor } from "../db/client.js";
import {
  activities,
  activityAttendance,
  activityObjectives,
  activityTerritories,
  committeeMembers,
  decisions,
  followUpActions,
  indicators,
  indicatorValues,
  meetingAttendees,
  meetings,
} from "../db/schema/index.js";
import { activitySearchText, meetingSearchText } from "../search/record-search-text.js";
import { groupBy } from "../shared/collections.js";
import type {
  RegistryActivity,
  RegistryCommitteeMember,
  RegistryFollowUpAction,
  RegistryIndicator,
  RegistryMeeting,
} from "./registry-json.followup-input.js";

/** Microseconds kept: a Date would drop them and the round trip would not be exact. */
const iso = (column: AnyPgColumn) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const isoOrNull = (column: AnyPgColumn) =>
  sql<
    string | null
  >`case when ${column} is null then null else to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') end`;
const at = (value: string) => sql`${value}::timestamptz`;
const atOrNull = (value: string | null) => (value === null ? null : at(value));

export interface FollowUp {
  activities: RegistryActivity[];
  indicators: RegistryIndicator[];
  committeeMembers: RegistryCommitteeMember[];
  meetings: RegistryMeeting[];
  followUpActions: RegistryFollowUpAction[];
}

type Where = (column: AnyPgColumn) => ReturnType<typeof sql> | undefined;
type Load = <R>(query: (some: string[] | undefined) => Promise<R[]>) => Promise<R[]>;

/**
 * The follow-up of the agreements `load` reaches (every agreement, or a chunk of ids at a time),
 * by agreement id. `within(column, some)` is the filter on an agreement id column.
 */
export async function loadFollowUp(
  db: Executor,
  load: Load,
  within: (column: AnyPgColumn, some: string[] | undefined) => ReturnType<Where>,
): Promise<(agreementId: string) => FollowUp> {
  const acts = await load((some) =>
    db
      .select({
        agreementId: activities.agreementId,
        id: activities.id,
        actionPlanId: activities.actionPlanId,
        kind: activities.kind,
        title: activities.title,
        description: activities.description,
        responsibleOrganizationId: activities.responsibleOrganizationId,
        status: activities.status,
        targetGroups: activities.targetGroups,
        plannedStart: activities.plannedStart,
        plannedEnd: activities.plannedEnd,
        actualStart: activities.actualStart,
        actualEnd: activities.actualEnd,
        budgetPlanned: activities.budgetPlanned,
        budgetSpent: activities.budgetSpent,
        participantCount: activities.participantCount,
        deliverables: activities.deliverables,
        documentIds: activities.documentIds,
        version: activities.version,
        createdAt: iso(activities.createdAt),
        updatedAt: iso(activities.updatedAt),
      })
      .from(activities)
      .where(within(activities.agreementId, some)),
  );
  const ofActivities = async <T extends { activityId: string }>(
    query: (some: string[] | undefined) => Promise<T[]>,
  ) => groupBy(await load(query), (row) => row.activityId);
  const aims = await ofActivities((some) =>
    db
      .select({ activityId: activityObjectives.activityId, objectiveId: activityObjectives.objectiveId })
      .from(activityObjectives)
      .innerJoin(activities, sql`${activities.id} = ${activityObjectives.activityId}`)
      .where(within(activities.agreementId, some)),
  );
  const places = await ofActivities((some) =>
    db
      .select({
        activityId: activityTerritories.activityId,
        territoryCode: activityTerritories.territoryCode,
      })
      .from(activityTerritories)
      .innerJoin(activities, sql`${activities.id} = ${activityTerritories.activityId}`)
      .where(within(activities.agreementId, some)),
  );
  const present = await ofActivities((some) =>
    db
      .select({
        activityId: activityAttendance.activityId,
        territoryCode: activityAttendance.territoryCode,
        recordedBy: activityAttendance.recordedBy,
        recordedAt: iso(activityAttendance.recordedAt),
      })
      .from(activityAttendance)
      .innerJoin(activities, sql`${activities.id} = ${activityAttendance.activityId}`)
      .where(within(activities.agreementId, some)),
  );

  const measures = await load((some) =>
    db
      .select({
        agreementId: indicators.agreementId,
        id: indicators.id,
        objectiveId: indicators.objectiveId,
        activityId: indicators.activityId,
        name: indicators.name,
        unit: indicators.unit,
        direction: indicators.direction,
        baselineValue: indicators.baselineValue,
        baselineOn: indicators.baselineOn,
        targetValue: indicators.targetValue,
        targetOn: indicators.targetOn,
        frequency: indicators.frequency,
        aggregation: indicators.aggregation,
        responsibleOrganizationId: indicators.responsibleOrganizationId,
        version: indicators.version,
        createdAt: iso(indicators.createdAt),
        updatedAt: iso(indicators.updatedAt),
      })
      .from(indicators)
      .where(within(indicators.agreementId, some)),
  );
  const values = groupBy(
    await load((some) =>
      db
        .select({
          indicatorId: indicatorValues.indicatorId,
          id: indicatorValues.id,
          period: indicatorValues.period,
          periodStart: indicatorValues.periodStart,
          periodEnd: indicatorValues.periodEnd,
          value: indicatorValues.value,
          source: indicatorValues.source,
          comment: indicatorValues.comment,
          evidenceDocumentId: indicatorValues.evidenceDocumentId,
          status: indicatorValues.status,
          returnReason: indicatorValues.returnReason,
          enteredBy: indicatorValues.enteredBy,
          enteredAt: iso(indicatorValues.enteredAt),
          reviewedBy: indicatorValues.reviewedBy,
          reviewedAt: isoOrNull(indicatorValues.reviewedAt),
          version: indicatorValues.version,
        })
        .from(indicatorValues)
        .innerJoin(indicators, sql`${indicators.id} = ${indicatorValues.indicatorId}`)
        .where(within(indicators.agreementId, some)),
    ),
    (row) => row.indicatorId,
  );

  const members = await load((some) =>
    db.select().from(committeeMembers).where(within(committeeMembers.agreementId, some)),
  );
  const gatherings = await load((some) =>
    db
      .select({
        agreementId: meetings.agreementId,
        id: meetings.id,
        title: meetings.title,
        startsAt: iso(meetings.startsAt),
        place: meetings.place,
        status: meetings.status,
        agenda: meetings.agenda,
        minutesDocumentId: meetings.minutesDocumentId,
        otherAttendees: meetings.otherAttendees,
        version: meetings.version,
        createdAt: iso(meetings.createdAt),
        updatedAt: iso(meetings.updatedAt),
      })
      .from(meetings)
      .where(within(meetings.agreementId, some)),
  );
  const attendees = groupBy(
    await load((some) =>
      db
        .select({ meetingId: meetingAttendees.meetingId, memberId: meetingAttendees.memberId })
        .from(meetingAttendees)
        .innerJoin(meetings, sql`${meetings.id} = ${meetingAttendees.meetingId}`)
        .where(within(meetings.agreementId, some)),
    ),
    (row) => row.meetingId,
  );
  const resolutions = groupBy(
    await load((some) => db.select().from(decisions).where(within(decisions.agreementId, some))),
    (row) => row.meetingId,
  );
  const actions = await load((some) =>
    db
      .select({
        agreementId: followUpActions.agreementId,
        id: followUpActions.id,
        decisionId: followUpActions.decisionId,
        description: followUpActions.description,
        ownerOrganizationId: followUpActions.ownerOrganizationId,
        ownerUserId: followUpActions.ownerUserId,
        dueOn: followUpActions.dueOn,
        status: followUpActions.status,
        doneOn: followUpActions.doneOn,
        version: followUpActions.version,
        createdAt: iso(followUpActions.createdAt),
        updatedAt: iso(followUpActions.updatedAt),
      })
      .from(followUpActions)
      .where(within(followUpActions.agreementId, some)),
  );

  const of = <T>(groups: Map<string, T[]>, id: string) => groups.get(id) ?? [];
  const byAgreement = {
    activities: groupBy(
      acts.map(({ agreementId, ...a }): RegistryActivity & { agreementId: string } => ({
        agreementId,
        ...a,
        objectiveIds: of(aims, a.id).map((row) => row.objectiveId),
        territoryCodes: of(places, a.id).map((row) => row.territoryCode),
        attendance: of(present, a.id).map(({ activityId: _, ...row }) => row),
      })),
      (row) => row.agreementId,
    ),
    indicators: groupBy(
      measures.map((i) => ({ ...i, values: of(values, i.id).map(({ indicatorId: _, ...v }) => v) })),
      (row) => row.agreementId,
    ),
    committeeMembers: groupBy(members, (row) => row.agreementId),
    meetings: groupBy(
      gatherings.map((m) => ({
        ...m,
        attendeeMemberIds: of(attendees, m.id).map((row) => row.memberId),
        decisions: of(resolutions, m.id).map((d) => ({
          id: d.id,
          position: d.position,
          text: d.text,
          version: d.version,
        })),
      })),
      (row) => row.agreementId,
    ),
    followUpActions: groupBy(actions, (row) => row.agreementId),
  };
  const strip = <T extends { agreementId: string }>(list: T[]) =>
    list.map(({ agreementId: _, ...rest }) => rest);
  return (agreementId) => ({
    activities: strip(of(byAgreement.activities, agreementId)),
    indicators: strip(of(byAgreement.indicators, agreementId)),
    committeeMembers: strip(of(byAgreement.committeeMembers, agreementId)),
    meetings: strip(of(byAgreement.meetings, agreementId)),
    followUpActions: strip(of(byAgreement.followUpActions, agreementId)),
  });
}

/** Inserts the follow-up of new agreements, parents before children (plans are already in). */
export async function insertFollowUp(
  tx: Executor,
  agreements: (FollowUp & { id: string })[],
  chunks: <T>(list: T[], size?: number) => T[][],
): Promise<void> {
  const each = <T>(pick: (a: FollowUp) => T[]) =>
    agreements.flatMap((a) => pick(a).map((item) => ({ item, agreementId: a.id })));

  const acts = each((a) => a.activities);
  for (const part of chunks(acts, 200)) {
    await tx.insert(activities).values(
      part.map(({ item: { objectiveIds: _o, territoryCodes: _t, attendance: _a, ...a }, agreementId }) => ({
        ...a,
        agreementId,
        searchText: activitySearchText(a),
        createdAt: at(a.createdAt),
        updatedAt: at(a.updatedAt),
      })),
    );
  }
  const aims = acts.flatMap(({ item }) =>
    item.objectiveIds.map((objectiveId) => ({ activityId: item.id, objectiveId })),
  );
  for (const part of chunks(aims)) await tx.insert(activityObjectives).values(part);
  const places = acts.flatMap(({ item }) =>
    item.territoryCodes.map((territoryCode) => ({ activityId: item.id, territoryCode })),
  );
  for (const part of chunks(places)) await tx.insert(activityTerritories).values(part);
  const present = acts.flatMap(({ item }) =>
    item.attendance.map((row) => ({ ...row, activityId: item.id, recordedAt: at(row.recordedAt) })),
  );
  for (const part of chunks(present)) await tx.insert(activityAttendance).values(part);

  const measures = each((a) => a.indicators);
  for (const part of chunks(measures, 200)) {
    await tx.insert(indicators).values(
      part.map(({ item: { values: _v, ...i }, agreementId }) => ({
        ...i,
        agreementId,
        createdAt: at(i.createdAt),
        updatedAt: at(i.updatedAt),
      })),
    );
  }
  const values = measures.flatMap(({ item }) =>
    item.values.map((v) => ({
      ...v,
      indicatorId: item.id,
      enteredAt: at(v.enteredAt),
      reviewedAt: atOrNull(v.reviewedAt),
    })),
  );
  for (const part of chunks(values)) await tx.insert(indicatorValues).values(part);

  const members = each((a) => a.committeeMembers).map(({ item, agreementId }) => ({ ...item, agreementId }));
  for (const part of chunks(members)) await tx.insert(committeeMembers).values(part);
  const gatherings = each((a) => a.meetings);
  for (const part of chunks(gatherings, 200)) {
    await tx.insert(meetings).values(
      part.map(({ item: { attendeeMemberIds: _m, decisions: _d, ...m }, agreementId }) => ({
        ...m,
        agreementId,
        searchText: meetingSearchText(m),
        startsAt: at(m.startsAt),
        createdAt: at(m.createdAt),
        updatedAt: at(m.updatedAt),
      })),
    );
  }
  const attendance = gatherings.flatMap(({ item }) =>
    item.attendeeMemberIds.map((memberId) => ({ meetingId: item.id, memberId })),
  );
  for (const part of chunks(attendance)) await tx.insert(meetingAttendees).values(part);
  const resolutions = gatherings.flatMap(({ item, agreementId }) =>
    item.decisions.map((d) => ({ ...d, meetingId: item.id, agreementId })),
  );
  for (const part of chunks(resolutions)) await tx.insert(decisions).values(part);
  const actions = each((a) => a.followUpActions).map(({ item, agreementId }) => ({
    ...item,
    agreementId,
    createdAt: at(item.createdAt),
    updatedAt: at(item.updatedAt),
  }));
  for (const part of chunks(actions)) await tx.insert(followUpActions).values(part);
}
