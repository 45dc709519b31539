/**
 * The steering committee's sheets (members, meetings, decisions, follow-up actions), written
 * through the meetings module's services. An action has no number: it is matched by the id the
 * export wrote, else by its decision and description (the n-th row saying the same for the same
 * decision is the n-th such action, by due date, as the export orders them).
 */
import { asc, eq, inArray } from "drizzle-orm";
import {
  committeeMembers,
  decisions,
  followUpActions,
  meetingAttendees,
  meetings,
} from "../db/schema/index.js";
import { instantToMoroccanTime } from "../domain/moroccan-time.js";
import { createActions } from "../meetings/actions.create.js";
import { updateAction } from "../meetings/actions.service.js";
import { addCommitteeMembers } from "../meetings/committee.create.js";
import { updateCommitteeMember } from "../meetings/committee.service.js";
import { addDecisions } from "../meetings/decisions.create.js";
import { updateDecision } from "../meetings/decisions.service.js";
import { createMeetings } from "../meetings/meetings.create.js";
import type { ActionInput, MeetingInput, MemberInput } from "../meetings/meetings.input.js";
import { updateMeeting } from "../meetings/meetings.service.js";
import { groupBy } from "../shared/collections.js";
import type { LocalizedText } from "../shared/localized.js";
import {
  decisionNumbering,
  meetingNumbering,
  memberNumbering,
} from "../spreadsheets/spreadsheet-follow-up.queries.js";
import { numberKey, numbersOf } from "./spreadsheet-import.activities.js";
import { type FollowUpContext, type FollowUpKind, rowNumber } from "./spreadsheet-import.followup.js";
import { canonical } from "./spreadsheet-import.same.js";
import { list, localizedOf, type TypedRow, text } from "./spreadsheet-rows.js";

export const memberKind: FollowUpKind = {
  sheet: "committee_members",
  numbering: memberNumbering,
  async load({ tx }, agreementIds) {
    const numbers = await numbersOf(tx, memberNumbering, agreementIds);
    const rows = await tx
      .select()
      .from(committeeMembers)
      .where(inArray(committeeMembers.agreementId, agreementIds));
    return rows.map((row) => ({
      id: row.id,
      agreementId: row.agreementId,
      key: `${row.agreementId}|${numbers.get(row.id)}`,
      version: row.version,
      current: {
        fullName: row.fullName,
        organizationId: row.organizationId,
        role: row.role,
        position: row.position,
      },
    }));
  },
  key: numberKey,
  async wanted(ctx, row) {
    return {
      fullName: text(row, "full_name"),
      organizationId: (ctx.found(row, "organization") as string | undefined) ?? null,
      role: text(row, "role") ?? "member",
    };
  },
  async createMany({ tx, actor, source }, items) {
    const added = await addCommitteeMembers({
      db: tx,
      actor,
      source,
      items: items.map(({ agreementId, wanted }) => ({ agreementId, input: wanted as MemberInput })),
    });
    return added.map((result) => (result.row ? { id: result.row.id } : { error: result.error }));
  },
  async update({ tx, actor, source }, stored, wanted) {
    await updateCommitteeMember({
      db: tx,
      actor,
      id: stored.id,
      input: { ...stored.current, ...wanted, version: stored.version } as never,
      source,
    });
  },
  columns: { fullName: "full_name", organizationId: "organization", role: "role" },
};

