import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { documents } from "../db/schema/index.js";
import { chunks } from "../shared/collections.js";
import { isUuid } from "../shared/validation.js";

/**
 * The agreement each of these documents belongs to, for the records that point at an agreement's
 * documents (an activity's, an indicator value's evidence, a meeting's minutes): live agreement
 * documents only. Ids are taken as typed; one that is not a document id is simply not found.
 */
export async function agreementDocumentOwners(
  db: Executor,
  documentIds: unknown[],
): Promise<Map<string, string>> {
  const ids = [
    ...new Set(
      documentIds
        .filter((id): id is string => typeof id === "string" && isUuid(id))
        .map((id) => id.toLowerCase()),
    ),
  ];
  const owners = new Map<string, string>();
  for (const some of chunks(ids, 5000))
    for (const row of await db
      .select({ id: documents.id, owner: documents.ownerId })
      .from(documents)
      .where(
        and(inArray(documents.id, some), eq(documents.ownerType, "agreement"), isNull(documents.deletedAt)),
      ))
      owners.set(row.id, row.owner);
  return owners;
}

/** Whether `documentId` is a live document of `agreementId`, by the owners agreementDocumentOwners read. */
export const isDocumentOf = (owners: Map<string, string>, documentId: string, agreementId: string): boolean =>
  owners.get(documentId.toLowerCase()) === agreementId;
