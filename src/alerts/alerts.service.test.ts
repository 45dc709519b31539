import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildUser } from "../../test/factories.js";
import { buildActivity, buildFollowUpAction } from "../../test/followup-factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { activities, followUpActions } from "../db/schema/index.js";
import { actorFromUser } from "../users/users.presenter.js";
import { listAlertsFor } from "./alerts.service.js";
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
});
