import { and, asc, eq, sql } from "drizzle-orm";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { keepDeletedRecord } from "../db/deleted-records.js";
import { loadRowById } from "../db/rows.js";
import { committeeMembers, meetingAttendees, organizations } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { AppError, assertSameVersion, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validation.js";
import { partyIssues, throwIfIssues } from "./committee.checks.js";
import { addCommitteeMembers } from "./committee.create.js";
import { assertCanManageCommittee, assertCanReadCommittee } from "./committee.policy.js";
import { type MemberInput, type MemberUpdateInput, memberUpdateSchema } from "./meetings.input.js";
import { auditedMember, type MemberItem, type MemberRow } from "./meetings.presenter.js";

/*
 * The steering committee's members, per agreement. Like every editable record a member has a
 * version: a save names the one it started from, and a stale one changes nothing.
 */

async function membersWhere(db: Executor, condition: ReturnType<typeof eq>): Promise<MemberItem[]> {
  const rows = await db
    .select({ member: committeeMembers, organization: organizations })
    .from(committeeMembers)
    .leftJoin(organizations, eq(organizations.id, committeeMembers.organizationId))
    .where(condition)
    .orderBy(asc(committeeMembers.position), asc(committeeMembers.fullName), asc(committeeMembers.id));
  return rows.map(({ member, organization }) => ({ ...member, organization }));
}

/** The committee of an agreement, in its order. */
export async function listCommitteeMembers({
  db,
  actor,
  agreementId,
}: {
  db: Executor;
  actor: Actor;
  agreementId: string;
}): Promise<MemberItem[]> {
  await assertCanReadCommittee({ db, actor, agreementId });
  return membersWhere(db, eq(committeeMembers.agreementId, agreementId));
}

const loadMember = (db: Executor, id: string, forUpdate = false): Promise<MemberRow> =>
  loadRowById(db, committeeMembers, id, "Committee member", forUpdate);

/** One member, if the actor may read the agreement's committee. */
export async function getCommitteeMember({
  db,
  actor,
  id,
}: {
  db: Executor;
  actor: Actor;
  id: string;
}): Promise<MemberItem> {
  const row = await loadMember(db, id);
  await assertCanReadCommittee({ db, actor, agreementId: row.agreementId });
  const [item] = await membersWhere(db, eq(committeeMembers.id, id));
  if (!item) throw notFound("Committee member", id);
  return item;
}

export async function addCommitteeMember({
  db,
  actor,
  agreementId,
  input,
  source,
}: {
  db: Executor;
  actor: Actor;
  agreementId: string;
  input: MemberInput;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
}): Promise<MemberItem> {
  const id = await db.transaction(async (tx) => {
    const [added] = await addCommitteeMembers({ db: tx, actor, items: [{ agreementId, input }], source });
    if (!added?.row) throw added?.error ?? new Error("addCommitteeMembers answered nothing");
    return added.row.id;
  });
  return getCommitteeMember({ db, actor, id });
}

/**
 * Replaces a member's fields as of `input.version` (the API's partial change merges with the
 * saved ones first); a stale version changes nothing.
 */
export async function updateCommitteeMember({
  db,
  actor,
  id,
  input,
  source,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  input: MemberUpdateInput;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
}): Promise<MemberItem> {
  assertCanManageCommittee(actor);
  const data = parseInput(memberUpdateSchema, input);
  await db.transaction(async (tx) => {
    const before = await loadMember(tx, id, true);
    await assertCanReadCommittee({ db: tx, actor, agreementId: before.agreementId });
    assertSameVersion("The committee member", data.version, before.version);
    throwIfIssues(await partyIssues(tx, before.agreementId, data.organizationId, "organizationId"));
    const [after] = await tx
      .update(committeeMembers)
      .set({
        fullName: data.fullName,
        organizationId: data.organizationId ?? null,
        role: data.role,
        position: data.position ?? before.position,
        version: before.version + 1,
      })
      .where(and(eq(committeeMembers.id, id), eq(committeeMembers.version, data.version)))
      .returning();
    if (!after)
      throw new AppError("conflict", "This committee member was changed at the same moment; try again");
    await recordAuditEvent({
      db: tx,
      source,
      actor,
      action: "committee_member.update",
      entityType: "committee_member",
      entityId: id,
      before: auditedMember(before),
      after: auditedMember(after),
    });
  });
  return getCommitteeMember({ db, actor, id });
}

/** Removes a member from the committee; the meetings they attended lose them from their attendees. */
export async function removeCommitteeMember({
  db,
  actor,
  id,
}: {
  db: Executor;
  actor: Actor;
  id: string;
}): Promise<MemberRow> {
  assertCanManageCommittee(actor);
  return db.transaction(async (tx) => {
    const before = await loadMember(tx, id, true);
    await assertCanReadCommittee({ db: tx, actor, agreementId: before.agreementId });
    const name = before.fullName;
    await keepDeletedRecord({
      db: tx,
      actor,
      kind: "committee_member",
      id,
      agreementId: before.agreementId,
      label: { ar: name, fr: name, en: name },
    });
    await tx
      .delete(committeeMembers)
      .where(and(eq(committeeMembers.id, id), eq(committeeMembers.agreementId, before.agreementId)));
    await recordAuditEvent({
      db: tx,
      actor,
      action: "committee_member.delete",
      entityType: "committee_member",
      entityId: id,
      before: auditedMember(before),
    });
    return before;
  });
}

/** How many meetings a member attended (their removal takes them off those lists). */
export async function countMeetingsAttended(db: Executor, memberId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(meetingAttendees)
    .where(eq(meetingAttendees.memberId, memberId));
  return row?.count ?? 0;
}