export const meetingKind: FollowUpKind = {
  sheet: "meetings",
  numbering: meetingNumbering,
  async load({ tx }, agreementIds) {
    const numbers = await numbersOf(tx, meetingNumbering, agreementIds);
    const rows = await tx.select().from(meetings).where(inArray(meetings.agreementId, agreementIds));
    const present = groupBy(
      await tx
        .select({ meetingId: meetingAttendees.meetingId, memberId: meetingAttendees.memberId })
        .from(meetingAttendees)
        .innerJoin(meetings, eq(meetings.id, meetingAttendees.meetingId))
        .where(inArray(meetings.agreementId, agreementIds)),
      (entry) => entry.meetingId,
    );
    return rows.map((row) => ({
      id: row.id,
      agreementId: row.agreementId,
      key: `${row.agreementId}|${numbers.get(row.id)}`,
      version: row.version,
      current: {
        title: row.title,
        // The sheet writes minutes: a start given to the second is the same start.
        startsAt: instantToMoroccanTime(row.startsAt),
        place: row.place,
        status: row.status,
        agenda: row.agenda,
        attendeeIds: (present.get(row.id) ?? []).map((entry) => entry.memberId).sort(),
        otherAttendees: row.otherAttendees,
        minutesDocumentId: row.minutesDocumentId,
      },
    }));
  },
  key: numberKey,
  async wanted(ctx, row, agreementId) {
    const attendeeIds: string[] = [];
    for (const number of list(row, "attendee_numbers")) {
      const id = await ctx.idOf(row, "attendee_numbers", "committee_members", agreementId, number);
      if (!id) return undefined;
      attendeeIds.push(id);
    }
    return {
      title: localizedOf(row, "title"),
      startsAt: (text(row, "starts_at") as string).replace(" ", "T"),
      place: text(row, "place") ?? "",
      status: text(row, "status") ?? "planned",
      agenda: localizedOf(row, "agenda"),
      attendeeIds: [...new Set(attendeeIds)].sort(),
      otherAttendees: text(row, "other_attendees") ?? "",
    };
  },
  async createMany({ tx, actor, source }, items) {
    const made = await createMeetings({
      db: tx,
      actor,
      source,
      items: items.map(({ agreementId, wanted }) => ({ agreementId, input: wanted as MeetingInput })),
    });
    return made.map((result) => (result.row ? { id: result.row.id } : { error: result.error }));
  },
  async update({ tx, actor, source }, stored, wanted) {
    const { minutesDocumentId } = stored.current;
    await updateMeeting({
      db: tx,
      actor,
      id: stored.id,
      input: {
        ...wanted,
        ...(minutesDocumentId ? { minutesDocumentId } : {}),
        version: stored.version,
      } as never,
      source,
    });
  },
  columns: {
    title: "title_fr",
    startsAt: "starts_at",
    place: "place",
    status: "status",
    agenda: "agenda_fr",
    attendeeIds: "attendee_numbers",
    otherAttendees: "other_attendees",
  },
};

const meetingOf = async (ctx: FollowUpContext, row: TypedRow, agreementId: string, required: boolean) => {
  const number = text(row, "meeting_number");
  if (!number && !required) return null;
  const checked = rowNumber(ctx, row, "meeting_number");
  return checked === undefined
    ? undefined
    : ctx.idOf(row, "meeting_number", "meetings", agreementId, checked);
};

export const decisionKind: FollowUpKind = {
  sheet: "decisions",
  numbering: decisionNumbering,
  async load({ tx }, agreementIds) {
    const numbers = await numbersOf(tx, decisionNumbering, agreementIds);
    const rows = await tx.select().from(decisions).where(inArray(decisions.agreementId, agreementIds));
    return rows.map((row) => ({
      id: row.id,
      agreementId: row.agreementId,
      key: `${row.meetingId}|${numbers.get(row.id)}`,
      version: row.version,
      current: { meetingId: row.meetingId, text: row.text },
    }));
  },
  async key(ctx, row, agreementId) {
    const meetingId = await meetingOf(ctx, row, agreementId, true);
    const number = rowNumber(ctx, row, "number");
    return meetingId && number !== undefined ? `${meetingId}|${number}` : undefined;
  },
  async wanted(ctx, row, agreementId) {
    const meetingId = await meetingOf(ctx, row, agreementId, true);
    return meetingId ? { meetingId, text: localizedOf(row, "text") } : undefined;
  },
  async createMany({ tx, actor, source }, items) {
    const added = await addDecisions({
      db: tx,
      actor,
      source,
      items: items.map(({ wanted }) => {
        const { meetingId, text: words } = wanted as { meetingId: string; text: LocalizedText };
        return { meetingId, input: { text: words } };
      }),
    });
    return added.map((result) => (result.row ? { id: result.row.decision.id } : { error: result.error }));
  },
  async update({ tx, actor, source }, stored, wanted) {
    await updateDecision({
      db: tx,
      actor,
      id: stored.id,
      text: wanted.text as LocalizedText,
      version: stored.version,
      source,
    });
  },
  columns: { text: "text_fr", decision: "meeting_number" },
};

