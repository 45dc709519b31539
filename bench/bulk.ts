import { getTableColumns, getTableName, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Database } from "../src/db/client.js";
import {
  actionPlans,
  activities,
  activityAttendance,
  activityObjectives,
  activityTerritories,
  committeeMembers,
  decisions,
  followUpActions,
  indicators,
  indicatorValues,
  meetingAttendees,
  meetings,
} from "../src/db/schema/index.js";
import type { FollowUp } from "./followup.js";

/**
 * Many rows per statement, passed as ONE JSON parameter and expanded by jsonb_to_recordset:
 * no per-row statement, no 65,535-parameter limit, and the same SQL on PGlite and PostgreSQL.
 * (Drizzle's multi-row VALUES builds a parameter per cell, which is what made the follow-up's
 * 700,000 rows slow to send, mostly on PGlite.)
 */
const ROWS_PER_STATEMENT = 5_000;

export async function insertRows<T extends PgTable>(
  db: Database,
  table: T,
  rows: readonly T["$inferInsert"][],
): Promise<void> {
  const first = rows[0] as Record<string, unknown> | undefined;
  if (!first) return;
  // The columns the rows set; the others take their defaults (version, timestamps…).
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => key in first);
  const names = columns.map(([, column]) => `"${column.name}"`).join(", ");
  const types = columns.map(([, column]) => `"${column.name}" ${column.getSQLType()}`).join(", ");
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT).map((row) => {
      const record = row as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, column] of columns) out[column.name] = record[key] ?? null;
      return out;
    });
    // ::text first, so that neither driver re-encodes the string as a JSON value.
    await db.execute(
      sql`insert into ${table} (${sql.raw(names)}) select ${sql.raw(names)} from jsonb_to_recordset(${JSON.stringify(chunk)}::text::jsonb) as r(${sql.raw(types)})`,
    );
  }
}

export interface TableLoad {
  table: string;
  rows: number;
  ms: number;
}

/** The follow-up, parents before children; the time each table took. */
export async function loadFollowUp(db: Database, followUp: FollowUp): Promise<TableLoad[]> {
  const steps: [PgTable, readonly object[]][] = [
    [actionPlans, followUp.actionPlans],
    [activities, followUp.activities],
    [activityObjectives, followUp.activityObjectives],
    [activityTerritories, followUp.activityTerritories],
    [activityAttendance, followUp.activityAttendance],
    [indicators, followUp.indicators],
    [indicatorValues, followUp.indicatorValues],
    [committeeMembers, followUp.committeeMembers],
    [meetings, followUp.meetings],
    [meetingAttendees, followUp.meetingAttendees],
    [decisions, followUp.decisions],
    [followUpActions, followUp.followUpActions],
  ];
  const loads: TableLoad[] = [];
  for (const [table, rows] of steps) {
    const started = performance.now();
    await insertRows(db, table, rows as PgTable["$inferInsert"][]);
    loads.push({ table: getTableName(table), rows: rows.length, ms: performance.now() - started });
  }
  return loads;
}
