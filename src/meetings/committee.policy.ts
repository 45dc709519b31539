import { eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { assertCanReadAgreement, isPartyCondition, reachingCodes } from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import { agreements, agreementTerritories } from "../db/schema/index.js";
import { scopeReachesOwner } from "../documents/documents.policy.js";
import { type Actor, isStaff, mayWrite } from "../shared/actor.js";
import { notFound, refuse } from "../shared/errors.js";
import { isUuid } from "../shared/validation.js";

/**
 * Who may see and change an agreement's steering committee: its members, meetings and
 * decisions (follow-up actions: actions.policy.ts).
 * - These are internal records, even of a public agreement: the anonymous public never sees
 *   them, and a signed-in person sees them only where their scope reaches the agreement, the
 *   same rule as the agreement's internal documents (staff and viewers everywhere, a focal
 *   point on the agreements its organisation is party to, a council on those reaching its
 *   territory). Others get "not found", so that nothing leaks.
 * - The staff (administrator, secretariat, the system) add, change and delete them; a
 *   read-only API token never writes.
 */

/** Throws not_found unless the actor may read the agreement's committee records. */
export async function assertCanReadCommittee({
  db,
  actor,
  agreementId,
}: {
  db: Executor;
  actor: Actor;
  agreementId: string;
}): Promise<void> {
  if (!isUuid(agreementId) || actor.role === "anonymous") throw notFound("Agreement", agreementId);
  await assertCanReadAgreement({ db, actor, id: agreementId });
  if (!(await scopeReachesOwner({ db, actor, ownerType: "agreement", ownerId: agreementId }))) {
    throw notFound("Agreement", agreementId);
  }
}

/** Whether the actor may read the agreement's committee records (for a page deciding what to show). */
export async function canReadCommittee(options: {
  db: Executor;
  actor: Actor;
  agreementId: string;
}): Promise<boolean> {
  try {
    await assertCanReadCommittee(options);
    return true;
  } catch {
    return false;
  }
}

/**
 * The SQL condition on `agreements` for the ones whose committee records the actor may read
 * (see the rule above); undefined when all of them, `false` for the anonymous public.
 */
export function committeeScopeCondition(actor: Actor): SQL | undefined {
  if (isStaff(actor) || actor.role === "viewer") return undefined;
  if (actor.role === "focal_point" && actor.organizationId) return isPartyCondition(actor.organizationId);
  if (actor.role === "council" && actor.territoryCode) {
    return or(
      eq(agreements.national, true),
      sql`exists (select 1 from ${agreementTerritories} where ${agreementTerritories.agreementId} = ${agreements.id} and ${inArray(agreementTerritories.territoryCode, reachingCodes(actor.territoryCode))})`,
    ) as SQL;
  }
  return sql`false`;
}

export const committeePolicy = {
  canManage: (actor: Actor): boolean => isStaff(actor) && mayWrite(actor),
};

/** Members, meetings and decisions are the staff's to change: checked before any input is read. */
export function assertCanManageCommittee(actor: Actor): void {
  if (committeePolicy.canManage(actor)) return;
  refuse(
    actor,
    isStaff(actor)
      ? "This API token may only read"
      : "Only the association's staff change steering committees",
  );
}
