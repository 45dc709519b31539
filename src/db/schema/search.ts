import { type SQL, sql } from "drizzle-orm";
import { type AnyPgColumn, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { agreements, type Visibility } from "./agreements.js";

/**
 * The words of a text as full-text search sees them: the simple configuration (no stemming, so
 * Arabic, French and English are treated alike). The index and every query use this one
 * expression; a query that wrote it differently would not use the index.
 */
export const searchWords = (column: AnyPgColumn | SQL): SQL => sql`to_tsvector('simple', ${column})`;

/**
 * What an agreement is searched by, apart from the agreement: its search text is large and only
 * the database reads it, so the rows that listings read stay small. The index holds the words
 * (no stored vector): a query finds matches in the index and never reads the text, and the
 * planner, which knows that computing the words is costly, does not read the table instead.
 * `visibility` is the agreement's (a trigger keeps it in step), so the public's search and its
 * count are answered from this table and its index alone.
 */
export const agreementSearch = pgTable(
  "agreement_search",
  {
    agreementId: uuid("agreement_id")
      .primaryKey()
      .references(() => agreements.id, { onDelete: "cascade" }),
    visibility: text("visibility").$type<Visibility>().notNull(),
    /** reference, every language's title, summary and objectives, parties' names and acronyms, lower case */
    searchText: text("search_text").notNull(),
  },
  (t) => [
    // New entries wait in a pending list that every search reads whole until it is merged into
    // the index: by VACUUM, which PGlite never runs, or once the list outgrows this limit (kB;
    // 4 MB by default, when a search read hundreds of pages of it). 256 kB keeps bulk inserts
    // batched (a registry import) and a search's extra reading small.
    index("agreement_search_words_idx")
      .using("gin", searchWords(t.searchText))
      .with({ gin_pending_list_limit: 256 }),
  ],
);
