import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

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
