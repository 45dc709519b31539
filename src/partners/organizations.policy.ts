import type { Actor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";

/** Who may see and change organisations. The workspace issue adds partner focal points. */
export const organizationPolicy = {
  /** The public sees only organisations party to a public agreement. */
  canSeeAll: (actor: Actor): boolean => actor.role !== "anonymous",
  canWrite: (actor: Actor): boolean =>
    actor.role === "system" || actor.role === "admin" || actor.role === "secretariat",
};

export function assertCanWriteOrganizations(actor: Actor): void {
  if (!organizationPolicy.canWrite(actor)) {
    throw new AppError(
      actor.role === "anonymous" ? "unauthenticated" : "forbidden",
      "You may not change organisations",
    );
  }
}
