import { and, asc, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { loadRowById } from "../db/rows.js";
import {
  committeeMembers,
  decisions,
  documents,
  meetingAttendees,
  meetings,
  organizations,
} from "../db/schema/index.js";
import { deleteVersioned } from "../db/versioned-delete.js";
import type { Actor } from "../shared/actor.js";
import { appendTo } from "../shared/collections.js";
import { AppError, assertSameVersion, type FieldIssue } from "../shared/errors.js";
import { parseInput } from "../shared/validation.js";
import { actionsOfDecisions } from "./actions.service.js";
import { attendeeIssues, minutesIssues, throwIfIssues } from "./committee.checks.js";
import { assertCanManageCommittee, assertCanReadCommittee } from "./committee.policy.js";
import { createMeetings, heldIssues, meetingColumns } from "./meetings.create.js";
import { type MeetingInput, type MeetingUpdateInput, meetingUpdateSchema } from "./meetings.input.js";
import {
  auditedMeeting,
  type MeetingDetail,
  type MeetingItem,
  type MeetingRow,
  type MemberItem,
} from "./meetings.presenter.js";

/* Steering-committee meetings (their decisions: decisions.service.ts). */

/** Adds each meeting's attendees and number of decisions. */
async function withAttendees(db: Executor, rows: MeetingRow[]): Promise<MeetingItem[]> {
  if (!rows.length) return [];
  const ids = rows.map((row) => row.id);
  const [attendance, counts] = [
    await db
      .select({
        meetingId: meetingAttendees.meetingId,
        member: committeeMembers,
        organization: organizations,
      })
      .from(meetingAttendees)
      .innerJoin(committeeMembers, eq(committeeMembers.id, meetingAttendees.memberId))
      .leftJoin(organizations, eq(organizations.id, committeeMembers.organizationId))
      // Naming the agreements lets the planner start from their members (an index), not all members.
      .where(
        and(
          inArray(meetingAttendees.meetingId, ids),
          inArray(committeeMembers.agreementId, [...new Set(rows.map((row) => row.agreementId))]),
        ),
      )
      .orderBy(asc(committeeMembers.position), asc(committeeMembers.fullName)),
    await db
      .select({ meetingId: decisions.meetingId, total: count() })
      .from(decisions)
      .where(inArray(decisions.meetingId, ids))
      .groupBy(decisions.meetingId),
  ];
  const attendeesOf = new Map<string, MemberItem[]>();
  for (const { meetingId, member, organization } of attendance) {
    appendTo(attendeesOf, meetingId, { ...member, organization });
  }
  const countOf = new Map(counts.map((row) => [row.meetingId, Number(row.total)]));
  return rows.map((row) => ({
    ...row,
    attendees: attendeesOf.get(row.id) ?? [],
    decisionCount: countOf.get(row.id) ?? 0,
  }));
}

/** An agreement's meetings, newest first. */
export async function listMeetings({
  db,
  actor,
  agreementId,
}: {
  db: Executor;
  actor: Actor;
  agreementId: string;
}): Promise<MeetingItem[]> {
  await assertCanReadCommittee({ db, actor, agreementId });
  const rows = await db
    .select()
    .from(meetings)
    .where(eq(meetings.agreementId, agreementId))
    .orderBy(desc(meetings.startsAt), desc(meetings.createdAt));
  return withAttendees(db, rows);
}

export const loadMeeting = (db: Executor, id: string, forUpdate = false): Promise<MeetingRow> =>
  loadRowById(db, meetings, id, "Meeting", forUpdate);

/** A meeting with its attendees, its decisions and their actions, and its minutes. */
export async function getMeeting({
  db,
  actor,
  id,
}: {
  db: Executor;
  actor: Actor;
  id: string;
}): Promise<MeetingDetail> {
  const row = await loadMeeting(db, id);
  await assertCanReadCommittee({ db, actor, agreementId: row.agreementId });
  const [item] = await withAttendees(db, [row]);
  const decisionRows = await db
    .select()
    .from(decisions)
    .where(eq(decisions.meetingId, id))
    .orderBy(asc(decisions.position), asc(decisions.id));
  const actions = await actionsOfDecisions(
    db,
    decisionRows.map((decision) => decision.id),
  );
  const [minutes] = row.minutesDocumentId
    ? await db
        .select()
        .from(documents)
        .where(and(eq(documents.id, row.minutesDocumentId), isNull(documents.deletedAt)))
    : [];
  return {
    ...(item as MeetingItem),
    decisions: decisionRows.map((decision) => ({
      ...decision,
      actions: actions.filter((action) => action.decisionId === decision.id),
    })),
    minutes: minutes ?? null,
  };
}

async function meetingIssues(
  db: Executor,
  agreementId: string,
  data: { status: string; startsAt: Date; attendeeIds: string[]; minutesDocumentId?: string },
  now: Date,
): Promise<FieldIssue[]> {
  return [
    ...heldIssues(data.status, data.startsAt, now),
    ...(await attendeeIssues(db, agreementId, data.attendeeIds)),
    ...(await minutesIssues(db, agreementId, data.minutesDocumentId)),
  ];
}

const unique = (ids: string[]) => [...new Set(ids)];

async function saveAttendees(db: Executor, meetingId: string, memberIds: string[]): Promise<void> {
  await db.delete(meetingAttendees).where(eq(meetingAttendees.meetingId, meetingId));
  if (memberIds.length)
    await db.insert(meetingAttendees).values(memberIds.map((memberId) => ({ meetingId, memberId })));
}

async function attendeeIdsOf(db: Executor, meetingId: string): Promise<string[]> {
  const rows = await db
    .select({ memberId: meetingAttendees.memberId })
    .from(meetingAttendees)
    .where(eq(meetingAttendees.meetingId, meetingId));
  return rows.map((row) => row.memberId);
}

export async function createMeeting({
  db,
  actor,
  agreementId,
  input,
  source,
  now = new Date(),
}: {
  db: Executor;
  actor: Actor;
  agreementId: string;
  input: MeetingInput;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
  /** the moment "held" is checked against */
  now?: Date;
}): Promise<MeetingDetail> {
  const id = await db.transaction(async (tx) => {
    const [created] = await createMeetings({ db: tx, actor, items: [{ agreementId, input }], source, now });
    if (!created?.row) throw created?.error ?? new Error("createMeetings answered nothing");
    return created.row.id;
  });
  return getMeeting({ db, actor, id });
}

/** Replaces a meeting's fields and attendees as of `input.version`; a stale version changes nothing. */
export async function updateMeeting({
  db,
  actor,
  id,
  input,
  source,
  now = new Date(),
}: {
  db: Executor;
  actor: Actor;
  id: string;
  input: MeetingUpdateInput;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
  now?: Date;
}): Promise<MeetingDetail> {
  assertCanManageCommittee(actor);
  const data = parseInput(meetingUpdateSchema, input);
  const attendeeIds = unique(data.attendeeIds);
  await db.transaction(async (tx) => {
    const before = await loadMeeting(tx, id, true);
    await assertCanReadCommittee({ db: tx, actor, agreementId: before.agreementId });
    assertSameVersion("The meeting", data.version, before.version);
    throwIfIssues(await meetingIssues(tx, before.agreementId, data, now));
    const attendedBefore = await attendeeIdsOf(tx, id);
    const [after] = await tx
      .update(meetings)
      .set({
        ...meetingColumns(data),
        version: before.version + 1,
        updatedAt: new Date(),
      })
      .where(and(eq(meetings.id, id), eq(meetings.version, data.version)))
      .returning();
    if (!after) throw new AppError("conflict", "This meeting was changed at the same moment; try again");
    await saveAttendees(tx, id, attendeeIds);
    await recordAuditEvent({
      db: tx,
      source,
      actor,
      action: "meeting.update",
      entityType: "meeting",
      entityId: id,
      before: auditedMeeting(before, attendedBefore),
      after: auditedMeeting(after, attendeeIds),
    });
  });
  return getMeeting({ db, actor, id });
}

/**
 * Deletes a meeting and its attendance. Refused while it has decisions: they are the
 * committee's record, and deleting them is a deliberate step of its own.
 */
export async function deleteMeeting({
  db,
  actor,
  id,
  version,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  /** when given, the version the person saw: a stale one is a conflict */
  version?: number;
}): Promise<MeetingRow> {
  assertCanManageCommittee(actor);
  return deleteVersioned({
    db,
    actor,
    table: meetings,
    id,
    version,
    what: "The meeting",
    keep: { kind: "meeting", agreementId: (row) => row.agreementId, label: (row) => row.title },
    load: (tx) => loadMeeting(tx, id, true),
    assertCanRead: (tx, before) => assertCanReadCommittee({ db: tx, actor, agreementId: before.agreementId }),
    assertUnreferenced: async (tx) => {
      const [decided] = await tx
        .select({ total: count() })
        .from(decisions)
        .where(eq(decisions.meetingId, id));
      if (Number(decided?.total ?? 0) > 0) {
        throw new AppError("conflict", "This meeting has decisions; delete them first", {
          issues: [
            {
              field: "decisions",
              message: "are recorded for this meeting; delete them first",
              reason: "meetings.reasons.hasDecisions",
            },
          ],
        });
      }
    },
    audit: {
      action: "meeting.delete",
      entityType: "meeting",
      before: async (tx, before) => auditedMeeting(before, await attendeeIdsOf(tx, id)),
    },
  });
}
