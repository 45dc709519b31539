import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { agreements } from "./agreements.js";

/** What reading an uploaded agreement's text came to. */
export const readingStatuses = [
  /** its text was read and fields proposed */
  "read",
  /** a scan or an image in which no text was found (or recognised, where Tesseract is installed) */
  "no_text",
  /** the file could not be read (damaged, protected, too large) */
  "failed",
] as const;
export type ReadingStatus = (typeof readingStatuses)[number];

/**
 * A signed agreement uploaded to be read (src/documents/agreement-reading.*): its file (bytes
 * kept by SHA-256 like a document's), what reading it proposed, and, once staff have reviewed it
 * and created the agreement, that agreement (the file then becomes one of its documents).
 */
export const agreementReadings = pgTable(
  "agreement_readings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    fileName: text("file_name").notNull(),
    mediaType: text("media_type").notNull(),
    sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    status: text("status").$type<ReadingStatus>().notNull(),
    /** the pages read (a PDF's first 100 at most) and the document's own count */
    pagesRead: integer("pages_read"),
    pageCount: integer("page_count"),
    /** why it could not be read, or what was left out (in English, for staff and the logs) */
    problem: text("problem"),
    /** the proposals, as src/reading/read-agreement.ts makes them; written by the reading service only */
    proposals: jsonb("proposals").notNull(),
    uploadedBy: text("uploaded_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    agreementId: uuid("agreement_id").references(() => agreements.id, { onDelete: "set null" }),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [index("agreement_readings_created_idx").on(t.createdAt)],
);
