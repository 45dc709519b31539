import { and, desc, eq, isNull } from "drizzle-orm";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { keepDeletedRecord } from "../db/deleted-records.js";
import { insertOne, loadRowById } from "../db/rows.js";
import { documents, type Visibility } from "../db/schema/index.js";
import { documentSearchText } from "../search/record-search-text.js";
import type { Actor } from "../shared/actor.js";
import { AppError, assertSameVersion, notFound } from "../shared/errors.js";
import type { Language } from "../shared/localized.js";
import { isUuid, parseInput } from "../shared/validation.js";
import { readTextAfterUpload } from "./document-text.service.js";
import { checkUploadedFile, titleFromFileName } from "./documents.files.js";
import {
  type DocumentInput,
  type DocumentOwnerType,
  documentInputSchema,
  documentVisibilitySchema,
} from "./documents.input.js";
import {
  assertCanChangeVisibility,
  assertCanDelete,
  assertCanReadDocument,
  assertCanReadOwner,
  assertCanUpload,
  assertMayUploadSomewhere,
  canDeleteDocument,
  documentPolicy,
  scopeReachesOwner,
} from "./documents.policy.js";
import { auditedDocument, type DocumentRow } from "./documents.presenter.js";
import { openStoredBytes, storeBytes } from "./documents.storage.js";

export type { DocumentRow };

/** A listed document, with what the actor may do to it. */
export type DocumentListItem = DocumentRow & { canDelete: boolean; canChangeVisibility: boolean };

/**
 * Stores an uploaded file and describes it. Everything is checked first (input, rights,
 * file), so a refused upload leaves neither a row nor a file.
 */
export async function uploadDocument({
  db,
  actor,
  uploadsDir,
  maxBytes,
  input,
  file,
  lang = "fr",
}: {
  db: Executor;
  actor: Actor;
  uploadsDir: string;
  maxBytes: number;
  input: DocumentInput;
  file: { name: string; bytes: Uint8Array } | undefined;
  /** the language of an untitled document's title (the file's name) */
  lang?: Language;
}): Promise<DocumentRow> {
  assertMayUploadSomewhere(actor);
  const data = parseInput(documentInputSchema, input);
  await assertCanUpload({ db, actor, ...data });
  const checked = await checkUploadedFile(file, maxBytes);
  const title =
    data.title.ar || data.title.fr || data.title.en
      ? data.title
      : { [lang]: titleFromFileName(checked.fileName) };
  const { sha256 } = await storeBytes({ db, uploadsDir, bytes: checked.bytes });
  // Should this transaction fail, the stored bytes stay: another document may share them.
  const saved = await db.transaction((tx) =>
    insertDocument(tx, {
      actor,
      document: {
        ownerType: data.ownerType,
        ownerId: data.ownerId,
        kind: data.kind,
        title,
        fileName: checked.fileName,
        mediaType: checked.mediaType,
        sizeBytes: checked.bytes.byteLength,
        sha256,
        visibility: data.visibility,
      },
    }),
  );
  await readTextAfterUpload({ db, uploadsDir, content: saved, sizeBytes: saved.sizeBytes });
  return saved;
}

/**
 * Describes stored bytes as a document (with its search words) and audits the upload, in the
 * caller's transaction; `source` names where it came from (a read signed agreement).
 */
export async function insertDocument(
  tx: Executor,
  {
    actor,
    document,
    source,
  }: {
    actor: Actor;
    document: Omit<typeof documents.$inferInsert, "uploadedBy" | "searchText">;
    source?: string;
  },
): Promise<DocumentRow> {
  const row = await insertOne(
    tx
      .insert(documents)
      .values({
        ...document,
        uploadedBy: actor.id,
        searchText: documentSearchText({ title: document.title, fileName: document.fileName }),
      })
      .returning(),
  );
  await recordAuditEvent({
    db: tx,
    actor,
    action: "document.upload",
    entityType: "document",
    entityId: row.id,
    after: auditedDocument(row),
    source,
  });
  return row;
}

