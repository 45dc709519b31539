import { and, eq, inArray, sql } from "drizzle-orm";
import {
  actionPlans,
  activities,
  activityObjectives,
  activityTerritories,
  committeeMembers,
  decisions,
  followUpActions,
  indicators,
  indicatorValues,
  meetingAttendees,
  meetings,
  organizations,
} from "../db/schema/index.js";
import { instantToMoroccanTime } from "../domain/moroccan-time.js";
import { appendTo } from "../shared/collections.js";
import { objectiveNumbering } from "./spreadsheet-registry.queries.js";
import {
  idsOf,
  inBatchOrder,
  insideIdsOf,
  loadNumbers,
  localizedCells,
  type Numbering,
  numberSql,
  organizationCell,
  referenceOf,
  type SheetReader,
} from "./spreadsheet-rows.js";

export const planNumbering: Numbering = {
  table: actionPlans,
  id: actionPlans.id,
  agreementId: actionPlans.agreementId,
  partition: actionPlans.agreementId,
  order: sql`${actionPlans.periodStart} nulls last, ${actionPlans.createdAt}, ${actionPlans.id}`,
};
export const activityNumbering: Numbering = {
  table: activities,
  id: activities.id,
  agreementId: activities.agreementId,
  partition: activities.agreementId,
  order: sql`${activities.plannedStart} nulls last, ${activities.createdAt}, ${activities.id}`,
};
export const indicatorNumbering: Numbering = {
  table: indicators,
  id: indicators.id,
  agreementId: indicators.agreementId,
  partition: indicators.agreementId,
  order: sql`${indicators.createdAt}, ${indicators.id}`,
};
export const memberNumbering: Numbering = {
  table: committeeMembers,
  id: committeeMembers.id,
  agreementId: committeeMembers.agreementId,
  partition: committeeMembers.agreementId,
  order: sql`${committeeMembers.position}, ${committeeMembers.id}`,
};
export const meetingNumbering: Numbering = {
  table: meetings,
  id: meetings.id,
  agreementId: meetings.agreementId,
  partition: meetings.agreementId,
  order: sql`${meetings.startsAt}, ${meetings.createdAt}, ${meetings.id}`,
};
/** Decisions are numbered within their meeting. */
export const decisionNumbering: Numbering = {
  table: decisions,
  id: decisions.id,
  agreementId: decisions.agreementId,
  partition: decisions.meetingId,
  order: sql`${decisions.position}, ${decisions.id}`,
};

const numberOf = (numbers: Map<string, number>, id: string | null) =>
  id === null ? null : (numbers.get(id) ?? null);
const numbersOf = (numbers: Map<string, number>, ids: readonly string[] | undefined) =>
  (ids ?? [])
    .flatMap((id) => numbers.get(id) ?? [])
    .sort((a, b) => a - b)
    .map(String);

const readPlans: SheetReader = async (batch) => {
  const rows = await batch.db
    .select({ agreementId: actionPlans.agreementId, row: actionPlans, number: numberSql(planNumbering) })
    .from(actionPlans)
    .where(inArray(actionPlans.agreementId, idsOf(batch)));
  const references = referenceOf(batch);
  return inBatchOrder(batch, rows, (row) => row.number).map(({ row, number }) => ({
    agreement: references.get(row.agreementId) ?? null,
    number,
    ...localizedCells("title", row.title),
    period_start: row.periodStart,
    period_end: row.periodEnd,
    id: row.id,
  }));
};

const readActivities: SheetReader = async (batch) => {
  const ids = idsOf(batch);
  const [rows, plans, aims, objectiveLinks, places] = await Promise.all([
    batch.db
      .select({
        agreementId: activities.agreementId,
        // Only the columns the sheet writes: a whole row (timestamps, search words) made
        // two thirds of this sheet's time garbage to collect at 100,000 activities.
        row: {
          id: activities.id,
          actionPlanId: activities.actionPlanId,
          kind: activities.kind,
          title: activities.title,
          description: activities.description,
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
        },
        name: organizations.name,
        number: numberSql(activityNumbering),
      })
      .from(activities)
      .innerJoin(organizations, eq(organizations.id, activities.responsibleOrganizationId))
      .where(inArray(activities.agreementId, ids)),
    loadNumbers(batch.db, planNumbering, ids),
    loadNumbers(batch.db, objectiveNumbering, ids),
    batch.db
      .select({ activityId: activityObjectives.activityId, objectiveId: activityObjectives.objectiveId })
      .from(activityObjectives)
      .innerJoin(activities, eq(activities.id, activityObjectives.activityId))
      .where(inArray(activities.agreementId, ids)),
    batch.db
      .select({ activityId: activityTerritories.activityId, code: activityTerritories.territoryCode })
      .from(activityTerritories)
      .innerJoin(activities, eq(activities.id, activityTerritories.activityId))
      .where(inArray(activities.agreementId, ids)),
  ]);
  const objectivesOf = new Map<string, string[]>();
  for (const link of objectiveLinks) appendTo(objectivesOf, link.activityId, link.objectiveId);
  const territoriesOf = new Map<string, string[]>();
  for (const place of places) appendTo(territoriesOf, place.activityId, place.code);
  const references = referenceOf(batch);
  return inBatchOrder(batch, rows, (row) => row.number).map(({ agreementId, row, name, number }) => ({
    agreement: references.get(agreementId) ?? null,
    number,
    plan_number: numberOf(plans, row.actionPlanId),
    kind: row.kind,
    ...localizedCells("title", row.title),
    ...localizedCells("description", row.description),
    responsible_organization: organizationCell(name, batch.lang),
    status: row.status,
    target_groups: row.targetGroups,
    planned_start: row.plannedStart,
    planned_end: row.plannedEnd,
    actual_start: row.actualStart,
    actual_end: row.actualEnd,
    budget_planned: row.budgetPlanned,
    budget_spent: row.budgetSpent,
    participant_count: row.participantCount,
    ...localizedCells("deliverables", row.deliverables),
    objective_numbers: numbersOf(aims, objectivesOf.get(row.id)),
    territories: (territoriesOf.get(row.id) ?? []).sort(),
    id: row.id,
  }));
};

