import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { agreementOfEach } from "../db/owners.js";
import { documents } from "../db/schema/index.js";

/**
 * The agreement each of these documents belongs to, for the records that point at an agreement's
 * documents (an activity's, an indicator value's evidence, a meeting's minutes): live agreement
 * documents only. Ids are taken as typed; one that is not a document id is simply not found.
 */
export function agreementDocumentOwners(db: Executor, documentIds: unknown[]): Promise<Map<string, string>> {
  return agreementOfEach(
    db,
    {
      table: documents,
      id: documents.id,
      agreementId: documents.ownerId,
      where: and(eq(documents.ownerType, "agreement"), isNull(documents.deletedAt)),
    },
    documentIds,
  );
}
