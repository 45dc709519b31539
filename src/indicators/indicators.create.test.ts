import { randomUUID } from "node:crypto";
import { asc, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement } from "../../test/factories.js";
import { buildActivity } from "../../test/followup-factories.js";
import { refusal } from "../../test/refusals.js";
import { objectiveIdsOf } from "../../test/worlds.js";
import type { DatabaseHandle } from "../db/client.js";
import { auditEvents, indicators } from "../db/schema/index.js";
import type { AppError } from "../shared/errors.js";
import { createIndicators } from "./indicators.create.js";
import { createIndicator } from "./indicators.service.js";
import { type IndicatorFixture, indicatorFixture, indicatorInput } from "./indicators.test-support.js";

let handle: DatabaseHandle;
let fixture: IndicatorFixture;

beforeAll(async () => {
  handle = await createTestDatabase();
  fixture = await indicatorFixture(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

const outcome = (result: { error?: AppError }) =>
  result.error
    ? `${result.error.code}:${result.error.issues.map((issue) => issue.reason).join(",")}`
    : "made";

describe("createIndicators", () => {
  it("makes every indicator its form would accept, refuses each other one with its form's reasons, in order and audited", async () => {
    const db = handle.db;
    const staff = fixture.actors.staff;
    const [objectiveId = "", secondObjectiveId = ""] = fixture.objectiveIds;
    const activity = await buildActivity(db, fixture.agreementId);
    const other = await buildAgreement(db, {
      parties: [{ organizationId: fixture.partnerId, role: "signatory" }],
    });
    const [otherObjectiveId = ""] = await objectiveIdsOf(db, other.id);
    const input = (overrides: Parameters<typeof indicatorInput>[2] = {}) =>
      indicatorInput(objectiveId, fixture.partnerId, overrides);
    const elsewhere = { agreementId: fixture.agreementId, input: input({ objectiveId: otherObjectiveId }) };
    const results = await createIndicators({
      db,
      actor: staff,
      source: "indicateurs.xlsx",
      items: [
        { agreementId: fixture.agreementId, input: input() },
        elsewhere,
        { agreementId: fixture.agreementId, input: input({ responsibleOrganizationId: randomUUID() }) },
        {
          agreementId: fixture.agreementId,
          input: input({ objectiveId: undefined, activityId: activity.id }),
        },
        { agreementId: fixture.agreementId, input: input({ targetValue: -1 }) },
        { agreementId: randomUUID(), input: input() },
        { agreementId: other.id, input: indicatorInput(otherObjectiveId, fixture.partnerId.toUpperCase()) },
        { agreementId: fixture.agreementId, input: input({ objectiveId: secondObjectiveId }) },
      ],
    });

    expect(results.map(outcome)).toEqual([
      "made",
      "validation:indicators.reasons.notThisAgreement",
      "validation:notAParty",
      "made",
      expect.stringMatching(/^validation:/),
      "not_found:",
      "made",
      "made",
    ]);
    const alone = await refusal(createIndicator({ db, actor: staff, ...elsewhere }));
    expect(results[1]?.error?.issues).toEqual(alone.issues);
    expect(results[3]?.row).toMatchObject({ objectiveId: null, activityId: activity.id, version: 1 });

    const made = [0, 3, 6, 7].map((index) => results[index]?.row?.id as string);
    const stored = await db
      .select({ id: indicators.id })
      .from(indicators)
      .where(inArray(indicators.id, made))
      .orderBy(asc(indicators.createdAt));
    expect(stored.map((row) => row.id)).toEqual(made);
    const events = await db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.entityId, made))
      .orderBy(asc(auditEvents.id));
    expect(events.map((event) => [event.entityId, event.action, event.agreementId])).toEqual([
      [made[0], "indicator.create", fixture.agreementId],
      [made[1], "indicator.create", fixture.agreementId],
      [made[2], "indicator.create", other.id],
      [made[3], "indicator.create", fixture.agreementId],
    ]);
    expect(events[0]?.changes).toMatchObject({ source: "indicateurs.xlsx", after: { objectiveId } });
  });

  it("is the staff's alone, like one indicator", async () => {
    const error = await refusal(
      createIndicators({
        db: handle.db,
        actor: fixture.actors.focal,
        items: [{ agreementId: fixture.agreementId, input: indicatorInput("", fixture.partnerId) }],
      }),
    );
    expect(error.code).toBe("forbidden");
  });
});
