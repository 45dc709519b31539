import { describe, expect, it } from "vitest";
import { todayInMorocco } from "../domain/periods.js";
import { renewalNoticeDeadline } from "./alert-conditions.js";
import { leadDaysSchema, OVERDUE_STAGE, stageOn } from "./alert-rules.js";

const leadDays = [90, 30, 7];

describe("the stage of an alert on a given day", () => {
  it.each([
    // [today, deadline, stage]: days left = deadline − today
    ["2026-01-01", "2026-04-02", null], // 91 days left: not yet
    ["2026-01-02", "2026-04-02", 90], // 90 days left: opens at the longest lead time
    ["2026-03-03", "2026-04-02", 30], // 30 left
    ["2026-03-04", "2026-04-02", 30], // 29 left: within 30, not yet within 7
  ])("on %s for a deadline on %s", (today, dueOn, expected) => {
    expect(stageOn({ dueOn, today, leadDays, overdue: true })).toBe(expected);
  });

  it("steps to 7 days at 7, stays there until the deadline, then is late the day after", () => {
    expect(stageOn({ dueOn: "2026-04-02", today: "2026-03-26", leadDays, overdue: true })).toBe(7);
    expect(stageOn({ dueOn: "2026-04-02", today: "2026-03-25", leadDays, overdue: true })).toBe(30);
    expect(stageOn({ dueOn: "2026-04-02", today: "2026-04-02", leadDays, overdue: true })).toBe(7);
    expect(stageOn({ dueOn: "2026-04-02", today: "2026-04-03", leadDays, overdue: true })).toBe(
      OVERDUE_STAGE,
    );
  });

  it("ends, rather than turns late, for a kind that cannot be late (a meeting held)", () => {
    expect(stageOn({ dueOn: "2026-04-02", today: "2026-04-03", leadDays, overdue: false })).toBeNull();
  });

  it("counts across month ends and a leap day by the calendar", () => {
    // 2028 is a leap year: from 31 Jan to 1 Mar is 30 days.
    expect(stageOn({ dueOn: "2028-03-01", today: "2028-01-31", leadDays, overdue: true })).toBe(30);
    expect(stageOn({ dueOn: "2027-03-01", today: "2027-01-30", leadDays, overdue: true })).toBe(30);
    expect(stageOn({ dueOn: "2027-03-01", today: "2027-01-29", leadDays, overdue: true })).toBe(90);
    // 31 Dec → 7 Jan crosses a year: 7 days.
    expect(stageOn({ dueOn: "2027-01-07", today: "2026-12-31", leadDays, overdue: true })).toBe(7);
  });

  it("with no lead time, speaks only when late", () => {
    expect(stageOn({ dueOn: "2026-04-02", today: "2026-04-02", leadDays: [], overdue: true })).toBeNull();
    expect(stageOn({ dueOn: "2026-04-02", today: "2026-04-03", leadDays: [], overdue: true })).toBe(-1);
  });

  it("reads lead times as whole days from 0 to 366, each once, longest first", () => {
    expect(leadDaysSchema.parse([7, 30, 7, 90])).toEqual([90, 30, 7]);
    expect(leadDaysSchema.safeParse([-1]).success).toBe(false);
    expect(leadDaysSchema.safeParse([367]).success).toBe(false);
    expect(leadDaysSchema.safeParse([1.5]).success).toBe(false);
    expect(leadDaysSchema.safeParse([1, 2, 3, 4, 5, 6, 7]).success).toBe(false);
  });
});

describe("the day in Casablanca", () => {
  it("is tomorrow there at 23:30 UTC outside Ramadan (UTC+1), and still today during it (UTC+0)", () => {
    expect(todayInMorocco(new Date("2026-11-29T23:30:00Z"))).toBe("2026-11-30");
    // Ramadan 2026 runs from about 18 February to 19 March: Morocco is on UTC+0.
    expect(todayInMorocco(new Date("2026-03-01T23:30:00Z"))).toBe("2026-03-01");
  });
});

describe("the renewal-notice deadline of a tacitly renewed agreement", () => {
  const agreement = {
    status: "in_force" as const,
    signedOn: "2024-01-01",
    effectiveOn: "2024-01-01",
    expiresOn: "2026-12-31",
    durationMonths: 36,
    renewal: "tacit" as const,
    renewalNoticeDays: 90,
  };

  it("is the term's end minus the notice: 31 Dec 2026 − 90 days = 2 Oct 2026", () => {
    expect(renewalNoticeDeadline(agreement, "2026-06-01")).toEqual({
      dueOn: "2026-10-02",
      termEnd: "2026-12-31",
    });
  });

  it("moves to the next term once this one's notice day has passed (not left stale)", () => {
    // After 2 Oct 2026 the agreement will renew into 2027-01-01 → 2029-12-31; its notice is 2 Oct 2029.
    expect(renewalNoticeDeadline(agreement, "2026-10-03")).toEqual({
      dueOn: "2029-10-02",
      termEnd: "2029-12-31",
    });
  });

  it("computes the renewed term after a tacit renewal has taken place", () => {
    // In 2027 the agreement is in its second term (2027-01-01 → 2029-12-31).
    expect(renewalNoticeDeadline(agreement, "2027-05-01")).toEqual({
      dueOn: "2029-10-02",
      termEnd: "2029-12-31",
    });
  });

  it("keeps month ends: a 12-month term from 31 Jan renews to 30 Jan, the notice counted back from it", () => {
    const yearly = {
      ...agreement,
      effectiveOn: "2025-01-31",
      signedOn: "2025-01-31",
      expiresOn: null,
      durationMonths: 12,
      renewalNoticeDays: 30,
    };
    // First term 2025-01-31 → 2026-01-30; second 2026-01-31 → 2027-01-30 (addMonths keeps the 31st, or the month's last day).
    expect(renewalNoticeDeadline(yearly, "2026-02-15")).toEqual({
      dueOn: "2026-12-31",
      termEnd: "2027-01-30",
    });
  });

  it("is none without tacit renewal or without a notice period", () => {
    expect(renewalNoticeDeadline({ ...agreement, renewal: "none" }, "2026-06-01")).toBeNull();
    expect(renewalNoticeDeadline({ ...agreement, renewalNoticeDays: null }, "2026-06-01")).toBeNull();
  });
});
