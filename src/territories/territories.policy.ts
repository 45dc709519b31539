import type { Actor } from "../shared/actor.js";
import { refuse } from "../shared/errors.js";

/** Territories are public reference data; only the system and administrators change them. */
export const territoryPolicy = {
  canWrite: (actor: Actor): boolean => actor.role === "system" || actor.role === "admin",
};

export function assertCanWriteTerritories(actor: Actor): void {
  if (!territoryPolicy.canWrite(actor)) {
    refuse(actor, "You may not change territories");
  }
}
