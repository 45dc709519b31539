import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildIndicator, buildIndicatorValue } from "../../test/followup-factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { type IndicatorFrequency, indicators, indicatorValues } from "../db/schema/index.js";
import { indicatorFigures, REPORTING_GRACE_DAYS } from "../domain/figures.js";
import { addDays, periodsBetween } from "../domain/periods.js";
import { listMissingPeriods } from "./missing-periods.queries.js";
import { buildUnderwayAgreement } from "./progress.test-support.js";

/**
 * The database's count of gaps must agree with figures.ts's list of missing periods, on every
 * kind of indicator: each frequency, baselines and targets in the past or the future or
 * absent, values in order, with gaps, submitted or returned.
 */
const TODAY = "2026-11-29";
let handle: DatabaseHandle;
let agreementId: string;
let undatedAgreementId: string;

const frequencies: IndicatorFrequency[] = ["quarterly", "half_yearly", "yearly"];
const baselines = [null, "2024-02-10", "2025-07-01", "2026-10-01", "2027-03-01"];
const targets = [null, "2025-03-31", "2026-08-15", "2026-11-29", "2028-12-31"];
type Pattern = "none" | "all" | "gap" | "returned" | "submitted" | "latest";
const patterns: Pattern[] = ["none", "all", "gap", "returned", "submitted", "latest"];

beforeAll(async () => {
  handle = await createTestDatabase();
  const { db } = handle;
  // The agreement's start stands in for a missing baseline date.
  agreementId = (
    await buildUnderwayAgreement(db, {
      signedOn: "2025-01-15",
      effectiveOn: "2025-01-15",
      expiresOn: "2029-01-14",
    })
  ).id;
  undatedAgreementId = (
    await buildUnderwayAgreement(db, {
      status: "signed",
      signedOn: undefined,
      effectiveOn: undefined,
      expiresOn: undefined,
    })
  ).id;
  let n = 0;
  for (const frequency of frequencies)
    for (const baselineOn of baselines)
      for (const targetOn of targets)
        for (const pattern of patterns) {
          n++;
          if (targetOn && baselineOn && targetOn <= baselineOn && pattern !== "none") continue;
          const indicator = await buildIndicator(db, n % 7 === 0 ? undatedAgreementId : agreementId, {
            frequency,
            baselineOn,
            targetOn,
          });
          const periods = periodsBetween(frequency, baselineOn ?? "2025-01-15", addDays(TODAY, 120));
          const chosen = periods.filter((_, index) => {
            if (pattern === "none") return false;
            if (pattern === "gap") return index !== 1;
            if (pattern === "latest") return index === periods.length - 1;
            return true;
          });
          for (const [index, period] of chosen.entries()) {
            const status =
              pattern === "returned" && index === 0
                ? "returned"
                : pattern === "submitted" && index % 2
                  ? "submitted"
                  : "approved";
            await buildIndicatorValue(db, indicator.id, { period, status });
          }
        }
});
afterAll(async () => {
  await handle?.close();
});

async function figuresFor(id: string) {
  const [row] = await handle.db.select().from(indicators).where(eq(indicators.id, id));
  if (!row) throw new Error("no indicator");
  const values = await handle.db.select().from(indicatorValues).where(eq(indicatorValues.indicatorId, id));
  const start = row.agreementId === agreementId ? "2025-01-15" : null;
  return indicatorFigures(
    {
      ...row,
      baselineValue: Number(row.baselineValue),
      targetValue: Number(row.targetValue),
      values: values.map((value) => ({
        period: value.period,
        value: Number(value.value),
        status: value.status,
      })),
    },
    addDays(TODAY, REPORTING_GRACE_DAYS),
    { start },
  );
}

describe("listMissingPeriods", () => {
  it("finds exactly the indicators figures.ts says miss a period, with the same periods", async () => {
    const all = await handle.db.select({ id: indicators.id }).from(indicators);
    const expected = new Map<string, string[]>();
    for (const { id } of all) {
      const missing = (await figuresFor(id)).missingPeriods;
      if (missing.length) expected.set(id, missing);
    }
    expect(expected.size).toBeGreaterThan(20);
    const found = await listMissingPeriods({
      db: handle.db,
      today: TODAY,
      limit: 10_000,
    });
    expect(found.total).toBe(expected.size);
    expect(new Map(found.items.map((item) => [item.indicator.id, item.periods]))).toEqual(expected);
  });

  it("lists the oldest due first, keeps to the limit and counts them all", async () => {
    const found = await listMissingPeriods({ db: handle.db, today: TODAY, limit: 5 });
    expect(found.items).toHaveLength(5);
    expect(found.total).toBeGreaterThan(5);
    const dues = found.items.map((item) => item.dueOn);
    expect(dues).toEqual([...dues].sort());
    expect(found.items[0]?.overdue).toBe(true);
  });
});
