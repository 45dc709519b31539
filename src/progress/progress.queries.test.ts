import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import {
  buildActivity,
  buildFollowUpAction,
  buildIndicator,
  buildIndicatorValue,
  buildMeeting,
} from "../../test/followup-factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { anonymous, systemActor } from "../shared/actor.js";
import { actorFromUser } from "../users/users.presenter.js";
import { getAgreementProgress, loadAgreementFacts } from "./progress.queries.js";
import { buildUnderwayAgreement, daysFromToday, today } from "./progress.test-support.js";
import { agreementHealthFor } from "./standings.js";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe("loadAgreementFacts", () => {
  it("reads every agreement's activities, indicators with their values, last meeting and open actions", async () => {
    const { db } = handle;
    const first = await buildUnderwayAgreement(db, { renewal: "tacit", renewalNoticeDays: 60 });
    const second = await buildUnderwayAgreement(db);
    await buildActivity(db, first.id, { status: "done", budgetPlanned: "1000.50", budgetSpent: "900.25" });
    await buildActivity(db, first.id, { status: "cancelled", plannedEnd: null, plannedStart: null });
    await buildActivity(db, second.id, { status: "ongoing", plannedEnd: daysFromToday(-3) });
    const indicator = await buildIndicator(db, first.id, { baselineValue: "5", targetValue: "25" });
    await buildIndicatorValue(db, indicator.id, { period: "2026-Q1", value: "7.5" });
    await buildIndicatorValue(db, indicator.id, { period: "2026-Q2", value: "3", status: "submitted" });
    await buildMeeting(db, first.id, { status: "held", startsAt: new Date("2026-06-01T23:30:00Z") });
    await buildMeeting(db, first.id, { status: "held", startsAt: new Date("2025-01-10T10:00:00Z") });
    await buildMeeting(db, first.id, { status: "planned", startsAt: new Date("2026-12-20T10:00:00Z") });
    await buildFollowUpAction(db, first.id, { dueOn: "2026-05-01" });
    await buildFollowUpAction(db, first.id, { dueOn: "2026-04-01", status: "in_progress" });
    await buildFollowUpAction(db, first.id, { dueOn: "2026-03-01", status: "done" });

    const facts = await loadAgreementFacts({ db, agreementIds: [first.id, second.id], publicView: false });
    const one = facts.get(first.id);
    expect(one?.agreement).toMatchObject({
      status: "in_force",
      effectiveOn: first.effectiveOn,
      renewal: "tacit",
      renewalNoticeDays: 60,
    });
    expect(one?.activities).toHaveLength(2);
    expect(one?.activities).toContainEqual({
      responsibleOrganizationId: expect.any(String),
      status: "done",
      plannedEnd: "2026-03-31",
      budgetPlanned: 1000.5,
      budgetSpent: 900.25,
    });
    expect(one?.indicators).toHaveLength(1);
    expect(one?.indicators[0]).toMatchObject({ id: indicator.id, baselineValue: 5, targetValue: 25 });
    expect(one?.indicators[0]?.values).toEqual(
      expect.arrayContaining([
        { period: "2026-Q1", value: 7.5, status: "approved" },
        { period: "2026-Q2", value: 3, status: "submitted" },
      ]),
    );
    // 23:30 UTC on 1 June is already 2 June in Casablanca (UTC+1 outside Ramadan).
    expect(one?.lastMeetingOn).toBe("2026-06-02");
    expect(one?.openActionDueDates.sort()).toEqual(["2026-04-01", "2026-05-01"]);
    // With who owns them, for "my work"'s counts.
    expect(one?.openActions.map((action) => action.dueOn).sort()).toEqual(["2026-04-01", "2026-05-01"]);
    expect(one?.openActions.every((action) => action.ownerOrganizationId)).toBe(true);
    expect(facts.get(second.id)?.activities).toEqual([
      {
        responsibleOrganizationId: expect.any(String),
        status: "ongoing",
        plannedEnd: daysFromToday(-3),
        budgetPlanned: 10000,
        budgetSpent: 0,
      },
    ]);
    expect(facts.get(second.id)?.lastMeetingOn).toBeNull();
  });

  it("keeps to approved values and leaves the committee out for the public view", async () => {
    const { db } = handle;
    const agreement = await buildUnderwayAgreement(db, { visibility: "public" });
    const indicator = await buildIndicator(db, agreement.id);
    await buildIndicatorValue(db, indicator.id, { period: "2026-Q1" });
    await buildIndicatorValue(db, indicator.id, { period: "2026-Q2", status: "submitted" });
    await buildIndicatorValue(db, indicator.id, {
      period: "2026-Q3",
      status: "returned",
      returnReason: "Source?",
    });
    await buildMeeting(db, agreement.id);
    await buildFollowUpAction(db, agreement.id);

    const facts = (await loadAgreementFacts({ db, agreementIds: [agreement.id], publicView: true })).get(
      agreement.id,
    );
    expect(facts?.indicators[0]?.values.map((value) => value.status)).toEqual(["approved"]);
    expect(facts?.lastMeetingOn).toBeNull();
    expect(facts?.openActionDueDates).toEqual([]);
  });

  it("answers an empty map for no agreement, and skips unknown ids", async () => {
    expect((await loadAgreementFacts({ db: handle.db, agreementIds: [], publicView: false })).size).toBe(0);
    const facts = await loadAgreementFacts({
      db: handle.db,
      agreementIds: ["00000000-0000-4000-8000-000000000000"],
      publicView: false,
    });
    expect(facts.size).toBe(0);
  });
});

