import { type SQL, sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  customType,
  index,
  integer,
  pgTable,
  text,
  uuid,
} from "drizzle-orm/pg-core";
import { agreements, type Visibility } from "./agreements.js";
import { organizations } from "./organizations.js";

/**
 * The words of a text as full-text search sees them: the simple configuration (no stemming, so
 * Arabic, French and English are treated alike). The index and every query use this one
 * expression; a query that wrote it differently would not use the index.
 */
export const searchWords = (column: AnyPgColumn | SQL): SQL => sql`to_tsvector('simple', ${column})`;

/** A text-search vector, written by the database (to_tsvector) and only read by it. */
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

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
    /**
     * The words the agreement is found by (src/search/words.ts: folded, with their stems and
     * bases), from its reference, texts, parties, territories, themes, kind and activities
     */
    searchText: text("search_text").notNull(),
    /** the reference as a query is compared whole (referenceKey): an exact reference ranks first */
    referenceKey: text("reference_key").notNull().default(""),
    /**
     * For ranking, and for suggestions (titles and parties only): the words of the titles and
     * reference, of the parties' names and of the objectives. Small, kept as vectors so that
     * ranking a thousand matches costs no parsing.
     */
    titleWords: tsvector("title_words").notNull().default(sql`''::tsvector`),
    partyWords: tsvector("party_words").notNull().default(sql`''::tsvector`),
    objectiveWords: tsvector("objective_words").notNull().default(sql`''::tsvector`),
  },
  (t) => [
    // New entries wait in a pending list that every search reads whole until it is merged into
    // the index: by VACUUM, which PGlite never runs, or once the list outgrows this limit (kB;
    // 4 MB by default, when a search read hundreds of pages of it). 256 kB keeps bulk inserts
    // batched (a registry import) and a search's extra reading small.
    index("agreement_search_words_idx")
      .using("gin", searchWords(t.searchText))
      .with({ gin_pending_list_limit: 256 }),
    // Suggestions as you type look in titles and parties' names only: two letters are the start
    // of few of their words, and of thousands of the whole text's.
    index("agreement_search_title_words_idx")
      .using("gin", t.titleWords)
      .with({ gin_pending_list_limit: 256 }),
    index("agreement_search_party_words_idx")
      .using("gin", t.partyWords)
      .with({ gin_pending_list_limit: 256 }),
  ],
);

/**
 * The words of agreements' titles and parties' names, each once: what a mistyped word is
 * corrected to (by trigram similarity) when a search finds nothing. Words are added, never
 * removed; a correction only shows when it finds agreements the person may read, so a word
 * that is no longer used, or used only where the person cannot see, corrects nothing.
 */
export const searchTerms = pgTable("search_terms", { term: text("term").primaryKey() }, (t) => [
  index("search_terms_trgm_idx").using("gin", sql`${t.term} gin_trgm_ops`),
]);

/**
 * In which format the search rows were made (src/search/reindex.ts): one row. Not a setting,
 * so that no export or restore carries it from one database to another.
 */
export const searchFormat = pgTable(
  "search_format",
  {
    only: boolean("only").primaryKey().default(true),
    format: integer("format").notNull(),
  },
  (t) => [check("search_format_one_row", sql`${t.only}`)],
);

/**
 * What an organisation is found by as you type (its names in every language and its acronym,
 * as src/search/words.ts makes them), beside the organisation so that its rows stay as they are.
 */
export const organizationSearch = pgTable(
  "organization_search",
  {
    organizationId: uuid("organization_id")
      .primaryKey()
      .references(() => organizations.id, { onDelete: "cascade" }),
    searchText: text("search_text").notNull(),
    /**
     * Its words, stored: suggestions look in a few hundred organisations, where the planner reads
     * them all rather than the index, and computing each one's words on the fly cost 11 ms.
     */
    words: tsvector("words").notNull().generatedAlwaysAs(sql`to_tsvector('simple', search_text)`),
  },
  (t) => [
    index("organization_search_stored_words_idx").using("gin", t.words).with({ gin_pending_list_limit: 256 }),
  ],
);
