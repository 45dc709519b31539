import { sql } from "drizzle-orm";
import {
  bigint,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import type { Visibility } from "./agreements.js";
import type { LocalizedText } from "./common.js";
import { searchWords } from "./search.js";

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
    /** the words of its titles and file name (src/search/words.ts); its text's are in document_text_parts */
    searchText: text("search_text").notNull().default(""),
  },
  (t) => [
    index("documents_owner_idx").on(t.ownerType, t.ownerId),
    index("documents_sha_idx").on(t.sha256),
    // A small pending list, as agreement_search's (search.ts): PGlite never merges it.
    index("documents_words_idx")
      .using("gin", searchWords(t.searchText))
      .with({ gin_pending_list_limit: 256 }),
    // The documents list's first order, newest first: a page is the first readable rows of the
    // index, not a sort of every document.
    index("documents_listed_idx")
      .on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.deletedAt} is null`),
  ],
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/**
 * The bytes of documents on a PostgreSQL server, where every process of `serve --workers` can
 * reach them (the embedded database keeps them in its data folder): kept by content, in pieces
 * read and written one at a time, so that no file is ever held whole in memory.
 */
export const documentChunks = pgTable(
  "document_chunks",
  {
    sha256: text("sha256").notNull(),
    /** 0, 1, 2…: the pieces in order */
    seq: integer("seq").notNull(),
    bytes: bytea("bytes").notNull(),
  },
  (t) => [primaryKey({ columns: [t.sha256, t.seq] })],
);
