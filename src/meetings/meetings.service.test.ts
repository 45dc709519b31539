import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import {
  buildCommitteeMember,
  buildDecision,
  buildFollowUpAction,
  buildMeeting,
} from "../../test/followup-factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { decisions, followUpActions, meetings } from "../db/schema/index.js";
import { AppError } from "../shared/errors.js";
import { addDecision, deleteDecision } from "./decisions.service.js";
import { createMeeting, deleteMeeting, getMeeting, listMeetings, updateMeeting } from "./meetings.service.js";
import {
  agreementDocument,
  auditTrail,
  buildCommitteeWorld,
  type CommitteeWorld,
  moroccanDay,
  uploadsDir,
} from "./meetings.test-support.js";

let handle: DatabaseHandle;
let world: CommitteeWorld;
const folder = uploadsDir();

beforeAll(async () => {
  handle = await createTestDatabase();
  world = await buildCommitteeWorld(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

const failure = async (promise: Promise<unknown>): Promise<AppError> => {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(caught instanceof AppError)) throw new Error(`expected an AppError, got ${String(caught)}`);
  return caught;
};
const reasons = (error: AppError) => error.issues.map((issue) => `${issue.field}:${issue.reason}`).sort();

describe("meetings", () => {
  it("are recorded on Moroccan time, with attendees and minutes, and audited", async () => {
    const { db } = handle;
    const chair = await buildCommitteeMember(db, world.agreementId, { role: "chair" });
    const minutes = await agreementDocument(db, world.agreementId, folder);
    const meeting = await createMeeting({
      db,
      actor: world.actors.staff,
      agreementId: world.agreementId,
      input: {
        title: { fr: "Comité de pilotage du 1er mars", ar: "لجنة القيادة" },
        // During Ramadan 2026 Morocco is on UTC+0.
        startsAt: "2026-03-01T10:00",
        place: "Rabat",
        status: "held",
        agenda: { fr: "1. Bilan\n2. Programme" },
        attendeeIds: [chair.id, chair.id],
        otherAttendees: "Un représentant du ministère",
        minutesDocumentId: minutes.id,
      },
    });
    expect(meeting.startsAt.toISOString()).toBe("2026-03-01T10:00:00.000Z");
    expect(meeting.attendees.map((member) => member.id)).toEqual([chair.id]);
    expect(meeting.minutes?.id).toBe(minutes.id);
    expect(meeting).toMatchObject({ status: "held", place: "Rabat", version: 1, decisionCount: 0 });
    const summer = await createMeeting({
      db,
      actor: world.actors.staff,
      agreementId: world.agreementId,
      input: { title: { fr: "Comité de juin" }, startsAt: "2026-06-01T10:00" },
    });
    expect(summer.startsAt.toISOString()).toBe("2026-06-01T09:00:00.000Z");
    expect(summer.status).toBe("planned");
    const [event] = await auditTrail(db, meeting.id);
    expect(event).toMatchObject({ action: "meeting.create", entityType: "meeting" });
    expect(event?.changes).toMatchObject({
      after: { attendeeIds: [chair.id], minutesDocumentId: minutes.id },
    });
  });

  it("refuses what does not belong: a stranger as attendee, another agreement's or a deleted document", async () => {
    const { db } = handle;
    const stranger = await buildCommitteeMember(db, world.publicAgreementId);
    const foreign = await agreementDocument(db, world.publicAgreementId, folder);
    const deleted = await agreementDocument(db, world.agreementId, folder, { deleted: true });
    const count = (await db.select().from(meetings)).length;
    for (const minutesDocumentId of [foreign.id, deleted.id]) {
      const error = await failure(
        createMeeting({
          db,
          actor: world.actors.staff,
          agreementId: world.agreementId,
          input: {
            title: { fr: "X" },
            startsAt: "2026-04-01T09:00",
            attendeeIds: [stranger.id],
            minutesDocumentId,
          },
        }),
      );
      expect(reasons(error)).toEqual([
        "attendeeIds.0:meetings.reasons.notAMember",
        "minutesDocumentId:meetings.reasons.notAnAgreementDocument",
      ]);
    }
    expect(await db.select().from(meetings)).toHaveLength(count);
  });

  it("cannot be held in the future, and names every field at fault", async () => {
    const { db } = handle;
    const future = await failure(
      createMeeting({
        db,
        actor: world.actors.staff,
        agreementId: world.agreementId,
        input: { title: { fr: "Plus tard" }, startsAt: `${moroccanDay(10)}T10:00`, status: "held" },
      }),
    );
    expect(reasons(future)).toEqual(["status:meetings.reasons.heldInFuture"]);
    const invalid = await failure(
      createMeeting({
        db,
        actor: world.actors.staff,
        agreementId: world.agreementId,
        input: { title: {}, startsAt: "2026-03-22T02:30", status: "adjourned" as never },
      }),
    );
    expect(reasons(invalid)).toEqual([
      "startsAt:meetings.reasons.skippedTime",
      "status:invalidChoice",
      "title:atLeastOneLanguage",
    ]);
  });

  it("are listed newest first with their number of decisions", async () => {
    const { db } = handle;
    const agreementId = world.agreementId;
    const older = await buildMeeting(db, agreementId, { startsAt: new Date("2025-01-10T10:00:00Z") });
    const newer = await buildMeeting(db, agreementId, { startsAt: new Date("2026-10-10T10:00:00Z") });
    await buildDecision(db, newer);
    await buildDecision(db, newer);
    const listed = await listMeetings({ db, actor: world.actors.council, agreementId });
    const ids = listed.map((meeting) => meeting.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    expect(listed.find((meeting) => meeting.id === newer.id)?.decisionCount).toBe(2);
    const times = listed.map((meeting) => meeting.startsAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("change as of the version they were read at; a stale version changes nothing", async () => {
    const { db } = handle;
    const member = await buildCommitteeMember(db, world.agreementId);
    const meeting = await buildMeeting(db, world.agreementId, { status: "planned" });
    const input = {
      title: { fr: "Renommée" },
      startsAt: "2026-05-12T11:00",
      attendeeIds: [member.id],
      version: 1,
    };
    const saved = await updateMeeting({ db, actor: world.actors.staff, id: meeting.id, input });
    expect(saved).toMatchObject({ version: 2, title: { fr: "Renommée" } });
    expect(saved.attendees.map((one) => one.id)).toEqual([member.id]);
    const stale = await failure(
      updateMeeting({
        db,
        actor: world.actors.admin,
        id: meeting.id,
        input: { ...input, title: { fr: "Autre" } },
      }),
    );
    expect(stale.code).toBe("conflict");
    expect(stale.issues[0]).toMatchObject({
      field: "version",
      reason: "staleVersion",
      values: { stored: 2 },
    });
    const after = await getMeeting({ db, actor: world.actors.staff, id: meeting.id });
    expect(after.title).toEqual({ fr: "Renommée" });
    expect((await auditTrail(db, meeting.id)).map((event) => event.action)).toEqual(["meeting.update"]);
  });

  it("are changed by the staff only, and read only where the scope reaches", async () => {
    const { db } = handle;
    const meeting = await buildMeeting(db, world.agreementId);
    for (const role of ["focal", "council", "viewer"] as const) {
      const error = await failure(deleteMeeting({ db, actor: world.actors[role], id: meeting.id }));
      expect(error.code).toBe("forbidden");
    }
    for (const role of ["farCouncil", "outsiderFocal"] as const) {
      const error = await failure(getMeeting({ db, actor: world.actors[role], id: meeting.id }));
      expect(error.code).toBe("not_found");
    }
    expect((await failure(getMeeting({ db, actor: world.actors.staff, id: "42" }))).code).toBe("not_found");
  });

  it("are deleted only once they have no decisions", async () => {
    const { db } = handle;
    const meeting = await buildMeeting(db, world.agreementId);
    const decision = await buildDecision(db, meeting);
    const refused = await failure(deleteMeeting({ db, actor: world.actors.staff, id: meeting.id }));
    expect(reasons(refused)).toEqual(["decisions:meetings.reasons.hasDecisions"]);
    await deleteDecision({ db, actor: world.actors.staff, id: decision.id });
    const stale = await failure(deleteMeeting({ db, actor: world.actors.staff, id: meeting.id, version: 7 }));
    expect(stale.code).toBe("conflict");
    await deleteMeeting({ db, actor: world.actors.staff, id: meeting.id, version: 1 });
    expect(await db.select().from(meetings).where(eq(meetings.id, meeting.id))).toEqual([]);
    expect((await auditTrail(db, meeting.id)).map((event) => event.action)).toEqual(["meeting.delete"]);
  });
});

describe("decisions", () => {
  it("are added in order, each optionally handing out an action, in one step", async () => {
    const { db } = handle;
    const meeting = await buildMeeting(db, world.agreementId);
    const first = await addDecision({
      db,
      actor: world.actors.staff,
      meetingId: meeting.id,
      input: { text: { fr: "Adopter le plan" } },
    });
    const second = await addDecision({
      db,
      actor: world.actors.staff,
      meetingId: meeting.id,
      input: {
        text: { fr: "Préparer le rapport" },
        action: {
          description: { fr: "Rédiger le rapport" },
          ownerOrganizationId: world.partnerId,
          ownerUserId: world.users.focal.id,
          dueOn: "2026-12-31",
        },
      },
    });
    expect(first.action).toBeNull();
    expect(second.decision.position).toBeGreaterThan(first.decision.position);
    expect(second.action).toMatchObject({ decisionId: second.decision.id, status: "open", doneOn: null });
    const detail = await getMeeting({ db, actor: world.actors.otherFocal, id: meeting.id });
    expect(detail.decisions.map((decision) => decision.text.fr)).toEqual([
      "Adopter le plan",
      "Préparer le rapport",
    ]);
    expect(detail.decisions[1]?.actions.map((action) => action.ownerUser?.name)).toEqual([
      world.users.focal.name,
    ]);
    expect((await auditTrail(db, second.decision.id))[0]?.action).toBe("decision.create");
    expect((await auditTrail(db, second.action?.id ?? ""))[0]?.action).toBe("follow_up_action.create");
  });

  it("save nothing when the action they hand out is refused", async () => {
    const { db } = handle;
    const meeting = await buildMeeting(db, world.agreementId);
    const error = await failure(
      addDecision({
        db,
        actor: world.actors.staff,
        meetingId: meeting.id,
        input: {
          text: { fr: "Décision" },
          action: {
            description: { fr: "Action" },
            ownerOrganizationId: world.outsiderId,
            ownerUserId: world.users.outsiderFocal.id,
            dueOn: "2026-02-30",
          },
        },
      }),
    );
    expect(reasons(error)).toEqual(["action.dueOn:invalidFormat"]);
    const refused = await failure(
      addDecision({
        db,
        actor: world.actors.staff,
        meetingId: meeting.id,
        input: {
          text: { fr: "Décision" },
          action: {
            description: { fr: "Action" },
            ownerOrganizationId: world.outsiderId,
            ownerUserId: world.users.otherFocal.id,
            dueOn: "2026-12-01",
          },
        },
      }),
    );
    expect(reasons(refused)).toEqual([
      "action.ownerOrganizationId:notAParty",
      "action.ownerUserId:meetings.reasons.ownerNotEligible",
    ]);
    expect(await db.select().from(decisions).where(eq(decisions.meetingId, meeting.id))).toEqual([]);
  });

  it("are not taken by a cancelled meeting, nor by anyone but the staff", async () => {
    const { db } = handle;
    const cancelled = await buildMeeting(db, world.agreementId, { status: "cancelled" });
    const error = await failure(
      addDecision({ db, actor: world.actors.staff, meetingId: cancelled.id, input: { text: { fr: "Non" } } }),
    );
    expect(reasons(error)).toEqual(["decision:meetings.reasons.cancelledMeeting"]);
    const held = await buildMeeting(db, world.agreementId);
    const forbidden = await failure(
      addDecision({ db, actor: world.actors.focal, meetingId: held.id, input: { text: { fr: "Non" } } }),
    );
    expect(forbidden.code).toBe("forbidden");
  });

  it("when deleted, leave their actions in place, no longer tied to a decision", async () => {
    const { db } = handle;
    const meeting = await buildMeeting(db, world.agreementId);
    const decision = await buildDecision(db, meeting);
    const action = await buildFollowUpAction(db, world.agreementId, { decisionId: decision.id });
    await deleteDecision({ db, actor: world.actors.staff, id: decision.id });
    const [kept] = await db.select().from(followUpActions).where(eq(followUpActions.id, action.id));
    expect(kept).toMatchObject({ decisionId: null, version: 2 });
    expect((await auditTrail(db, action.id)).map((event) => event.action)).toEqual([
      "follow_up_action.update",
    ]);
    expect((await auditTrail(db, decision.id)).map((event) => event.action)).toEqual(["decision.delete"]);
  });
});
