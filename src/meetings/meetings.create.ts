import { randomUUID } from "node:crypto";
import { recordAuditEvents } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { createdInOrder } from "../db/rows.js";
import { meetingAttendees, meetings } from "../db/schema/index.js";
import { agreementDocumentOwners } from "../documents/document-owners.js";
import { meetingSearchText } from "../search/record-search-text.js";
import type { Actor } from "../shared/actor.js";
import { chunks } from "../shared/collections.js";
import { AppError, type FieldIssue } from "../shared/errors.js";
import { parseInput } from "../shared/validation.js";
import { attendeeIssuesOfMany, minutesIssuesOf, throwIfIssues } from "./committee.checks.js";
import { assertCanManageCommittee, assertCanReadCommittee } from "./committee.policy.js";
import { type MeetingData, type MeetingInput, meetingInputSchema } from "./meetings.input.js";
import { auditedMeeting, type MeetingRow } from "./meetings.presenter.js";

/** "Held" is a fact: a meeting starting later than now cannot have been held yet. */
export function heldIssues(status: string, startsAt: Date, now: Date): FieldIssue[] {
  return status === "held" && startsAt.getTime() > now.getTime()
    ? [
        {
          field: "status",
          message: "cannot be held: the meeting is in the future",
          reason: "meetings.reasons.heldInFuture",
        },
      ]
    : [];
}

/** Each meeting asked for: made, or refused with the reason its form would give. */
export type MeetingCreated = { row: MeetingRow; error?: undefined } | { row?: undefined; error: AppError };

/**
 * Creates meetings (the staff), each checked as the form checks one (its agreement's committee
 * readable, its input, "held" only in the past, attendees of the committee, minutes among the
 * agreement's documents): a refused one is answered with its error, the others are written a
 * few hundred a statement with their audit events together. The caller's transaction holds them.
 */
export async function createMeetings({
  db,
  actor,
  items,
  source,
  now = new Date(),
}: {
  db: Executor;
  actor: Actor;
  items: { agreementId: string; input: MeetingInput }[];
  /** named in the audit events, e.g. the file an import read */
  source?: string;
  /** the moment "held" is checked against */
  now?: Date;
}): Promise<MeetingCreated[]> {
  assertCanManageCommittee(actor);
  const results: (MeetingCreated | undefined)[] = items.map(() => undefined);
  const refuse = (index: number, error: unknown) => {
    if (!(error instanceof AppError)) throw error;
    results[index] = { error };
  };
  const unreadable = new Map<string, unknown>();
  for (const agreementId of new Set(items.map((item) => item.agreementId)))
    await assertCanReadCommittee({ db, actor, agreementId }).catch((error) =>
      unreadable.set(agreementId, error),
    );
  const accepted: { index: number; agreementId: string; data: MeetingData; attendeeIds: string[] }[] = [];
  items.forEach(({ agreementId, input }, index) => {
    try {
      if (unreadable.has(agreementId)) throw unreadable.get(agreementId);
      const data = parseInput(meetingInputSchema, input);
      accepted.push({ index, agreementId, data, attendeeIds: [...new Set(data.attendeeIds)] });
    } catch (error) {
      refuse(index, error);
    }
  });
  const attendance = await attendeeIssuesOfMany(
    db,
    accepted.map(({ agreementId, data }) => ({ agreementId, memberIds: data.attendeeIds })),
  );
  const owners = await agreementDocumentOwners(
    db,
    accepted.map(({ data }) => data.minutesDocumentId),
  );
  const made = accepted
    .filter(({ index, agreementId, data }, position) => {
      const issues: FieldIssue[] = [
        ...heldIssues(data.status, data.startsAt, now),
        ...(attendance[position] ?? []),
        ...minutesIssuesOf(owners, agreementId, data.minutesDocumentId),
      ];
      try {
        throwIfIssues(issues);
        return true;
      } catch (error) {
        refuse(index, error);
        return false;
      }
    })
    .map((item) => ({ ...item, id: randomUUID() }));

  const rows = new Map<string, MeetingRow>();
  for (const part of chunks(made, 200)) {
    const inserted = await db
      .insert(meetings)
      .values(
        part.map(({ id, agreementId, data }, position) => ({
          id,
          agreementId,
          createdAt: createdInOrder(position),
          title: data.title,
          startsAt: data.startsAt,
          place: data.place ?? "",
          status: data.status,
          agenda: data.agenda,
          otherAttendees: data.otherAttendees ?? "",
          minutesDocumentId: data.minutesDocumentId ?? null,
          searchText: meetingSearchText(data),
        })),
      )
      .returning();
    for (const row of inserted) rows.set(row.id, row);
  }
  const present = made.flatMap(({ id, attendeeIds }) =>
    attendeeIds.map((memberId) => ({ meetingId: id, memberId })),
  );
  for (const part of chunks(present)) await db.insert(meetingAttendees).values(part);
  await recordAuditEvents({
    db,
    actor,
    events: made.map(({ id, agreementId, attendeeIds }) => ({
      source,
      action: "meeting.create",
      entityType: "meeting",
      entityId: id,
      agreementId,
      after: auditedMeeting(rows.get(id) as MeetingRow, attendeeIds),
    })),
  });
  for (const { index, id } of made) results[index] = { row: rows.get(id) as MeetingRow };
  return results as MeetingCreated[];
}
