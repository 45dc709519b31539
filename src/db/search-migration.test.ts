import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseBefore, type EarlierDatabase } from "../../test/earlier-database.js";
import type { DatabaseHandle } from "./client.js";
import { queryRows } from "./rows.js";

/*
 * A database made before the search text left the agreements (migrations up to 0008), with
 * agreements in it, migrated to today: every search text and visibility is carried over to
 * agreement_search, the kept counts start right, and the old columns are gone.
 */

let earlier: EarlierDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  earlier = await databaseBefore("_agreement_search");
  handle = earlier.handle;
});

afterAll(() => earlier?.dispose());

describe("the migration that moves the search text out of the agreements", () => {
  it("carries every text and visibility over, and starts the kept counts from the agreements", async () => {
    const { db } = handle;
    await db.execute(sql`insert into agreements (reference, kind, title, status, visibility, search_text)
      values ('OLD-1', 'mou', '{"fr": "Ancienne"}', 'in_force', 'public', 'old-1 ancienne convention safran'),
             ('OLD-2', 'mou', '{"fr": "Interne"}', 'in_force', 'internal', 'old-2 interne safran'),
             ('OLD-3', 'mou', '{"fr": "Brouillon"}', 'draft', 'public', 'old-3 brouillon')`);
    await handle.migrate();

    const carried = await queryRows<{ reference: string; visibility: string; search_text: string }>(
      db,
      sql`select a.reference, s.visibility, s.search_text from agreement_search s
        join agreements a on a.id = s.agreement_id order by a.reference`,
    );
    expect(carried).toEqual([
      { reference: "OLD-1", visibility: "public", search_text: "old-1 ancienne convention safran" },
      { reference: "OLD-2", visibility: "internal", search_text: "old-2 interne safran" },
      { reference: "OLD-3", visibility: "public", search_text: "old-3 brouillon" },
    ]);
    const counts = await queryRows<{ visibility: string; status: string; count: number }>(
      db,
      sql`select visibility, status, count from agreement_counts order by visibility, status`,
    );
    expect(counts).toEqual([
      { visibility: "internal", status: "in_force", count: 1 },
      { visibility: "public", status: "draft", count: 1 },
      { visibility: "public", status: "in_force", count: 1 },
    ]);
    const found = await queryRows<{ reference: string }>(
      db,
      sql`select a.reference from agreement_search s join agreements a on a.id = s.agreement_id
        where to_tsvector('simple', s.search_text) @@ to_tsquery('simple', 'safr:*') and s.visibility = 'public'`,
    );
    expect(found).toEqual([{ reference: "OLD-1" }]);
    const columns = await queryRows<{ column_name: string }>(
      db,
      sql`select column_name from information_schema.columns
        where table_name = 'agreements' and column_name like 'search%'`,
    );
    expect(columns).toEqual([]);
  });
});
