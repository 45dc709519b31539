import { type Actor, isSignedIn, mayWrite } from "../shared/actor.js";
import { refuse } from "../shared/errors.js";

/**
 * Everyone signed in has an alert centre (empty for those who answer for nothing) and chooses
 * how they are told; a person acts only on their own alerts (acknowledge, snooze). Only an
 * administrator sets the lead times, which apply to everyone.
 */
export const alertPolicy = {
  canRead: (actor: Actor): boolean => isSignedIn(actor),
  canActOnOwn: (actor: Actor): boolean => isSignedIn(actor) && mayWrite(actor),
  canSetLeadTimes: (actor: Actor): boolean => actor.role === "admin" && mayWrite(actor),
  canRun: (actor: Actor): boolean => actor.role === "system" || (actor.role === "admin" && mayWrite(actor)),
};

export function assertCanReadAlerts(actor: Actor): void {
  if (!alertPolicy.canRead(actor)) refuse(actor, "alerts are for signed-in people");
}

export function assertCanActOnOwnAlerts(actor: Actor): void {
  if (!alertPolicy.canActOnOwn(actor)) refuse(actor, "you may not change your alerts with this access");
}

export function assertCanSetLeadTimes(actor: Actor): void {
  if (!alertPolicy.canSetLeadTimes(actor)) refuse(actor, "only an administrator sets the alerts' lead times");
}
