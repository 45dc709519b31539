import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildOrganization, buildUser } from "../../test/factories.js";
import { buildActivity, buildFollowUpAction } from "../../test/followup-factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { activities, followUpActions, users } from "../db/schema/index.js";
import { actorFromUser } from "../users/users.presenter.js";
import { acknowledgeAlert, listAlertsFor } from "./alerts.service.js";
import {
  type AlertWorld,
  buildAgreementInForce,
  buildAlertWorld,
  noonOn,
  runOn,
} from "./evaluation.test-support.js";

let handle: DatabaseHandle;
let world: AlertWorld;
beforeAll(async () => {
  handle = await createTestDatabase();
  world = await buildAlertWorld(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

describe("the alert centre's list", () => {
  it("drops an alert as soon as its cause is fixed, without waiting for the next evaluation", async () => {
    const { db } = handle;
    const agreement = await buildAgreementInForce(db, world);
    const late = await buildActivity(db, agreement.id, { plannedEnd: "2026-06-30", status: "ongoing" });
    const action = await buildFollowUpAction(db, agreement.id, {
      dueOn: "2026-06-30",
      ownerOrganizationId: world.partnerId,
    });
    await runOn(db, "2026-07-03");
    const focal = actorFromUser(world.focal);
    const ids = async () =>
      (await listAlertsFor({ db, actor: focal, now: noonOn("2026-07-03") })).items.map(
        (item) => item.recordPath,
      );
    expect(await ids()).toEqual(expect.arrayContaining([`activities/${late.id}`, `actions/${action.id}`]));

    await db
      .update(activities)
      .set({ status: "done", actualEnd: "2026-07-02" })
      .where(eq(activities.id, late.id));
    await db.update(followUpActions).set({ dueOn: "2026-12-31" }).where(eq(followUpActions.id, action.id));
    const after = await listAlertsFor({ db, actor: focal, now: noonOn("2026-07-03") });
    // The activity is done; the action's new deadline is a new occurrence, not due yet.
    expect(after.items.map((item) => item.recordPath)).not.toContain(`activities/${late.id}`);
    expect(after.items.map((item) => item.recordPath)).not.toContain(`actions/${action.id}`);
    // Its counts say what it lists: no kind counts the two gone alerts any more, now or later.
    const sum = (byKind: Record<string, number | undefined>) =>
      Object.values(byKind).reduce<number>((total, count) => total + (count ?? 0), 0);
    expect(after.total).toBe(after.items.length);
    expect(sum(after.byKind)).toBe(after.items.length);
    const again = await listAlertsFor({ db, actor: focal, now: noonOn("2026-07-03") });
    expect(sum(again.byKind)).toBe(again.items.length);
    expect(again.total).toBe(after.total);
  });

  it("shows the stage of today, not of the last evaluation", async () => {
    const { db } = handle;
    const agreement = await buildAgreementInForce(db, world);
    const activity = await buildActivity(db, agreement.id, { plannedEnd: "2027-03-31", status: "planned" });
    await runOn(db, "2027-03-20"); // 11 days left: stage 30
    const focal = actorFromUser(world.focal);
    // No run since; four days later the deadline is a week away.
    const { items } = await listAlertsFor({ db, actor: focal, now: noonOn("2027-03-24") });
    expect(items.find((item) => item.recordPath === `activities/${activity.id}`)?.stage).toBe(7);
  });

  it("tells a viewer and a council nothing", async () => {
    const { db } = handle;
    for (const role of ["viewer", "council"] as const) {
      const person = actorFromUser(await buildUser(db, { role }));
      expect((await listAlertsFor({ db, actor: person, now: noonOn("2026-07-03") })).items).toEqual([]);
    }
  });

  it("acknowledges the stage the person sees today, so the next run does not bring it back", async () => {
    const { db } = handle;
    const agreement = await buildAgreementInForce(db, world);
    const activity = await buildActivity(db, agreement.id, { plannedEnd: "2028-04-30", status: "planned" });
    await runOn(db, "2028-04-20"); // 10 days left: stored at stage 30
    const focal = actorFromUser(world.focal);
    const { items } = await listAlertsFor({ db, actor: focal, now: noonOn("2028-04-24") });
    const alert = items.find((item) => item.recordPath === `activities/${activity.id}`);
    expect(alert?.stage).toBe(7); // 6 days left, before any run
    await acknowledgeAlert({ db, actor: focal, alertId: alert?.id ?? "", now: noonOn("2028-04-24") });
    await runOn(db, "2028-04-24");
    const after = await listAlertsFor({ db, actor: focal, now: noonOn("2028-04-24") });
    expect(after.items.map((item) => item.id)).not.toContain(alert?.id);
  });

  it("stops telling a focal point of an action once it has moved to an organisation outside the agreement", async () => {
    const { db } = handle;
    const mover = await buildUser(db, { role: "focal_point", organizationId: world.partnerId });
    const agreement = await buildAgreementInForce(db, world, { visibility: "internal" });
    const action = await buildFollowUpAction(db, agreement.id, {
      dueOn: "2029-02-28",
      ownerOrganizationId: world.partnerId,
      ownerUserId: mover.id,
    });
    await runOn(db, "2029-03-02");
    const before = await listAlertsFor({ db, actor: actorFromUser(mover), now: noonOn("2029-03-02") });
    expect(before.items.map((item) => item.recordPath)).toContain(`actions/${action.id}`);
    const elsewhere = await buildOrganization(db);
    await db.update(users).set({ organizationId: elsewhere.id }).where(eq(users.id, mover.id));
    const moved = actorFromUser({ ...mover, organizationId: elsewhere.id });
    const after = await listAlertsFor({ db, actor: moved, now: noonOn("2029-03-02") });
    expect(after.items.map((item) => item.recordPath)).not.toContain(`actions/${action.id}`);
    const alertId = before.items.find((item) => item.recordPath === `actions/${action.id}`)?.id ?? "";
    await expect(
      acknowledgeAlert({ db, actor: moved, alertId, now: noonOn("2029-03-02") }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("counts every alert when it lists only the most urgent, for the staff and for a focal point", async () => {
    const { db } = handle;
    const agreement = await buildAgreementInForce(db, world);
    for (const plannedEnd of ["2030-06-01", "2030-06-02", "2030-06-03"])
      await buildActivity(db, agreement.id, { plannedEnd, status: "ongoing" });
    await runOn(db, "2030-06-10");
    for (const person of [world.staff, world.focal]) {
      const actor = actorFromUser(person);
      const all = await listAlertsFor({ db, actor, now: noonOn("2030-06-10") });
      const first = await listAlertsFor({ db, actor, now: noonOn("2030-06-10"), limit: 1 });
      expect(all.items.length).toBeGreaterThanOrEqual(3);
      expect(first.items).toHaveLength(1);
      expect(first.total).toBe(all.total);
      expect(all.total).toBe(all.items.length);
    }
  });
});
