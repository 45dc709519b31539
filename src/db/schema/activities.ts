import { sql } from "drizzle-orm";
import {
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { agreements, objectives } from "./agreements.js";
import type { LocalizedText } from "./common.js";
import { organizations } from "./organizations.js";
import { searchWords } from "./search.js";
import { territories } from "./territories.js";

/*
 * The follow-up of an agreement's implementation: action plans hold activities (here),
 * indicators measure objectives or activities period by period (indicators.ts), and the
 * steering committee meets, decides, and hands out follow-up actions (meetings.ts). Figures
 * (completion, achievement, health) are computed from these rows, never stored.
 *
 * Documents (deliverables, evidence, minutes) stay owned by the agreement (documents with
 * owner_type "agreement"); the rows here point at them, so one policy decides who sees a file.
 */

/** An agreement's plan for a period (a year, or the whole term); its activities follow. */
export const actionPlans = pgTable(
  "action_plans",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreements.id, { onDelete: "cascade" }),
    title: jsonb("title").$type<LocalizedText>().notNull(),
    periodStart: date("period_start"),
    periodEnd: date("period_end"),
    version: integer("version").notNull().default(1),
    // The clock, not the transaction's start: rows created in one transaction (an import) keep
    // the order they were made in, which numbers them in the spreadsheet export.
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("action_plans_agreement_idx").on(t.agreementId)],
);

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
    // The clock, not the transaction's start: rows created in one transaction (an import) keep
    // the order they were made in, which numbers them in the spreadsheet export.
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** the words of its titles (src/search/words.ts), for the workspace's search */
    searchText: text("search_text").notNull().default(""),
  },
  (t) => [
    index("activities_agreement_idx").on(t.agreementId, t.plannedStart),
    // A small pending list, as agreement_search's (search.ts): PGlite never merges it.
    index("activities_words_idx")
      .using("gin", searchWords(t.searchText))
      .with({ gin_pending_list_limit: 256 }),
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
