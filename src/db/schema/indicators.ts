import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { activities } from "./activities.js";
import { agreements, objectives } from "./agreements.js";
import type { LocalizedText } from "./common.js";
import { documents } from "./documents.js";
import { organizations } from "./organizations.js";

/* Indicators on objectives or activities, and their values period by period (with review). */

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
    // The clock, not the transaction's start: rows created in one transaction (an import) keep
    // the order they were made in, which numbers them in the spreadsheet export.
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
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
