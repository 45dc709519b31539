import { type Actor, isStaff } from "../shared/actor.js";
import { refuse } from "../shared/errors.js";

/**
 * Who may see and change organisations and their contacts.
 * - anonymous (the portal, the public API): organisations party to a public agreement, never
 *   their contacts (personal data);
 * - the staff and viewers: every organisation, with its contacts; a focal point or a council:
 *   its own and those party to an agreement it may read (organizations.service.ts), their
 *   contacts only for a focal point's own organisation; an organisation's history follows
 *   the same rules (audit.policy.ts);
 * - staff (system, administrator, secretariat): create, edit and delete any organisation;
 * - a partner focal point: edits its own organisation (names, acronym, website, contacts), but
 *   neither its kind nor its existence;
 * - council, viewer: read only.
 * A read-only API token writes nothing, whoever it belongs to.
 */
const writes = (actor: Actor): boolean => actor.role !== "anonymous" && actor.tokenScope !== "read";

const ownsOrganization = (actor: Actor, organizationId: string): boolean =>
  actor.role === "focal_point" && Boolean(actor.organizationId) && actor.organizationId === organizationId;

export const organizationPolicy = {
  /** The staff and viewers see every organisation; others see those their scope reaches (see the service). */
  canSeeAll: (actor: Actor): boolean => isStaff(actor) || actor.role === "viewer",
  /** Contacts are personal data: the staff, viewers, and an organisation's own focal point. */
  canSeeContacts: (actor: Actor, organizationId: string): boolean =>
    isStaff(actor) || actor.role === "viewer" || ownsOrganization(actor, organizationId),
  canCreate: (actor: Actor): boolean => writes(actor) && isStaff(actor),
  canEdit: (actor: Actor, organizationId: string): boolean =>
    writes(actor) && (isStaff(actor) || ownsOrganization(actor, organizationId)),
  /** The kind classifies a partner in the registry's statistics: the association's staff decide it. */
  canChangeKind: (actor: Actor): boolean => writes(actor) && isStaff(actor),
  canDelete: (actor: Actor): boolean => writes(actor) && isStaff(actor),
  /** Kept for callers from before focal points could edit: creating (and importing) organisations. */
  canWrite: (actor: Actor): boolean => writes(actor) && isStaff(actor),
};

/** Creating organisations (the workspace form, imports): staff only. */
export function assertCanWriteOrganizations(actor: Actor): void {
  if (!organizationPolicy.canCreate(actor)) refuse(actor, "You may not create organisations");
}

export const assertCanCreateOrganization = assertCanWriteOrganizations;

export function assertCanEditOrganization(actor: Actor, organizationId: string): void {
  if (!organizationPolicy.canEdit(actor, organizationId))
    refuse(actor, "You may not change this organisation");
}

/** Some organisation form is open to the actor: staff (any), a focal point (its own). */
export function assertCanEditSomeOrganization(actor: Actor): void {
  if (!writes(actor) || !(isStaff(actor) || actor.role === "focal_point"))
    refuse(actor, "You may not change organisations");
}

export function assertCanDeleteOrganization(actor: Actor): void {
  if (!organizationPolicy.canDelete(actor)) refuse(actor, "You may not delete organisations");
}
