import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { actionPlans, agreements, objectives } from "./agreements.js";
import { users } from "./auth.js";
import type { LocalizedText } from "./common.js";
import { documents } from "./documents.js";
import { organizations } from "./organizations.js";
import { territories } from "./territories.js";

/*
 * The follow-up of an agreement's implementation: action plans hold activities, indicators
 * measure objectives or activities period by period, and the steering committee meets,
 * decides, and hands out follow-up actions. Figures (completion, achievement, health) are
 * computed from these rows, never stored.
 *
 * Documents (deliverables, evidence, minutes) stay owned by the agreement (documents with
 * owner_type "agreement"); the rows here point at them, so one policy decides who sees a file.
 */

export const activityKinds = [
  "meeting",
  "training",
  "study",
  "research",
  "event",
  "programme",
  "social_intervention",
  "publication",
] as const;
export type ActivityKind = (typeof activityKinds)[number];

export const activityStatuses = ["planned", "ongoing", "done", "postponed", "cancelled"] as const;
export type ActivityStatus = (typeof activityStatuses)[number];

/** Who an activity is for; the seed names the first four. */
export const targetGroups = [
  "neet_youth",
  "children_precarious",
  "council_presidents",
  "council_staff",
  "students",
  "researchers",
  "women",
  "elected_officials",
  "general_public",
] as const;
export type TargetGroup = (typeof targetGroups)[number];

export const activities = pgTable(
  "activities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreements.id, { onDelete: "cascade" }),
    /**
     * A plan with activities cannot be deleted on its own: its activities would lose their
     * period. "no action" (checked at the statement's end, unlike "restrict") still lets a
     * draft agreement's deletion cascade to both.
     */
    actionPlanId: uuid("action_plan_id")
      .notNull()
      .references(() => actionPlans.id, { onDelete: "no action" }),
    kind: text("kind").$type<ActivityKind>().notNull(),
    title: jsonb("title").$type<LocalizedText>().notNull(),
    description: jsonb("description").$type<LocalizedText>().notNull().default({}),
    /** the party that carries it out, and whose focal point reports on it */
    responsibleOrganizationId: uuid("responsible_organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "restrict" }),
    status: text("status").$type<ActivityStatus>().notNull().default("planned"),
    targetGroups: text("target_groups").array().$type<TargetGroup[]>().notNull().default(sql`'{}'::text[]`),
    plannedStart: date("planned_start"),
    plannedEnd: date("planned_end"),
    actualStart: date("actual_start"),
    actualEnd: date("actual_end"),
    /** MAD */
    budgetPlanned: numeric("budget_planned", { precision: 16, scale: 2 }).notNull().default("0"),
    budgetSpent: numeric("budget_spent", { precision: 16, scale: 2 }).notNull().default("0"),
    participantCount: integer("participant_count"),
    deliverables: jsonb("deliverables").$type<LocalizedText>().notNull().default({}),
    /** the agreement's documents this activity produced (reports, lists of attendance…) */
    documentIds: uuid("document_ids").array().notNull().default(sql`'{}'::uuid[]`),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("activities_agreement_idx").on(t.agreementId, t.plannedStart),
    index("activities_plan_idx").on(t.actionPlanId),
    index("activities_responsible_idx").on(t.responsibleOrganizationId, t.status),
    // Overdue activities: planned end passed, still open.
    index("activities_open_end_idx")
      .on(t.plannedEnd)
      .where(sql`status in ('planned', 'ongoing', 'postponed')`),
  ],
);

/** The objectives an activity serves (of its own agreement). */
export const activityObjectives = pgTable(
  "activity_objectives",
  {
    activityId: uuid("activity_id")
      .notNull()
      .references(() => activities.id, { onDelete: "cascade" }),
    objectiveId: uuid("objective_id")
      .notNull()
      .references(() => objectives.id, { onDelete: "no action" }),
  },
  (t) => [
    primaryKey({ columns: [t.activityId, t.objectiveId] }),
    index("activity_objectives_objective_idx").on(t.objectiveId),
  ],
);

/** Where an activity takes place or whom it reaches; none means wherever its agreement reaches. */
export const activityTerritories = pgTable(
  "activity_territories",
  {
    activityId: uuid("activity_id")
      .notNull()
      .references(() => activities.id, { onDelete: "cascade" }),
    territoryCode: text("territory_code")
      .notNull()
      .references(() => territories.code, { onDelete: "restrict" }),
  },
  (t) => [
    primaryKey({ columns: [t.activityId, t.territoryCode] }),
    index("activity_territories_code_idx").on(t.territoryCode),
  ],
);

/** The council presidents who attended, by their prefecture or province. */
export const activityAttendance = pgTable(
  "activity_attendance",
  {
    activityId: uuid("activity_id")
      .notNull()
      .references(() => activities.id, { onDelete: "cascade" }),
    territoryCode: text("territory_code")
      .notNull()
      .references(() => territories.code, { onDelete: "restrict" }),
    recordedBy: text("recorded_by").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.activityId, t.territoryCode] }),
    index("activity_attendance_code_idx").on(t.territoryCode),
  ],
);

export const indicatorDirections = ["increase", "decrease"] as const;
export type IndicatorDirection = (typeof indicatorDirections)[number];
export const indicatorFrequencies = ["quarterly", "half_yearly", "yearly"] as const;
export type IndicatorFrequency = (typeof indicatorFrequencies)[number];
/** cumulative: the periods' values add up (people trained); latest: the last period's value is the state (a rate) */
export const indicatorAggregations = ["cumulative", "latest"] as const;
export type IndicatorAggregation = (typeof indicatorAggregations)[number];