describe("agreementHealthFor", () => {
  it("gives each agreement in the actor's scope its level, and leaves out the rest, public ones included", async () => {
    const { db } = handle;
    const organization = await buildOrganization(db);
    const healthy = await buildUnderwayAgreement(db, {
      visibility: "internal",
      parties: [{ organizationId: organization.id, role: "signatory" }],
    });
    await buildMeeting(db, healthy.id, { startsAt: new Date(`${daysFromToday(-20)}T10:00:00Z`) });
    const late = await buildUnderwayAgreement(db, { visibility: "public" });
    await buildMeeting(db, late.id, { startsAt: new Date(`${daysFromToday(-20)}T10:00:00Z`) });
    // Two of three activities late: more than a third, so off track.
    await buildActivity(db, late.id, { status: "planned", plannedEnd: daysFromToday(-10) });
    await buildActivity(db, late.id, { status: "ongoing", plannedEnd: daysFromToday(-1) });
    await buildActivity(db, late.id, { status: "done" });
    const draft = await buildAgreement(db, { visibility: "public" });
    const hidden = await buildUnderwayAgreement(db, { visibility: "internal" });

    const ids = [healthy.id, late.id, draft.id, hidden.id];
    const staff = await agreementHealthFor({ db, actor: systemActor, agreementIds: ids });
    expect(Object.fromEntries(staff)).toEqual({
      // Nothing is late, but nothing is planned or measured either: not enough to say "on track".
      [healthy.id]: "not_enough_data",
      [late.id]: "off_track",
      [draft.id]: "not_applicable",
      [hidden.id]: "at_risk",
    });

    const focal = actorFromUser(
      await buildUser(db, { role: "focal_point", organizationId: organization.id }),
    );
    const seen = await agreementHealthFor({ db, actor: focal, agreementIds: ids });
    // Its own organisation's agreement only: the public ones it reads are not its to judge.
    expect([...seen.keys()]).toEqual([healthy.id]);
    const outsider = actorFromUser(await buildUser(db, { role: "focal_point" }));
    const progress = await getAgreementProgress({ db, actor: outsider, id: late.id });
    expect(progress.publicView).toBe(true);
    expect((await getAgreementProgress({ db, actor: systemActor, id: late.id })).publicView).toBe(false);
    expect((await agreementHealthFor({ db, actor: anonymous, agreementIds: ids })).size).toBe(0);
  });
});

describe("getAgreementProgress", () => {
  it("computes the figures as of the given day, in the public view for the anonymous public", async () => {
    const { db } = handle;
    const agreement = await buildUnderwayAgreement(db, { visibility: "public" });
    await buildActivity(db, agreement.id, { status: "done", budgetPlanned: "200", budgetSpent: "50" });
    await buildActivity(db, agreement.id, { status: "planned", budgetPlanned: "300" });
    const progress = await getAgreementProgress({ db, actor: anonymous, id: agreement.id, today: today() });
    expect(progress.publicView).toBe(true);
    expect(progress.figures.activities).toMatchObject({
      done: 1,
      counted: 2,
      completion: 0.5,
      budgetExecution: 0.1,
    });
    const staff = await getAgreementProgress({ db, actor: systemActor, id: agreement.id });
    expect(staff.publicView).toBe(false);
  });

  it("answers not found for an agreement the actor may not read", async () => {
    const { db } = handle;
    const internal = await buildUnderwayAgreement(db, { visibility: "internal" });
    await expect(getAgreementProgress({ db, actor: anonymous, id: internal.id })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
