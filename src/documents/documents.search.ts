import { and, desc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
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
export function readableDocumentsCondition(
  actor: Actor,
  { fewDocuments = false }: { fewDocuments?: boolean } = {},
): SQL {
  const readable = readableAgreementsCondition(actor) ?? sql`true`;
  const inside = insideAgreementsCondition(actor);
  // For many documents, uncorrelated sets of agreement ids, which the database computes once
  // per statement and probes as hashes: a correlated exists() per document (inside the CASE it
  // cannot become a join) cost an index probe per document, 50–100 ms for a focal point at
  // 5,000 documents. For the few a search has already picked, that probe per document is the
  // cheaper: the sets are every agreement the actor reads (4 ms at 10,000 agreements).
  const agreementOwner = fewDocuments
    ? sql`exists (select 1 from ${agreements} where ${agreements.id} = ${documents.ownerId}::uuid
        and ${and(readable, or(eq(documents.visibility, "public"), inside ?? sql`true`))})`
    : sql`${documents.ownerId}::uuid in (select ${agreements.id} from ${agreements} where ${readable})
    and (${documents.visibility} = 'public' or ${
      inside
        ? sql`${documents.ownerId}::uuid in (select ${agreements.id} from ${agreements} where ${and(readable, inside)})`
        : sql`true`
    })`;
  // The anonymous public reads no organisation's documents; a focal point reaches its own.
  const reachesOrganization = agreementPolicy.seesEverything(actor)
    ? sql`true`
    : actor.role === "focal_point" && actor.organizationId
      ? eq(documents.ownerId, actor.organizationId)
      : sql`false`;
  const organizationOwner =
    actor.role === "anonymous"
      ? sql`false`
      : sql`${documents.ownerId} in (select ${organizations.id}::text from ${organizations})
        and ${or(eq(documents.visibility, "public"), reachesOrganization)}`;
  return sql`${documents.deletedAt} is null and case ${documents.ownerType}
    when 'agreement' then ${agreementOwner}
    when 'organization' then ${organizationOwner}
    else false end`;
}

/** The documents holding a content that matched, under another name than the outer query's. */
const withContent = alias(documents, "with_content");

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
  const matchingText = searchWords(documentTextParts.searchText);
  const byTitle = sql`${searchWords(documents.searchText)} @@ ${tsquery}`;
  const rows = await db
    .select({
      id: documents.id,
      title: documents.title,
      fileName: documents.fileName,
      ownerType: documents.ownerType,
      ownerId: documents.ownerId,
      sha256: documents.sha256,
    })
    .from(documents)
    .where(
      and(
        // Both sides from their index, the matches first, as one set of keys (a plain OR let the
        // planner parse every document's words in turn; an OR of a set of keys and a set of
        // contents had it read every document to test both).
        sql`${documents.id} = any(array(
          (select ${documents.id} from ${documents} where ${byTitle} limit ${CONTENTS_READ})
          union
          (select ${withContent.id} from ${documents} as ${sql.identifier("with_content")}
            where ${withContent.sha256} = any(array(select distinct ${documentTextParts.sha256} from ${documentTextParts}
              where ${matchingText} @@ ${tsquery} limit ${CONTENTS_READ})))))`,
        readableDocumentsCondition(actor, { fewDocuments: true }),
      ),
    )
    .orderBy(sql`${byTitle} desc`, desc(documents.createdAt), desc(documents.id))
    .limit(limit);
  if (!rows.length) return [];
  // Then, for the page's documents only, the first part of each that matched (a PDF's page).
  const hits = await db
    .selectDistinctOn([documentTextParts.sha256], {
      sha256: documentTextParts.sha256,
      page: documentTextParts.page,
      text: documentTextParts.text,
    })
    .from(documentTextParts)
    .where(
      and(
        inArray(
          documentTextParts.sha256,
          rows.map((row) => row.sha256),
        ),
        sql`${matchingText} @@ ${tsquery}`,
      ),
    )
    .orderBy(documentTextParts.sha256, documentTextParts.part);
  const hitOf = new Map(hits.map((hit) => [hit.sha256, hit]));
  return rows.map(({ sha256, ...row }) => {
    const hit = hitOf.get(sha256);
    return { ...row, hit: hit ? { page: hit.page, excerpt: excerpt(hit.text, query) } : undefined };
  });
}
