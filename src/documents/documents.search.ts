import { and, desc, eq, or, type SQL, sql } from "drizzle-orm";
import {
  agreementPolicy,
  insideAgreementsCondition,
  readableAgreementsCondition,
} from "../access/agreement-access.js";
import { agreements, documents, documentTextParts, organizations, searchWords } from "../db/schema/index.js";
import { excerpt, type TextPart } from "../search/highlight.js";
import { parseSearchQuery, type SearchRequest } from "../search/query.js";
import type { Actor } from "../shared/actor.js";
import type { LocalizedText } from "../shared/localized.js";

/**
 * The SQL twin of assertCanReadDocument (documents.policy.ts), for listing: a document is
 * readable when it is not deleted, its owner is readable, and it is public or the actor's scope
 * reaches its owner. documents.search.test.ts holds the two to the same answers, role by role.
 */
export function readableDocumentsCondition(actor: Actor): SQL {
  // (Undefined means every agreement: or() would drop it, so it is spelt out.)
  const reachesAgreement = insideAgreementsCondition(actor) ?? sql`true`;
  const agreementOwner = sql`exists (select 1 from ${agreements}
    where ${agreements.id} = ${documents.ownerId}::uuid
    and ${and(readableAgreementsCondition(actor), or(eq(documents.visibility, "public"), reachesAgreement)) ?? sql`true`})`;
  // The anonymous public reads no organisation's documents; a focal point reaches its own.
  const reachesOrganization = agreementPolicy.seesEverything(actor)
    ? sql`true`
    : actor.role === "focal_point" && actor.organizationId
      ? eq(documents.ownerId, actor.organizationId)
      : sql`false`;
  const organizationOwner =
    actor.role === "anonymous"
      ? sql`false`
      : sql`exists (select 1 from ${organizations} where ${organizations.id}::text = ${documents.ownerId})
        and ${or(eq(documents.visibility, "public"), reachesOrganization)}`;
  return sql`${documents.deletedAt} is null and case ${documents.ownerType}
    when 'agreement' then ${agreementOwner}
    when 'organization' then ${organizationOwner}
    else false end`;
}

/** Contents whose text matches, read for one search at most (a broader search lists only some). */
const CONTENTS_READ = 500;

export interface FoundDocument {
  id: string;
  title: LocalizedText;
  fileName: string;
  ownerType: string;
  ownerId: string;
  /** where the text matched: its page (a PDF's), and an excerpt with the words marked */
  hit?: { page: number | null; excerpt: TextPart[] | undefined };
}

/**
 * The documents the actor may read (as a download would allow) whose title, file name or text
 * holds every word of the query: title matches first, then the newest. A text match names the
 * first part (a PDF's page) that holds every word, with an excerpt.
 */
export async function searchDocuments({ db, actor, q, limit = 10 }: SearchRequest): Promise<FoundDocument[]> {
  const query = parseSearchQuery(q);
  if (!query) return [];
  const tsquery = sql`to_tsquery('simple', ${query.tsquery})`;
  const byTitle = sql`${searchWords(documents.searchText)} @@ ${tsquery}`;
  const rows = await db
    .select({
      id: documents.id,
      title: documents.title,
      fileName: documents.fileName,
      ownerType: documents.ownerType,
      ownerId: documents.ownerId,
      page: sql<number | null>`hit.page`,
      text: sql<string | null>`hit.text`,
    })
    .from(documents)
    .leftJoin(
      sql`lateral (select ${documentTextParts.page} as page, ${documentTextParts.text} as text
        from ${documentTextParts}
        where ${documentTextParts.sha256} = ${documents.sha256} and ${searchWords(documentTextParts.searchText)} @@ ${tsquery}
        order by ${documentTextParts.part} limit 1) as hit`,
      sql`true`,
    )
    .where(
      and(
        or(
          byTitle,
          sql`${documents.sha256} = any(array(select distinct ${documentTextParts.sha256} from ${documentTextParts}
            where ${searchWords(documentTextParts.searchText)} @@ ${tsquery} limit ${CONTENTS_READ}))`,
        ),
        readableDocumentsCondition(actor),
      ),
    )
    .orderBy(sql`${byTitle} desc`, desc(documents.createdAt), desc(documents.id))
    .limit(limit);
  return rows.map(({ page, text, ...row }) => ({
    ...row,
    hit: text === null ? undefined : { page, excerpt: excerpt(text, query) },
  }));
}
