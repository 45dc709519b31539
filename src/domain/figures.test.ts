import { describe, expect, it } from "vitest";
import {
  type ActivityFacts,
  type AgreementFacts,
  activityFigures,
  agreementFigures,
  currentTerm,
  type HealthFacts,
  type IndicatorFacts,
  indicatorFigures,
  timeElapsed,
} from "./figures.js";
import {
  addMonths,
  monthsBetween,
  periodBounds,
  periodKey,
  periodsBetween,
  todayInMorocco,
} from "./periods.js";

/** Every expected figure below was worked out by hand; the comment beside it shows the sum. */

const activity = (overrides: Partial<ActivityFacts> = {}): ActivityFacts => ({
  status: "planned",
  plannedEnd: "2026-12-31",
  budgetPlanned: 0,
  budgetSpent: 0,
  ...overrides,
});

const indicator = (overrides: Partial<IndicatorFacts> = {}): IndicatorFacts => ({
  direction: "increase",
  baselineValue: 0,
  baselineOn: "2026-01-01",
  targetValue: 100,
  targetOn: "2026-12-31",
  frequency: "quarterly",
  aggregation: "cumulative",
  values: [],
  ...overrides,
});

const approved = (period: string, value: number) => ({ period, value, status: "approved" as const });

const inForce = (overrides: Partial<AgreementFacts> = {}): AgreementFacts => ({
  status: "in_force",
  signedOn: "2025-01-01",
  effectiveOn: "2025-01-01",
  expiresOn: "2027-12-31",
  durationMonths: null,
  renewal: "none",
  renewalNoticeDays: null,
  ...overrides,
});

const facts = (overrides: Partial<HealthFacts> = {}): HealthFacts => ({
  agreement: inForce(),
  activities: [],
  indicators: [],
  lastMeetingOn: "2026-05-01",
  openActionDueDates: [],
  committeeMembers: 3,
  ...overrides,
});

describe("periods and dates", () => {
  it("knows the day in Casablanca, not in UTC", () => {
    // 23:30 UTC on 31 Dec 2026 is already 00:30 on 1 Jan 2027 in Casablanca (UTC+1).
    expect(todayInMorocco(new Date("2026-12-31T23:30:00Z"))).toBe("2027-01-01");
    // During Ramadan 2026 Morocco is on UTC+0: 23:30 UTC on 1 Mar is still 1 Mar.
    expect(todayInMorocco(new Date("2026-03-01T23:30:00Z"))).toBe("2026-03-01");
  });

  it("names periods and their bounds, month ends and leap years included", () => {
    expect(periodKey("quarterly", "2026-05-31")).toBe("2026-Q2");
    expect(periodKey("half_yearly", "2026-07-01")).toBe("2026-H2");
    expect(periodKey("yearly", "2026-07-01")).toBe("2026");
    expect(periodBounds("2024-Q1")).toEqual({ start: "2024-01-01", end: "2024-03-31" });
    expect(periodBounds("2026-Q3")).toEqual({ start: "2026-07-01", end: "2026-09-30" });
    expect(periodBounds("2026-H1")).toEqual({ start: "2026-01-01", end: "2026-06-30" });
    expect(periodsBetween("quarterly", "2025-11-15", "2026-04-01")).toEqual([
      "2025-Q4",
      "2026-Q1",
      "2026-Q2",
    ]);
    expect(periodsBetween("yearly", "2026-04-01", "2025-01-01")).toEqual([]);
    // 31 January plus one month is the last day of February.
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(monthsBetween("2025-01-10", "2026-03-10")).toBe(14);
    expect(monthsBetween("2025-01-10", "2026-03-09")).toBe(13);
  });
});

