import { and, inArray, type SQL } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { chunks } from "../shared/collections.js";
import { isUuid } from "../shared/validation.js";
import type { Executor } from "./client.js";
import { agreementParties } from "./schema/index.js";

/*
 * What many records point at, read at once for checks made on thousands of rows (an import):
 * one statement per few thousand ids. Ids are compared in lower case, as PostgreSQL writes them,
 * whatever case they were typed in; a value that is no id is simply not found.
 */

export const lowerIds = (ids: unknown[]): string[] => [
  ...new Set(
    ids.filter((id): id is string => typeof id === "string" && isUuid(id)).map((id) => id.toLowerCase()),
  ),
];

/** id → the agreement the record belongs to, for the records of `table` among `ids`. */
export async function agreementOfEach(
  db: Executor,
  table: { table: PgTable; id: AnyPgColumn; agreementId: AnyPgColumn; where?: SQL },
  ids: unknown[],
): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const some of chunks(lowerIds(ids), 5000))
    for (const row of await db
      .select({ id: table.id, owner: table.agreementId })
      .from(table.table)
      .where(and(inArray(table.id, some), table.where)))
      owners.set(String(row.id), String(row.owner));
  return owners;
}

/** The `agreement|organisation` pairs among these that are parties (both in lower case). */
export async function partiesAmong(
  db: Executor,
  pairs: { agreementId: string; organizationId: string | undefined | null }[],
): Promise<Set<string>> {
  const found = new Set<string>();
  const asked = pairs.filter((pair) => pair.organizationId);
  if (!asked.length) return found;
  const organizationIds = lowerIds(asked.map((pair) => pair.organizationId));
  for (const some of chunks(lowerIds(asked.map((pair) => pair.agreementId)), 5000))
    for (const row of await db
      .select({ agreementId: agreementParties.agreementId, organizationId: agreementParties.organizationId })
      .from(agreementParties)
      .where(
        and(
          inArray(agreementParties.agreementId, some),
          inArray(agreementParties.organizationId, organizationIds),
        ),
      ))
      found.add(`${row.agreementId}|${row.organizationId}`);
  return found;
}

/** Whether the pair is among those partiesAmong found. */
export const isPartyAmong = (found: Set<string>, agreementId: string, organizationId: string): boolean =>
  found.has(`${agreementId.toLowerCase()}|${organizationId.toLowerCase()}`);

/**
 * Whether the record `id` belongs to `agreementId`, by an `agreementOfEach` answer (or any map
 * of lower-case record ids to their agreement's): both compared in lower case.
 */
export const isOwnedBy = (owners: Map<string, string>, id: string, agreementId: string): boolean =>
  owners.get(id.toLowerCase()) === agreementId.toLowerCase();
