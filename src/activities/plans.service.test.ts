import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildActionPlan, buildActivity } from "../../test/followup-factories.js";
import { refusal } from "../../test/refusals.js";
import type { DatabaseHandle } from "../db/client.js";
import { actionPlans, auditEvents } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import type { AppError } from "../shared/errors.js";
import { type ActivityWorld, buildActivityWorld } from "./activities.test-support.js";
import { createActionPlan, deleteActionPlan, updateActionPlan } from "./plans.service.js";

let handle: DatabaseHandle;
let world: ActivityWorld;
let staff: Actor;
const uploadsDir = mkdtempSync(path.join(tmpdir(), "sharaka-activities-"));

beforeAll(async () => {
  handle = await createTestDatabase();
  world = await buildActivityWorld(handle.db, uploadsDir);
  staff = world.actors.staff;
});
afterAll(async () => {
  await handle?.close();
});

const reasons = (error: AppError) => error.issues.map((issue) => [issue.field, issue.reason]);

const eventsOf = (entityId: string) =>
  handle.db.select().from(auditEvents).where(eq(auditEvents.entityId, entityId)).orderBy(auditEvents.id);

describe("action plans", () => {
  it("are created, changed and deleted by the staff, each change audited", async () => {
    const db = handle.db;
    const plan = await createActionPlan({
      db,
      actor: staff,
      agreementId: world.agreement.id,
      input: { title: { fr: "Plan 2027" }, periodStart: "2027-01-01", periodEnd: "2027-12-31" },
    });
    expect(plan).toMatchObject({ agreementId: world.agreement.id, periodEnd: "2027-12-31", version: 1 });
    const changed = await updateActionPlan({
      db,
      actor: staff,
      id: plan.id,
      input: { title: { fr: "Plan 2027 révisé" }, periodStart: "2027-01-01", periodEnd: null, version: 1 },
    });
    expect(changed).toMatchObject({ title: { fr: "Plan 2027 révisé" }, periodEnd: null, version: 2 });
    await deleteActionPlan({ db, actor: staff, id: plan.id, version: 2 });
    expect(await db.select().from(actionPlans).where(eq(actionPlans.id, plan.id))).toEqual([]);
    const events = await eventsOf(plan.id);
    expect(events.map((event) => [event.action, event.entityType, event.actor])).toEqual([
      ["action_plan.create", "action_plan", staff.id],
      ["action_plan.update", "action_plan", staff.id],
      ["action_plan.delete", "action_plan", staff.id],
    ]);
  });

  it("refuses a period that ends before it starts, naming the field", async () => {
    const error = await refusal(
      createActionPlan({
        db: handle.db,
        actor: staff,
        agreementId: world.agreement.id,
        input: { title: { fr: "Plan" }, periodStart: "2027-12-31", periodEnd: "2027-01-01" },
      }),
    );
    expect(error.code).toBe("validation");
    expect(reasons(error)).toEqual([["periodEnd", "activities.reasons.endBeforeStart"]]);
  });

  it("refuses a stale version and writes nothing", async () => {
    const plan = await buildActionPlan(handle.db, world.agreement.id, { version: 3 });
    const error = await refusal(
      updateActionPlan({
        db: handle.db,
        actor: staff,
        id: plan.id,
        input: { title: { fr: "Mien" }, version: 2 },
      }),
    );
    expect(error.code).toBe("conflict");
    expect(error.issues[0]).toMatchObject({ field: "version", reason: "staleVersion" });
    const [row] = await handle.db.select().from(actionPlans).where(eq(actionPlans.id, plan.id));
    expect(row?.title).toEqual(plan.title);
  });

  it("refuses to delete a plan that still holds activities, saying how many", async () => {
    const plan = await buildActionPlan(handle.db, world.agreement.id);
    await buildActivity(handle.db, world.agreement.id, { actionPlanId: plan.id });
    await buildActivity(handle.db, world.agreement.id, { actionPlanId: plan.id });
    const error = await refusal(deleteActionPlan({ db: handle.db, actor: staff, id: plan.id }));
    expect(error.code).toBe("conflict");
    expect(error.issues[0]).toMatchObject({
      reason: "activities.reasons.planHasActivities",
      values: { count: 2 },
    });
    expect(await handle.db.select().from(actionPlans).where(eq(actionPlans.id, plan.id))).toHaveLength(1);
  });

  it("are the staff's alone; the anonymous public must sign in first", async () => {
    for (const actor of [world.actors.focal, world.actors.viewer, world.actors.council]) {
      const error = await refusal(
        createActionPlan({
          db: handle.db,
          actor,
          agreementId: world.agreement.id,
          input: { title: { fr: "x" } },
        }),
      );
      expect(error.code).toBe("forbidden");
    }
    const readOnly = { ...staff, via: "token" as const, tokenScope: "read" as const };
    expect(
      (await refusal(deleteActionPlan({ db: handle.db, actor: readOnly, id: world.plan.id }))).code,
    ).toBe("forbidden");
    const anonymous = await refusal(
      createActionPlan({
        db: handle.db,
        actor: world.actors.anonymous,
        agreementId: world.agreement.id,
        input: { title: { fr: "x" } },
      }),
    );
    expect(anonymous.code).toBe("unauthenticated");
  });
});
