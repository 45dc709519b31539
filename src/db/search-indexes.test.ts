import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import type { DatabaseHandle } from "./client.js";
import { queryRows } from "./rows.js";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe("the words' indexes", () => {
  /*
   * A GIN index keeps new entries in a pending list that every search reads whole, until VACUUM
   * merges it (PGlite never does; nor does a server with autovacuum off) or it outgrows its
   * limit: 4 MB by default, 2 ms for a search that matched nothing in 100,000 activities.
   */
  it("keep a small pending list on every text-search index", async () => {
    const indexes = await queryRows<{ name: string; options: string[] | null }>(
      handle.db,
      sql`select c.relname as name, c.reloptions as options
        from pg_class c join pg_am am on am.oid = c.relam join pg_index i on i.indexrelid = c.oid
        join pg_class t on t.oid = i.indrelid
        where am.amname = 'gin' and c.relnamespace = 'public'::regnamespace
          and pg_get_indexdef(c.oid) ~ 'tsvector|words'`,
    );
    expect(indexes.map((index) => index.name).sort()).toEqual([
      "activities_words_idx",
      "agreement_search_party_words_idx",
      "agreement_search_title_words_idx",
      "agreement_search_words_idx",
      "document_text_parts_words_idx",
      "documents_words_idx",
      "meetings_words_idx",
      "organization_search_stored_words_idx",
    ]);
    for (const index of indexes)
      expect(index.options ?? [], index.name).toContain("gin_pending_list_limit=256");
  });
});
