import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { parseConfig } from "../config.js";
import type { DatabaseHandle } from "../db/client.js";
import { alertRuns } from "../db/schema/index.js";
import { metricsRegistry } from "../web/metrics.js";
import { outboxMailer } from "./evaluation.test-support.js";
import { moroccanClock, startAlertScheduler } from "./scheduler.js";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe("the daily schedule", () => {
  it("is set by ALERTS_DAILY_AT: a time of day, or off", () => {
    expect(parseConfig({}).alertsDailyAt).toBe("07:00");
    expect(parseConfig({ ALERTS_DAILY_AT: "18:30" }).alertsDailyAt).toBe("18:30");
    expect(parseConfig({ ALERTS_DAILY_AT: "off" }).alertsDailyAt).toBeNull();
    expect(() => parseConfig({ ALERTS_DAILY_AT: "25:00" })).toThrow(/ALERTS_DAILY_AT must be a time of day/);
    expect(() => parseConfig({ ALERTS_DAILY_AT: "7am" })).toThrow(/ALERTS_DAILY_AT/);
  });

  it("reads the hour on Casablanca's clock, Ramadan included", () => {
    expect(moroccanClock(new Date("2026-11-29T06:30:00Z"))).toBe("07:30");
    expect(moroccanClock(new Date("2026-03-01T06:30:00Z"))).toBe("06:30");
    expect(moroccanClock(new Date("2026-12-31T23:15:00Z"))).toBe("00:15");
  });

  it("runs once the hour has come, once a day, and catches up on start after downtime", async () => {
    const { db } = handle;
    let now = new Date("2037-03-10T05:00:00Z"); // 06:00 in Casablanca
    const runsOn = async (day: string) => db.select().from(alertRuns).where(eq(alertRuns.runOn, day));
    const scheduler = startAlertScheduler({
      db,
      mailer: outboxMailer(),
      publicUrl: "https://sharaka.example",
      dailyAt: "07:00",
      clock: () => now,
      every: 3_600_000,
    });
    const evaluatedRuns = async () => {
      const metric = await metricsRegistry.getSingleMetric("sharaka_alert_runs_total")?.get();
      return metric?.values.find((value) => value.labels.outcome === "evaluated")?.value ?? 0;
    };
    try {
      await scheduler.tick();
      expect(await runsOn("2037-03-10")).toHaveLength(0);
      const evaluatedBefore = await evaluatedRuns();
      now = new Date("2037-03-10T06:05:00Z"); // 07:05
      await scheduler.tick();
      const [first] = await runsOn("2037-03-10");
      expect(first?.trigger).toBe("schedule");
      // Counted for /metrics.
      expect(await evaluatedRuns()).toBe(evaluatedBefore + 1);
      now = new Date("2037-03-10T09:00:00Z");
      await scheduler.tick();
      const [still] = await runsOn("2037-03-10");
      // The day was not run again: the same run, started at the same moment.
      expect(still?.startedAt.toISOString()).toBe(first?.startedAt.toISOString());
    } finally {
      await scheduler.stop();
    }
    // The process was down for three days; started at 10:00, it runs the day at once.
    now = new Date("2037-03-13T09:00:00Z");
    const restarted = startAlertScheduler({
      db,
      mailer: outboxMailer(),
      publicUrl: "https://sharaka.example",
      dailyAt: "07:00",
      clock: () => now,
      every: 3_600_000,
    });
    await restarted.stop();
    expect(await runsOn("2037-03-13")).toHaveLength(1);
  });
});
