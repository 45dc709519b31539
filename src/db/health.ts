import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { Database } from "./client.js";
import { migrationsFolder } from "./client.js";

const expectedMigrations = (
  JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, "utf8")) as { entries: unknown[] }
).entries.length;

/** True when the database answers and every shipped migration has been applied. */
export async function databaseIsMigrated(
  db: Database,
): Promise<{ ok: boolean; applied: number; expected: number }> {
  try {
    const result = await db.execute<{ applied: number }>(
      sql`select count(*)::int as applied from drizzle.__drizzle_migrations`,
    );
    const applied = Number((result as unknown as { rows: { applied: number }[] }).rows[0]?.applied ?? 0);
    return { ok: applied >= expectedMigrations, applied, expected: expectedMigrations };
  } catch {
    return { ok: false, applied: 0, expected: expectedMigrations };
  }
}
