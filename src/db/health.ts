import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { Database } from "./client.js";
import { migrationsFolder } from "./client.js";
import { queryRows } from "./rows.js";

const expectedMigrations = (
  JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, "utf8")) as { entries: unknown[] }
).entries.length;

/** True when the database answers and every shipped migration has been applied. */
export async function databaseIsMigrated(
  db: Database,
): Promise<{ ok: boolean; applied: number; expected: number }> {
  try {
    const [row] = await queryRows<{ applied: number }>(
      db,
      sql`select count(*)::int as applied from drizzle.__drizzle_migrations`,
    );
    const applied = Number(row?.applied ?? 0);
    return { ok: applied >= expectedMigrations, applied, expected: expectedMigrations };
  } catch {
    return { ok: false, applied: 0, expected: expectedMigrations };
  }
}
