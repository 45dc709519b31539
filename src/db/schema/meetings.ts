import { sql } from "drizzle-orm";
import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { agreements } from "./agreements.js";
import { users } from "./auth.js";
import type { LocalizedText } from "./common.js";
import { documents } from "./documents.js";
import { organizations } from "./organizations.js";
import { searchWords } from "./search.js";

/* The steering committee: its members, meetings, decisions and follow-up actions. */

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
    // The clock, not the transaction's start: meetings created in one transaction (an import)
    // keep their order, which numbers two meetings at the same hour in the spreadsheet export.
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** the words of its title, agenda and place (src/search/words.ts), for the workspace's search */
    searchText: text("search_text").notNull().default(""),
  },
  (t) => [
    index("meetings_agreement_idx").on(t.agreementId, t.startsAt),
    // A small pending list, as agreement_search's (search.ts): PGlite never merges it.
    index("meetings_words_idx").using("gin", searchWords(t.searchText)).with({ gin_pending_list_limit: 256 }),
  ],
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
