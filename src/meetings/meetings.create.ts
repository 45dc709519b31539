import { randomUUID } from "node:crypto";
import { recordAuditEvents } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { insertMany, insertManyReturning } from "../db/insert-many.js";
import { meetingAttendees, meetings } from "../db/schema/index.js";
import { agreementDocumentOwners } from "../documents/document-owners.js";
import { meetingSearchText } from "../search/record-search-text.js";
import type { Actor } from "../shared/actor.js";
import type { FieldIssue } from "../shared/errors.js";
import { type Answer, answersFor, readableInputs } from "../shared/many.js";
import { parseInput } from "../shared/validation.js";
import { attendeeIssuesOfMany, minutesIssuesOf } from "./committee.checks.js";
import { assertCanManageCommittee, committeesNotReadable } from "./committee.policy.js";
import { type MeetingData, type MeetingInput, meetingInputSchema } from "./meetings.input.js";
import { auditedMeeting, type MeetingRow } from "./meetings.presenter.js";

/** A meeting's own columns, from its validated input (as created or changed). */
export const meetingColumns = (data: MeetingData) => ({
  title: data.title,
  startsAt: data.startsAt,
  place: data.place ?? "",
  status: data.status,
  agenda: data.agenda,
  otherAttendees: data.otherAttendees ?? "",
  minutesDocumentId: data.minutesDocumentId ?? null,
  searchText: meetingSearchText(data),
});

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
}): Promise<Answer<MeetingRow>[]> {
  assertCanManageCommittee(actor);
  const answers = answersFor<MeetingRow>(items.length);
  const accepted = (
    await readableInputs(answers, items, {
      unreadable: (ids) => committeesNotReadable({ db, actor, ids }),
      parse: (input) => parseInput(meetingInputSchema, input),
    })
  ).map((item) => ({ ...item, attendeeIds: [...new Set(item.data.attendeeIds)] }));
  const attendance = await attendeeIssuesOfMany(
    db,
    accepted.map(({ agreementId, data }) => ({ agreementId, memberIds: data.attendeeIds })),
  );
  const owners = await agreementDocumentOwners(
    db,
    accepted.map(({ data }) => data.minutesDocumentId),
  );
  const made = accepted
    .filter(({ index, agreementId, data }, position) =>
      answers.passes(index, [
        ...heldIssues(data.status, data.startsAt, now),
        ...(attendance[position] ?? []),
        ...minutesIssuesOf(owners, agreementId, data.minutesDocumentId),
      ]),
    )
    .map((item) => ({ ...item, id: randomUUID() }));

  const inserted = await insertManyReturning(
    db,
    meetings,
    made.map(({ id, agreementId, data }) => ({ id, agreementId, ...meetingColumns(data) })),
    { inOrder: "createdAt" },
  );
  const rows = new Map(inserted.map((row) => [row.id, row]));
  const present = made.flatMap(({ id, attendeeIds }) =>
    attendeeIds.map((memberId) => ({ meetingId: id, memberId })),
  );
  await insertMany(db, meetingAttendees, present);
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
  for (const { index, id } of made) answers.made(index, rows.get(id) as MeetingRow);
  return answers.all();
}