const actionKey = (decisionId: string | null, description: unknown) =>
  `${decisionId ?? ""}|${JSON.stringify(canonical(description))}`;

export const actionKind: FollowUpKind = {
  sheet: "follow_up_actions",
  async load({ tx }, agreementIds) {
    const rows = await tx
      .select()
      .from(followUpActions)
      .where(inArray(followUpActions.agreementId, agreementIds))
      .orderBy(asc(followUpActions.dueOn), asc(followUpActions.id));
    // Two actions may say the same for the same decision: the n-th of them (in the export's
    // order, by due date) is the n-th row saying it.
    const seen = new Map<string, number>();
    return rows
      .map((row) => {
        const key = `${row.agreementId}|${actionKey(row.decisionId, row.description)}`;
        const nth = seen.get(key) ?? 0;
        seen.set(key, nth + 1);
        return { row, key: `${actionKey(row.decisionId, row.description)}#${nth}` };
      })
      .map(({ row, key }) => ({
        id: row.id,
        agreementId: row.agreementId,
        key,
        version: row.version,
        current: {
          description: row.description,
          ownerOrganizationId: row.ownerOrganizationId,
          ownerUserId: row.ownerUserId,
          dueOn: row.dueOn,
          status: row.status,
          doneOn: row.doneOn,
          decisionId: row.decisionId,
        },
      }));
  },
  async key(ctx, row, agreementId) {
    const decisionId = await decisionOf(ctx, row, agreementId);
    if (decisionId === undefined) return undefined;
    const key = `${agreementId}|${actionKey(decisionId, localizedOf(row, "description"))}`;
    return `${actionKey(decisionId, localizedOf(row, "description"))}#${ctx.nth(key)}`;
  },
  async wanted(ctx, row, agreementId) {
    const decisionId = await decisionOf(ctx, row, agreementId);
    if (decisionId === undefined) return undefined;
    return {
      description: localizedOf(row, "description"),
      ownerOrganizationId: ctx.found(row, "owner_organization"),
      dueOn: text(row, "due_on"),
      status: text(row, "status") ?? "open",
      doneOn: text(row, "done_on") ?? null,
      decisionId,
    };
  },
  async createMany({ tx, actor, source }, items) {
    const made = await createActions({
      db: tx,
      actor,
      source,
      items: items.map(({ agreementId, wanted }) => ({ agreementId, input: wanted as ActionInput })),
    });
    return made.map((result) => (result.row ? { id: result.row.id } : { error: result.error }));
  },
  async update({ tx, actor, source }, stored, wanted) {
    const { ownerUserId } = stored.current;
    await updateAction({
      db: tx,
      actor,
      id: stored.id,
      input: { ...wanted, ...(ownerUserId ? { ownerUserId } : {}), version: stored.version } as never,
      source,
    });
  },
  columns: {
    description: "description_fr",
    ownerOrganizationId: "owner_organization",
    dueOn: "due_on",
    status: "status",
    doneOn: "done_on",
    decisionId: "decision_number",
  },
};

/** The decision an action comes from: none, or the one its meeting's and decision's numbers name. */
async function decisionOf(ctx: FollowUpContext, row: TypedRow, agreementId: string) {
  const meetingId = await meetingOf(ctx, row, agreementId, false);
  if (meetingId === undefined) return undefined;
  const decision = row.values.get("decision_number") as number | undefined;
  if (meetingId === null) {
    if (decision === undefined) return null;
    ctx.report(row, "meeting_number", "required");
    return undefined;
  }
  if (decision === undefined) {
    ctx.report(row, "decision_number", "required");
    return undefined;
  }
  return ctx.idOf(row, "decision_number", "decisions", meetingId, decision);
}
