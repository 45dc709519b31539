import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { refusal } from "../../test/refusals.js";
import type { DatabaseHandle } from "../db/client.js";
import { actionPlans, auditEvents } from "../db/schema/index.js";
import type { AppError } from "../shared/errors.js";
import { type ActivityWorld, buildActivityWorld } from "./activities.test-support.js";
import { createActionPlans } from "./plans.create.js";
import { createActionPlan } from "./plans.service.js";

let handle: DatabaseHandle;
let world: ActivityWorld;
const uploadsDir = mkdtempSync(path.join(tmpdir(), "sharaka-plans-create-"));

beforeAll(async () => {
  handle = await createTestDatabase();
  world = await buildActivityWorld(handle.db, uploadsDir);
});
afterAll(async () => {
  await handle?.close();
});

const outcome = (result: { error?: AppError; row?: { title: unknown } }) =>
  result.error
    ? `${result.error.code}:${result.error.issues.map((issue) => issue.field).join(",")}`
    : (result.row?.title as { fr?: string } | undefined)?.fr;

describe("createActionPlans", () => {
  it("makes every plan its form would accept, in the order given, refuses each other one with its form's reason, and audits each made", async () => {
    const { db } = handle;
    const backwards = {
      agreementId: world.agreement.id,
      input: { title: { fr: "À rebours" }, periodStart: "2027-06-01", periodEnd: "2027-01-01" },
    };
    const results = await createActionPlans({
      db,
      actor: world.actors.staff,
      source: "plans.xlsx",
      items: [
        { agreementId: world.agreement.id, input: { title: { fr: "Premier" }, periodStart: "2027-01-01" } },
        backwards,
        { agreementId: randomUUID(), input: { title: { fr: "Nulle part" } } },
        { agreementId: "not-an-id", input: { title: { fr: "Mal nommée" } } },
        { agreementId: world.publicAgreement.id, input: { title: { fr: "Ailleurs" } } },
        { agreementId: world.agreement.id, input: { title: { fr: "Second" }, periodStart: "2027-01-01" } },
      ],
    });
    expect(results.map(outcome)).toEqual([
      "Premier",
      "validation:periodEnd",
      "not_found:",
      "not_found:",
      "Ailleurs",
      "Second",
    ]);
    const alone = await refusal(createActionPlan({ db, actor: world.actors.staff, ...backwards }));
    expect(results[1]?.error?.issues).toEqual(alone.issues);

    const made = [0, 4, 5].map((index) => results[index]?.row?.id as string);
    // Plans of one period are numbered by their creation: the order given.
    const stored = await db
      .select({ id: actionPlans.id })
      .from(actionPlans)
      .where(inArray(actionPlans.id, made))
      .orderBy(asc(actionPlans.createdAt));
    expect(stored.map((row) => row.id)).toEqual(made);
    const events = await db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.entityId, made))
      .orderBy(asc(auditEvents.id));
    expect(events.map((event) => [event.entityId, event.action, event.agreementId])).toEqual([
      [made[0], "action_plan.create", world.agreement.id],
      [made[1], "action_plan.create", world.publicAgreement.id],
      [made[2], "action_plan.create", world.agreement.id],
    ]);
    expect(events[0]?.changes).toMatchObject({
      source: "plans.xlsx",
      after: { title: { fr: "Premier" }, periodStart: "2027-01-01", version: 1 },
    });
  });

  it("is the staff's alone, like one plan, and writes nothing when refused", async () => {
    const input = { title: { fr: "Plan d'un point focal" } };
    const error = await refusal(
      createActionPlans({
        db: handle.db,
        actor: world.actors.focal,
        items: [{ agreementId: world.agreement.id, input }],
      }),
    );
    expect(error.code).toBe("forbidden");
    const single = await refusal(
      createActionPlan({ db: handle.db, actor: world.actors.focal, agreementId: world.agreement.id, input }),
    );
    expect(single.code).toBe("forbidden");
    const stored = await handle.db
      .select()
      .from(actionPlans)
      .where(eq(actionPlans.agreementId, world.agreement.id));
    expect(stored.map((plan) => (plan.title as { fr?: string }).fr)).not.toContain(input.title.fr);
  });
});
