import { eq } from "drizzle-orm";
import { agreementPolicy, assertCanReadAgreement, seesInsideOf } from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import { type documents, organizations } from "../db/schema/index.js";
import { type Actor, isStaff } from "../shared/actor.js";
import { notFound, refuse } from "../shared/errors.js";
import type { DocumentOwnerType } from "./documents.input.js";

type DocumentRow = typeof documents.$inferSelect;

/**
 * Who may see and change documents.
 * - Reading needs reading the owner (an agreement by the agreements' rule; an organisation:
 *   any signed-in person) and, for an internal document, a signed-in actor whose scope
 *   reaches the owner: staff and viewers everywhere, a focal point on the agreements its
 *   organisation is party to and on its organisation, a council on the agreements that
 *   reach its territory. The anonymous public gets public documents of public agreements only.
 * - Writing: staff on everything; a focal point uploads internal documents where its scope
 *   reaches and deletes the ones it uploaded; councils and viewers read; a read-only API
 *   token never writes. Who may not read gets "not found", so existence does not leak.
 */
export interface Owner {
  ownerType: DocumentOwnerType;
  ownerId: string;
}

const { seesEverything } = agreementPolicy;

/** Throws not_found unless the actor may read the owner (and the owner exists). */
export async function assertCanReadOwner({
  db,
  actor,
  ownerType,
  ownerId,
}: Owner & { db: Executor; actor: Actor }) {
  if (ownerType === "agreement") return assertCanReadAgreement({ db, actor, id: ownerId });
  // The anonymous public never sees an organisation's documents: only public agreements' ones.
  if (actor.role === "anonymous") throw notFound("Organization", ownerId);
  const [row] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.id, ownerId));
  if (!row) throw notFound("Organization", ownerId);
}

/** Whether the actor's scope reaches the owner, so that its internal documents are readable. */
export async function scopeReachesOwner({
  db,
  actor,
  ownerType,
  ownerId,
}: Owner & { db: Executor; actor: Actor }): Promise<boolean> {
  if (ownerType === "agreement") return seesInsideOf({ db, actor, id: ownerId });
  return seesEverything(actor) || (actor.role === "focal_point" && ownerId === actor.organizationId);
}

/** Throws not_found unless the actor may read this (not deleted) document. */
export async function assertCanReadDocument({
  db,
  actor,
  row,
}: {
  db: Executor;
  actor: Actor;
  row: DocumentRow;
}) {
  if (row.deletedAt) throw notFound("Document", row.id);
  const owner = { ownerType: row.ownerType as DocumentOwnerType, ownerId: row.ownerId };
  await assertCanReadOwner({ db, actor, ...owner });
  // (The anonymous public reads no organisation, so it gets public documents of public agreements only.)
  if (row.visibility === "public") return;
  if (!(await scopeReachesOwner({ db, actor, ...owner }))) throw notFound("Document", row.id);
}

/** Only people who may write at all: signed in (or the system), not through a read-only token. */
function assertMayWrite(actor: Actor): void {
  if (actor.role === "anonymous") refuse(actor, "Sign in to change documents");
  if (actor.tokenScope === "read") refuse(actor, "This API token may only read");
}

/**
 * Whether the actor's role may upload anywhere at all: checked before the upload is read or
 * validated, so that a refused person is told "forbidden", not what is wrong with the file.
 */
export function assertMayUploadSomewhere(actor: Actor): void {
  assertMayWrite(actor);
  if (!isStaff(actor) && actor.role !== "focal_point") refuse(actor, "You may not add documents");
}

/** What the actor may upload to an owner it can read: nothing, internal documents, or any. */
export async function uploadRights({
  db,
  actor,
  ownerType,
  ownerId,
}: Owner & { db: Executor; actor: Actor }): Promise<{ allowed: boolean; allowPublic: boolean }> {
  if (actor.role === "anonymous" || actor.tokenScope === "read")
    return { allowed: false, allowPublic: false };
  if (isStaff(actor)) return { allowed: true, allowPublic: true };
  if (actor.role === "focal_point" && (await scopeReachesOwner({ db, actor, ownerType, ownerId }))) {
    return { allowed: true, allowPublic: false };
  }
  return { allowed: false, allowPublic: false };
}

/** Throws not_found (cannot read the owner) or forbidden (may read, may not upload this). */
export async function assertCanUpload({
  db,
  actor,
  ownerType,
  ownerId,
  visibility,
}: Owner & { db: Executor; actor: Actor; visibility: "public" | "internal" }) {
  assertMayWrite(actor);
  await assertCanReadOwner({ db, actor, ownerType, ownerId });
  const rights = await uploadRights({ db, actor, ownerType, ownerId });
  if (!rights.allowed) refuse(actor, "You may not add documents here");
  if (visibility === "public" && !rights.allowPublic) {
    refuse(actor, "Partner focal points add internal documents only; the secretariat publishes them");
  }
}

/** Staff delete any document; a focal point the ones it uploaded, where its scope still reaches. */
export async function canDeleteDocument({
  db,
  actor,
  row,
}: {
  db: Executor;
  actor: Actor;
  row: DocumentRow;
}) {
  if (actor.role === "anonymous" || actor.tokenScope === "read") return false;
  if (isStaff(actor)) return true;
  if (actor.role !== "focal_point" || row.uploadedBy !== actor.id) return false;
  return scopeReachesOwner({
    db,
    actor,
    ownerType: row.ownerType as DocumentOwnerType,
    ownerId: row.ownerId,
  });
}

export const documentPolicy = {
  canChangeVisibility: (actor: Actor): boolean => isStaff(actor) && actor.tokenScope !== "read",
};

/** The row must already be readable (see assertCanReadDocument). */
export async function assertCanDelete({ db, actor, row }: { db: Executor; actor: Actor; row: DocumentRow }) {
  assertMayWrite(actor);
  if (!(await canDeleteDocument({ db, actor, row }))) refuse(actor, "You may not delete this document");
}

export function assertCanChangeVisibility(actor: Actor): void {
  assertMayWrite(actor);
  if (!documentPolicy.canChangeVisibility(actor)) refuse(actor, "You may not change who sees this document");
}
