import { randomUUID } from "node:crypto";
import { asc, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildDecision, buildMeeting } from "../../test/followup-factories.js";
import { refusal } from "../../test/refusals.js";
import type { DatabaseHandle } from "../db/client.js";
import { auditEvents } from "../db/schema/index.js";
import type { AppError } from "../shared/errors.js";
import { createActions } from "./actions.create.js";
import { createAction } from "./actions.service.js";
import type { ActionInput } from "./meetings.input.js";
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

const outcome = (result: { error?: AppError }) =>
  result.error
    ? `${result.error.code}:${result.error.issues.map((issue) => issue.reason).join(",")}`
    : "made";

describe("createActions", () => {
  it("makes every action its form would accept, refuses each other one with its form's reasons, and audits each", async () => {
    const { db } = handle;
    const staff = world.actors.staff;
    const decision = await buildDecision(db, await buildMeeting(db, world.agreementId));
    const elsewhere = await buildDecision(db, await buildMeeting(db, world.publicAgreementId));
    const action = (overrides: Partial<ActionInput> = {}): ActionInput => ({
      description: { fr: "Envoyer le compte rendu" },
      ownerOrganizationId: world.partnerId,
      dueOn: moroccanDay(30),
      ...overrides,
    });
    const otherDecision = { agreementId: world.agreementId, input: action({ decisionId: elsewhere.id }) };
    const results = await createActions({
      db,
      actor: staff,
      source: "suivi.xlsx",
      items: [
        { agreementId: world.agreementId, input: action({ ownerUserId: world.users.focal.id }) },
        otherDecision,
        { agreementId: world.agreementId, input: action({ ownerOrganizationId: world.outsiderId }) },
        { agreementId: world.agreementId, input: action({ ownerUserId: world.users.otherFocal.id }) },
        { agreementId: world.agreementId, input: action({ status: "done", doneOn: moroccanDay(5) }) },
        { agreementId: randomUUID(), input: action() },
        {
          agreementId: world.agreementId,
          input: action({ decisionId: decision.id, ownerUserId: world.users.staff.id, status: "done" }),
        },
      ],
    });

    expect(results.map(outcome)).toEqual([
      "made",
      "validation:unknownRecord",
      "validation:notAParty",
      "validation:meetings.reasons.ownerNotEligible",
      "validation:meetings.reasons.doneOnFuture",
      "not_found:",
      "made",
    ]);
    const alone = await refusal(createAction({ db, actor: staff, ...otherDecision }));
    expect(results[1]?.error?.issues).toEqual(alone.issues);
    expect(results[0]?.row).toMatchObject({
      ownerUserId: world.users.focal.id,
      status: "open",
      doneOn: null,
    });
    expect(results[6]?.row).toMatchObject({
      decisionId: decision.id,
      status: "done",
      doneOn: moroccanDay(0),
    });

    const made = [0, 6].map((index) => results[index]?.row?.id as string);
    const events = await db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.entityId, made))
      .orderBy(asc(auditEvents.id));
    expect(events.map((event) => [event.entityId, event.action, event.agreementId])).toEqual([
      [made[0], "follow_up_action.create", world.agreementId],
      [made[1], "follow_up_action.create", world.agreementId],
    ]);
    expect(events[0]?.changes).toMatchObject({
      source: "suivi.xlsx",
      after: { ownerUserId: world.users.focal.id },
    });
  });

  it("is the staff's alone, like one action", async () => {
    const error = await refusal(
      createActions({
        db: handle.db,
        actor: world.actors.focal,
        items: [{ agreementId: world.agreementId, input: { description: { fr: "x" } } as ActionInput }],
      }),
    );
    expect(error.code).toBe("forbidden");
  });
});
