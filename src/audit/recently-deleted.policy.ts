import { type Actor, isStaff, mayWrite } from "../shared/actor.js";
import { refuse } from "../shared/errors.js";

/**
 * The recently deleted list spans every agreement and holds what was removed: the association's
 * staff (administrators and the secretariat) read it and put records back; no focal point, council
 * or viewer, and no read-only token.
 */
export const recentlyDeletedPolicy = {
  canRestore: (actor: Actor): boolean => isStaff(actor) && mayWrite(actor),
};

export function assertCanRestoreDeleted(actor: Actor): void {
  if (!isStaff(actor) || !mayWrite(actor))
    refuse(actor, "Only the association's staff may see and restore deleted records");
}
