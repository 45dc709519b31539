import type { SQL } from "drizzle-orm";
import {
  agreementsNotSeenInside,
  insideAgreementsCondition,
  seesInsideOf,
} from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import { type Actor, isStaff, mayWrite } from "../shared/actor.js";
import { notFound, refuse } from "../shared/errors.js";

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

/**
 * Throws not_found unless the actor may read the agreement's committee records: the agreement's
 * inside (which only those who may read the agreement reach), in one statement.
 */
export async function assertCanReadCommittee({
  db,
  actor,
  agreementId,
}: {
  db: Executor;
  actor: Actor;
  agreementId: string;
}): Promise<void> {
  if (!(await seesInsideOf({ db, actor, id: agreementId }))) throw notFound("Agreement", agreementId);
}

/** assertCanReadCommittee for many agreements at once: "not found" for each the actor may not read. */
export const committeesNotReadable = (options: { db: Executor; actor: Actor; ids: readonly string[] }) =>
  agreementsNotSeenInside(options);

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
export const committeeScopeCondition: (actor: Actor) => SQL | undefined = insideAgreementsCondition;

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
