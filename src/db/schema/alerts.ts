import { sql } from "drizzle-orm";
import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { agreements } from "./agreements.js";
import { users } from "./auth.js";
import type { LocalizedText } from "./common.js";

/*
 * Alerts: a daily evaluation finds every deadline that is near or passed (an alert), keeps one
 * row per cause and occurrence, and resolves the row once the cause is gone. Each person's
 * acknowledgements, snoozes and preferences sit beside it, and each email sent is recorded
 * per alert, person and stage, so that nothing is sent twice.
 */

export const alertKinds = [
  "agreement_expiry",
  "renewal_notice",
  "activity_overdue",
  "action_overdue",
  "indicator_due",
  "meeting_upcoming",
  "value_review",
] as const;
export type AlertKind = (typeof alertKinds)[number];

export const alertDeliveryModes = ["workspace", "email", "both", "none"] as const;
export type AlertDeliveryMode = (typeof alertDeliveryModes)[number];

export const digestStatuses = ["pending", "sending", "sent", "kept", "failed", "interrupted"] as const;
export type DigestStatus = (typeof digestStatuses)[number];

/** The lead times of each kind, set by an administrator; a missing row means the defaults. */
export const alertRules = pgTable("alert_rules", {
  kind: text("kind").$type<AlertKind>().primaryKey(),
  /** days before the deadline at which the alert opens, then steps up (e.g. {90,30,7}) */
  leadDays: integer("lead_days").array().notNull(),
  version: integer("version").notNull().default(1),
  updatedBy: text("updated_by"),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const alerts = pgTable(
  "alerts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").$type<AlertKind>().notNull(),
    /** the record the alert is about (agreement, activity, action, indicator, meeting, value) */
    subjectId: uuid("subject_id").notNull(),
    /** which deadline of the subject: its date, or an indicator's period */
    occurrence: text("occurrence").notNull(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreements.id, { onDelete: "cascade" }),
    dueOn: date("due_on").notNull(),
    /** the lead time reached (days before the deadline), or -1 once it has passed */
    stage: integer("stage").notNull(),
    /** the subject's name, for the alert centre and the digest */
    subjectTitle: jsonb("subject_title").$type<LocalizedText>().notNull(),
    /** what tells occurrences apart on screen: an indicator's period, a meeting's start */
    detail: text("detail").notNull().default(""),
    /** the record's workspace page under /{lang}/workspace/, e.g. "activities/<id>" */
    recordPath: text("record_path").notNull(),
    /** the focal points of these organisations are told, besides the secretariat */
    organizationIds: uuid("organization_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** a follow-up action's owner */
    ownerUserId: text("owner_user_id"),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    evaluatedAt: timestamp("evaluated_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("alerts_cause_uq").on(t.kind, t.subjectId, t.occurrence),
    index("alerts_open_idx").on(t.dueOn).where(sql`${t.resolvedAt} is null`),
    index("alerts_agreement_idx").on(t.agreementId),
  ],
);

export const alertUserStates = pgTable(
  "alert_user_states",
  {
    alertId: uuid("alert_id")
      .notNull()
      .references(() => alerts.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** hidden until the alert reaches a more urgent stage than this one */
    acknowledgedStage: integer("acknowledged_stage"),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    /** hidden until this day (Casablanca) */
    snoozedUntil: date("snoozed_until"),
  },
  (t) => [primaryKey({ columns: [t.alertId, t.userId] }), index("alert_user_states_user_idx").on(t.userId)],
);

export const alertPreferences = pgTable(
  "alert_preferences",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").$type<AlertKind>().notNull(),
    delivery: text("delivery").$type<AlertDeliveryMode>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** One email a day at most per person, holding every alert stage not yet sent to them. */
export const alertDigests = pgTable(
  "alert_digests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    digestOn: date("digest_on").notNull(),
    toAddress: text("to_address").notNull(),
    locale: text("locale").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    itemCount: integer("item_count").notNull(),
    status: text("status").$type<DigestStatus>().notNull().default("pending"),
    error: text("error"),
    /** sending attempts so far; a refused digest is tried again later, a few times */
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("alert_digests_user_day_uq").on(t.userId, t.digestOn),
    index("alert_digests_pending_idx").on(t.createdAt).where(sql`${t.status} in ('pending', 'failed')`),
  ],
);

export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    alertId: uuid("alert_id")
      .notNull()
      .references(() => alerts.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    stage: integer("stage").notNull(),
    digestId: uuid("digest_id")
      .notNull()
      .references(() => alertDigests.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.alertId, t.userId, t.stage] }),
    index("alert_deliveries_digest_idx").on(t.digestId),
  ],
);

/** One row per evaluated day: the scheduler runs a day once, and catches up after downtime. */
export const alertRuns = pgTable("alert_runs", {
  runOn: date("run_on").primaryKey(),
  trigger: text("trigger").notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
  finishedAt: timestamp("finished_at", { withTimezone: true }).notNull().defaultNow(),
  opened: integer("opened").notNull(),
  resolved: integer("resolved").notNull(),
  open: integer("open").notNull(),
  digests: integer("digests").notNull(),
});
