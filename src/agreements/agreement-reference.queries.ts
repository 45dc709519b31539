import { sql } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { agreements } from "../db/schema/index.js";
import { getAssociation } from "../partners/organizations.service.js";

/** Used when the association has no acronym (yet): a reference must start with a letter or digit. */
const FALLBACK_PREFIX = "CONV";

const regexEscaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The reference a new agreement is offered: the association's acronym and the number after the
 * highest one used with it (`AMPCPP-042` → `AMPCPP-043`), on three digits at least. Only an
 * offer: the person may change it, and the service still refuses a reference taken meanwhile.
 */
export async function proposeAgreementReference({ db }: { db: Executor }): Promise<string> {
  const association = await getAssociation({ db });
  const prefix = association?.acronym?.trim().replace(/\s+/g, "-") || FALLBACK_PREFIX;
  const pattern = `^${regexEscaped(prefix)}-([0-9]{1,9})$`;
  const [row] = await db
    .select({ highest: sql<string | null>`max(substring(${agreements.reference} from ${pattern})::bigint)` })
    .from(agreements)
    .where(sql`${agreements.reference} ~ ${pattern}`);
  const next = Number(row?.highest ?? 0) + 1;
  return `${prefix}-${String(next).padStart(3, "0")}`;
}
