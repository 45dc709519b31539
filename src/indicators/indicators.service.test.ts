import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement } from "../../test/factories.js";
import { buildActivity } from "../../test/followup-factories.js";
import { refusal } from "../../test/refusals.js";
import type { DatabaseHandle } from "../db/client.js";
import { auditEvents, indicators, indicatorValues, objectives } from "../db/schema/index.js";
import type { AppError } from "../shared/errors.js";
import { listAgreementIndicators } from "./indicators.queries.js";
import { createIndicator, deleteIndicator, updateIndicator } from "./indicators.service.js";
import {
  type IndicatorFixture,
  indicatorFixture,
  indicatorInput,
  insertIndicator,
  insertIndicatorValue,
} from "./indicators.test-support.js";

let handle: DatabaseHandle;
let fixture: IndicatorFixture;

beforeAll(async () => {
  handle = await createTestDatabase();
  fixture = await indicatorFixture(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

/** The refusal a promise ends in (fails the test when it succeeds). */
const reasons = (error: AppError) => error.issues.map((issue) => `${issue.field}:${issue.reason ?? ""}`);

const create = (overrides: Parameters<typeof indicatorInput>[2] = {}, actor = fixture.actors.staff) =>
  createIndicator({
    db: handle.db,
    actor,
    agreementId: fixture.agreementId,
    input: indicatorInput(fixture.objectiveIds[0] as string, fixture.partnerId, overrides),
  });

describe("creating an indicator", () => {
  it("stores it on an objective, with an audit event", async () => {
    const row = await create();
    expect(row).toMatchObject({
      agreementId: fixture.agreementId,
      objectiveId: fixture.objectiveIds[0],
      activityId: null,
      direction: "increase",
      baselineValue: "0.0000",
      targetValue: "200.0000",
      frequency: "quarterly",
      version: 1,
    });
    const events = await handle.db.select().from(auditEvents).where(eq(auditEvents.entityId, row.id));
    expect(events.map((event) => event.action)).toEqual(["indicator.create"]);
    expect(events[0]?.actor).toBe(fixture.actors.staff.id);
  });

  it("stores it on one of the agreement's activities", async () => {
    const activity = await buildActivity(handle.db, fixture.agreementId);
    const row = await create({ objectiveId: undefined, activityId: activity.id });
    expect(row).toMatchObject({ activityId: activity.id, objectiveId: null });
  });

  it("refuses what it measures: neither, both, or another agreement's", async () => {
    const activity = await buildActivity(handle.db, fixture.agreementId);
    expect(reasons(await refusal(create({ objectiveId: undefined })))).toEqual([
      "objectiveId:indicators.reasons.measuresOne",
    ]);
    expect(reasons(await refusal(create({ activityId: activity.id })))).toEqual([
      "objectiveId:indicators.reasons.measuresOne",
    ]);
    const other = await buildAgreement(handle.db);
    const [foreignObjective] = await listObjectives(other.id);
    const foreign = await refusal(create({ objectiveId: foreignObjective }));
    expect(reasons(foreign)).toEqual(["objectiveId:indicators.reasons.notThisAgreement"]);
  });

  it("refuses a target on the wrong side of the baseline, or equal to it", async () => {
    const below = await refusal(create({ baselineValue: 50, targetValue: 10 }));
    expect(reasons(below)).toEqual(["targetValue:indicators.reasons.targetBelowBaseline"]);
    const above = await refusal(create({ direction: "decrease", baselineValue: 10, targetValue: 50 }));
    expect(reasons(above)).toEqual(["targetValue:indicators.reasons.targetAboveBaseline"]);
    const equal = await refusal(create({ baselineValue: 10, targetValue: 10 }));
    expect(reasons(equal)).toEqual(["targetValue:indicators.reasons.targetEqualsBaseline"]);
    const decreasing = await create({ direction: "decrease", baselineValue: 40, targetValue: 12.5 });
    expect(decreasing.targetValue).toBe("12.5000");
  });

  it("refuses a target date before the baseline date, and missing or malformed numbers", async () => {
    const dates = await refusal(create({ baselineOn: "2026-06-01", targetOn: "2026-05-31" }));
    expect(reasons(dates)).toEqual(["targetOn:indicators.reasons.targetBeforeBaseline"]);
    const numbers = await refusal(create({ baselineValue: "douze", targetValue: 1.23456 }));
    expect(reasons(numbers)).toEqual([
      "baselineValue:indicators.reasons.notADecimal",
      "targetValue:indicators.reasons.tooManyDecimals",
    ]);
    const missing = await refusal(create({ baselineValue: undefined, baselineOn: undefined }));
    expect(reasons(missing)).toEqual(["baselineValue:required", "baselineOn:required"]);
  });

  it("reads French numbers typed in a form", async () => {
    const row = await create({ baselineValue: "1 250,5", targetValue: "2\u202f000" });
    expect([row.baselineValue, row.targetValue]).toEqual(["1250.5000", "2000.0000"]);
  });

  it("refuses a responsible organisation that is not a party", async () => {
    const outsider = fixture.actors.outsiderFocal.organizationId as string;
    const error = await refusal(create({ responsibleOrganizationId: outsider }));
    expect(reasons(error)).toEqual(["responsibleOrganizationId:notAParty"]);
  });

  it("is for the staff only, whoever else asks, before looking at the input", async () => {
    for (const actor of [fixture.actors.focal, fixture.actors.viewer, fixture.actors.council]) {
      expect((await refusal(create({ name: {} }, actor))).code).toBe("forbidden");
    }
    const readOnly = { ...fixture.actors.staff, tokenScope: "read" as const };
    expect((await refusal(create({}, readOnly))).code).toBe("forbidden");
    expect((await refusal(create({}, { id: "anonymous", role: "anonymous" }))).code).toBe("unauthenticated");
  });
});

async function listObjectives(agreementId: string): Promise<string[]> {
  const rows = await handle.db
    .select({ id: objectives.id })
    .from(objectives)
    .where(eq(objectives.agreementId, agreementId));
  return rows.map((row) => row.id);
}

describe("changing an indicator", () => {
  it("saves as of the version, and refuses a stale one without writing", async () => {
    const row = await create();
    const input = indicatorInput(fixture.objectiveIds[1] as string, fixture.otherPartnerId, {
      targetValue: 300,
    });
    const saved = await updateIndicator({
      db: handle.db,
      actor: fixture.actors.staff,
      id: row.id,
      input: { ...input, version: 1 },
    });
    expect(saved).toMatchObject({
      version: 2,
      objectiveId: fixture.objectiveIds[1],
      targetValue: "300.0000",
    });
    const stale = await refusal(
      updateIndicator({
        db: handle.db,
        actor: fixture.actors.staff,
        id: row.id,
        input: { ...input, targetValue: 999, version: 1 },
      }),
    );
    expect(stale.code).toBe("conflict");
    expect(reasons(stale)).toEqual(["version:staleVersion"]);
    const [stored] = await handle.db.select().from(indicators).where(eq(indicators.id, row.id));
    expect(stored?.targetValue).toBe("300.0000");
    const actions = await handle.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.entityId, row.id));
    expect(actions.map((event) => event.action)).toEqual(["indicator.create", "indicator.update"]);
  });

  it("keeps the frequency once values exist", async () => {
    const row = await insertIndicator(handle.db, fixture.agreementId);
    await insertIndicatorValue(handle.db, row.id, { status: "submitted" });
    const input = indicatorInput(fixture.objectiveIds[0] as string, fixture.partnerId, {
      frequency: "yearly",
    });
    const error = await refusal(
      updateIndicator({
        db: handle.db,
        actor: fixture.actors.staff,
        id: row.id,
        input: { ...input, version: 1 },
      }),
    );
    expect(reasons(error)).toEqual(["frequency:indicators.reasons.frequencyLocked"]);
  });
});

describe("deleting an indicator", () => {
  it("refuses while it has approved values, clearly", async () => {
    const row = await insertIndicator(handle.db, fixture.agreementId);
    await insertIndicatorValue(handle.db, row.id, { period: "2026-Q1", status: "approved" });
    await insertIndicatorValue(handle.db, row.id, { period: "2026-Q2", status: "approved" });
    const error = await refusal(deleteIndicator({ db: handle.db, actor: fixture.actors.staff, id: row.id }));
    expect(error.code).toBe("conflict");
    expect(error.issues).toEqual([
      expect.objectContaining({ reason: "indicators.reasons.hasApprovedValues", values: { count: 2 } }),
    ]);
    expect(await handle.db.select().from(indicators).where(eq(indicators.id, row.id))).toHaveLength(1);
  });

  it("deletes one with only submitted or returned values, with them", async () => {
    const row = await insertIndicator(handle.db, fixture.agreementId);
    await insertIndicatorValue(handle.db, row.id, { period: "2026-Q1", status: "submitted" });
    await insertIndicatorValue(handle.db, row.id, {
      period: "2026-Q2",
      status: "returned",
      returnReason: "?",
    });
    await deleteIndicator({ db: handle.db, actor: fixture.actors.staff, id: row.id, version: 1 });
    expect(await handle.db.select().from(indicators).where(eq(indicators.id, row.id))).toEqual([]);
    expect(
      await handle.db.select().from(indicatorValues).where(eq(indicatorValues.indicatorId, row.id)),
    ).toEqual([]);
    const [event] = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, row.id), eq(auditEvents.action, "indicator.delete")));
    expect(event?.changes).toMatchObject({ before: { valuesDeleted: 2 }, after: null });
  });

  it("refuses a stale version and other roles", async () => {
    const row = await insertIndicator(handle.db, fixture.agreementId);
    const stale = await refusal(
      deleteIndicator({ db: handle.db, actor: fixture.actors.staff, id: row.id, version: 7 }),
    );
    expect(stale.code).toBe("conflict");
    const focal = await refusal(deleteIndicator({ db: handle.db, actor: fixture.actors.focal, id: row.id }));
    expect(focal.code).toBe("forbidden");
  });
});

