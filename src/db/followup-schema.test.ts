import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement } from "../../test/factories.js";
import {
  buildActivity,
  buildDecision,
  buildFollowUpAction,
  buildIndicator,
  buildIndicatorValue,
  buildMeeting,
  periodBounds,
} from "../../test/followup-factories.js";
import type { DatabaseHandle } from "./client.js";
import { activities, agreements, followUpActions, indicators, indicatorValues } from "./schema/index.js";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe("the follow-up's tables", () => {
  it("give periods their calendar bounds, month ends included", () => {
    expect(periodBounds("2024-Q1")).toEqual({ periodStart: "2024-01-01", periodEnd: "2024-03-31" });
    expect(periodBounds("2024-H1")).toEqual({ periodStart: "2024-01-01", periodEnd: "2024-06-30" });
    expect(periodBounds("2026-H2")).toEqual({ periodStart: "2026-07-01", periodEnd: "2026-12-31" });
    expect(periodBounds("2026")).toEqual({ periodStart: "2026-01-01", periodEnd: "2026-12-31" });
  });

  it("refuse an indicator measuring both an objective and an activity, or neither", async () => {
    const agreement = await buildAgreement(handle.db);
    const activity = await buildActivity(handle.db, agreement.id);
    const indicator = await buildIndicator(handle.db, agreement.id);
    await expect(
      handle.db.update(indicators).set({ activityId: activity.id }).where(eq(indicators.id, indicator.id)),
    ).rejects.toThrow();
    await expect(
      handle.db.update(indicators).set({ objectiveId: null }).where(eq(indicators.id, indicator.id)),
    ).rejects.toThrow();
  });

  it("go with a draft agreement when it is deleted, and keep one value per period", async () => {
    const agreement = await buildAgreement(handle.db, { status: "draft" });
    const activity = await buildActivity(handle.db, agreement.id);
    const indicator = await buildIndicator(handle.db, agreement.id, { activityId: activity.id });
    await buildIndicatorValue(handle.db, indicator.id, { period: "2026-Q2" });
    await expect(buildIndicatorValue(handle.db, indicator.id, { period: "2026-Q2" })).rejects.toThrow();
    const meeting = await buildMeeting(handle.db, agreement.id);
    const decision = await buildDecision(handle.db, meeting);
    await buildFollowUpAction(handle.db, agreement.id, { decisionId: decision.id });
    // The schema's cascade, as the service's delete of a draft relies on it.
    await handle.db.delete(agreements).where(eq(agreements.id, agreement.id));
    for (const table of [activities, indicators, followUpActions])
      expect(await handle.db.select().from(table).where(eq(table.agreementId, agreement.id))).toEqual([]);
    expect(
      await handle.db.select().from(indicatorValues).where(eq(indicatorValues.indicatorId, indicator.id)),
    ).toEqual([]);
  });
});
