import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { refusal } from "../../test/refusals.js";
import { listAgreements } from "../agreements/agreements.queries.js";
import type { DatabaseHandle } from "../db/client.js";
import { activities, auditEvents } from "../db/schema/index.js";
import { createActivities } from "./activities.create.js";
import { getActivity } from "./activities.queries.js";
import { createActivity } from "./activities.service.js";
import {
  type ActivityWorld,
  activityInput,
  buildActivityWorld,
  RABAT,
  TETOUAN,
} from "./activities.test-support.js";

let handle: DatabaseHandle;
let world: ActivityWorld;
const uploadsDir = mkdtempSync(path.join(tmpdir(), "sharaka-activities-create-"));

beforeAll(async () => {
  handle = await createTestDatabase();
  world = await buildActivityWorld(handle.db, uploadsDir);
});
afterAll(async () => {
  await handle?.close();
});

describe("createActivities", () => {
  it("makes every activity its form would accept, refuses each other one with its form's reason, and audits each made", async () => {
    const db = handle.db;
    const staff = world.actors.staff;
    const otherInput = activityInput(world, {
      actionPlanId: world.otherPlan.id,
      responsibleOrganizationId: world.outsider.id,
      objectiveIds: world.otherObjectiveIds.slice(0, 1),
      title: { fr: "Caravane de sensibilisation hydrologique" },
    });
    const plannedElsewhere = {
      agreementId: world.agreement.id,
      input: activityInput(world, { actionPlanId: world.otherPlan.id }),
    };
    const ofTheAgreement = async () =>
      (
        await db
          .select({ id: activities.id })
          .from(activities)
          .where(eq(activities.agreementId, world.agreement.id))
      ).map((row) => row.id);
    const before = await ofTheAgreement();
    const results = await createActivities({
      db,
      actor: staff,
      source: "plan.xlsx",
      items: [
        {
          agreementId: world.agreement.id,
          input: activityInput(world, {
            title: { fr: "Atelier de cartographie participative" },
            objectiveIds: [world.objectiveIds[1] ?? "", world.objectiveIds[0] ?? ""],
            territoryCodes: [TETOUAN, RABAT, TETOUAN],
            status: "done",
            actualStart: "2026-03-01",
            actualEnd: "2026-03-02",
            attendance: [TETOUAN],
          }),
        },
        { agreementId: world.otherAgreement.id, input: otherInput },
        { agreementId: world.agreement.id, input: activityInput(world, { title: {} }) },
        plannedElsewhere,
        { agreementId: randomUUID(), input: activityInput(world) },
        {
          agreementId: world.agreement.id,
          input: activityInput(world, { title: { fr: "Deuxième atelier" } }),
        },
      ],
    });

    expect(results.map((result) => result.error?.code ?? "made")).toEqual([
      "made",
      "made",
      "validation",
      "validation",
      "not_found",
      "made",
    ]);
    expect(results[3]?.error?.issues.map((issue) => [issue.field, issue.reason])).toEqual([
      ["actionPlanId", "activities.reasons.planOfOtherAgreement"],
    ]);
    // The same refusals as one activity at a time.
    expect((await refusal(createActivity({ db, actor: staff, ...plannedElsewhere }))).issues).toEqual(
      results[3]?.error?.issues,
    );

    const madeIds = [0, 1, 5].map((index) => results[index]?.row?.id as string);
    const first = await getActivity({ db, actor: staff, id: madeIds[0] as string });
    expect(first).toMatchObject({ status: "done", actualEnd: "2026-03-02", version: 1 });
    expect(first.objectiveIds).toEqual(world.objectiveIds.slice(0, 2));
    expect(first.territoryCodes).toEqual([RABAT, TETOUAN].sort());
    expect((await getActivity({ db, actor: staff, id: madeIds[1] as string })).agreementId).toBe(
      world.otherAgreement.id,
    );

    // Made in the order asked, which is the order the export numbers them by.
    const stored = await db
      .select({ id: activities.id })
      .from(activities)
      .where(inArray(activities.id, madeIds))
      .orderBy(asc(activities.createdAt));
    expect(stored.map((row) => row.id)).toEqual(madeIds);

    const events = await db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.entityId, madeIds))
      .orderBy(asc(auditEvents.id));
    expect(events.map((event) => [event.entityId, event.action, event.agreementId])).toEqual([
      [madeIds[0], "activity.create", world.agreement.id],
      [madeIds[1], "activity.create", world.otherAgreement.id],
      [madeIds[2], "activity.create", world.agreement.id],
    ]);
    expect(events[0]?.changes).toMatchObject({
      source: "plan.xlsx",
      after: {
        objectiveIds: first.objectiveIds,
        territoryCodes: first.territoryCodes,
        attendance: [TETOUAN],
      },
    });

    // Searched with their agreements, and nothing written for the refused ones.
    const found = async (q: string) =>
      (await listAgreements({ db, actor: staff, filter: { q } })).items.map((item) => item.id);
    expect(await found("cartographie")).toEqual([world.agreement.id]);
    expect(await found("hydrologique")).toEqual([world.otherAgreement.id]);
    const added = (await ofTheAgreement()).filter((id) => !before.includes(id));
    expect(added.sort()).toEqual([madeIds[0], madeIds[2]].sort());
  });

  it("reads ids typed in capitals as the same ids, as PostgreSQL does", async () => {
    const [result] = await createActivities({
      db: handle.db,
      actor: world.actors.staff,
      items: [
        {
          agreementId: world.agreement.id.toUpperCase(),
          input: activityInput(world, {
            actionPlanId: world.plan.id.toUpperCase(),
            responsibleOrganizationId: world.partner.id.toUpperCase(),
            objectiveIds: [(world.objectiveIds[0] ?? "").toUpperCase()],
            documentIds: [world.documents.internal.id.toUpperCase()],
          }),
        },
      ],
    });
    expect(result?.error).toBeUndefined();
    expect(result?.row?.agreementId).toBe(world.agreement.id);
  });

  it("is the staff's alone, like one activity", async () => {
    const error = await refusal(
      createActivities({
        db: handle.db,
        actor: world.actors.focal,
        items: [{ agreementId: world.agreement.id, input: activityInput(world) }],
      }),
    );
    expect(error.code).toBe("forbidden");
  });
});
