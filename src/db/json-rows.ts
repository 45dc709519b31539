import { type Column, getTableColumns, is, type SQL, sql, type Table } from "drizzle-orm";
import {
  PgArray,
  PgBigInt53,
  PgBoolean,
  PgDateString,
  PgDialect,
  PgInteger,
  PgJsonb,
  PgNumeric,
  PgText,
  PgTimestamp,
  PgUUID,
} from "drizzle-orm/pg-core";

/*
 * A table's rows as JSON inside another statement, and back to the rows Drizzle would have
 * returned: an agreement's parties, objectives… come in the agreement's own statement
 * (json_agg of json_build_object) instead of one statement each. JSON carries text, numbers,
 * booleans and objects: a timestamp arrives as ISO text (made a Date again here), a numeric is
 * sent as text (a JSON number would lose "1500.00"'s scale). Only the column types below are
 * known: any other fails at once, not with a silently different value.
 */

type Decode = (value: unknown) => unknown;
const keep: Decode = (value) => value;

function decoderOf(column: Column): Decode {
  if (is(column, PgTimestamp)) return (value) => (typeof value === "string" ? new Date(value) : value);
  if (is(column, PgArray)) {
    const item = decoderOf(column.baseColumn);
    return (value) => (Array.isArray(value) ? value.map(item) : value);
  }
  for (const known of [PgUUID, PgText, PgInteger, PgBigInt53, PgBoolean, PgJsonb, PgDateString, PgNumeric])
    if (is(column, known)) return keep;
  throw new Error(`json-rows: no JSON decoding for ${column.columnType} (${column.name})`);
}

export interface JsonRowShape<T> {
  /** json_build_object of every column, keyed by its property name */
  object: SQL;
  /** the row back from its JSON object */
  decode(value: unknown): T;
}

/** The JSON object of a row of `table` (or of an alias of it), and how to read it back. */
export function jsonRow<T extends Table>(table: T): JsonRowShape<T["$inferSelect"]> {
  const columns = Object.entries(getTableColumns(table)) as [string, Column][];
  const decoders = columns.map(([key, column]) => [key, decoderOf(column)] as const);
  const pairs = columns.map(
    ([key, column]) => sql`${sql.raw(`'${key}'`)}, ${is(column, PgNumeric) ? sql`${column}::text` : column}`,
  );
  return {
    object: sql`json_build_object(${sql.join(pairs, sql`, `)})`,
    decode(value) {
      const source = value as Record<string, unknown>;
      const row: Record<string, unknown> = {};
      for (const [key, decode] of decoders) row[key] = decode(source[key]);
      return row as T["$inferSelect"];
    },
  };
}

/** A json value as the driver hands it: node-postgres and PGlite parse json; text if a driver does not. */
export function parseJson(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

/** `coalesce((select json_agg(...)), '[]')`: the rows of a correlated subquery as one JSON array. */
export function jsonArray(subquery: SQL): SQL {
  return sql`coalesce((${subquery}), '[]'::json)`;
}

const dialect = new PgDialect();

/**
 * A fragment without parameters, rendered to SQL text once: a statement that embeds it is built
 * without walking its every column again on each request (building the agreement's statement
 * cost ~0.5 ms of JavaScript a request, more than the database took to run it).
 */
export function renderedOnce<T>(fragment: SQL<T>): SQL<T> {
  const { sql: text, params } = dialect.sqlToQuery(fragment);
  if (params.length) throw new Error("renderedOnce: the fragment has parameters");
  return sql.raw(text) as SQL<T>;
}