describe("activity figures", () => {
  it("counts completion without the cancelled, and overdue only among open activities", () => {
    const figures = activityFigures(
      [
        activity({ status: "done", plannedEnd: "2026-01-31" }),
        activity({ status: "done", plannedEnd: "2026-02-28" }),
        activity({ status: "ongoing", plannedEnd: "2026-03-31" }), // overdue
        activity({ status: "postponed", plannedEnd: "2026-04-30" }), // overdue
        activity({ status: "planned", plannedEnd: "2026-12-31" }),
        activity({ status: "cancelled", plannedEnd: "2026-01-31" }), // neither counted nor overdue
        activity({ status: "planned", plannedEnd: null }), // no end, never overdue
      ],
      "2026-06-01",
    );
    // 2 done of 6 counted (7 − 1 cancelled)
    expect(figures).toMatchObject({ total: 7, cancelled: 1, counted: 6, done: 2, overdue: 2 });
    expect(figures.completion).toBeCloseTo(2 / 6);
  });

  it("is not overdue on its planned end day itself", () => {
    expect(activityFigures([activity({ plannedEnd: "2026-06-01" })], "2026-06-01").overdue).toBe(0);
    expect(activityFigures([activity({ plannedEnd: "2026-05-31" })], "2026-06-01").overdue).toBe(1);
  });

  it("executes the budget over what is still planned, counting what a cancelled activity spent", () => {
    const figures = activityFigures(
      [
        activity({ status: "done", budgetPlanned: 10_000.1, budgetSpent: 9_000.2 }),
        activity({ status: "ongoing", budgetPlanned: 5_000, budgetSpent: 1_000 }),
        activity({ status: "cancelled", budgetPlanned: 20_000, budgetSpent: 500 }),
      ],
      "2026-06-01",
    );
    // planned 10,000.10 + 5,000 = 15,000.10; spent 9,000.20 + 1,000 + 500 = 10,500.20
    expect(figures.budgetPlanned).toBe(15_000.1);
    expect(figures.budgetSpent).toBe(10_500.2);
    expect(figures.budgetExecution).toBeCloseTo(10_500.2 / 15_000.1);
  });

  it("has no completion or execution to show when nothing counts or nothing is planned", () => {
    const none = activityFigures([], "2026-06-01");
    expect(none.completion).toBeNull();
    expect(none.budgetExecution).toBeNull();
    const zeroBudget = activityFigures([activity({ status: "cancelled", budgetSpent: 300 })], "2026-06-01");
    expect(zeroBudget).toMatchObject({ counted: 0, completion: null, budgetPlanned: 0, budgetSpent: 300 });
    expect(zeroBudget.budgetExecution).toBeNull();
  });
});

