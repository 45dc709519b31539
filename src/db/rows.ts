import { eq, inArray, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn, PgColumn, PgTable } from "drizzle-orm/pg-core";
import { chunks } from "../shared/collections.js";
import { notFound } from "../shared/errors.js";
import { isUuid } from "../shared/validation.js";
import type { Executor } from "./client.js";

/**
 * One row by its id, or "not found" naming `what` (for a malformed id too, never a database
 * error); `forUpdate` locks it until the transaction ends, for a check-then-write.
 */
export async function loadRowById<T extends PgTable & { id: AnyPgColumn }>(
  db: Executor,
  table: T,
  id: string,
  what: string,
  forUpdate = false,
): Promise<T["$inferSelect"]> {
  if (!isUuid(id)) throw notFound(what, id);
  const query = db
    .select()
    .from(table as PgTable)
    .where(eq(table.id, id));
  const [row] = forUpdate ? await query.for("update") : await query;
  if (!row) throw notFound(what, id);
  return row as T["$inferSelect"];
}

/** The one row a query's `returning()` gave, or an error: a write that returns nothing is a bug. */
async function theRow<T>(query: PromiseLike<T[]>, what: string): Promise<T> {
  const [row] = await query;
  if (!row) throw new Error(`${what} returned no row`);
  return row;
}

/** The row an `insert(…).values(…).returning()` inserted. */
export const insertOne = <T>(query: PromiseLike<T[]>): Promise<T> => theRow(query, "insert");

/** The row an `update(…).set(…).where(…).returning()` changed, for an update that must find its row. */
export const updateOne = <T>(query: PromiseLike<T[]>): Promise<T> => theRow(query, "update");

/** The rows of a raw SQL query, on either driver (PGlite and node-postgres both answer `{ rows }`). */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * The highest `position` among the rows of each group (`group` is the column naming it) of
 * `groupIds`, a statement per few thousand groups; a group with no row is absent. Records placed
 * after the last (a committee's members, a meeting's decisions) start from it.
 */
export async function lastPositionBy(
  db: Executor,
  { group, position }: { group: PgColumn; position: PgColumn },
  groupIds: readonly string[],
): Promise<Map<string, number>> {
  const last = new Map<string, number>();
  for (const some of chunks([...new Set(groupIds)], 5000))
    for (const row of await db
      .select({ group: sql<string>`${group}`, last: sql<number>`max(${position})::int` })
      .from(group.table)
      .where(inArray(group, some))
      .groupBy(group))
      last.set(row.group, row.last);
  return last;
}
