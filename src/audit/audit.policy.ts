import { and, eq } from "drizzle-orm";
import { assertCanReadAgreement, readableAgreementsCondition } from "../access/agreement-access.js";
import { agreementOfLiveRecord, isFollowUpRecord } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { apiTokens } from "../db/schema/index.js";
import { getDocument } from "../documents/documents.service.js";
import { assertCanReadCommittee } from "../meetings/committee.policy.js";
import { organizationPolicy } from "../partners/organizations.policy.js";
import { assertCanReadOrganization } from "../partners/organizations.service.js";
import { type Actor, isSignedIn, isStaff } from "../shared/actor.js";
import { notFound, refuse } from "../shared/errors.js";
import { isUuid } from "../shared/validation.js";

/**
 * How a follow-up record's own pages decide who reads it, once its agreement is known:
 * plans, activities and indicators are read with their agreement; an indicator's values from
 * the inside only (outsiders see approved values without comments or evidence, never the
 * review trail a history is); the committee's records (members, meetings, decisions, actions)
 * by those whose scope reaches the agreement. Each throws not_found, as the record's page does.
 */
const followUpReadRule: Record<string, (db: Executor, actor: Actor, agreementId: string) => Promise<void>> = {
  action_plan: readWithAgreement,
  activity: readWithAgreement,
  indicator: readWithAgreement,
  indicator_value: async (db, actor, agreementId) => {
    const { seesInside } = await assertCanReadAgreement({ db, actor, id: agreementId });
    if (!seesInside) throw notFound("Record", agreementId);
  },
  committee_member: readCommittee,
  meeting: readCommittee,
  decision: readCommittee,
  follow_up_action: readCommittee,
};

async function readWithAgreement(db: Executor, actor: Actor, agreementId: string): Promise<void> {
  await assertCanReadAgreement({ db, actor, id: agreementId });
}

async function readCommittee(db: Executor, actor: Actor, agreementId: string): Promise<void> {
  await assertCanReadCommittee({ db, actor, agreementId });
}

/**
 * Who may read the audit trail.
 * - the global log: the association's staff (administrator, secretariat; the system itself);
 * - one record's history: exactly whoever may read the record, by the rule of the record's
 *   own pages, with the same answer for the others (an unreadable agreement, organisation,
 *   document or follow-up record is "not found", so its existence does not leak; accounts,
 *   API tokens and calendar addresses are the administrator's, and a person's own tokens
 *   theirs, "forbidden" otherwise, as the account pages answer); anything else (settings,
 *   imports, reference data) the staff's. Those who see every record of a kind also see the
 *   history of one that no longer exists.
 * - what of a history: the fields the reader may not read on the record are left out (an
 *   organisation's contacts, unless the partners policy lets them read them), and the e-mail
 *   addresses of who made each change are the staff's (a reader sees their own).
 * The anonymous public never reads any of it.
 */
export const auditPolicy = {
  canReadLog: (actor: Actor): boolean => isStaff(actor),
};

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

/** What of a readable history the actor sees (see the rule above). */
export interface HistoryView {
  /** top-level fields of the events' before/after left out */
  hiddenFields: string[];
  /** whether the actors' e-mail addresses are shown (a reader always sees their own) */
  actorEmails: boolean;
}

interface HistoryTarget {
  db: Executor;
  actor: Actor;
  entityType: string;
  entityId: string;
}

/** Throws unauthenticated, forbidden or not_found when the actor may not read this record's history. */
export async function assertCanReadHistory(target: HistoryTarget): Promise<void> {
  await readableHistoryView(target);
}

/** Throws as assertCanReadHistory does; otherwise says what of the history the actor sees. */
export async function readableHistoryView(target: HistoryTarget): Promise<HistoryView> {
  await assertCanReadRecord(target);
  const { actor, entityType, entityId } = target;
  const contactsHidden = entityType === "organization" && !organizationPolicy.canSeeContacts(actor, entityId);
  return { hiddenFields: contactsHidden ? ["contacts"] : [], actorEmails: isStaff(actor) };
}

async function assertCanReadRecord({ db, actor, entityType, entityId }: HistoryTarget): Promise<void> {
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
      if (organizationPolicy.canSeeAll(actor)) return;
      await assertCanReadOrganization({ db, actor, id: entityId });
      return;
    case "user":
      if (isAdmin(actor)) return;
      break;
    case "api_token":
      if (isAdmin(actor) || (isSignedIn(actor) && (await ownsApiToken(db, actor, entityId)))) return;
      break;
    case "document":
      if (isStaff(actor)) return;
      await getDocument({ db, actor, id: entityId });
      return;
    // A person's calendar address is theirs, as an API token is: its history is the administrator's.
    case "calendar_feed":
      if (isAdmin(actor)) return;
      break;
    default: {
      const readRule = followUpReadRule[entityType];
      if (!readRule || !isFollowUpRecord(entityType)) {
        if (isStaff(actor)) return;
        break;
      }
      // Those who see every agreement also see the history of a record that no longer exists.
      if (readableAgreementsCondition(actor) === undefined) return;
      if (!isUuid(entityId)) throw notFound("Record", entityId);
      const agreementId = await agreementOfLiveRecord(db, entityType, entityId);
      if (!agreementId) throw notFound("Record", entityId);
      await readRule(db, actor, agreementId);
      return;
    }
  }
  refuse(actor, "You may not see this record's history");
}