describe("listing an agreement's indicators", () => {
  it("gives insiders every value and the public approved values without their inside", async () => {
    const agreement = await buildAgreement(handle.db, {
      visibility: "public",
      national: false,
      territoryCodes: ["01.571"],
      parties: [{ organizationId: fixture.partnerId, role: "signatory" }],
    });
    const row = await insertIndicator(handle.db, agreement.id);
    await insertIndicatorValue(handle.db, row.id, {
      period: "2026-Q1",
      status: "approved",
      comment: "secret",
    });
    await insertIndicatorValue(handle.db, row.id, { period: "2026-Q2", status: "submitted" });
    const inside = await listAgreementIndicators({
      db: handle.db,
      actor: fixture.actors.focal,
      agreementId: agreement.id,
    });
    expect(inside[0]?.values.map((value) => value.status)).toEqual(["approved", "submitted"]);
    expect(inside[0]?.values[0]?.internal?.comment).toBe("secret");
    for (const [actor, publicOnly] of [
      [{ id: "anonymous", role: "anonymous" }, false],
      [fixture.actors.outsiderFocal, false],
      [fixture.actors.farCouncil, false],
      [fixture.actors.staff, true],
    ] as const) {
      const seen = await listAgreementIndicators({
        db: handle.db,
        actor,
        agreementId: agreement.id,
        publicOnly,
      });
      expect(seen[0]?.internal).toBe(false);
      expect(seen[0]?.values).toEqual([expect.objectContaining({ period: "2026-Q1", status: "approved" })]);
      expect(JSON.stringify(seen)).not.toContain("secret");
    }
  });

  it("answers not found to who may not read the agreement", async () => {
    for (const actor of [
      fixture.actors.outsiderFocal,
      fixture.actors.farCouncil,
      { id: "anonymous", role: "anonymous" as const },
    ]) {
      const error = await refusal(
        listAgreementIndicators({ db: handle.db, actor, agreementId: fixture.agreementId }),
      );
      expect(error.code).toBe("not_found");
    }
  });
});