describe("indicator figures", () => {
  it("adds cumulative values to the baseline, counting approved values only", () => {
    const figures = indicatorFigures(
      indicator({
        baselineValue: 20,
        targetValue: 220,
        values: [
          approved("2026-Q1", 30),
          approved("2026-Q2", 50),
          { period: "2026-Q3", value: 1000, status: "submitted" },
          { period: "2026-Q4", value: 1000, status: "returned" },
        ],
      }),
      "2026-07-15",
    );
    // actual = 20 + 30 + 50 = 100; achievement = (100 − 20) / (220 − 20) = 0.4
    expect(figures.actual).toBe(100);
    expect(figures.achievement).toBeCloseTo(0.4);
    expect(figures.awaitingReview).toBe(1);
  });

  it("takes the latest approved period for a 'latest' indicator, whatever the order entered", () => {
    const figures = indicatorFigures(
      indicator({
        aggregation: "latest",
        frequency: "half_yearly",
        baselineValue: 40,
        targetValue: 60,
        values: [approved("2026-H2", 55), approved("2026-H1", 45)],
      }),
      "2027-03-01",
    );
    // actual = 55 (2026-H2); achievement = (55 − 40) / (60 − 40) = 0.75
    expect(figures.actual).toBe(55);
    expect(figures.achievement).toBeCloseTo(0.75);
  });

  it("measures a target below the baseline (a decrease) the same way", () => {
    const figures = indicatorFigures(
      indicator({
        direction: "decrease",
        aggregation: "latest",
        baselineValue: 30,
        targetValue: 10,
        values: [approved("2026-Q1", 25)],
      }),
      "2026-04-15",
    );
    // (25 − 30) / (10 − 30) = −5 / −20 = 0.25
    expect(figures.achievement).toBeCloseTo(0.25);
    const worse = indicatorFigures(
      indicator({
        direction: "decrease",
        aggregation: "latest",
        baselineValue: 30,
        targetValue: 10,
        values: [approved("2026-Q1", 35)],
      }),
      "2026-04-15",
    );
    // (35 − 30) / (10 − 30) = −0.25: moving away from the target
    expect(worse.achievement).toBeCloseTo(-0.25);
  });

  it("lists the periods due (after a grace of 30 days) and those missing", () => {
    const figures = indicatorFigures(
      indicator({
        values: [
          approved("2026-Q1", 10),
          { period: "2026-Q2", value: 5, status: "returned" }, // returned: still missing
        ],
      }),
      "2026-11-15",
    );
    // Q1 ended 31 Mar, Q2 30 Jun, Q3 30 Sep: all ended more than 30 days before 15 Nov; Q4 not.
    expect(figures.duePeriods).toEqual(["2026-Q1", "2026-Q2", "2026-Q3"]);
    expect(figures.missingPeriods).toEqual(["2026-Q2", "2026-Q3"]);
    // 30 October is exactly 30 days after Q3's end: not yet due.
    expect(indicatorFigures(indicator(), "2026-10-30").duePeriods).toEqual(["2026-Q1", "2026-Q2"]);
    expect(indicatorFigures(indicator(), "2026-10-31").duePeriods).toEqual(["2026-Q1", "2026-Q2", "2026-Q3"]);
  });

  it("stops asking for values after the target date, and uses the agreement's start without a baseline date", () => {
    const ended = indicatorFigures(indicator({ targetOn: "2026-06-30" }), "2027-06-01");
    expect(ended.duePeriods).toEqual(["2026-Q1", "2026-Q2"]);
    const noDate = indicatorFigures(
      indicator({ baselineOn: null, targetOn: null, frequency: "yearly" }),
      "2027-03-01",
      {
        start: "2025-03-01",
        elapsed: 0.5,
      },
    );
    expect(noDate.duePeriods).toEqual(["2025", "2026"]);
    expect(noDate.expected).toBe(0.5);
    expect(indicatorFigures(indicator({ baselineOn: null }), "2027-03-01").duePeriods).toEqual([]);
  });

  it("judges progress against the time elapsed", () => {
    // Baseline 1 Jan, target 31 Dec 2026 (364 days); on 2 Jul, 182 days passed: expected 0.5.
    const at = (value: number) =>
      indicatorFigures(indicator({ values: [approved("2026-Q1", value)] }), "2026-07-02");
    expect(at(30).expected).toBeCloseTo(0.5);
    // Relative pace: achievement ÷ expected; behind under 0.75 of the pace, far behind under 0.5.
    expect(at(40).status).toBe("on_track"); // 0.40 / 0.5 = 0.8
    expect(at(30).status).toBe("behind"); // 0.30 / 0.5 = 0.6
    expect(at(20).status).toBe("far_behind"); // 0.20 / 0.5 = 0.4
    expect(at(-10).status).toBe("far_behind"); // −0.10 / 0.5 < 0
    expect(at(100).status).toBe("achieved");
    expect(indicatorFigures(indicator(), "2026-07-02").status).toBe("no_data");
  });

  it("finds 1 % achieved at a quarter of the time far behind, and judges nothing in the first tenth", () => {
    // 1 Apr is 90 days of 364 in: expected 0.247; 0.01 / 0.247 = 0.04 of the pace.
    const early = indicatorFigures(indicator({ values: [approved("2026-Q1", 1)] }), "2026-04-01");
    expect(early.expected).toBeCloseTo(90 / 364);
    expect(early.status).toBe("far_behind");
    // 19 Jan is 18 days in (0.049 < 0.1): too early to say, whatever the value.
    expect(indicatorFigures(indicator({ values: [approved("2026-Q1", 0)] }), "2026-01-19").status).toBe(
      "on_track",
    );
  });

  it("has no achievement when the target equals the baseline", () => {
    const flat = indicatorFigures(
      indicator({ targetValue: 0, values: [approved("2026-Q1", 5)] }),
      "2026-07-02",
    );
    expect(flat.actual).toBe(5);
    expect(flat.achievement).toBeNull();
    expect(flat.status).toBe("no_data");
  });
});

