import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { blankToUndefined } from "../shared/validation.js";
import type { AppEnv } from "../web/context.js";
import { guard } from "../web/guards.js";
import { jsonAnswer, jsonBody, readSecurity, writeErrors, writeSecurity } from "../web/openapi.js";
import { getAction } from "./actions.service.js";
import { assertCanManageCommittee } from "./committee.policy.js";
import {
  addCommitteeMember,
  getCommitteeMember,
  listCommitteeMembers,
  removeCommitteeMember,
  updateCommitteeMember,
} from "./committee.service.js";
import { addDecision, deleteDecision } from "./decisions.service.js";
import {
  agreementParams,
  decisionCreateIn,
  decisionOut,
  decisionParams,
  listOut,
  meetingCreateIn,
  meetingOut,
  meetingParams,
  meetingPatchIn,
  meetingSummaryOut,
  memberCreateIn,
  memberOut,
  memberParams,
  memberPatchIn,
} from "./meetings.api-schemas.js";
import {
  presentAction,
  presentMeetingDetail,
  presentMeetingSummary,
  presentMember,
} from "./meetings.presenter.js";
import { createMeeting, deleteMeeting, getMeeting, listMeetings, updateMeeting } from "./meetings.service.js";

/* /api/v1: the steering committee's members, meetings and decisions (internal: never the anonymous public). */

/** Who may change the committee is decided before the body is read and validated. */
const committeeWriter = guard(assertCanManageCommittee);

const readErrors = { 400: writeErrors[400], 404: writeErrors[404] };
const internalNote =
  "Internal: signed-in callers whose scope reaches the agreement (staff, viewers, its parties' focal points, the councils it reaches); others get 404.";

const listMembersRoute = createRoute({
  method: "get",
  path: "/agreements/{id}/committee-members",
  summary: "An agreement's steering committee, in order",
  description: internalNote,
  security: readSecurity,
  request: { params: agreementParams },
  responses: { 200: jsonAnswer("The members", listOut(memberOut, "CommitteeMemberList")), ...readErrors },
});

const addMemberRoute = createRoute({
  middleware: [committeeWriter] as const,
  method: "post",
  path: "/agreements/{id}/committee-members",
  summary: "Add a member to an agreement's steering committee (staff)",
  security: writeSecurity,
  request: { params: agreementParams, body: jsonBody(memberCreateIn) },
  responses: { 201: jsonAnswer("The new member", memberOut), ...writeErrors },
});

const patchMemberRoute = createRoute({
  middleware: [committeeWriter] as const,
  method: "patch",
  path: "/committee-members/{memberId}",
  summary: "Change a committee member (staff); a stale version answers 409",
  security: writeSecurity,
  request: { params: memberParams, body: jsonBody(memberPatchIn) },
  responses: { 200: jsonAnswer("The member as saved", memberOut), ...writeErrors },
});

const deleteMemberRoute = createRoute({
  middleware: [committeeWriter] as const,
  method: "delete",
  path: "/committee-members/{memberId}",
  summary: "Remove a committee member (staff); the meetings they attended no longer list them",
  security: writeSecurity,
  request: { params: memberParams },
  responses: { 204: { description: "Removed" }, ...writeErrors },
});

const listMeetingsRoute = createRoute({
  method: "get",
  path: "/agreements/{id}/meetings",
  summary: "An agreement's steering-committee meetings, newest first",
  description: internalNote,
  security: readSecurity,
  request: { params: agreementParams },
  responses: { 200: jsonAnswer("The meetings", listOut(meetingSummaryOut, "MeetingList")), ...readErrors },
});

const createMeetingRoute = createRoute({
  middleware: [committeeWriter] as const,
  method: "post",
  path: "/agreements/{id}/meetings",
  summary: "Record a steering-committee meeting (staff)",
  security: writeSecurity,
  request: { params: agreementParams, body: jsonBody(meetingCreateIn) },
  responses: { 201: jsonAnswer("The new meeting", meetingOut), ...writeErrors },
});

const getMeetingRoute = createRoute({
  method: "get",
  path: "/meetings/{meetingId}",
  summary: "A meeting with its attendees, decisions and their follow-up actions",
  description: internalNote,
  security: readSecurity,
  request: { params: meetingParams },
  responses: { 200: jsonAnswer("The meeting", meetingOut), ...readErrors },
});

const patchMeetingRoute = createRoute({
  middleware: [committeeWriter] as const,
  method: "patch",
  path: "/meetings/{meetingId}",
  summary: "Change a meeting (staff)",
  security: writeSecurity,
  request: { params: meetingParams, body: jsonBody(meetingPatchIn) },
  responses: { 200: jsonAnswer("The meeting as saved", meetingOut), ...writeErrors },
});

const deleteMeetingRoute = createRoute({
  middleware: [committeeWriter] as const,
  method: "delete",
  path: "/meetings/{meetingId}",
  summary: "Delete a meeting (staff); refused (409) while it has decisions",
  security: writeSecurity,
  request: {
    params: meetingParams,
    query: z
      .object({
        version: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).optional()).openapi({
          param: { name: "version", in: "query" },
          description: "When given, a stale version answers 409",
        }),
      })
      .strict(),
  },
  responses: { 204: { description: "Deleted" }, ...writeErrors },
});

