import { and, eq } from "drizzle-orm";
import { assertCanReadAgreement, readableAgreementsCondition } from "../agreements/agreements.policy.js";
import type { Executor } from "../db/client.js";
import {
  actionPlans,
  activities,
  apiTokens,
  committeeMembers,
  decisions,
  followUpActions,
  indicators,
  indicatorValues,
  meetings,
} from "../db/schema/index.js";
import { scopeReachesOwner } from "../documents/documents.policy.js";
import { type Actor, isSignedIn, isStaff } from "../shared/actor.js";
import { AppError, notFound } from "../shared/errors.js";
import { isUuid } from "../shared/validation.js";

/** The agreement a follow-up record belongs to (undefined once the record is gone). */
const followUpAgreementOf: Record<string, (db: Executor, id: string) => Promise<string | undefined>> = {
  action_plan: agreementColumnOf(actionPlans),
  activity: agreementColumnOf(activities),
  indicator: agreementColumnOf(indicators),
  committee_member: agreementColumnOf(committeeMembers),
  meeting: agreementColumnOf(meetings),
  decision: agreementColumnOf(decisions),
  follow_up_action: agreementColumnOf(followUpActions),
  indicator_value: async (db, id) => {
    const [row] = await db
      .select({ agreementId: indicators.agreementId })
      .from(indicatorValues)
      .innerJoin(indicators, eq(indicators.id, indicatorValues.indicatorId))
      .where(eq(indicatorValues.id, id));
    return row?.agreementId;
  },
};

function agreementColumnOf(
  table:
    | typeof activities
    | typeof actionPlans
    | typeof indicators
    | typeof committeeMembers
    | typeof meetings
    | typeof decisions
    | typeof followUpActions,
) {
  return async (db: Executor, id: string) => {
    const [row] = await db.select({ agreementId: table.agreementId }).from(table).where(eq(table.id, id));
    return row?.agreementId;
  };
}

/**
 * Who may read the audit trail.
 * - the global log: the association's staff (administrator, secretariat; the system itself);
 * - one record's history: whoever may read the record. An agreement's history follows the
 *   agreement's own visibility (an unreadable agreement is "not found", so its existence does
 *   not leak); an organisation's is open to everyone signed in; accounts and API tokens are the
 *   administrator's (and a person's own tokens theirs); documents are the staff's; a follow-up
 *   record's (plan, activity, indicator and value, committee, meeting, decision, action) is for
 *   those whose scope reaches its agreement (as its internal documents are); anything else
 *   (settings, imports, reference data) the staff's.
 * The anonymous public never reads any of it.
 */
export const auditPolicy = {
  canReadLog: (actor: Actor): boolean => isStaff(actor),
};

function refuse(actor: Actor, message: string): never {
  throw new AppError(actor.role === "anonymous" ? "unauthenticated" : "forbidden", message);
}

export function assertCanReadAuditLog(actor: Actor): void {
  if (!auditPolicy.canReadLog(actor)) refuse(actor, "The audit log is for the association's staff");
}

const isAdmin = (actor: Actor) => actor.role === "admin" || actor.role === "system";

async function ownsApiToken(db: Executor, actor: Actor, tokenId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: apiTokens.id })
    .from(apiTokens)
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, actor.id)));
  return Boolean(row);
}

/** Throws unauthenticated, forbidden or not_found when the actor may not read this record's history. */
export async function assertCanReadHistory({
  db,
  actor,
  entityType,
  entityId,
}: {
  db: Executor;
  actor: Actor;
  entityType: string;
  entityId: string;
}): Promise<void> {
  if (actor.role === "anonymous") refuse(actor, "Sign in to see a record's history");
  switch (entityType) {
    case "agreement":
      // Those who see every agreement also see the history of one that no longer exists.
      if (readableAgreementsCondition(actor) === undefined) return;
      // Not an agreement id at all: the same answer as an agreement the actor may not read.
      if (!isUuid(entityId)) throw notFound("Agreement", entityId);
      await assertCanReadAgreement({ db, actor, id: entityId });
      return;
    case "organization":
      if (isSignedIn(actor) || isStaff(actor)) return;
      break;
    case "user":
      if (isAdmin(actor)) return;
      break;
    case "api_token":
      if (isAdmin(actor) || (isSignedIn(actor) && (await ownsApiToken(db, actor, entityId)))) return;
      break;
    case "document":
      if (isStaff(actor)) return;
      break;
    // A person's calendar address is theirs, as an API token is: its history is the administrator's.
    case "calendar_feed":
      if (isAdmin(actor)) return;
      break;
    default:
      if (isStaff(actor)) return;
      if (entityType in followUpAgreementOf) {
        // Those who see every agreement also see the history of a record that no longer exists.
        if (readableAgreementsCondition(actor) === undefined) return;
        if (!isUuid(entityId)) throw notFound("Record", entityId);
        const agreementId = await followUpAgreementOf[entityType]?.(db, entityId);
        if (!agreementId) throw notFound("Record", entityId);
        await assertCanReadAgreement({ db, actor, id: agreementId });
        // Histories show internal details (comments, reasons): the agreement's inner circle only.
        if (await scopeReachesOwner({ db, actor, ownerType: "agreement", ownerId: agreementId })) return;
      }
  }
  refuse(actor, "You may not see this record's history");
}
