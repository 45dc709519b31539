import { type Actor, administers } from "../shared/actor.js";
import { refuse } from "../shared/errors.js";

export const outboxPolicy = {
  canRead: administers,
};

/** The outbox holds every email sent, password links included: the administrator's, as accounts are. */
export function assertCanReadOutbox(actor: Actor): void {
  if (!administers(actor)) refuse(actor, "Only an administrator may read the outbox");
}
