import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { Database } from "./client.js";
import { migrationsFolder } from "./client.js";
import { queryRows } from "./rows.js";

/**
 * The migrations this code ships, by the time drizzle records for each (`created_at` in its
 * table is the journal's `when`): what the database must hold for this code to run on it.
 */
const shippedMigrations = (
  JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, "utf8")) as {
    entries: { when: number }[];
  }
).entries.map((entry) => entry.when);

/** How long the check waits for the database: a server that does not answer is not ready. */
const ANSWER_WITHIN_MS = 5000;

export interface MigrationState {
  ok: boolean;
  /** migrations the database records */
  applied: number;
  /** migrations this code ships */
  expected: number;
  /** shipped migrations the database does not record */
  missing: number;
}

/**
 * Whether the database answers (within `withinMs`) and records every migration this code
 * ships. A database that also records newer ones (a newer version migrated it during a rolling
 * deployment) is still one this code runs on.
 */
export async function databaseIsMigrated(db: Database, withinMs = ANSWER_WITHIN_MS): Promise<MigrationState> {
  const unavailable = {
    ok: false,
    applied: 0,
    expected: shippedMigrations.length,
    missing: shippedMigrations.length,
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    const rows = await Promise.race([
      queryRows<{ created_at: string }>(
        db,
        sql`select created_at::text as created_at from drizzle.__drizzle_migrations`,
      ),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("the database did not answer")), withinMs);
      }),
    ]);
    const recorded = new Set(rows.map((row) => Number(row.created_at)));
    const missing = shippedMigrations.filter((when) => !recorded.has(when)).length;
    return { ok: missing === 0, applied: rows.length, expected: shippedMigrations.length, missing };
  } catch {
    return unavailable;
  } finally {
    clearTimeout(timer);
  }
}
