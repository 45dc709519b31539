import { type Column, getTableColumns, is, type SQL, sql } from "drizzle-orm";
import {
  PgArray,
  PgBigInt53,
  PgBigSerial53,
  PgBoolean,
  PgDateString,
  PgInteger,
  PgJsonb,
  PgNumeric,
  type PgTable,
  PgText,
  PgTimestamp,
  PgUUID,
} from "drizzle-orm/pg-core";
import { chunks } from "../shared/collections.js";
import type { Executor } from "./client.js";
import { jsonRow, parseJson } from "./json-rows.js";
import { queryRows } from "./rows.js";

/*
 * Many rows of one table written by one statement whose values travel as a single JSON parameter
 * (`insert … select … from json_populate_recordset(null::table, $1)`), for the services that make
 * thousands of records at once (a spreadsheet import). Drizzle's `insert(…).values(rows)` builds
 * one parameter per cell and walks each through its query builder: at 56,000 rows that was 3 s
 * of a 20 s import, more than the database took to write them. Only the columns a row gives are
 * written, so the others take their database default, as with `values()`. Only the column types
 * below are known: any other fails at once, not with a silently different value.
 */

type Encode = (value: unknown) => unknown;
const keep: Encode = (value) => value;

/** A cell as JSON that json_populate_recordset reads back as the column's value. */
function encoderOf(column: Column): Encode | undefined {
  if (is(column, PgTimestamp)) return (value) => (value instanceof Date ? value.toISOString() : value);
  if (is(column, PgArray)) {
    const item = encoderOf(column.baseColumn);
    return item && ((value) => (Array.isArray(value) ? value.map(item) : value));
  }
  // A numeric written as a JSON number could lose its scale ("1500.00"): text keeps it.
  if (is(column, PgNumeric)) return (value) => (typeof value === "number" ? String(value) : value);
  // A jsonb cell is the JSON value itself (an object, an array, a string…), not its text.
  for (const known of [
    PgUUID,
    PgText,
    PgInteger,
    PgBigInt53,
    PgBigSerial53,
    PgBoolean,
    PgJsonb,
    PgDateString,
  ])
    if (is(column, known)) return keep;
  return undefined;
}

interface TablePlan {
  /** `encode` is missing for a type JSON cannot carry here: such a column can only be left out */
  columns: { key: string; name: string; type: string; encode: Encode | undefined }[];
}
const plans = new WeakMap<PgTable, TablePlan>();

function planOf(table: PgTable): TablePlan {
  let plan = plans.get(table);
  if (!plan) {
    const columns = Object.entries(getTableColumns(table)).map(([key, column]) => ({
      key,
      name: column.name,
      type: column.columnType,
      encode: encoderOf(column),
    }));
    plan = { columns };
    plans.set(table, plan);
  }
  return plan;
}

export interface InsertManyOptions<Key extends string> {
  /**
   * A timestamp column set to the statement's clock plus a microsecond per row, so that rows
   * written together never tie and keep the order they were given in (records are numbered by
   * their creation, as the spreadsheet export numbers them).
   */
  inOrder?: Key;
  /** rows per statement */
  perStatement?: number;
}

/**
 * Inserts `rows` into `table`, a few hundred a statement; nothing when the list is empty. A row
 * that gives other columns than the row before it starts a new statement (a column a row leaves
 * out takes its default, never a null).
 */
export async function insertMany<T extends PgTable>(
  db: Executor,
  table: T,
  rows: readonly T["$inferInsert"][],
  options: InsertManyOptions<keyof T["$inferInsert"] & string> = {},
): Promise<void> {
  for (const statement of statementsOf(table, rows, options)) await db.execute(statement);
}

/** As `insertMany`, answering the rows written (as `insert(…).returning()` would), in the order given. */
export async function insertManyReturning<T extends PgTable>(
  db: Executor,
  table: T,
  rows: readonly T["$inferInsert"][],
  options: InsertManyOptions<keyof T["$inferInsert"] & string> = {},
): Promise<T["$inferSelect"][]> {
  const shape = jsonRow(table);
  const written: T["$inferSelect"][] = [];
  for (const statement of statementsOf(table, rows, options)) {
    const answered = await queryRows<{ row: unknown }>(
      db,
      sql`${statement} returning ${shape.object} as "row"`,
    );
    for (const { row } of answered) written.push(shape.decode(parseJson(row)));
  }
  return written;
}

/** The statements, each made when the one before it has run: one part's JSON alive at a time. */
function* statementsOf<T extends PgTable>(
  table: T,
  rows: readonly T["$inferInsert"][],
  { inOrder, perStatement = 500 }: InsertManyOptions<string>,
): Generator<SQL> {
  const { columns } = planOf(table);
  // Consecutive rows that give the same columns share statements: the rows keep the order given.
  const runs: { signature: string; given: typeof columns; rows: Record<string, unknown>[] }[] = [];
  for (const row of rows as readonly Record<string, unknown>[]) {
    const given = columns.filter(({ key }) => key !== inOrder && row[key] !== undefined);
    const signature = given.map(({ key }) => key).join(",");
    const last = runs.at(-1);
    if (last?.signature === signature) last.rows.push(row);
    else runs.push({ signature, given, rows: [row] });
  }
  const ordered = inOrder ? columns.find(({ key }) => key === inOrder) : undefined;
  if (inOrder && !ordered) throw new Error(`insertMany: ${inOrder} is not a column`);
  for (const { given, rows: run } of runs) {
    const unknown = given.find(({ encode }) => !encode);
    if (unknown) throw new Error(`insertMany: no JSON encoding for ${unknown.type} (${unknown.name})`);
    const names = [...given.map(({ name }) => name), ...(ordered ? [ordered.name] : [])];
    const target = sql.raw(names.map(quoted).join(", "));
    const picked = sql.raw(
      [
        ...given.map(({ name }) => `r.${quoted(name)}`),
        ...(ordered ? ["clock_timestamp() + (r.ordinality - 1) * interval '1 microsecond'"] : []),
      ].join(", "),
    );
    for (const part of chunks(run, perStatement)) {
      const json = wellFormed(
        JSON.stringify(
          part.map((row) => {
            const cells: Record<string, unknown> = {};
            for (const { key, name, encode } of given) cells[name] = (encode as Encode)(row[key]);
            return cells;
          }),
        ),
      );
      yield sql`insert into ${table} (${target}) select ${picked} from json_populate_recordset(null::${table}, ${json}::json) with ordinality as r`;
    }
  }
}

/**
 * JSON.stringify writes an unpaired UTF-16 surrogate as an escape ("\ud800"; a pair it writes as
 * is), which PostgreSQL's json refuses; node-postgres sends such a string in a parameter with
 * U+FFFD in its place. The same here: each such escape not preceded by an escaped backslash
 * becomes "\ufffd". The services' schemas refuse such text first (shared/localized.ts); this
 * keeps a string that reached no schema from failing the whole write.
 */
const loneSurrogateEscape = /(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g;
const wellFormed = (json: string): string =>
  json.includes("\\ud") ? json.replace(loneSurrogateEscape, "$1\\ufffd") : json;

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