describe("the agreement's term", () => {
  it("ends at the expiry, or after its duration", () => {
    expect(currentTerm(inForce(), "2026-06-01")).toEqual({
      start: "2025-01-01",
      end: "2027-12-31",
      renewals: 0,
    });
    expect(currentTerm(inForce({ expiresOn: null, durationMonths: 24 }), "2026-06-01")?.end).toBe(
      "2026-12-31",
    );
    expect(currentTerm(inForce({ effectiveOn: null, signedOn: null }), "2026-06-01")).toBeNull();
  });

  it("computes the renewed term of a tacit renewal instead of leaving it stale", () => {
    // 1 Jan 2023 – 31 Dec 2024 (24 months), tacit: renewed 1 Jan 2025 – 31 Dec 2026.
    const agreement = inForce({
      effectiveOn: "2023-01-01",
      expiresOn: "2024-12-31",
      renewal: "tacit",
      renewalNoticeDays: 90,
    });
    expect(currentTerm(agreement, "2026-06-01")).toEqual({
      start: "2025-01-01",
      end: "2026-12-31",
      renewals: 1,
    });
    expect(currentTerm(agreement, "2027-01-01")).toEqual({
      start: "2027-01-01",
      end: "2028-12-31",
      renewals: 2,
    });
    // Without tacit renewal the past expiry stays.
    expect(currentTerm({ ...agreement, renewal: "none" }, "2026-06-01")?.end).toBe("2024-12-31");
  });

  it("measures the time elapsed over the whole span", () => {
    // 1 Jan 2025 → 31 Dec 2027 is 1094 days; 1 Jan 2026 is 365 days in.
    expect(timeElapsed(inForce(), "2026-01-01")).toBeCloseTo(365 / 1094);
    expect(timeElapsed(inForce(), "2024-06-01")).toBe(0);
    expect(timeElapsed(inForce(), "2030-01-01")).toBe(1);
    expect(timeElapsed(inForce({ expiresOn: null }), "2026-01-01")).toBeNull();
  });
});

