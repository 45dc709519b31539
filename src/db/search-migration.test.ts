import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onServer } from "../../test/migrated-databases.js";
import { testSettings } from "../../test/settings.js";
import { type DatabaseHandle, migrationsFolder, openDatabase } from "./client.js";
import { queryRows } from "./rows.js";

/*
 * A database made before the search text left the agreements (migrations up to 0008), with
 * agreements in it, migrated to today: every search text and visibility is carried over to
 * agreement_search, the kept counts start right, and the old columns are gone.
 */

const settings = testSettings();
let handle: DatabaseHandle;
let dropServerDatabase: (() => Promise<void>) | undefined;
let earlier: string;

/** The migrations folder as it was before agreement_search: its files and a shortened journal. */
function migrationsBeforeSearchTable(): string {
  const folder = mkdtempSync(path.join(tmpdir(), "sharaka-migrations-"));
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalPath = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((entry) => entry.tag.endsWith("_agreement_search"));
  expect(cut).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

beforeAll(async () => {
  earlier = migrationsBeforeSearchTable();
  if (settings.driver === "pglite") {
    handle = await openDatabase({ driver: "pglite" });
    await migratePglite(handle.db as never, { migrationsFolder: earlier });
    return;
  }
  const serverUrl = settings.databaseUrl as string;
  const name = `sharaka_test_${randomBytes(6).toString("hex")}`;
  await onServer(serverUrl, `create database ${name}`);
  dropServerDatabase = () => onServer(serverUrl, `drop database if exists ${name} with (force)`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  handle = await openDatabase({ driver: "pg", url: url.toString(), poolSize: 2 });
  await migratePg(handle.db as never, { migrationsFolder: earlier });
});

afterAll(async () => {
  await handle?.close();
  await dropServerDatabase?.();
  if (earlier) rmSync(earlier, { recursive: true, force: true });
});

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
