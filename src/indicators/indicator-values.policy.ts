import { type Actor, isStaff, mayWrite } from "../shared/actor.js";
import { refuse } from "../shared/errors.js";

/**
 * Who may enter and review indicator values (reading them: indicators.policy.ts).
 * - The staff enter any value; it counts at once.
 * - The focal point of the indicator's responsible organisation submits values for review,
 *   replaces a submitted one and corrects a returned one, but never changes an approved one
 *   (the service checks the value's state).
 * - The staff review (approve or return) submitted values.
 * A read-only API token never writes.
 */

/** The indicator as far as the rules need it. */
export interface ResponsibleFor {
  responsibleOrganizationId: string;
}

const reportsFor = (actor: Actor, indicator: ResponsibleFor) =>
  actor.role === "focal_point" &&
  Boolean(actor.organizationId) &&
  actor.organizationId === indicator.responsibleOrganizationId;

export const valuePolicy = {
  /** Enter or submit a value of this indicator (which value, and its state, the service decides). */
  canEnter: (actor: Actor, indicator: ResponsibleFor): boolean =>
    mayWrite(actor) && (isStaff(actor) || reportsFor(actor, indicator)),
  /** Whether the actor's entries count at once (staff) or wait for review (a focal point). */
  entriesNeedReview: (actor: Actor): boolean => !isStaff(actor),
  canReview: (actor: Actor): boolean => isStaff(actor) && mayWrite(actor),
};

/**
 * Whether the actor's role may enter values of some indicator at all: checked before anything
 * is read, so that a refused person is told "forbidden" rather than what is wrong with the input.
 */
export function assertMayEnterSomeValues(actor: Actor): void {
  if (!mayWrite(actor) || !(isStaff(actor) || actor.role === "focal_point"))
    refuse(actor, "You may not enter indicator values");
}

/** The indicator's agreement must already be readable (see assertCanReadAgreement). */
export function assertCanEnterValues(actor: Actor, indicator: ResponsibleFor): void {
  assertMayEnterSomeValues(actor);
  if (!valuePolicy.canEnter(actor, indicator)) {
    refuse(
      actor,
      "Only the secretariat and the responsible organisation's focal point may enter this indicator's values",
    );
  }
}

export function assertCanReview(actor: Actor): void {
  if (!valuePolicy.canReview(actor)) refuse(actor, "Only the secretariat may approve or return values");
}
