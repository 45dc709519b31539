import { type Actor, administers } from "../shared/actor.js";
import { refuse } from "../shared/errors.js";

/** Accounts, settings and the outbox are the administrator's (and the command line's). */
export const userPolicy = {
  canManage: administers,
};

export function assertCanManageUsers(actor: Actor): void {
  if (!userPolicy.canManage(actor)) {
    refuse(actor, "Only an administrator may manage accounts");
  }
}