describe("agreement health", () => {
  it("is not enough data, listing what is missing, when nothing is wrong but nothing is recorded", () => {
    const bare = agreementFigures(
      facts({ agreement: inForce({ expiresOn: null }), committeeMembers: 0, lastMeetingOn: null }),
      "2025-06-01",
    );
    expect(bare.health).toEqual({
      level: "not_enough_data",
      reasons: [],
      missing: ["plan", "indicators", "dates", "committee"],
    });
    // A known problem outranks what is missing; the missing items are still listed.
    const late = agreementFigures(
      facts({ activities: [activity({ plannedEnd: "2025-03-01" })], committeeMembers: 0 }),
      "2025-06-01",
    );
    expect(late.health.level).toBe("off_track");
    expect(late.health.missing).toEqual(["indicators"]);
  });

  const reasons = (figures: ReturnType<typeof agreementFigures>) =>
    figures.health.reasons.map((reason) => `${reason.key}:${reason.level}:${JSON.stringify(reason.values)}`);

  it("is on track with nothing late, and not applicable before signature or after the end", () => {
    const complete = facts({
      activities: [activity({ status: "done", plannedEnd: "2026-03-01" })],
      // 1 Jun is 151 days of 364 in (0.41 expected); 40 achieved: 0.97 of the pace; Q1 reported.
      indicators: [indicator({ values: [approved("2026-Q1", 40)] })],
    });
    expect(agreementFigures(complete, "2026-06-01").health).toEqual({
      level: "on_track",
      reasons: [],
      missing: [],
    });
    const draft = agreementFigures(
      facts({
        agreement: inForce({ status: "draft" }),
        activities: [activity({ plannedEnd: "2026-01-01" })],
      }),
      "2026-06-01",
    );
    expect(draft.health).toEqual({ level: "not_applicable", reasons: [], missing: [] });
    expect(draft.activities.overdue).toBe(1);
  });

  it("names each reason: overdue activities, a silent committee, expiry and renewal notice", () => {
    const figures = agreementFigures(
      facts({
        agreement: inForce({ expiresOn: "2026-07-16", renewal: "tacit", renewalNoticeDays: 30 }),
        activities: [
          activity({ plannedEnd: "2026-01-31" }),
          activity({ plannedEnd: "2026-02-28" }),
          activity({ plannedEnd: "2026-03-31" }),
          ...Array.from({ length: 7 }, () => activity({ status: "done" as const })),
        ],
        lastMeetingOn: "2025-03-20",
        openActionDueDates: ["2026-05-31", "2026-06-02"],
      }),
      "2026-06-01",
    );
    // 3 of 10 overdue (not more than a third); last meeting 14 months ago; the term ends in 45
    // days but renews tacitly, so it is judged on its notice date: 16 Jul − 30 days = 16 Jun, in
    // 15 days; one action overdue.
    expect(reasons(figures)).toEqual([
      'activitiesOverdue:at_risk:{"count":3}',
      'noMeetingFor:at_risk:{"months":14}',
      'renewalNoticeDue:at_risk:{"days":15}',
      'actionsOverdue:at_risk:{"count":1}',
    ]);
    // Without tacit renewal, the term's end itself is the reason.
    const ending = agreementFigures(facts({ agreement: inForce({ expiresOn: "2026-07-16" }) }), "2026-06-01");
    expect(reasons(ending)).toEqual(['expiresIn:at_risk:{"days":45}']);
    expect(figures.health.level).toBe("at_risk");
    expect(figures.renewalNoticeOn).toBe("2026-06-16");
  });

  it("is off track when more than a third of the plan is late, or the term has passed", () => {
    const late = agreementFigures(
      facts({
        activities: [activity({ plannedEnd: "2026-01-31" }), activity(), activity({ status: "done" })],
      }),
      "2026-06-01",
    );
    // 1 of 3: not more than a third → at risk; 2 of 4 would be off track.
    expect(late.health.level).toBe("at_risk");
    const later = agreementFigures(
      facts({
        activities: [
          activity({ plannedEnd: "2026-01-31" }),
          activity({ plannedEnd: "2026-02-28" }),
          activity(),
          activity(),
        ],
      }),
      "2026-06-01",
    );
    expect(later.health.level).toBe("off_track");
    const expired = agreementFigures(
      facts({ agreement: inForce({ expiresOn: "2026-05-01" }) }),
      "2026-06-01",
    );
    expect(reasons(expired)).toEqual(['expiredSince:off_track:{"days":31}']);
  });

  it("counts the committee's silence from the start when it never met", () => {
    const figures = agreementFigures(facts({ lastMeetingOn: null }), "2026-06-01");
    // effective 1 Jan 2025 → 1 Jun 2026: 17 months
    expect(reasons(figures)).toEqual(['noMeetingYet:at_risk:{"months":17}']);
    // Before twelve months nothing is wrong, but with no plan and no indicator nothing says it is right.
    expect(agreementFigures(facts({ lastMeetingOn: null }), "2025-12-31").health).toEqual({
      level: "not_enough_data",
      reasons: [],
      missing: ["plan", "indicators"],
    });
  });

  it("flags indicators behind, missing periods and overspending", () => {
    const figures = agreementFigures(
      facts({
        indicators: [
          // due Q1 (ended 31 Mar) reported; Q2 not yet due on 2 Jul; 0.3 achieved vs 0.5 expected: 0.6 of the pace, behind
          indicator({ values: [{ period: "2026-Q1", value: 30, status: "approved" }] }),
          // nothing reported: Q1 missing; no data, so not "behind"
          indicator(),
        ],
        activities: [
          activity({ status: "done", plannedEnd: "2026-03-01", budgetPlanned: 1000, budgetSpent: 1250 }),
        ],
      }),
      "2026-07-02",
    );
    expect(reasons(figures)).toEqual([
      'indicatorsBehind:at_risk:{"count":1}',
      'periodsMissing:at_risk:{"count":1}',
      'overspent:at_risk:{"percent":125}',
    ]);
  });

  it("is at risk while suspended, and never judges a suspended plan as expired", () => {
    const figures = agreementFigures(
      facts({ agreement: inForce({ status: "suspended", expiresOn: "2026-05-01" }) }),
      "2026-06-01",
    );
    expect(reasons(figures)).toEqual(["suspended:at_risk:{}"]);
  });
});
