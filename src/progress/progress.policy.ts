import { type Actor, isSignedIn, isStaff } from "../shared/actor.js";
import { AppError, refuse } from "../shared/errors.js";

/**
 * Who sees which progress pages (the figures of one agreement follow the agreement's own rule,
 * assertCanReadAgreement).
 * - "My work": every signed-in person, about what they answer for.
 * - The council view ("what reaches my territory"): a council for its own prefecture or
 *   province; the staff and viewers for any of them. A partner focal point's work is its
 *   organisation's, not a territory's: it is refused.
 */
export const progressPolicy = {
  canViewTerritories: (actor: Actor): boolean =>
    isStaff(actor) || actor.role === "viewer" || (actor.role === "council" && Boolean(actor.territoryCode)),
  /** whether the actor may pick any territory (the others see their own) */
  choosesTerritory: (actor: Actor): boolean => isStaff(actor) || actor.role === "viewer",
};

export function assertSignedIn(actor: Actor): void {
  if (!isSignedIn(actor)) throw new AppError("unauthenticated", "Sign in to see your work");
}

/**
 * The territory the actor looks at: a council's own (asking for another is refused), or the
 * one a staff member or viewer asked for (none yet: the page offers the choice).
 */
export function territoryToView(actor: Actor, requested: string | undefined): string | undefined {
  if (!progressPolicy.canViewTerritories(actor)) {
    refuse(actor, "The territory view is for councils, the staff and viewers");
  }
  if (progressPolicy.choosesTerritory(actor)) return requested;
  if (requested && requested !== actor.territoryCode)
    throw new AppError("forbidden", "A council sees its own prefecture or province");
  return actor.territoryCode ?? undefined;
}
