import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import { recordAuditEvents } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { insertManyReturning } from "../db/insert-many.js";
import { lowerIds } from "../db/owners.js";
import { lastPositionBy } from "../db/rows.js";
import { decisions, meetings } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { chunks } from "../shared/collections.js";
import { AppError, notFound } from "../shared/errors.js";
import { type Answer, answersFor } from "../shared/many.js";
import { parseInput } from "../shared/validation.js";
import { actionIssuesOfMany, insertActions } from "./actions.create.js";
import { assertCanManageCommittee, committeesNotReadable } from "./committee.policy.js";
import { type DecisionInput, decisionInputSchema } from "./meetings.input.js";
import { type ActionRow, auditedDecision, type DecisionRow, type MeetingRow } from "./meetings.presenter.js";

/** A decision taken, with the action it handed out if any. */
export type DecisionTaken = { decision: DecisionRow; action: ActionRow | null };

const cancelledMeeting = () =>
  new AppError("validation", "A cancelled meeting takes no decisions", {
    issues: [
      {
        field: "decision",
        message: "cannot be taken: the meeting is cancelled",
        reason: "meetings.reasons.cancelledMeeting",
      },
    ],
  });

/**
 * Adds decisions at the end of their meetings' (the staff), each with the action it hands out if
 * any, each checked as the form checks one (the meeting found and its committee readable, the
 * input, the meeting not cancelled, the action's owner and person). The meetings are locked, so
 * that decisions added at once elsewhere still get distinct places; a refused decision is
 * answered with its error, the others written together. The caller's transaction holds them.
 */
export async function addDecisions({
  db,
  actor,
  items,
  source,
}: {
  db: Executor;
  actor: Actor;
  items: { meetingId: string; input: DecisionInput }[];
  /** named in the audit events, e.g. the file an import read */
  source?: string;
}): Promise<Answer<DecisionTaken>[]> {
  assertCanManageCommittee(actor);
  const answers = answersFor<DecisionTaken>(items.length);
  const meetingOf = new Map<string, MeetingRow>();
  for (const some of chunks(lowerIds(items.map((item) => item.meetingId)), 5000))
    for (const row of await db.select().from(meetings).where(inArray(meetings.id, some)).for("update"))
      meetingOf.set(row.id, row);
  const unreadable = await committeesNotReadable({
    db,
    actor,
    ids: [...meetingOf.values()].map((meeting) => meeting.agreementId),
  });
  const parsed = items.flatMap(({ meetingId, input }, index) => {
    const checked = answers.attempt(index, () => {
      const meeting = meetingOf.get(meetingId.toLowerCase());
      if (!meeting) throw notFound("Meeting", meetingId);
      if (unreadable.has(meeting.agreementId)) throw unreadable.get(meeting.agreementId);
      const data = parseInput(decisionInputSchema, input);
      if (meeting.status === "cancelled") throw cancelledMeeting();
      const action = data.action ? { ...data.action, status: "open" as const } : undefined;
      return { meeting, data, action };
    });
    return checked ? [{ index, ...checked }] : [];
  });
  const withAction = parsed.flatMap((item) =>
    item.action ? [{ item, agreementId: item.meeting.agreementId, data: item.action }] : [],
  );
  const actionIssues = await actionIssuesOfMany(db, withAction, "action.");
  const refusedAction = new Set(
    withAction
      .filter(({ item }, position) => !answers.passes(item.index, actionIssues[position] ?? []))
      .map(({ item }) => item),
  );
  const last = await lastPositionBy(
    db,
    { group: decisions.meetingId, position: decisions.position },
    parsed.map((item) => item.meeting.id),
  );
  const made = parsed
    .filter((item) => !refusedAction.has(item))
    .map((item) => {
      const position = (last.get(item.meeting.id) ?? 0) + 1;
      last.set(item.meeting.id, position);
      return { ...item, position, id: randomUUID() };
    });
  const inserted = await insertManyReturning(
    db,
    decisions,
    made.map(({ id, meeting, data, position }) => ({
      id,
      meetingId: meeting.id,
      agreementId: meeting.agreementId,
      text: data.text,
      position,
    })),
  );
  const rows = new Map(inserted.map((row) => [row.id, row]));
  await recordAuditEvents({
    db,
    actor,
    events: made.map(({ id, meeting }) => ({
      source,
      action: "decision.create",
      entityType: "decision",
      entityId: id,
      agreementId: meeting.agreementId,
      after: auditedDecision(rows.get(id) as DecisionRow),
    })),
  });
  const handedOut = made.flatMap(({ id, meeting, action }) =>
    action ? [{ decisionId: id, agreementId: meeting.agreementId, data: { ...action, decisionId: id } }] : [],
  );
  const actionRows = await insertActions(db, actor, handedOut, source);
  const actionOf = new Map(handedOut.map(({ decisionId }, position) => [decisionId, actionRows[position]]));
  for (const { index, id } of made)
    answers.made(index, { decision: rows.get(id) as DecisionRow, action: actionOf.get(id) ?? null });
  return answers.all();
}
