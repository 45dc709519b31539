import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { Visibility } from "./agreements.js";
import type { LocalizedText } from "./common.js";

export const documentKinds = [
  "signed_agreement",
  "amendment",
  "annex",
  "minutes",
  "report",
  "other",
] as const;
export type DocumentKind = (typeof documentKinds)[number];

/**
 * A file attached to a record (an agreement, an organisation…). The bytes live in the data
 * folder under their SHA-256; this row says what they are and who may see them.
 */
export const documents = pgTable(
  "documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** "agreement" | "organization" | … */
    ownerType: text("owner_type").notNull(),
    ownerId: text("owner_id").notNull(),
    kind: text("kind").$type<DocumentKind>().notNull(),
    title: jsonb("title").$type<LocalizedText>().notNull(),
    /** the name it was uploaded with, cleaned; never used as a path */
    fileName: text("file_name").notNull(),
    /** detected from the content, not from the name */
    mediaType: text("media_type").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    visibility: text("visibility").$type<Visibility>().notNull().default("internal"),
    uploadedBy: text("uploaded_by").notNull(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [index("documents_owner_idx").on(t.ownerType, t.ownerId), index("documents_sha_idx").on(t.sha256)],
);

/**
 * Emails waiting to go, or kept when no SMTP server is configured (the embedded default):
 * an administrator reads them in the workspace.
 */
export const outboxEmails = pgTable(
  "outbox_emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body"),
    /** what the email is about, e.g. "password_reset"; secrets are never logged from here */
    purpose: text("purpose").notNull(),
    status: text("status").$type<"kept" | "sent" | "failed">().notNull(),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [index("outbox_created_idx").on(t.createdAt)],
);