const readIndicators: SheetReader = async (batch) => {
  const ids = idsOf(batch);
  const [rows, aims, activityNumbers] = await Promise.all([
    batch.db
      .select({
        agreementId: indicators.agreementId,
        row: indicators,
        name: organizations.name,
        number: numberSql(indicatorNumbering),
      })
      .from(indicators)
      .innerJoin(organizations, eq(organizations.id, indicators.responsibleOrganizationId))
      .where(inArray(indicators.agreementId, ids)),
    loadNumbers(batch.db, objectiveNumbering, ids),
    loadNumbers(batch.db, activityNumbering, ids),
  ]);
  const references = referenceOf(batch);
  return inBatchOrder(batch, rows, (row) => row.number).map(({ row, name, number }) => ({
    agreement: references.get(row.agreementId) ?? null,
    number,
    objective_number: numberOf(aims, row.objectiveId),
    activity_number: numberOf(activityNumbers, row.activityId),
    ...localizedCells("name", row.name),
    ...localizedCells("unit", row.unit),
    direction: row.direction,
    baseline_value: row.baselineValue,
    baseline_on: row.baselineOn,
    target_value: row.targetValue,
    target_on: row.targetOn,
    frequency: row.frequency,
    aggregation: row.aggregation,
    responsible_organization: organizationCell(name, batch.lang),
    id: row.id,
  }));
};

/**
 * Values: every one, with its source, comment and review, of the agreements whose inside the
 * reader sees; approved ones only, without them, of the others (what the portal shows).
 */
const readIndicatorValues: SheetReader = async (batch) => {
  const ids = idsOf(batch);
  const inside = new Set(insideIdsOf(batch));
  const [rows, numbers] = await Promise.all([
    batch.db
      .select({
        agreementId: indicators.agreementId,
        row: {
          id: indicatorValues.id,
          indicatorId: indicatorValues.indicatorId,
          period: indicatorValues.period,
          periodStart: indicatorValues.periodStart,
          value: indicatorValues.value,
          source: indicatorValues.source,
          comment: indicatorValues.comment,
          status: indicatorValues.status,
          returnReason: indicatorValues.returnReason,
        },
      })
      .from(indicatorValues)
      .innerJoin(indicators, eq(indicators.id, indicatorValues.indicatorId))
      .where(inArray(indicators.agreementId, ids)),
    loadNumbers(batch.db, indicatorNumbering, ids),
  ]);
  const seen = rows.filter(({ agreementId, row }) => inside.has(agreementId) || row.status === "approved");
  const references = referenceOf(batch);
  return inBatchOrder(
    batch,
    seen,
    (value) => `${String(numbers.get(value.row.indicatorId) ?? 0).padStart(6, "0")} ${value.row.periodStart}`,
  ).map(({ agreementId, row }) => {
    const sees = inside.has(agreementId);
    return {
      agreement: references.get(agreementId) ?? null,
      indicator_number: numberOf(numbers, row.indicatorId),
      period: row.period,
      value: row.value,
      source: sees ? row.source || null : null,
      comment: sees ? row.comment || null : null,
      status: row.status,
      return_reason: sees ? row.returnReason : null,
      id: row.id,
    };
  });
};

