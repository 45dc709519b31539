import { randomUUID } from "node:crypto";
import { asc, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildCommitteeMember } from "../../test/followup-factories.js";
import { refusal } from "../../test/refusals.js";
import type { DatabaseHandle } from "../db/client.js";
import { auditEvents } from "../db/schema/index.js";
import type { AppError } from "../shared/errors.js";
import { createMeetings } from "./meetings.create.js";
import type { MeetingInput } from "./meetings.input.js";
import { createMeeting, getMeeting } from "./meetings.service.js";
import {
  agreementDocument,
  buildCommitteeWorld,
  type CommitteeWorld,
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

const outcome = (result: { error?: AppError }) =>
  result.error
    ? `${result.error.code}:${result.error.issues.map((issue) => issue.reason).join(",")}`
    : "made";

describe("createMeetings", () => {
  it("makes every meeting its form would accept, refuses each other one with its form's reasons, and audits each made", async () => {
    const { db } = handle;
    const staff = world.actors.staff;
    const chair = await buildCommitteeMember(db, world.agreementId, { role: "chair" });
    const elsewhere = await buildCommitteeMember(db, world.publicAgreementId, { role: "member" });
    const minutes = await agreementDocument(db, world.agreementId, folder);
    const meeting = (overrides: Partial<MeetingInput> = {}): MeetingInput => ({
      title: { fr: "Comité de pilotage" },
      startsAt: "2026-03-01T10:00",
      status: "held",
      agenda: { fr: "Bilan" },
      attendeeIds: [chair.id],
      ...overrides,
    });
    const wrongAttendee = { agreementId: world.agreementId, input: meeting({ attendeeIds: [elsewhere.id] }) };
    const results = await createMeetings({
      db,
      actor: staff,
      source: "comites.xlsx",
      now: new Date("2026-06-01T00:00:00Z"),
      items: [
        { agreementId: world.agreementId, input: meeting({ minutesDocumentId: minutes.id, place: "Rabat" }) },
        wrongAttendee,
        { agreementId: world.agreementId, input: meeting({ startsAt: "2026-09-01T10:00" }) },
        { agreementId: world.agreementId, input: meeting({ minutesDocumentId: randomUUID() }) },
        { agreementId: world.agreementId, input: meeting({ title: {} }) },
        { agreementId: randomUUID(), input: meeting() },
        {
          agreementId: world.publicAgreementId,
          input: meeting({ attendeeIds: [elsewhere.id, elsewhere.id], status: "planned" }),
        },
      ],
    });

    expect(results.map(outcome)).toEqual([
      "made",
      "validation:meetings.reasons.notAMember",
      "validation:meetings.reasons.heldInFuture",
      "validation:meetings.reasons.notAnAgreementDocument",
      expect.stringMatching(/^validation:/),
      "not_found:",
      "made",
    ]);
    const alone = await refusal(createMeeting({ db, actor: staff, ...wrongAttendee }));
    expect(results[1]?.error?.issues).toEqual(alone.issues);

    const first = await getMeeting({ db, actor: staff, id: results[0]?.row?.id as string });
    expect(first).toMatchObject({
      place: "Rabat",
      status: "held",
      minutesDocumentId: minutes.id,
      version: 1,
    });
    expect(first.attendees.map((attendee) => attendee.id)).toEqual([chair.id]);
    const last = await getMeeting({ db, actor: staff, id: results[6]?.row?.id as string });
    expect(last.attendees.map((attendee) => attendee.id)).toEqual([elsewhere.id]);

    const made = [0, 6].map((index) => results[index]?.row?.id as string);
    const events = await db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.entityId, made))
      .orderBy(asc(auditEvents.id));
    expect(events.map((event) => [event.entityId, event.action, event.agreementId])).toEqual([
      [made[0], "meeting.create", world.agreementId],
      [made[1], "meeting.create", world.publicAgreementId],
    ]);
    expect(events[0]?.changes).toMatchObject({ source: "comites.xlsx", after: { attendeeIds: [chair.id] } });
  });

  it("is the staff's alone, like one meeting", async () => {
    const error = await refusal(
      createMeetings({
        db: handle.db,
        actor: world.actors.focal,
        items: [{ agreementId: world.agreementId, input: { title: { fr: "Comité" } } as never }],
      }),
    );
    expect(error.code).toBe("forbidden");
  });
});
