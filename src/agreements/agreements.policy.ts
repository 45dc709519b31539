import type { Visibility } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";

/** Who may do what with agreements. The workspace issue adds partner and council scopes. */
export const agreementPolicy = {
  /** Anonymous callers and the portal see public agreements only. */
  canSeeInternal: (actor: Actor): boolean => actor.role !== "anonymous",
  canRead: (actor: Actor, agreement: { visibility: Visibility }): boolean =>
    agreement.visibility === "public" || agreementPolicy.canSeeInternal(actor),
  canWrite: (actor: Actor): boolean =>
    actor.role === "system" || actor.role === "admin" || actor.role === "secretariat",
};

export function assertCanWriteAgreements(actor: Actor): void {
  if (!agreementPolicy.canWrite(actor)) {
    throw new AppError(
      actor.role === "anonymous" ? "unauthenticated" : "forbidden",
      "You may not change agreements",
    );
  }
}
