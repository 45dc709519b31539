import type { followUpActions } from "../db/schema/index.js";
import { type Actor, isStaff, mayWrite } from "../shared/actor.js";
import { refuse } from "../shared/errors.js";

/**
 * Who may change follow-up actions (reading them follows the committee's rule, see
 * committee.policy.ts).
 * - The staff create actions and change every field of them.
 * - The partner focal point of the organisation that owns an action updates its status (and
 *   so its done date), nothing else: the owner, the due date and the wording are the
 *   committee's decision.
 * - Everyone else reads; a read-only API token never writes.
 */
type ActionRow = typeof followUpActions.$inferSelect;

const ownsAction = (actor: Actor, action: Pick<ActionRow, "ownerOrganizationId">): boolean =>
  actor.role === "focal_point" &&
  Boolean(actor.organizationId) &&
  actor.organizationId === action.ownerOrganizationId;

export const actionPolicy = {
  canEdit: (actor: Actor): boolean => isStaff(actor) && mayWrite(actor),
  canUpdateStatus: (actor: Actor, action: Pick<ActionRow, "ownerOrganizationId">): boolean =>
    mayWrite(actor) && (isStaff(actor) || ownsAction(actor, action)),
};

export function assertCanEditActions(actor: Actor): void {
  if (!actionPolicy.canEdit(actor)) refuse(actor, "Only the association's staff create and edit actions");
}

/** Checked on the loaded (and readable) action, before the new status is even read. */
export function assertCanUpdateActionStatus(actor: Actor, action: Pick<ActionRow, "ownerOrganizationId">) {
  if (!actionPolicy.canUpdateStatus(actor, action))
    refuse(actor, "Only the staff and the owning organisation's focal point update this action");
}
