import { inArray } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { agreementOfEach, isOwnedBy, isPartyAmong, partiesAmong } from "../db/owners.js";
import { committeeMembers, decisions, users } from "../db/schema/index.js";
import { agreementDocumentOwners } from "../documents/document-owners.js";
import { chunks } from "../shared/collections.js";
import { type FieldIssue, validationError } from "../shared/errors.js";

/*
 * The rules on what a committee record may point at, which need the database: a party of the
 * agreement, a member of its committee, one of its documents, one of its decisions, a person
 * who may own an action. Each returns the issues it finds, so that one answer names them all.
 */

export async function partyIssues(
  db: Executor,
  agreementId: string,
  organizationId: string | undefined,
  field: string,
): Promise<FieldIssue[]> {
  if (!organizationId) return [];
  return partyIssuesOf(
    await partiesAmong(db, [{ agreementId, organizationId }]),
    agreementId,
    organizationId,
    field,
  );
}

/** partyIssues against the parties partiesAmong found for many records at once. */
export function partyIssuesOf(
  parties: Set<string>,
  agreementId: string,
  organizationId: string | undefined,
  field: string,
): FieldIssue[] {
  if (!organizationId || isPartyAmong(parties, agreementId, organizationId)) return [];
  return [{ field, message: "must be one of the agreement's parties", reason: "notAParty" }];
}

export async function attendeeIssues(
  db: Executor,
  agreementId: string,
  memberIds: string[],
): Promise<FieldIssue[]> {
  return (await attendeeIssuesOfMany(db, [{ agreementId, memberIds }]))[0] ?? [];
}

/** attendeeIssues for many meetings, in their order: one statement per thousands of members. */
export async function attendeeIssuesOfMany(
  db: Executor,
  items: { agreementId: string; memberIds: string[] }[],
): Promise<FieldIssue[][]> {
  const ids = [...new Set(items.flatMap((item) => item.memberIds.map((id) => id.toLowerCase())))];
  const committeeOf = new Map<string, string>();
  for (const some of chunks(ids, 5000))
    for (const row of await db
      .select({ id: committeeMembers.id, agreementId: committeeMembers.agreementId })
      .from(committeeMembers)
      .where(inArray(committeeMembers.id, some)))
      committeeOf.set(row.id, row.agreementId);
  return items.map(({ agreementId, memberIds }) =>
    memberIds.flatMap((id, index) =>
      isOwnedBy(committeeOf, id, agreementId)
        ? []
        : [
            {
              field: `attendeeIds.${index}`,
              message: "must be a member of this agreement's steering committee",
              reason: "meetings.reasons.notAMember",
            },
          ],
    ),
  );
}

export async function minutesIssues(
  db: Executor,
  agreementId: string,
  documentId: string | undefined,
): Promise<FieldIssue[]> {
  return minutesIssuesOf(await agreementDocumentOwners(db, [documentId]), agreementId, documentId);
}

/** minutesIssues against the owners agreementDocumentOwners read for many meetings at once. */
export function minutesIssuesOf(
  owners: Map<string, string>,
  agreementId: string,
  documentId: string | undefined,
): FieldIssue[] {
  if (!documentId || isOwnedBy(owners, documentId, agreementId)) return [];
  return [
    {
      field: "minutesDocumentId",
      message: "must be one of this agreement's documents (not deleted)",
      reason: "meetings.reasons.notAnAgreementDocument",
    },
  ];
}

export async function decisionIssues(
  db: Executor,
  agreementId: string,
  decisionId: string | undefined,
): Promise<FieldIssue[]> {
  return decisionIssuesOf(await decisionOwners(db, [decisionId]), agreementId, decisionId);
}

/** The agreement of each of these decisions, for decisionIssuesOf. */
export const decisionOwners = (db: Executor, ids: unknown[]): Promise<Map<string, string>> =>
  agreementOfEach(db, { table: decisions, id: decisions.id, agreementId: decisions.agreementId }, ids);

/** decisionIssues against the owners decisionOwners read for many records at once. */
export function decisionIssuesOf(
  owners: Map<string, string>,
  agreementId: string,
  decisionId: string | undefined,
): FieldIssue[] {
  if (!decisionId || isOwnedBy(owners, decisionId, agreementId)) return [];
  return [{ field: "decisionId", message: "must be a decision of this agreement", reason: "unknownRecord" }];
}

/** An action's owner person: an active account of the owning organisation, or of the staff. */
export async function ownerUserIssues(
  db: Executor,
  ownerOrganizationId: string,
  ownerUserId: string | undefined,
  field = "ownerUserId",
): Promise<FieldIssue[]> {
  return ownerUserIssuesOf(await ownerAccounts(db, [ownerUserId]), ownerOrganizationId, ownerUserId, field);
}

type OwnerAccount = { role: string; organizationId: string | null; active: boolean };

/** The accounts that could own actions, by id (as the accounts' ids are written: not uuids), for ownerUserIssuesOf. */
export async function ownerAccounts(db: Executor, ids: unknown[]): Promise<Map<string, OwnerAccount>> {
  const accounts = new Map<string, OwnerAccount>();
  const named = [...new Set(ids.filter((id): id is string => typeof id === "string" && id !== ""))];
  for (const some of chunks(named, 5000))
    for (const row of await db
      .select({ id: users.id, role: users.role, organizationId: users.organizationId, active: users.active })
      .from(users)
      .where(inArray(users.id, some)))
      accounts.set(row.id, row);
  return accounts;
}

/** ownerUserIssues against the accounts ownerAccounts read for many actions at once. */
export function ownerUserIssuesOf(
  accounts: Map<string, OwnerAccount>,
  ownerOrganizationId: string,
  ownerUserId: string | undefined,
  field = "ownerUserId",
): FieldIssue[] {
  if (!ownerUserId) return [];
  const row = accounts.get(ownerUserId);
  const eligible =
    row?.active &&
    (row.role === "admin" ||
      row.role === "secretariat" ||
      row.organizationId === ownerOrganizationId.toLowerCase());
  return eligible
    ? []
    : [
        {
          field,
          message: "must be an active account of the owning organisation, or of the association's staff",
          reason: "meetings.reasons.ownerNotEligible",
        },
      ];
}

/** Throws one validation error naming every issue found, if any. */
export function throwIfIssues(issues: FieldIssue[]): void {
  if (issues.length) throw validationError(issues);
}