const addDecisionRoute = createRoute({
  middleware: [committeeWriter] as const,
  method: "post",
  path: "/meetings/{meetingId}/decisions",
  summary: "Record a decision of a meeting, and optionally the follow-up action it hands out (staff)",
  security: writeSecurity,
  request: { params: meetingParams, body: jsonBody(decisionCreateIn) },
  responses: { 201: jsonAnswer("The decision, with its action", decisionOut), ...writeErrors },
});

const deleteDecisionRoute = createRoute({
  middleware: [committeeWriter] as const,
  method: "delete",
  path: "/decisions/{decisionId}",
  summary: "Delete a decision (staff); its follow-up actions stay, without a decision",
  security: writeSecurity,
  request: { params: decisionParams },
  responses: { 204: { description: "Deleted" }, ...writeErrors },
});

/** The kept value when a field is left out; null clears an optional one. */
const keep = <T>(sent: T | null | undefined, saved: T | null | undefined): T | undefined =>
  sent === undefined ? (saved ?? undefined) : (sent ?? undefined);

export function registerCommitteeApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(listMembersRoute, async (c) => {
    const { db, actor } = c.var;
    const rows = await listCommitteeMembers({ db, actor, agreementId: c.req.valid("param").id });
    return c.json({ items: rows.map(presentMember), total: rows.length }, 200);
  });

  api.openapi(addMemberRoute, async (c) => {
    const { db, actor } = c.var;
    const row = await addCommitteeMember({
      db,
      actor,
      agreementId: c.req.valid("param").id,
      input: c.req.valid("json"),
    });
    return c.json(presentMember(row), 201);
  });

  api.openapi(patchMemberRoute, async (c) => {
    const { db, actor } = c.var;
    const id = c.req.valid("param").memberId;
    const patch = c.req.valid("json");
    const current = await getCommitteeMember({ db, actor, id });
    const row = await updateCommitteeMember({
      db,
      actor,
      id,
      input: {
        version: patch.version,
        fullName: patch.fullName ?? current.fullName,
        organizationId: keep(patch.organizationId, current.organizationId),
        role: patch.role ?? current.role,
        position: patch.position ?? current.position,
      },
    });
    return c.json(presentMember(row), 200);
  });

  api.openapi(deleteMemberRoute, async (c) => {
    await removeCommitteeMember({ db: c.var.db, actor: c.var.actor, id: c.req.valid("param").memberId });
    return c.body(null, 204);
  });

  api.openapi(listMeetingsRoute, async (c) => {
    const { db, actor } = c.var;
    const rows = await listMeetings({ db, actor, agreementId: c.req.valid("param").id });
    return c.json({ items: rows.map(presentMeetingSummary), total: rows.length }, 200);
  });

  api.openapi(createMeetingRoute, async (c) => {
    const { db, actor } = c.var;
    const row = await createMeeting({
      db,
      actor,
      agreementId: c.req.valid("param").id,
      input: c.req.valid("json"),
    });
    return c.json(presentMeetingDetail(row), 201);
  });

  api.openapi(getMeetingRoute, async (c) => {
    const row = await getMeeting({ db: c.var.db, actor: c.var.actor, id: c.req.valid("param").meetingId });
    return c.json(presentMeetingDetail(row), 200);
  });

  api.openapi(patchMeetingRoute, async (c) => {
    const { db, actor } = c.var;
    const id = c.req.valid("param").meetingId;
    const patch = c.req.valid("json");
    const current = await getMeeting({ db, actor, id });
    const row = await updateMeeting({
      db,
      actor,
      id,
      input: {
        version: patch.version,
        title: patch.title ?? current.title,
        startsAt: patch.startsAt ?? current.startsAt.toISOString(),
        place: patch.place ?? current.place,
        status: patch.status ?? current.status,
        agenda: patch.agenda ?? current.agenda,
        attendeeIds: patch.attendeeIds ?? current.attendees.map((member) => member.id),
        otherAttendees: patch.otherAttendees ?? current.otherAttendees,
        // Minutes since deleted are dropped rather than refused on a change that did not name them.
        minutesDocumentId: keep(patch.minutesDocumentId, current.minutes?.id),
      },
    });
    return c.json(presentMeetingDetail(row), 200);
  });

  api.openapi(deleteMeetingRoute, async (c) => {
    const { version } = c.req.valid("query");
    await deleteMeeting({ db: c.var.db, actor: c.var.actor, id: c.req.valid("param").meetingId, version });
    return c.body(null, 204);
  });

  api.openapi(addDecisionRoute, async (c) => {
    const { db, actor } = c.var;
    const { decision, action } = await addDecision({
      db,
      actor,
      meetingId: c.req.valid("param").meetingId,
      input: c.req.valid("json"),
    });
    const actions = action ? [await getAction({ db, actor, id: action.id })] : [];
    return c.json(
      {
        id: decision.id,
        meetingId: decision.meetingId,
        position: decision.position,
        text: decision.text,
        version: decision.version,
        actions: actions.map(presentAction),
      },
      201,
    );
  });

  api.openapi(deleteDecisionRoute, async (c) => {
    await deleteDecision({ db: c.var.db, actor: c.var.actor, id: c.req.valid("param").decisionId });
    return c.body(null, 204);
  });
}
