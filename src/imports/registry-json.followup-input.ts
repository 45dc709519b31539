/**
 * Format version 2 of the registry document: an agreement's follow-up (activities, indicators
 * and their values, the steering committee, its meetings and decisions, follow-up actions),
 * nested in the agreement it belongs to like its other parts. The zod schemas, the canonical
 * order of every list, and the checks that a follow-up record points inside its own agreement.
 * Pure: no database. See docs/registry-format.md.
 */
import { z } from "zod";
import { isoDate } from "../agreements/agreements.input.js";
import {
  actionStatuses,
  activityKinds,
  activityStatuses,
  committeeRoles,
  indicatorAggregations,
  indicatorDirections,
  indicatorFrequencies,
  indicatorValueStatuses,
  meetingStatuses,
  targetGroups,
} from "../db/schema/index.js";
import { localizedTextSchema, optionalLocalizedTextSchema, text } from "../shared/localized.js";
import { hcpCodeSchema } from "../territories/territories.input.js";
import { int32, amount as money, timestampSchema, uuid } from "./registry-json.values.js";

const version = int32.min(1);
const nullableDate = isoDate.nullable();
/** Free text kept exactly as stored (it may hold line breaks): only well-formed and bounded. */
const plain = (max: number) => text().max(max, `must be at most ${max} characters`);

/** numeric(18, 4): an indicator's figures, written with four decimals */
const measure = z
  .string()
  .regex(/^-?(0|[1-9]\d{0,13})(\.\d{1,4})?$/, 'must be a number as a string, like "12.5000"')
  .transform((value) => {
    const [units, decimals = ""] = value.split(".");
    return `${units === "-0" ? "0" : units}.${decimals.padEnd(4, "0")}`;
  });
/** Lists are bounded so that validation stays bounded; far above what an agreement holds. */
const many = <T extends z.ZodType>(item: T, max = 20_000) => z.array(item).max(max);

/** v1 wrote a plan's title, period and creation only; v2 writes every column. */
export const actionPlanSchemaV1 = z.strictObject({
  id: uuid,
  title: localizedTextSchema(300),
  periodStart: nullableDate,
  periodEnd: nullableDate,
  createdAt: timestampSchema,
});
export const actionPlanSchema = actionPlanSchemaV1.extend({ version, updatedAt: timestampSchema });

const activitySchema = z.strictObject({
  id: uuid,
  actionPlanId: uuid,
  kind: z.enum(activityKinds),
  title: localizedTextSchema(500),
  description: optionalLocalizedTextSchema(8000),
  responsibleOrganizationId: uuid,
  status: z.enum(activityStatuses),
  targetGroups: z.array(z.enum(targetGroups)).max(targetGroups.length),
  plannedStart: nullableDate,
  plannedEnd: nullableDate,
  actualStart: nullableDate,
  actualEnd: nullableDate,
  budgetPlanned: money,
  budgetSpent: money,
  participantCount: int32.min(0).nullable(),
  deliverables: optionalLocalizedTextSchema(8000),
  documentIds: z.array(uuid).max(500),
  version,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  objectiveIds: z.array(uuid).max(200),
  territoryCodes: z.array(hcpCodeSchema).max(100),
  attendance: z
    .array(
      z.strictObject({
        territoryCode: hcpCodeSchema,
        recordedBy: plain(200).min(1),
        recordedAt: timestampSchema,
      }),
    )
    .max(100),
});

const indicatorValueSchema = z.strictObject({
  id: uuid,
  period: z.string().regex(/^\d{4}(-Q[1-4]|-H[12])?$/, "must be a period like 2026, 2026-H1 or 2026-Q3"),
  periodStart: isoDate,
  periodEnd: isoDate,
  value: measure,
  source: plain(2000),
  comment: plain(8000),
  evidenceDocumentId: uuid.nullable(),
  status: z.enum(indicatorValueStatuses),
  returnReason: plain(8000).nullable(),
  enteredBy: plain(200).min(1),
  enteredAt: timestampSchema,
  reviewedBy: plain(200).nullable(),
  reviewedAt: timestampSchema.nullable(),
  version,
});

