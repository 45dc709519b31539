import { and, asc, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { readingScopeKey } from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import { keptPerGeneration } from "../db/registry-generation.js";
import { agreements, documents, documentTexts, organizations, searchWords } from "../db/schema/index.js";
import { parseSearchQuery } from "../search/query.js";
import type { Actor } from "../shared/actor.js";
import type { Language, LocalizedText } from "../shared/localized.js";
import { textStatusesOf } from "./document-text.service.js";
import type { DocumentListFilter } from "./documents.input.js";
import { canDeleteDocument, documentPolicy } from "./documents.policy.js";
import type { DocumentRow } from "./documents.presenter.js";
import { readableDocumentsCondition } from "./documents.search.js";

/** What a listed document is attached to, named as the list shows it. */
export interface DocumentOwnerName {
  reference?: string;
  name?: LocalizedText;
}

function listConditions(actor: Actor, filter: DocumentListFilter): SQL | undefined {
  const query = filter.q ? parseSearchQuery(filter.q) : undefined;
  return and(
    readableDocumentsCondition(actor),
    query ? sql`${searchWords(documents.searchText)} @@ to_tsquery('simple', ${query.tsquery})` : undefined,
    filter.owner ? eq(documents.ownerType, filter.owner) : undefined,
    filter.agreement
      ? and(eq(documents.ownerType, "agreement"), eq(documents.ownerId, filter.agreement))
      : undefined,
    filter.kind ? eq(documents.kind, filter.kind) : undefined,
    filter.visibility ? eq(documents.visibility, filter.visibility) : undefined,
    filter.text
      ? sql`exists (select 1 from ${documentTexts} where ${documentTexts.sha256} = ${documents.sha256}
          and ${documentTexts.status} = ${filter.text})`
      : undefined,
  );
}

function order(filter: DocumentListFilter, lang: Language): SQL[] {
  switch (filter.sort) {
    case "oldest":
      return [asc(documents.createdAt), asc(documents.id)];
    case "title":
      // The title in the reader's language, else any, else the file's name.
      return [
        sql`lower(coalesce(${documents.title}->>${lang}, ${documents.title}->>'fr', ${documents.title}->>'ar',
          ${documents.title}->>'en', ${documents.fileName}))`,
        asc(documents.id),
      ];
    case "size":
      return [desc(documents.sizeBytes), asc(documents.id)];
    default:
      return [desc(documents.createdAt), desc(documents.id)];
  }
}

/**
 * The documents the actor may read (exactly as a download would allow), filtered and ordered in
 * SQL, a page at a time with their count; each with what it is attached to, its text's state
 * and what the actor may do with it.
 */
export async function pageDocuments({
  db,
  actor,
  filter,
  lang,
  limit,
  offset,
}: {
  db: Executor;
  actor: Actor;
  filter: DocumentListFilter;
  lang: Language;
  limit: number;
  offset: number;
}) {
  const where = listConditions(actor, filter);
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(documents)
      .where(where)
      .orderBy(...order(filter, lang))
      .limit(limit)
      .offset(offset),
    filter.q || filter.text ? countDocuments(db, where) : keptDocumentCount(db, { actor, filter, where }),
  ]);
  const [owners, textStatuses] = await Promise.all([
    ownerNames(db, rows),
    textStatusesOf(
      db,
      rows.map((row) => row.sha256),
    ),
  ]);
  const canChangeVisibility = documentPolicy.canChangeVisibility(actor);
  const items = await Promise.all(
    rows.map(async (row) => ({
      ...row,
      owner: owners.get(row.ownerId) ?? {},
      textStatus: textStatuses.get(row.sha256),
      canDelete: await canDeleteDocument({ db, actor, row }),
      canChangeVisibility,
    })),
  );
  return { items, total };
}

async function countDocuments(db: Executor, where: SQL | undefined): Promise<number> {
  const [counted] = await db.select({ total: count() }).from(documents).where(where);
  return counted?.total ?? 0;
}

/**
 * A filter's count in a reading scope, kept until a write (every upload, change and deletion is
 * one): counting what a focal point may read at 5,000 documents was 10 ms of SQL on each view.
 * Not for a search or a text state: a document's text is read after its upload, with no write.
 */
const keptDocumentCount = keptPerGeneration(
  (db, key: { actor: Actor; filter: DocumentListFilter; where: SQL | undefined }) =>
    countDocuments(db, key.where),
  ({ actor, filter }) =>
    JSON.stringify([
      readingScopeKey(actor),
      actor.role === "anonymous",
      filter.owner,
      filter.agreement,
      filter.kind,
      filter.visibility,
    ]),
  { maxSize: 500, sizeOf: () => 1 },
);

/** The references of the agreements and the names of the organisations these documents belong to. */
async function ownerNames(db: Executor, rows: DocumentRow[]): Promise<Map<string, DocumentOwnerName>> {
  const idsOf = (type: string) => [
    ...new Set(rows.filter((row) => row.ownerType === type).map((row) => row.ownerId)),
  ];
  const agreementIds = idsOf("agreement");
  const organizationIds = idsOf("organization");
  const [agreementRows, organizationRows] = await Promise.all([
    agreementIds.length
      ? db
          .select({ id: agreements.id, reference: agreements.reference })
          .from(agreements)
          .where(inArray(agreements.id, agreementIds))
      : [],
    organizationIds.length
      ? db
          .select({ id: organizations.id, name: organizations.name })
          .from(organizations)
          .where(inArray(organizations.id, organizationIds))
      : [],
  ]);
  return new Map<string, DocumentOwnerName>([
    ...agreementRows.map((row) => [row.id, { reference: row.reference }] as const),
    ...organizationRows.map((row) => [row.id, { name: row.name }] as const),
  ]);
}
