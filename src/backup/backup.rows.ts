/**
 * Whole tables as JSON rows and back, for the parts of a backup that are not the registry
 * (accounts, documents' records, alerts' state): every column under its database name, as
 * PostgreSQL's to_jsonb writes it (timestamps to the microsecond with their offset, numbers
 * exact), read back by jsonb_populate_recordset, so nothing is lost or converted in between.
 */
import { type SQL, sql } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "../db/client.js";
import { AppError } from "../shared/errors.js";

export type Row = Record<string, unknown>;

const rowsOf = (result: unknown): Row[] => ((result as { rows?: Row[] }).rows ?? (result as Row[])) as Row[];

/** Every row of a table, in the order of `orderBy` (its key), so two backups of one state match. */
export async function dumpTable(db: Executor, table: PgTable, orderBy: SQL): Promise<Row[]> {
  const result = await db.execute(
    sql`select coalesce(jsonb_agg(to_jsonb(t) order by ${orderBy}), '[]'::jsonb) as rows from ${table} t`,
  );
  const [first] = rowsOf(result);
  const value = first?.rows;
  return (typeof value === "string" ? JSON.parse(value) : value) as Row[];
}

export const columnNames = (table: PgTable): string[] => getTableConfig(table).columns.map((c) => c.name);

/**
 * The columns added to a table since backups were first made, each with the value the migration
 * that added it gave the rows it found: an older backup's rows take it. Any other missing column
 * is a damaged backup.
 */
const addedColumns: Record<string, Record<string, unknown>> = {
  // migration 0028: the translator permission
  users: { translates: [] },
};
/**
 * Checks that `rows` are a list of objects with exactly the table's columns (a backup's part is
 * strict, like the registry document), naming the first problem; a column added since the backup
 * was made takes the value its migration gave (addedColumns).
 */
export function checkRows(part: string, name: string, table: PgTable, rows: unknown): Row[] {
  const refuse = (message: string) =>
    new AppError(
      "import_invalid",
      `The backup's ${part} is not valid: ${name}${message}; nothing was restored`,
    );
  if (!Array.isArray(rows)) throw refuse(": must be a list of rows");
  const columns = columnNames(table);
  const expected = new Set(columns);
  const added = Object.entries(addedColumns[getTableConfig(table).name] ?? {});
  rows.forEach((row, i) => {
    if (typeof row !== "object" || row === null || Array.isArray(row))
      throw refuse(`[${i}]: must be an object`);
    const keys = Object.keys(row);
    const unknown = keys.find((key) => !expected.has(key));
    if (unknown) throw refuse(`[${i}]: unknown column "${unknown}"`);
    for (const [column, value] of added) if (!(column in row)) (row as Row)[column] = value;
    const missing = columns.find((column) => !(column in row));
    if (missing) throw refuse(`[${i}]: missing column "${missing}"`);
  });
  return rows as Row[];
}

/** Inserts rows as they were dumped, a thousand at a time. */
export async function loadTable(db: Executor, table: PgTable, rows: Row[]): Promise<void> {
  for (let at = 0; at < rows.length; at += 1000) {
    const part = JSON.stringify(rows.slice(at, at + 1000));
    await db.execute(
      sql`insert into ${table} select * from jsonb_populate_recordset(null::${table}, ${part}::jsonb)`,
    );
  }
}
