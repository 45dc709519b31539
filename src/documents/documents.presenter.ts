import type { documents } from "../db/schema/index.js";

export type DocumentRow = typeof documents.$inferSelect;

/** The public JSON shape of a document: what it is, never who uploaded it nor where its bytes lie. */
export function presentDocument(row: DocumentRow) {
  return {
    id: row.id,
    ownerType: row.ownerType,
    ownerId: row.ownerId,
    kind: row.kind,
    title: row.title,
    fileName: row.fileName,
    mediaType: row.mediaType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    visibility: row.visibility,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    contentUrl: `/api/v1/documents/${row.id}/content`,
  };
}

/** What the audit log keeps of a document: its description, never its bytes. */
export function auditedDocument(row: DocumentRow) {
  return {
    ownerType: row.ownerType,
    ownerId: row.ownerId,
    kind: row.kind,
    title: row.title,
    fileName: row.fileName,
    mediaType: row.mediaType,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    visibility: row.visibility,
    version: row.version,
    deletedAt: row.deletedAt?.toISOString() ?? null,
  };
}
