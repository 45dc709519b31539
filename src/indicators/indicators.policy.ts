import { seesInsideOf } from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import { type Actor, isStaff, mayWrite } from "../shared/actor.js";
import { refuse } from "../shared/errors.js";

/**
 * Who may see and change indicators (entering and reviewing values: indicator-values.policy.ts).
 * - Reading: whoever may read the agreement (assertCanReadAgreement; others get "not found").
 *   Whose scope reaches the agreement (staff, viewers, a party's focal point, a council it
 *   reaches) sees every value with its comment, source, evidence and review state; everyone
 *   else (the anonymous public, a signed-in person reading a public agreement from outside)
 *   sees approved values only, without comments or evidence.
 * - Creating, editing and deleting indicators: the staff. A read-only API token never writes.
 */

export const indicatorPolicy = {
  canManage: (actor: Actor): boolean => isStaff(actor) && mayWrite(actor),
};

export function assertCanManageIndicators(actor: Actor): void {
  if (!indicatorPolicy.canManage(actor)) {
    refuse(actor, "Only the secretariat may create, change or delete indicators");
  }
}

/**
 * Whether the actor sees the agreement's follow-up from the inside (every value, comments,
 * review states), or only what the public sees. The agreement must already be readable.
 */
export async function seesInternalValues({
  db,
  actor,
  agreementId,
}: {
  db: Executor;
  actor: Actor;
  agreementId: string;
}): Promise<boolean> {
  return seesInsideOf({ db, actor, id: agreementId });
}
