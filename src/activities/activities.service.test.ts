import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { pdfBytes } from "../../test/document-files.js";
import { buildActivity, buildIndicator } from "../../test/followup-factories.js";
import { refusal } from "../../test/refusals.js";
import { listAgreements } from "../agreements/agreements.queries.js";
import type { DatabaseHandle } from "../db/client.js";
import { activities, activityObjectives, activityTerritories, auditEvents } from "../db/schema/index.js";
import { deleteDocument, uploadDocument } from "../documents/documents.service.js";
import { type Actor, systemActor } from "../shared/actor.js";
import type { AppError } from "../shared/errors.js";
import { getActivity, listAgreementPlans } from "./activities.queries.js";
import { createActivity, currentInputOf, deleteActivity, updateActivity } from "./activities.service.js";
import { type ActivityWorld, activityInput, buildActivityWorld, TETOUAN } from "./activities.test-support.js";

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

describe("activities", () => {
  it("are created with their links, amounts kept exact, and audited", async () => {
    const db = handle.db;
    const row = await createActivity({
      db,
      actor: staff,
      agreementId: world.agreement.id,
      input: activityInput(world, {
        documentIds: [world.documents.internal.id],
        territoryCodes: [TETOUAN, "01", TETOUAN],
        budgetPlanned: 0.07,
      }),
    });
    expect(row).toMatchObject({ status: "planned", budgetPlanned: "0.07", budgetSpent: "0.00", version: 1 });
    const record = await getActivity({ db, actor: staff, id: row.id });
    expect(record.objectiveIds).toEqual(world.objectiveIds.slice(0, 1));
    expect(record.territoryCodes).toEqual(["01", TETOUAN]);
    expect(record.documents.map((doc) => doc.id)).toEqual([world.documents.internal.id]);
    expect(record.responsible.id).toBe(world.partner.id);
    const [event] = await eventsOf(row.id);
    expect(event).toMatchObject({ action: "activity.create", entityType: "activity" });
    expect(
      (event?.changes as { after?: { territoryCodes: string[] } } | undefined)?.after?.territoryCodes,
    ).toEqual(["01", TETOUAN]);
  });

  it("are searched with their agreement: by their title, the old one forgotten once changed or deleted", async () => {
    const db = handle.db;
    const found = async (q: string) =>
      (await listAgreements({ db, actor: staff, filter: { q } })).items.map((item) => item.id);
    const row = await createActivity({
      db,
      actor: staff,
      agreementId: world.agreement.id,
      input: activityInput(world, { title: { fr: "Atelier de cartographie participative" } }),
    });
    expect(await found("cartographie")).toEqual([world.agreement.id]);
    const changed = await updateActivity({
      db,
      actor: staff,
      id: row.id,
      input: {
        ...currentInputOf(await getActivity({ db, actor: staff, id: row.id })),
        title: { fr: "Atelier d'hydrologie" },
        version: row.version,
      },
    });
    expect(await found("cartographie")).toEqual([]);
    expect(await found("hydrologie")).toEqual([world.agreement.id]);
    await deleteActivity({ db, actor: staff, id: row.id, version: changed.version });
    expect(await found("hydrologie")).toEqual([]);
  });

  it("refuses, all at once, references that are not the agreement's own", async () => {
    const error = await refusal(
      createActivity({
        db: handle.db,
        actor: staff,
        agreementId: world.agreement.id,
        input: activityInput(world, {
          actionPlanId: world.otherPlan.id,
          responsibleOrganizationId: world.outsider.id,
          objectiveIds: [world.objectiveIds[1] ?? "", world.otherObjectiveIds[0] ?? ""],
          territoryCodes: ["99"],
          attendance: ["99.999"],
          documentIds: [world.documents.other.id],
        }),
      }),
    );
    expect(error.code).toBe("validation");
    expect(reasons(error)).toEqual([
      ["actionPlanId", "activities.reasons.planOfOtherAgreement"],
      ["responsibleOrganizationId", "notAParty"],
      ["objectiveIds.1", "activities.reasons.objectiveOfOtherAgreement"],
      ["territoryCodes.0", "unknownRecord"],
      ["attendance.0", "activities.reasons.notACouncil"],
      ["documentIds.0", "activities.reasons.documentOfOtherAgreement"],
    ]);
  });

  it("refuses a deleted document", async () => {
    const activity = await buildActivity(handle.db, world.agreement.id);
    const withdrawn = await uploadDocument({
      db: handle.db,
      actor: systemActor,
      uploadsDir,
      maxBytes: 1024 * 1024,
      input: { ownerType: "agreement", ownerId: world.agreement.id, kind: "report", title: { fr: "Retiré" } },
      file: { name: "retire.pdf", bytes: pdfBytes("withdrawn") },
    });
    await deleteDocument({ db: handle.db, actor: systemActor, id: withdrawn.id });
    const record = await getActivity({ db: handle.db, actor: staff, id: activity.id });
    const error = await refusal(
      updateActivity({
        db: handle.db,
        actor: staff,
        id: activity.id,
        input: {
          ...currentInputOf(record),
          documentIds: [world.documents.internal.id, withdrawn.id],
          version: record.version,
        },
      }),
    );
    expect(reasons(error)).toEqual([["documentIds.1", "activities.reasons.documentOfOtherAgreement"]]);
  });

  it.each([
    [
      "a planned end before the start",
      { plannedStart: "2026-05-02", plannedEnd: "2026-05-01" },
      "plannedEnd",
      "endBeforeStart",
    ],
    [
      "an actual end before the start",
      { actualStart: "2026-05-02", actualEnd: "2026-05-01" },
      "actualEnd",
      "endBeforeStart",
    ],
    [
      "a done activity without its end",
      { status: "done" as const, actualStart: "2026-01-10" },
      "actualEnd",
      "doneNeedsActualEnd",
    ],
    [
      "a done activity ending in the future",
      { status: "done" as const, actualEnd: "2099-01-01" },
      "actualEnd",
      "futureForDone",
    ],
    [
      "fewer participants than presidents",
      { participantCount: 1, attendance: [TETOUAN, "04.421"] },
      "participantCount",
      "fewerThanAttendance",
    ],
    ["a negative budget", { budgetPlanned: -1 }, "budgetPlanned", "negativeAmount"],
    ["a budget with three decimals", { budgetSpent: 10.005 }, "budgetSpent", "twoDecimals"],
    ["a region for a council", { attendance: ["04"] }, "attendance.0", "notACouncil"],
  ])("refuses %s, naming the field and the reason", async (_what, overrides, field, reason) => {
    const error = await refusal(
      createActivity({
        db: handle.db,
        actor: staff,
        agreementId: world.agreement.id,
        input: activityInput(world, overrides),
      }),
    );
    expect(error.code).toBe("validation");
    expect(reasons(error)).toEqual([[field, `activities.reasons.${reason}`]]);
  });

  it("accepts a done activity that ended in the past, with its attendance", async () => {
    const row = await createActivity({
      db: handle.db,
      actor: staff,
      agreementId: world.agreement.id,
      input: activityInput(world, {
        status: "done",
        actualStart: "2026-01-10",
        actualEnd: "2026-01-12",
        participantCount: 2,
        attendance: [TETOUAN, "04.421"],
      }),
    });
    const record = await getActivity({ db: handle.db, actor: staff, id: row.id });
    expect(record.attendance.map((entry) => [entry.territoryCode, entry.recordedBy])).toEqual([
      [TETOUAN, staff.id],
      ["04.421", staff.id],
    ]);
  });

  it("changes everything as of the version it started from; a stale version writes nothing", async () => {
    const db = handle.db;
    const row = await createActivity({
      db,
      actor: staff,
      agreementId: world.agreement.id,
      input: activityInput(world, { attendance: [TETOUAN] }),
    });
    const record = await getActivity({ db, actor: staff, id: row.id });
    const updated = await updateActivity({
      db,
      actor: world.actors.system,
      id: row.id,
      input: {
        ...currentInputOf(record),
        kind: "study",
        objectiveIds: world.objectiveIds.slice(1),
        territoryCodes: [],
        attendance: [TETOUAN, "04.421"],
        version: 1,
      },
    });
    expect(updated).toMatchObject({ kind: "study", version: 2 });
    const after = await getActivity({ db, actor: staff, id: row.id });
    expect(after.objectiveIds).toEqual(world.objectiveIds.slice(1));
    expect(
      await db.select().from(activityTerritories).where(eq(activityTerritories.activityId, row.id)),
    ).toEqual([]);
    // Tétouan's attendance was already recorded (by the staff member): it keeps who said so.
    expect(after.attendance.map((entry) => [entry.territoryCode, entry.recordedBy])).toEqual([
      [TETOUAN, staff.id],
      ["04.421", "system"],
    ]);
    const stale = await refusal(
      updateActivity({
        db,
        actor: staff,
        id: row.id,
        input: { ...currentInputOf(after), title: { fr: "Perdu" }, version: 1 },
      }),
    );
    expect(stale.code).toBe("conflict");
    expect((await getActivity({ db, actor: staff, id: row.id })).title).toEqual(after.title);
  });

  it("refuses to delete an activity that indicators measure; deletes it and its links otherwise", async () => {
    const db = handle.db;
    const measured = await buildActivity(db, world.agreement.id);
    await buildIndicator(db, world.agreement.id, { activityId: measured.id });
    const error = await refusal(deleteActivity({ db, actor: staff, id: measured.id }));
    expect(error.issues[0]).toMatchObject({
      reason: "activities.reasons.measuredByIndicators",
      values: { count: 1 },
    });
    const row = await createActivity({
      db,
      actor: staff,
      agreementId: world.agreement.id,
      input: activityInput(world),
    });
    expect((await refusal(deleteActivity({ db, actor: staff, id: row.id, version: 7 }))).code).toBe(
      "conflict",
    );
    await deleteActivity({ db, actor: staff, id: row.id, version: 1 });
    expect(await db.select().from(activities).where(eq(activities.id, row.id))).toEqual([]);
    expect(
      await db.select().from(activityObjectives).where(eq(activityObjectives.activityId, row.id)),
    ).toEqual([]);
    const events = await eventsOf(row.id);
    expect(events.at(-1)).toMatchObject({ action: "activity.delete" });
  });

  it("are read by whoever reads the agreement, and by nobody else", async () => {
    const db = handle.db;
    const activity = await buildActivity(db, world.agreement.id, { actionPlanId: world.plan.id });
    for (const actor of [
      world.actors.viewer,
      world.actors.focal,
      world.actors.secondFocal,
      world.actors.council,
    ]) {
      const plans = await listAgreementPlans({ db, actor, agreementId: world.agreement.id });
      expect(plans.find((plan) => plan.id === world.plan.id)?.activities.map((item) => item.id)).toContain(
        activity.id,
      );
    }
    for (const actor of [world.actors.anonymous, world.actors.outsiderFocal, world.actors.otherCouncil]) {
      expect((await refusal(listAgreementPlans({ db, actor, agreementId: world.agreement.id }))).code).toBe(
        "not_found",
      );
      const error = await refusal(getActivity({ db, actor, id: activity.id }));
      expect(error).toMatchObject({ code: "not_found", message: `Activity ${activity.id} was not found` });
    }
  });

  it("show the public only the public documents of a public agreement", async () => {
    const db = handle.db;
    const { public: open, publicInternal } = world.documents;
    const activity = await buildActivity(db, world.publicAgreement.id, {
      documentIds: [open.id, publicInternal.id],
    });
    const seen = async (actor: Actor) =>
      (await getActivity({ db, actor, id: activity.id })).documents.map((doc) => doc.id);
    expect(await seen(world.actors.anonymous)).toEqual([open.id]);
    expect(await seen(world.actors.outsiderFocal)).toEqual([open.id]);
    expect(await seen(world.actors.focal)).toEqual([open.id, publicInternal.id]);
    expect(await seen(staff)).toEqual([open.id, publicInternal.id]);
  });

  it("are the staff's to create, change and delete", async () => {
    for (const actor of [world.actors.focal, world.actors.council, world.actors.viewer]) {
      const error = await refusal(
        createActivity({
          db: handle.db,
          actor,
          agreementId: world.agreement.id,
          input: activityInput(world),
        }),
      );
      expect(error.code).toBe("forbidden");
    }
    const [row] = await handle.db
      .select()
      .from(activities)
      .where(and(eq(activities.agreementId, world.agreement.id)))
      .limit(1);
    const error = await refusal(
      deleteActivity({ db: handle.db, actor: world.actors.focal, id: row?.id ?? "" }),
    );
    expect(error.code).toBe("forbidden");
  });
});