export const indicators = pgTable(
  "indicators",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreements.id, { onDelete: "cascade" }),
    objectiveId: uuid("objective_id").references(() => objectives.id, { onDelete: "no action" }),
    activityId: uuid("activity_id").references(() => activities.id, { onDelete: "no action" }),
    name: jsonb("name").$type<LocalizedText>().notNull(),
    unit: jsonb("unit").$type<LocalizedText>().notNull().default({}),
    direction: text("direction").$type<IndicatorDirection>().notNull(),
    baselineValue: numeric("baseline_value", { precision: 18, scale: 4 }).notNull(),
    baselineOn: date("baseline_on"),
    targetValue: numeric("target_value", { precision: 18, scale: 4 }).notNull(),
    targetOn: date("target_on"),
    frequency: text("frequency").$type<IndicatorFrequency>().notNull(),
    aggregation: text("aggregation").$type<IndicatorAggregation>().notNull(),
    /** whose focal point reports the values */
    responsibleOrganizationId: uuid("responsible_organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "restrict" }),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("indicators_agreement_idx").on(t.agreementId),
    index("indicators_objective_idx").on(t.objectiveId),
    index("indicators_activity_idx").on(t.activityId),
    index("indicators_responsible_idx").on(t.responsibleOrganizationId),
    check("indicators_measures_one", sql`(objective_id is null) <> (activity_id is null)`),
  ],
);

export const indicatorValueStatuses = ["submitted", "approved", "returned"] as const;
export type IndicatorValueStatus = (typeof indicatorValueStatuses)[number];

/** One period's value. Only approved values count in the figures. */
export const indicatorValues = pgTable(
  "indicator_values",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    indicatorId: uuid("indicator_id")
      .notNull()
      .references(() => indicators.id, { onDelete: "cascade" }),
    /** "2026" (yearly), "2026-H1" (half-yearly), "2026-Q3" (quarterly) */
    period: text("period").notNull(),
    periodStart: date("period_start").notNull(),
    periodEnd: date("period_end").notNull(),
    value: numeric("value", { precision: 18, scale: 4 }).notNull(),
    source: text("source").notNull().default(""),
    /** internal: never on the portal */
    comment: text("comment").notNull().default(""),
    evidenceDocumentId: uuid("evidence_document_id").references(() => documents.id, { onDelete: "set null" }),
    status: text("status").$type<IndicatorValueStatus>().notNull(),
    returnReason: text("return_reason"),
    enteredBy: text("entered_by").notNull(),
    enteredAt: timestamp("entered_at", { withTimezone: true }).notNull().defaultNow(),
    reviewedBy: text("reviewed_by"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("indicator_values_period_uq").on(t.indicatorId, t.period),
    // The review queue, oldest first: read in order from the index, never sorted.
    index("indicator_values_review_queue_idx").on(t.enteredAt, t.id).where(sql`status = 'submitted'`),
  ],
);

export const committeeRoles = ["chair", "member", "secretary", "observer"] as const;
export type CommitteeRole = (typeof committeeRoles)[number];

/** The agreement's steering committee. */
export const committeeMembers = pgTable(
  "committee_members",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreements.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "restrict" }),
    fullName: text("full_name").notNull(),
    role: text("role").$type<CommitteeRole>().notNull().default("member"),
    position: integer("position").notNull().default(0),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("committee_members_agreement_idx").on(t.agreementId, t.position)],
);

export const meetingStatuses = ["planned", "held", "cancelled"] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];

export const meetings = pgTable(
  "meetings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreements.id, { onDelete: "cascade" }),
    title: jsonb("title").$type<LocalizedText>().notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    place: text("place").notNull().default(""),
    status: text("status").$type<MeetingStatus>().notNull().default("planned"),
    agenda: jsonb("agenda").$type<LocalizedText>().notNull().default({}),
    minutesDocumentId: uuid("minutes_document_id").references(() => documents.id, { onDelete: "set null" }),
    /** people present who are not committee members */
    otherAttendees: text("other_attendees").notNull().default(""),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("meetings_agreement_idx").on(t.agreementId, t.startsAt)],
);

export const meetingAttendees = pgTable(
  "meeting_attendees",
  {
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    memberId: uuid("member_id")
      .notNull()
      .references(() => committeeMembers.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.memberId] })],
);

export const decisions = pgTable(
  "decisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreements.id, { onDelete: "cascade" }),
    position: integer("position").notNull().default(0),
    text: jsonb("text").$type<LocalizedText>().notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("decisions_meeting_idx").on(t.meetingId, t.position)],
);

export const actionStatuses = ["open", "in_progress", "done", "cancelled"] as const;
export type ActionStatus = (typeof actionStatuses)[number];

/** A follow-up action, usually born of a committee decision; it shows up until done. */
export const followUpActions = pgTable(
  "follow_up_actions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreements.id, { onDelete: "cascade" }),
    decisionId: uuid("decision_id").references(() => decisions.id, { onDelete: "set null" }),
    description: jsonb("description").$type<LocalizedText>().notNull(),
    /** the organisation answerable for it (its focal point updates it) */
    ownerOrganizationId: uuid("owner_organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "restrict" }),
    /** optionally, the person within it */
    ownerUserId: text("owner_user_id").references(() => users.id, { onDelete: "set null" }),
    dueOn: date("due_on").notNull(),
    status: text("status").$type<ActionStatus>().notNull().default("open"),
    doneOn: date("done_on"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("follow_up_actions_agreement_idx").on(t.agreementId),
    index("follow_up_actions_owner_idx").on(t.ownerOrganizationId, t.status),
    index("follow_up_actions_user_idx").on(t.ownerUserId),
    index("follow_up_actions_decision_idx").on(t.decisionId),
  ],
);
