import { index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { searchWords } from "./search.js";

/** What reading a document's text came to (src/documents/document-text.*). */
export const documentTextStatuses = [
  /** waiting to be read (a large file, read after its upload) */
  "pending",
  /** read: its parts hold the text */
  "extracted",
  /** a readable file with no text in it: a scanned PDF without a text layer, an image */
  "no_text",
  /** the file could not be read (damaged, protected, too large once unpacked) */
  "failed",
] as const;
export type DocumentTextStatus = (typeof documentTextStatuses)[number];

/**
 * The text of a document's content, kept by the content's SHA-256 like its bytes: the same file
 * uploaded twice is read once. Who may find it is decided by the documents that hold the content
 * (their owner and visibility), never by this row.
 */
export const documentTexts = pgTable("document_texts", {
  sha256: text("sha256").primaryKey(),
  status: text("status").$type<DocumentTextStatus>().notNull(),
  /** a PDF's pages; null for a file without pages (DOCX, ODT) */
  pageCount: integer("page_count"),
  /** why it failed, for the logs and the administrator (never shown to the public) */
  problem: text("problem"),
  readAt: timestamp("read_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A document's text in parts: a PDF's pages one by one (so a hit names its page), a text
 * document in parts of a few thousand characters at paragraph ends. `search_text` holds the
 * words as src/search/words.ts makes them, indexed like an agreement's.
 */
export const documentTextParts = pgTable(
  "document_text_parts",
  {
    sha256: text("sha256")
      .notNull()
      .references(() => documentTexts.sha256, { onDelete: "cascade" }),
    /** 1, 2, 3…: the parts in order */
    part: integer("part").notNull(),
    /** the PDF page the part is; null in a file without pages */
    page: integer("page"),
    text: text("text").notNull(),
    searchText: text("search_text").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sha256, t.part] }),
    index("document_text_parts_words_idx")
      .using("gin", searchWords(t.searchText))
      .with({ gin_pending_list_limit: 256 }),
  ],
);
