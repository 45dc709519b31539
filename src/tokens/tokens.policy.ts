import { type Actor, isSignedIn } from "../shared/actor.js";
import { refuse } from "../shared/errors.js";

/** Every signed-in person manages their own tokens, and only through a session: a token cannot mint tokens. */
export const apiTokenPolicy = {
  canManageOwn: (actor: Actor): boolean => isSignedIn(actor) && actor.via !== "token",
};

export function assertCanManageOwnTokens(actor: Actor): void {
  if (!apiTokenPolicy.canManageOwn(actor)) {
    refuse(actor, "API tokens are managed in the workspace, signed in");
  }
}
