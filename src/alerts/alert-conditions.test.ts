import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildUser } from "../../test/factories.js";
import {
  buildActivity,
  buildFollowUpAction,
  buildIndicator,
  buildIndicatorValue,
  buildMeeting,
} from "../../test/followup-factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { type AlertKind, activities, agreements, alertKinds, indicatorValues } from "../db/schema/index.js";
import { addDays } from "../domain/periods.js";
import { systemActor } from "../shared/actor.js";
import { actorFromUser } from "../users/users.presenter.js";
import { alertKindRules, REVIEW_WITHIN_DAYS } from "./alert-rules.js";
import { setLeadTimes } from "./alerts.service.js";
import {
  type AlertWorld,
  alertAbout,
  buildAgreementInForce,
  buildAlertWorld,
  runOn,
} from "./evaluation.test-support.js";

/*
 * Every rule at every lead time, with the clock set by the test. The evaluation covers the
 * whole database, so each test builds its own records and looks only at their alerts.
 */

let handle: DatabaseHandle;
let world: AlertWorld;

beforeAll(async () => {
  handle = await createTestDatabase();
  world = await buildAlertWorld(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

/** The stage of a subject's open alert of a kind after an evaluation on `day`, or null. */
async function stageOn(kind: Parameters<typeof alertAbout>[1], subjectId: string, day: string) {
  await runOn(handle.db, day);
  const alert = await alertAbout(handle.db, kind, subjectId);
  return alert && !alert.resolvedAt ? alert.stage : null;
}

describe("agreement expiry (default lead times 90, 30, 7)", () => {
  it("opens 90 days ahead, steps at 30 and 7, turns late the day after, and resolves when the status changes", async () => {
    const { db } = handle;
    // Expires 2026-12-31: 90 days before is 2 Oct, 30 days is 1 Dec, 7 days is 24 Dec.
    const agreement = await buildAgreementInForce(db, world, { expiresOn: "2026-12-31" });
    expect(await stageOn("agreement_expiry", agreement.id, "2026-10-01")).toBeNull();
    expect(await stageOn("agreement_expiry", agreement.id, "2026-10-02")).toBe(90);
    expect(await stageOn("agreement_expiry", agreement.id, "2026-11-30")).toBe(90);
    expect(await stageOn("agreement_expiry", agreement.id, "2026-12-01")).toBe(30);
    expect(await stageOn("agreement_expiry", agreement.id, "2026-12-24")).toBe(7);
    expect(await stageOn("agreement_expiry", agreement.id, "2026-12-31")).toBe(7);
    expect(await stageOn("agreement_expiry", agreement.id, "2027-01-01")).toBe(-1);
    const alert = await alertAbout(db, "agreement_expiry", agreement.id);
    expect(alert?.organizationIds).toEqual([world.partnerId]);
    expect(alert?.recordPath).toBe(`agreements/${agreement.id}`);
    // Recorded as expired: nothing is left to warn about.
    await db.update(agreements).set({ status: "expired" }).where(eq(agreements.id, agreement.id));
    await runOn(db, "2027-01-02");
    expect((await alertAbout(db, "agreement_expiry", agreement.id))?.resolvedAt).not.toBeNull();
  });

  it("computes the end from the duration when no expiry date is set (a 24-month term from 1 Mar 2025 ends 28 Feb 2027)", async () => {
    const agreement = await buildAgreementInForce(handle.db, world, {
      effectiveOn: "2025-03-01",
      signedOn: "2025-03-01",
      expiresOn: undefined,
      durationMonths: 24,
    });
    // 28 Feb 2027 − 30 days = 29 Jan 2027.
    expect(await stageOn("agreement_expiry", agreement.id, "2027-01-28")).toBe(90);
    expect(await stageOn("agreement_expiry", agreement.id, "2027-01-29")).toBe(30);
    expect((await alertAbout(handle.db, "agreement_expiry", agreement.id))?.dueOn).toBe("2027-02-28");
  });

  it("follows the lead times an administrator sets", async () => {
    const { db } = handle;
    const admin = actorFromUser(await buildUser(db, { role: "admin" }));
    const agreement = await buildAgreementInForce(db, world, { expiresOn: "2031-06-30" });
    await setLeadTimes({
      db,
      actor: admin,
      input: { kind: "agreement_expiry", leadDays: [60, 15], version: 0 },
    });
    try {
      // 30 Jun 2031 − 61 days = 30 Apr 2031: not yet; 1 May is 60 days before.
      expect(await stageOn("agreement_expiry", agreement.id, "2031-04-30")).toBeNull();
      expect(await stageOn("agreement_expiry", agreement.id, "2031-05-01")).toBe(60);
      expect(await stageOn("agreement_expiry", agreement.id, "2031-06-15")).toBe(15);
    } finally {
      await setLeadTimes({
        db,
        actor: admin,
        input: { kind: "agreement_expiry", leadDays: [90, 30, 7], version: 1 },
      });
    }
  });

  it("announces the rolling term's end of a tacitly renewed agreement without a notice period", async () => {
    // Term 2024-01-01 → 2026-12-31 (36 months), renewing into 2027-01-01 → 2029-12-31. The form
    // requires a notice period for tacit renewal; records from before that rule may lack one.
    const tacit = await buildAgreementInForce(handle.db, world, {
      renewal: "tacit",
      renewalNoticeDays: 30,
      durationMonths: 36,
    });
    await handle.db.update(agreements).set({ renewalNoticeDays: null }).where(eq(agreements.id, tacit.id));
    expect(await stageOn("agreement_expiry", tacit.id, "2026-12-24")).toBe(7);
    // After the renewal, the next term's end is announced, never "late".
    expect(await stageOn("agreement_expiry", tacit.id, "2027-01-01")).toBeNull();
    expect(await stageOn("agreement_expiry", tacit.id, "2029-12-01")).toBe(30);
    expect((await alertAbout(handle.db, "agreement_expiry", tacit.id))?.dueOn).toBe("2029-12-31");
  });

  it("does not warn of the expiry of a tacitly renewed agreement with a notice period, nor of a draft", async () => {
    const tacit = await buildAgreementInForce(handle.db, world, { renewal: "tacit", renewalNoticeDays: 60 });
    const draft = await buildAgreementInForce(handle.db, world, { status: "draft" });
    expect(await stageOn("agreement_expiry", tacit.id, "2026-12-30")).toBeNull();
    expect(await stageOn("agreement_expiry", draft.id, "2026-12-30")).toBeNull();
  });
});

describe("renewal notice (tacit renewal: the term's end minus the notice)", () => {
  it("warns before the notice deadline, then moves to the renewed term's once it has passed", async () => {
    const { db } = handle;
    // Term 2024-01-01 → 2026-12-31, notice 90 days: deadline 2 Oct 2026 (30 days before: 2 Sep).
    const agreement = await buildAgreementInForce(db, world, {
      renewal: "tacit",
      renewalNoticeDays: 90,
      durationMonths: 36,
    });
    expect(await stageOn("renewal_notice", agreement.id, "2026-09-01")).toBe(90);
    expect(await stageOn("renewal_notice", agreement.id, "2026-09-02")).toBe(30);
    expect((await alertAbout(db, "renewal_notice", agreement.id))?.dueOn).toBe("2026-10-02");
    // The day after the deadline, the agreement will renew: this notice is over, and the next
    // term's (2027-01-01 → 2029-12-31, deadline 2 Oct 2029) is years away.
    expect(await stageOn("renewal_notice", agreement.id, "2026-10-03")).toBeNull();
    // In the renewed term, the next deadline is computed, not left stale.
    expect(await stageOn("renewal_notice", agreement.id, "2029-09-25")).toBe(7);
    const alert = await alertAbout(db, "renewal_notice", agreement.id);
    expect(alert).toMatchObject({ dueOn: "2029-10-02", occurrence: "2029-12-31" });
  });
});

describe("activities due or late (default 30, 7)", () => {
  it("reminds before the planned end, is late after it, and resolves once done", async () => {
    const { db } = handle;
    const agreement = await buildAgreementInForce(db, world);
    const activity = await buildActivity(db, agreement.id, { plannedEnd: "2026-06-30", status: "ongoing" });
    expect(await stageOn("activity_overdue", activity.id, "2026-05-30")).toBeNull();
    expect(await stageOn("activity_overdue", activity.id, "2026-05-31")).toBe(30);
    expect(await stageOn("activity_overdue", activity.id, "2026-06-23")).toBe(7);
    expect(await stageOn("activity_overdue", activity.id, "2026-07-01")).toBe(-1);
    expect((await alertAbout(db, "activity_overdue", activity.id))?.organizationIds).toEqual([
      world.partnerId,
    ]);
    await db
      .update(activities)
      .set({ status: "done", actualEnd: "2026-07-01" })
      .where(eq(activities.id, activity.id));
    expect(await stageOn("activity_overdue", activity.id, "2026-07-02")).toBeNull();
  });

  it("a postponed activity is still watched; a cancelled one is not", async () => {
    const agreement = await buildAgreementInForce(handle.db, world);
    const postponed = await buildActivity(handle.db, agreement.id, {
      plannedEnd: "2026-06-30",
      status: "postponed",
    });
    const cancelled = await buildActivity(handle.db, agreement.id, {
      plannedEnd: "2026-06-30",
      status: "cancelled",
    });
    expect(await stageOn("activity_overdue", postponed.id, "2026-07-05")).toBe(-1);
    expect(await stageOn("activity_overdue", cancelled.id, "2026-07-05")).toBeNull();
  });
});

describe("follow-up actions due or late", () => {
  it("tells the owner and the owner's organisation; resolves when done", async () => {
    const { db } = handle;
    const agreement = await buildAgreementInForce(db, world);
    const action = await buildFollowUpAction(db, agreement.id, {
      dueOn: "2026-02-28",
      ownerOrganizationId: world.partnerId,
      ownerUserId: world.focal.id,
      status: "in_progress",
    });
    // 28 Feb 2026 − 7 days = 21 Feb; the day after the month's end is late.
    expect(await stageOn("action_overdue", action.id, "2026-02-21")).toBe(7);
    expect(await stageOn("action_overdue", action.id, "2026-03-01")).toBe(-1);
    expect(await alertAbout(db, "action_overdue", action.id)).toMatchObject({
      ownerUserId: world.focal.id,
      organizationIds: [world.partnerId],
    });
  });
});

describe("indicator values due (a period's value is due 30 days after it ends)", () => {
  it("asks for the oldest missing period, then the next once it is submitted", async () => {
    const { db } = handle;
    const agreement = await buildAgreementInForce(db, world);
    const indicator = await buildIndicator(db, agreement.id, {
      frequency: "quarterly",
      baselineOn: "2026-01-01",
      targetOn: "2026-12-31",
    });
    // Q1 ends 31 Mar: due 30 Apr. 30 days before is 31 Mar, 7 days before is 23 Apr.
    expect(await stageOn("indicator_due", indicator.id, "2026-03-30")).toBeNull();
    expect(await stageOn("indicator_due", indicator.id, "2026-03-31")).toBe(30);
    expect(await stageOn("indicator_due", indicator.id, "2026-04-23")).toBe(7);
    expect(await stageOn("indicator_due", indicator.id, "2026-05-01")).toBe(-1);
    expect(await alertAbout(db, "indicator_due", indicator.id)).toMatchObject({
      occurrence: "2026-Q1",
      detail: "2026-Q1",
      dueOn: "2026-04-30",
    });
    // Submitted (not yet approved) counts as reported: Q1 is done; Q2 (due 30 Jul) is next.
    await buildIndicatorValue(db, indicator.id, { period: "2026-Q1", status: "submitted" });
    expect(await stageOn("indicator_due", indicator.id, "2026-07-01")).toBe(30);
    expect(await alertAbout(db, "indicator_due", indicator.id)).toMatchObject({ occurrence: "2026-Q2" });
    // A returned value is missing again.
    await db
      .update(indicatorValues)
      .set({ status: "returned" })
      .where(eq(indicatorValues.indicatorId, indicator.id));
    expect(await stageOn("indicator_due", indicator.id, "2026-07-02")).toBe(-1);
    expect(await alertAbout(db, "indicator_due", indicator.id)).toMatchObject({ occurrence: "2026-Q1" });
  });

  it("asks nothing after the target date's period", async () => {
    const agreement = await buildAgreementInForce(handle.db, world);
    const indicator = await buildIndicator(handle.db, agreement.id, {
      frequency: "yearly",
      baselineOn: "2025-01-01",
      targetOn: "2025-12-31",
    });
    await buildIndicatorValue(handle.db, indicator.id, { period: "2025", status: "approved" });
    expect(await stageOn("indicator_due", indicator.id, "2027-02-01")).toBeNull();
  });
});

describe("committee meetings coming up (default 30, 7, 1)", () => {
  it("counts the meeting's day in Casablanca, and ends once the meeting has taken place", async () => {
    const { db } = handle;
    const agreement = await buildAgreementInForce(db, world);
    // 23:30 UTC on 9 May is 00:30 on 10 May in Casablanca (UTC+1 outside Ramadan).
    const meeting = await buildMeeting(db, agreement.id, {
      startsAt: new Date("2026-05-09T23:30:00Z"),
      status: "planned",
    });
    expect(await stageOn("meeting_upcoming", meeting.id, "2026-04-09")).toBeNull();
    expect(await stageOn("meeting_upcoming", meeting.id, "2026-04-10")).toBe(30);
    expect(await stageOn("meeting_upcoming", meeting.id, "2026-05-09")).toBe(1);
    expect((await alertAbout(db, "meeting_upcoming", meeting.id))?.dueOn).toBe("2026-05-10");
    expect(await stageOn("meeting_upcoming", meeting.id, "2026-05-11")).toBeNull();
  });
});

describe("values awaiting review (due within 14 days of submission)", () => {
  it("tells the secretariat at once, is late after 14 days, and resolves once reviewed", async () => {
    const { db } = handle;
    const agreement = await buildAgreementInForce(db, world);
    const indicator = await buildIndicator(db, agreement.id);
    const value = await buildIndicatorValue(db, indicator.id, {
      period: "2026-Q1",
      status: "submitted",
      enteredAt: new Date("2026-04-10T09:00:00Z"),
    });
    expect(await stageOn("value_review", value.id, "2026-04-10")).toBe(14);
    expect(await stageOn("value_review", value.id, "2026-04-17")).toBe(7);
    expect(await stageOn("value_review", value.id, "2026-04-25")).toBe(-1);
    expect(await alertAbout(db, "value_review", value.id)).toMatchObject({
      organizationIds: [],
      recordPath: `indicators/${indicator.id}`,
      detail: "2026-Q1",
    });
    await db
      .update(indicatorValues)
      .set({ status: "approved", reviewedBy: systemActor.id })
      .where(eq(indicatorValues.id, value.id));
    expect(await stageOn("value_review", value.id, "2026-04-26")).toBeNull();
  });
});

describe("every kind at each of its default lead times", () => {
  /** Builds a subject of the kind whose deadline is `dueOn`. */
  const subjects: Record<AlertKind, (dueOn: string) => Promise<string>> = {
    agreement_expiry: async (dueOn) =>
      (await buildAgreementInForce(handle.db, world, { expiresOn: dueOn })).id,
    // Term ending 60 days after the deadline, with 60 days' notice.
    renewal_notice: async (dueOn) =>
      (
        await buildAgreementInForce(handle.db, world, {
          renewal: "tacit",
          renewalNoticeDays: 60,
          effectiveOn: addDays(dueOn, -300),
          signedOn: addDays(dueOn, -300),
          expiresOn: addDays(dueOn, 60),
        })
      ).id,
    activity_overdue: async (dueOn) =>
      (
        await buildActivity(handle.db, (await buildAgreementInForce(handle.db, world)).id, {
          plannedEnd: dueOn,
          status: "planned",
        })
      ).id,
    action_overdue: async (dueOn) =>
      (
        await buildFollowUpAction(handle.db, (await buildAgreementInForce(handle.db, world)).id, {
          dueOn,
          status: "open",
        })
      ).id,
    // A yearly indicator's value is due 30 days after its year ends.
    indicator_due: async (dueOn) => {
      const year = Number(addDays(dueOn, -30).slice(0, 4));
      const agreement = await buildAgreementInForce(handle.db, world);
      return (
        await buildIndicator(handle.db, agreement.id, {
          frequency: "yearly",
          baselineOn: `${year}-01-01`,
          targetOn: `${year}-12-31`,
        })
      ).id;
    },
    meeting_upcoming: async (dueOn) =>
      (
        await buildMeeting(handle.db, (await buildAgreementInForce(handle.db, world)).id, {
          startsAt: new Date(`${dueOn}T10:00:00+01:00`),
          status: "planned",
        })
      ).id,
    value_review: async (dueOn) => {
      const indicator = await buildIndicator(handle.db, (await buildAgreementInForce(handle.db, world)).id);
      return (
        await buildIndicatorValue(handle.db, indicator.id, {
          status: "submitted",
          enteredAt: new Date(`${addDays(dueOn, -REVIEW_WITHIN_DAYS)}T10:00:00+01:00`),
        })
      ).id;
    },
  };
  // Each kind gets its own year, far from the other tests' dates.
  const deadlines: Record<AlertKind, string> = {
    agreement_expiry: "2041-05-31",
    renewal_notice: "2042-05-31",
    activity_overdue: "2043-05-31",
    action_overdue: "2044-05-31",
    indicator_due: "2046-01-30",
    meeting_upcoming: "2047-05-31",
    value_review: "2048-05-31",
  };

  it.each(alertKinds)("%s", async (kind) => {
    const dueOn = deadlines[kind];
    const subjectId = await subjects[kind](dueOn);
    const leads = [...alertKindRules[kind].defaultLeadDays].sort((a, b) => b - a);
    let before: number | null = null;
    for (const lead of leads) {
      // The day before a lead time is reached, the alert is at the previous (longer) one, or none.
      expect(await stageOn(kind, subjectId, addDays(dueOn, -lead - 1)), `${lead + 1} days before`).toBe(
        before,
      );
      expect(await stageOn(kind, subjectId, addDays(dueOn, -lead)), `${lead} days before`).toBe(lead);
      before = lead;
    }
    expect(await stageOn(kind, subjectId, addDays(dueOn, 1)), "the day after").toBe(
      alertKindRules[kind].overdue ? -1 : null,
    );
  });
});