const readMembers: SheetReader = async (batch) => {
  const ids = insideIdsOf(batch);
  if (!ids.length) return [];
  const rows = await batch.db
    .select({
      agreementId: committeeMembers.agreementId,
      row: committeeMembers,
      name: organizations.name,
      number: numberSql(memberNumbering),
    })
    .from(committeeMembers)
    .leftJoin(organizations, eq(organizations.id, committeeMembers.organizationId))
    .where(inArray(committeeMembers.agreementId, ids));
  const references = referenceOf(batch);
  return inBatchOrder(batch, rows, (row) => row.number).map(({ row, name, number }) => ({
    agreement: references.get(row.agreementId) ?? null,
    number,
    full_name: row.fullName,
    organization: organizationCell(name, batch.lang),
    role: row.role,
    id: row.id,
  }));
};

const readMeetings: SheetReader = async (batch) => {
  const ids = insideIdsOf(batch);
  if (!ids.length) return [];
  const [rows, members, attendance] = await Promise.all([
    batch.db
      .select({
        agreementId: meetings.agreementId,
        row: {
          id: meetings.id,
          agreementId: meetings.agreementId,
          title: meetings.title,
          startsAt: meetings.startsAt,
          place: meetings.place,
          status: meetings.status,
          agenda: meetings.agenda,
          otherAttendees: meetings.otherAttendees,
        },
        number: numberSql(meetingNumbering),
      })
      .from(meetings)
      .where(inArray(meetings.agreementId, ids)),
    loadNumbers(batch.db, memberNumbering, ids),
    batch.db
      .select({ meetingId: meetingAttendees.meetingId, memberId: meetingAttendees.memberId })
      .from(meetingAttendees)
      .innerJoin(meetings, eq(meetings.id, meetingAttendees.meetingId))
      .where(inArray(meetings.agreementId, ids)),
  ]);
  const attendeesOf = new Map<string, string[]>();
  for (const link of attendance) appendTo(attendeesOf, link.meetingId, link.memberId);
  const references = referenceOf(batch);
  return inBatchOrder(batch, rows, (row) => row.number).map(({ row, number }) => ({
    agreement: references.get(row.agreementId) ?? null,
    number,
    ...localizedCells("title", row.title),
    starts_at: instantToMoroccanTime(row.startsAt).replace("T", " "),
    place: row.place || null,
    status: row.status,
    ...localizedCells("agenda", row.agenda),
    attendee_numbers: numbersOf(members, attendeesOf.get(row.id)),
    other_attendees: row.otherAttendees || null,
    id: row.id,
  }));
};

const readDecisions: SheetReader = async (batch) => {
  const ids = insideIdsOf(batch);
  if (!ids.length) return [];
  const [rows, meetingNumbers] = await Promise.all([
    batch.db
      .select({ agreementId: decisions.agreementId, row: decisions, number: numberSql(decisionNumbering) })
      .from(decisions)
      .where(inArray(decisions.agreementId, ids)),
    loadNumbers(batch.db, meetingNumbering, ids),
  ]);
  const references = referenceOf(batch);
  const key = (meetingId: string, number: number) =>
    `${String(meetingNumbers.get(meetingId) ?? 0).padStart(6, "0")} ${String(number).padStart(6, "0")}`;
  return inBatchOrder(batch, rows, (row) => key(row.row.meetingId, row.number)).map(({ row, number }) => ({
    agreement: references.get(row.agreementId) ?? null,
    meeting_number: numberOf(meetingNumbers, row.meetingId),
    number,
    ...localizedCells("text", row.text),
    id: row.id,
  }));
};

const readActions: SheetReader = async (batch) => {
  const ids = insideIdsOf(batch);
  if (!ids.length) return [];
  const [rows, meetingNumbers, decisionNumbers] = await Promise.all([
    batch.db
      .select({
        agreementId: followUpActions.agreementId,
        row: followUpActions,
        name: organizations.name,
        meetingId: decisions.meetingId,
      })
      .from(followUpActions)
      .innerJoin(organizations, eq(organizations.id, followUpActions.ownerOrganizationId))
      .leftJoin(decisions, and(eq(decisions.id, followUpActions.decisionId)))
      .where(inArray(followUpActions.agreementId, ids)),
    loadNumbers(batch.db, meetingNumbering, ids),
    loadNumbers(batch.db, decisionNumbering, ids),
  ]);
  const references = referenceOf(batch);
  return inBatchOrder(batch, rows, (row) => `${row.row.dueOn} ${row.row.id}`).map(
    ({ row, name, meetingId }) => ({
      agreement: references.get(row.agreementId) ?? null,
      meeting_number: numberOf(meetingNumbers, meetingId),
      decision_number: numberOf(decisionNumbers, row.decisionId),
      ...localizedCells("description", row.description),
      owner_organization: organizationCell(name, batch.lang),
      due_on: row.dueOn,
      status: row.status,
      done_on: row.doneOn,
      id: row.id,
    }),
  );
};

export const followUpReaders = {
  action_plans: readPlans,
  activities: readActivities,
  indicators: readIndicators,
  indicator_values: readIndicatorValues,
  committee_members: readMembers,
  meetings: readMeetings,
  decisions: readDecisions,
  follow_up_actions: readActions,
};