/** An owner's documents that the actor may see, newest first; deleted ones never. */
export async function listDocuments({
  db,
  actor,
  ownerType,
  ownerId,
}: {
  db: Executor;
  actor: Actor;
  ownerType: DocumentOwnerType;
  ownerId: string;
}): Promise<DocumentListItem[]> {
  if (!isUuid(ownerId)) throw notFound(ownerType === "agreement" ? "Agreement" : "Organization", ownerId);
  await assertCanReadOwner({ db, actor, ownerType, ownerId });
  const reaches = await scopeReachesOwner({ db, actor, ownerType, ownerId });
  const rows = await db
    .select()
    .from(documents)
    .where(
      and(
        eq(documents.ownerType, ownerType),
        eq(documents.ownerId, ownerId),
        isNull(documents.deletedAt),
        reaches ? undefined : eq(documents.visibility, "public"),
      ),
    )
    .orderBy(desc(documents.createdAt), desc(documents.id));
  const canChangeVisibility = documentPolicy.canChangeVisibility(actor);
  return Promise.all(
    rows.map(async (row) => ({
      ...row,
      canDelete: await canDeleteDocument({ db, actor, row }),
      canChangeVisibility,
    })),
  );
}

const loadDocument = (db: Executor, id: string, forUpdate = false): Promise<DocumentRow> =>
  loadRowById(db, documents, id, "Document", forUpdate);

/** One document's description, if the actor may read it. */
export async function getDocument({ db, actor, id }: { db: Executor; actor: Actor; id: string }) {
  const row = await loadDocument(db, id);
  await assertCanReadDocument({ db, actor, row });
  return row;
}

/** A document and its bytes (a stream), if the actor may read it. */
export async function getDocumentFile({
  db,
  actor,
  uploadsDir,
  id,
}: {
  db: Executor;
  actor: Actor;
  uploadsDir: string;
  id: string;
}): Promise<{ row: DocumentRow; body: ReadableStream<Uint8Array> }> {
  const row = await getDocument({ db, actor, id });
  return { row, body: await openStoredBytes({ db, uploadsDir, sha256: row.sha256 }) };
}

/** Hides a document from every listing and download; its row and bytes stay, for the record. */
export async function deleteDocument({
  db,
  actor,
  id,
}: {
  db: Executor;
  actor: Actor;
  id: string;
}): Promise<DocumentRow> {
  return db.transaction(async (tx) => {
    const before = await loadDocument(tx, id, true);
    await assertCanReadDocument({ db: tx, actor, row: before });
    await assertCanDelete({ db: tx, actor, row: before });
    const [after] = await tx
      .update(documents)
      .set({ deletedAt: new Date(), version: before.version + 1 })
      .where(and(eq(documents.id, id), isNull(documents.deletedAt)))
      .returning();
    if (!after) throw notFound("Document", id);
    await keepDeletedRecord({
      db: tx,
      actor,
      kind: "document",
      id,
      agreementId: before.ownerType === "agreement" ? before.ownerId : null,
      label: before.title,
    });
    await recordAuditEvent({
      db: tx,
      actor,
      action: "document.delete",
      entityType: "document",
      entityId: id,
      before: auditedDocument(before),
      after: auditedDocument(after),
    });
    return after;
  });
}

/** Makes a document public or internal; refused when `version` is not the saved one. */
export async function setDocumentVisibility({
  db,
  actor,
  id,
  visibility,
  version,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  visibility: Visibility;
  version: number;
}): Promise<DocumentRow> {
  assertCanChangeVisibility(actor);
  const data = parseInput(documentVisibilitySchema, { visibility, version });
  return db.transaction(async (tx) => {
    const before = await loadDocument(tx, id, true);
    await assertCanReadDocument({ db: tx, actor, row: before });
    assertCanChangeVisibility(actor);
    assertSameVersion("The document", data.version, before.version);
    if (before.visibility === data.visibility) return before;
    const [after] = await tx
      .update(documents)
      .set({ visibility: data.visibility, version: before.version + 1 })
      .where(and(eq(documents.id, id), eq(documents.version, data.version)))
      .returning();
    if (!after) throw new AppError("conflict", "This document was changed at the same moment; try again");
    await recordAuditEvent({
      db: tx,
      actor,
      action: "document.visibility",
      entityType: "document",
      entityId: id,
      before: auditedDocument(before),
      after: auditedDocument(after),
    });
    return after;
  });
}
