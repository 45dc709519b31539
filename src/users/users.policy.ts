import type { Actor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";

/** Accounts, settings and the outbox are the administrator's (and the command line's). */
export const userPolicy = {
  canManage: (actor: Actor): boolean =>
    (actor.role === "admin" || actor.role === "system") && actor.via !== "token",
};

export function assertCanManageUsers(actor: Actor): void {
  if (!userPolicy.canManage(actor)) {
    throw new AppError(
      actor.role === "anonymous" ? "unauthenticated" : "forbidden",
      "Only an administrator may manage accounts",
    );
  }
}
