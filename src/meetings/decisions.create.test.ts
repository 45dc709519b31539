import { randomUUID } from "node:crypto";
import { asc, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildDecision, buildMeeting } from "../../test/followup-factories.js";
import { refusal } from "../../test/refusals.js";
import type { DatabaseHandle } from "../db/client.js";
import { auditEvents } from "../db/schema/index.js";
import type { AppError } from "../shared/errors.js";
import { addDecisions } from "./decisions.create.js";
import { addDecision } from "./decisions.service.js";
import { buildCommitteeWorld, type CommitteeWorld, moroccanDay } from "./meetings.test-support.js";

let handle: DatabaseHandle;
let world: CommitteeWorld;

beforeAll(async () => {
  handle = await createTestDatabase();
  world = await buildCommitteeWorld(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

const outcome = (result: { error?: AppError; row?: { decision: { position: number } } }) =>
  result.error
    ? `${result.error.code}:${result.error.issues.map((issue) => `${issue.field}/${issue.reason}`).join(",")}`
    : result.row?.decision.position;

describe("addDecisions", () => {
  it("adds each decision at its meeting's end as one after the other would, with its action, refusing the others as the form does", async () => {
    const { db } = handle;
    const staff = world.actors.staff;
    const meeting = await buildMeeting(db, world.agreementId);
    await buildDecision(db, meeting, { position: 1 });
    const other = await buildMeeting(db, world.publicAgreementId);
    const cancelled = await buildMeeting(db, world.agreementId, { status: "cancelled" });
    const text = (fr: string) => ({ text: { fr } });
    const ineligible = {
      meetingId: meeting.id,
      input: {
        ...text("Confier l'étude"),
        action: {
          description: { fr: "Étude" },
          ownerOrganizationId: world.partnerId,
          ownerUserId: world.users.otherFocal.id,
          dueOn: moroccanDay(30),
        },
      },
    };
    const results = await addDecisions({
      db,
      actor: staff,
      source: "decisions.xlsx",
      items: [
        { meetingId: meeting.id, input: text("Adopter le plan") },
        { meetingId: cancelled.id, input: text("Trop tard") },
        ineligible,
        {
          meetingId: meeting.id,
          input: {
            ...text("Lancer la formation"),
            action: {
              description: { fr: "Former" },
              ownerOrganizationId: world.partnerId,
              dueOn: moroccanDay(30),
            },
          },
        },
        { meetingId: randomUUID(), input: text("Nulle part") },
        { meetingId: other.id, input: text("Première ailleurs") },
        { meetingId: meeting.id, input: { text: {} } },
      ],
    });

    expect(results.map(outcome)).toEqual([
      2,
      "validation:decision/meetings.reasons.cancelledMeeting",
      "validation:action.ownerUserId/meetings.reasons.ownerNotEligible",
      3,
      "not_found:",
      1,
      expect.stringMatching(/^validation:/),
    ]);
    const alone = await refusal(addDecision({ db, actor: staff, ...ineligible }));
    expect(results[2]?.error?.issues).toEqual(alone.issues);
    expect(results[0]?.row?.action).toBeNull();
    expect(results[3]?.row?.action).toMatchObject({
      decisionId: results[3]?.row?.decision?.id,
      agreementId: world.agreementId,
      status: "open",
    });

    const made = [0, 3, 5].map((index) => results[index]?.row?.decision?.id as string);
    const events = await db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.entityId, [...made, results[3]?.row?.action?.id as string]))
      .orderBy(asc(auditEvents.id));
    expect(events.map((event) => [event.entityId, event.action, event.agreementId])).toEqual([
      [made[0], "decision.create", world.agreementId],
      [made[1], "decision.create", world.agreementId],
      [made[2], "decision.create", world.publicAgreementId],
      [results[3]?.row?.action?.id, "follow_up_action.create", world.agreementId],
    ]);
    expect(events[0]?.changes).toMatchObject({ source: "decisions.xlsx", after: { position: 2 } });
  });

  it("is the staff's alone, like one decision", async () => {
    const meeting = await buildMeeting(handle.db, world.agreementId);
    const error = await refusal(
      addDecisions({
        db: handle.db,
        actor: world.actors.focal,
        items: [{ meetingId: meeting.id, input: { text: { fr: "x" } } }],
      }),
    );
    expect(error.code).toBe("forbidden");
  });
});
