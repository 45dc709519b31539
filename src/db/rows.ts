import { eq } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
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
