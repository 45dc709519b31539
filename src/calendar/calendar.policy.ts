import { type Actor, isSignedIn, mayWrite } from "../shared/actor.js";
import { AppError, refuse } from "../shared/errors.js";

/**
 * Who may have a calendar address: every signed-in person, for themselves only (the services
 * take no user id: the feed is always the actor's own). Creating or revoking one is a write:
 * a read-only API token may not. The address itself shows only what its owner may see.
 */
export const calendarFeedPolicy = {
  canView: (actor: Actor): boolean => isSignedIn(actor),
  canManageOwn: (actor: Actor): boolean => isSignedIn(actor) && mayWrite(actor),
};

export function assertCanViewOwnCalendarFeed(actor: Actor): void {
  if (!calendarFeedPolicy.canView(actor)) {
    throw new AppError("unauthenticated", "Calendar addresses are managed in the workspace, signed in");
  }
}

export function assertCanManageOwnCalendarFeed(actor: Actor): void {
  if (!calendarFeedPolicy.canManageOwn(actor)) {
    refuse(actor, "Calendar addresses are managed in the workspace, signed in");
  }
}
