import { describe, expect, it } from "vitest";
import type { IndicatorFacts } from "../domain/figures.js";
import { countWork, DUE_WITHIN_DAYS, type WorkFacts } from "./work-counts.js";

const today = "2026-06-15";
const own = "org-own";
const other = "org-other";

const indicator = (overrides: Partial<IndicatorFacts & { responsibleOrganizationId: string }> = {}) => ({
  responsibleOrganizationId: own,
  direction: "increase" as const,
  baselineValue: 0,
  baselineOn: "2026-01-01",
  targetValue: 10,
  targetOn: "2027-12-31",
  frequency: "quarterly" as const,
  aggregation: "cumulative" as const,
  values: [],
  ...overrides,
});

const facts = (overrides: Partial<WorkFacts>): WorkFacts => ({
  activities: [],
  openActions: [],
  indicators: [],
  start: "2026-01-01",
  ...overrides,
});

describe("countWork", () => {
  it("counts open activities ending by the horizon, late ones included, and none closed or later", () => {
    const work = countWork(
      facts({
        activities: [
          { status: "planned", plannedEnd: "2026-06-01", responsibleOrganizationId: own },
          { status: "ongoing", plannedEnd: "2026-07-15", responsibleOrganizationId: other },
          { status: "postponed", plannedEnd: "2026-07-16", responsibleOrganizationId: own },
          { status: "done", plannedEnd: "2026-06-01", responsibleOrganizationId: own },
          { status: "cancelled", plannedEnd: "2026-06-01", responsibleOrganizationId: own },
          { status: "planned", plannedEnd: null, responsibleOrganizationId: own },
        ],
      }),
      today,
    );
    // 15 June + 30 days = 15 July: the last day counted.
    expect(DUE_WITHIN_DAYS).toBe(30);
    expect(work.all).toEqual({ activities: 2, actions: 0, periods: 0, firstDue: "2026-06-01" });
    expect(work.byOrganization.get(own)).toEqual({
      activities: 1,
      actions: 0,
      periods: 0,
      firstDue: "2026-06-01",
    });
    expect(work.byOrganization.get(other)).toEqual({
      activities: 1,
      actions: 0,
      periods: 0,
      firstDue: "2026-07-15",
    });
  });

  it("counts open actions due by the horizon, by their owner", () => {
    const work = countWork(
      facts({
        openActions: [
          { dueOn: "2026-05-01", ownerOrganizationId: other },
          { dueOn: "2026-07-15", ownerOrganizationId: own },
          { dueOn: "2026-08-01", ownerOrganizationId: own },
        ],
      }),
      today,
    );
    expect(work.all).toEqual({ activities: 0, actions: 2, periods: 0, firstDue: "2026-05-01" });
    expect(work.byOrganization.get(own)?.actions).toBe(1);
  });

  it("counts an indicator once with an ended period without a value, from the day after it ends", () => {
    const work = countWork(
      facts({
        indicators: [
          // Q1 has a value and Q2 has not ended: nothing to report.
          indicator({ values: [{ period: "2026-Q1", value: 1, status: "submitted" }] }),
          // Q1 returned for correction: still missing, due 30 days after 31 March.
          indicator({
            responsibleOrganizationId: other,
            values: [{ period: "2026-Q1", value: 1, status: "returned" }],
          }),
        ],
      }),
      today,
    );
    expect(work.all).toEqual({ activities: 0, actions: 0, periods: 1, firstDue: "2026-04-30" });
    expect(work.byOrganization.get(other)?.periods).toBe(1);
    expect(work.byOrganization.has(own)).toBe(false);
    // On 1 July, Q2 (ended 30 June) is missing too: the first indicator now counts.
    expect(
      countWork(
        facts({ indicators: [indicator({ values: [{ period: "2026-Q1", value: 1, status: "approved" }] })] }),
        "2026-07-01",
      ).all.periods,
    ).toBe(1);
  });
});