const indicatorSchema = z.strictObject({
  id: uuid,
  objectiveId: uuid.nullable(),
  activityId: uuid.nullable(),
  name: localizedTextSchema(500),
  unit: optionalLocalizedTextSchema(200),
  direction: z.enum(indicatorDirections),
  baselineValue: measure,
  baselineOn: nullableDate,
  targetValue: measure,
  targetOn: nullableDate,
  frequency: z.enum(indicatorFrequencies),
  aggregation: z.enum(indicatorAggregations),
  responsibleOrganizationId: uuid,
  version,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  values: many(indicatorValueSchema, 1000),
});

const committeeMemberSchema = z.strictObject({
  id: uuid,
  organizationId: uuid.nullable(),
  fullName: plain(200).min(1),
  role: z.enum(committeeRoles),
  position: int32.min(0),
  version,
});

const meetingSchema = z.strictObject({
  id: uuid,
  title: localizedTextSchema(500),
  startsAt: timestampSchema,
  place: plain(500),
  status: z.enum(meetingStatuses),
  agenda: optionalLocalizedTextSchema(20_000),
  minutesDocumentId: uuid.nullable(),
  otherAttendees: plain(4000),
  version,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  attendeeMemberIds: z.array(uuid).max(500),
  decisions: z
    .array(z.strictObject({ id: uuid, position: int32.min(0), text: localizedTextSchema(8000), version }))
    .max(500),
});

const followUpActionSchema = z.strictObject({
  id: uuid,
  decisionId: uuid.nullable(),
  description: localizedTextSchema(8000),
  ownerOrganizationId: uuid,
  ownerUserId: plain(200).min(1).nullable(),
  dueOn: isoDate,
  status: z.enum(actionStatuses),
  doneOn: nullableDate,
  version,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** The keys version 2 adds to an agreement. */
export const followUpShape = {
  activities: many(activitySchema),
  indicators: many(indicatorSchema),
  committeeMembers: many(committeeMemberSchema, 500),
  meetings: many(meetingSchema, 2000),
  followUpActions: many(followUpActionSchema),
};

type FollowUp = { [K in keyof typeof followUpShape]: z.output<(typeof followUpShape)[K]> };
export type RegistryActivity = FollowUp["activities"][number];
export type RegistryIndicator = FollowUp["indicators"][number];
export type RegistryCommitteeMember = FollowUp["committeeMembers"][number];
export type RegistryMeeting = FollowUp["meetings"][number];
export type RegistryFollowUpAction = FollowUp["followUpActions"][number];

/** A version 1 agreement has no follow-up. */
export const noFollowUp = (): FollowUp => ({
  activities: [],
  indicators: [],
  committeeMembers: [],
  meetings: [],
  followUpActions: [],
});

const compare = (...pairs: [string | number, string | number][]): number => {
  for (const [a, b] of pairs) if (a !== b) return a < b ? -1 : 1;
  return 0;
};
const byCreation = <T extends { createdAt: string; id: string }>(list: T[]) =>
  [...list].sort((a, b) => compare([a.createdAt, b.createdAt], [a.id, b.id]));

/** Every follow-up list in its fixed order (arrays the database keeps in order stay as they are). */
export function canonicalFollowUp(followUp: FollowUp): FollowUp {
  return {
    activities: byCreation(followUp.activities).map((a) => ({
      ...a,
      objectiveIds: [...a.objectiveIds].sort(),
      territoryCodes: [...a.territoryCodes].sort(),
      attendance: [...a.attendance].sort((x, y) => compare([x.territoryCode, y.territoryCode])),
    })),
    indicators: byCreation(followUp.indicators).map((i) => ({
      ...i,
      values: [...i.values].sort((x, y) => compare([x.period, y.period], [x.id, y.id])),
    })),
    committeeMembers: [...followUp.committeeMembers].sort((a, b) =>
      compare([a.position, b.position], [a.id, b.id]),
    ),
    meetings: [...followUp.meetings]
      .sort((a, b) => compare([a.startsAt, b.startsAt], [a.id, b.id]))
      .map((m) => ({
        ...m,
        attendeeMemberIds: [...m.attendeeMemberIds].sort(),
        decisions: [...m.decisions].sort((x, y) => compare([x.position, y.position], [x.id, y.id])),
      })),
    followUpActions: byCreation(followUp.followUpActions),
  };
}

/** Every id of an agreement's follow-up, by the table that holds it (each used once in a file). */
export function followUpIds(followUp: FollowUp): { list: string; path: (string | number)[]; id: string }[] {
  const ids: { list: string; path: (string | number)[]; id: string }[] = [];
  for (const list of ["activities", "indicators", "committeeMembers", "meetings", "followUpActions"] as const)
    followUp[list].forEach((item, i) => {
      ids.push({ list, path: [list, i, "id"], id: item.id });
    });
  followUp.indicators.forEach((indicator, i) => {
    for (const [j, v] of indicator.values.entries())
      ids.push({ list: "indicatorValues", path: ["indicators", i, "values", j, "id"], id: v.id });
  });
  followUp.meetings.forEach((meeting, i) => {
    for (const [j, d] of meeting.decisions.entries())
      ids.push({ list: "decisions", path: ["meetings", i, "decisions", j, "id"], id: d.id });
  });
  return ids;
}

/**
 * A follow-up record points only inside its own agreement: an activity's plan and objectives,
 * an indicator's objective or activity (exactly one), a meeting's attendees, an action's decision.
 */
export function followUpReferenceIssues(
  agreement: FollowUp & { actionPlans: { id: string }[]; objectives: { id: string }[] },
): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const plans = new Set(agreement.actionPlans.map((p) => p.id));
  const aims = new Set(agreement.objectives.map((o) => o.id));
  const activityIds = new Set(agreement.activities.map((a) => a.id));
  const members = new Set(agreement.committeeMembers.map((m) => m.id));
  const decisionIds = new Set(agreement.meetings.flatMap((m) => m.decisions.map((d) => d.id)));
  const must = (ok: boolean, path: (string | number)[], message: string) => {
    if (!ok) issues.push({ path, message });
  };
  agreement.activities.forEach((a, i) => {
    must(plans.has(a.actionPlanId), ["activities", i, "actionPlanId"], "is not one of the agreement's plans");
    a.objectiveIds.forEach((id, j) => {
      must(aims.has(id), ["activities", i, "objectiveIds", j], "is not one of the agreement's objectives");
    });
  });
  agreement.indicators.forEach((indicator, i) => {
    must(
      (indicator.objectiveId === null) !== (indicator.activityId === null),
      ["indicators", i],
      "measures exactly one objective or one activity",
    );
    if (indicator.objectiveId !== null)
      must(
        aims.has(indicator.objectiveId),
        ["indicators", i, "objectiveId"],
        "is not one of the agreement's objectives",
      );
    if (indicator.activityId !== null)
      must(
        activityIds.has(indicator.activityId),
        ["indicators", i, "activityId"],
        "is not one of the agreement's activities",
      );
    const periods = new Set<string>();
    indicator.values.forEach((v, j) => {
      must(!periods.has(v.period), ["indicators", i, "values", j, "period"], "period is used twice");
      periods.add(v.period);
    });
  });
  agreement.meetings.forEach((m, i) => {
    m.attendeeMemberIds.forEach((id, j) => {
      must(
        members.has(id),
        ["meetings", i, "attendeeMemberIds", j],
        "is not a member of the agreement's committee",
      );
    });
  });
  agreement.followUpActions.forEach((action, i) => {
    if (action.decisionId !== null)
      must(
        decisionIds.has(action.decisionId),
        ["followUpActions", i, "decisionId"],
        "is not a decision of the agreement's meetings",
      );
  });
  return issues;
}
