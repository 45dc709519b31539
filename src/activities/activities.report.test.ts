import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildActivity } from "../../test/followup-factories.js";
import { refusal } from "../../test/refusals.js";
import type { DatabaseHandle } from "../db/client.js";
import { activityAttendance, auditEvents } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { getActivity } from "./activities.queries.js";
import { reportActivityProgress } from "./activities.service.js";
import { type ActivityWorld, buildActivityWorld, RABAT, TETOUAN } from "./activities.test-support.js";
import { setCouncilAttendance } from "./attendance.service.js";

let handle: DatabaseHandle;
let world: ActivityWorld;

beforeAll(async () => {
  handle = await createTestDatabase();
  world = await buildActivityWorld(handle.db, mkdtempSync(path.join(tmpdir(), "sharaka-activities-")));
});
afterAll(async () => {
  await handle?.close();
});

/** An activity of the internal agreement; by default its responsible party is the focal point's organisation. */
const freshActivity = (overrides: Parameters<typeof buildActivity>[2] = {}) =>
  buildActivity(handle.db, world.agreement.id, { actionPlanId: world.plan.id, ...overrides });

const doneReport = {
  status: "done" as const,
  actualStart: "2026-03-02",
  actualEnd: "2026-03-04",
  budgetSpent: 9800.25,
  participantCount: 40,
  attendance: [TETOUAN, RABAT],
  deliverables: { fr: "Rapport de la formation" },
};

describe("reporting an activity's progress", () => {
  it("lets the responsible party's focal point report, leaving what was planned as it is", async () => {
    const activity = await freshActivity();
    const actor = world.actors.focal;
    const saved = await reportActivityProgress({
      db: handle.db,
      actor,
      id: activity.id,
      input: { ...doneReport, documentIds: [world.documents.internal.id], version: 1 },
    });
    expect(saved).toMatchObject({
      status: "done",
      actualEnd: "2026-03-04",
      budgetSpent: "9800.25",
      participantCount: 40,
      version: 2,
      // planned: untouched
      title: activity.title,
      plannedStart: activity.plannedStart,
      budgetPlanned: activity.budgetPlanned,
    });
    const record = await getActivity({ db: handle.db, actor, id: activity.id });
    expect(record.attendance.map((entry) => [entry.territoryCode, entry.recordedBy])).toEqual([
      [TETOUAN, actor.id],
      [RABAT, actor.id],
    ]);
    expect(record.documents.map((doc) => doc.id)).toEqual([world.documents.internal.id]);
    const [event] = await handle.db.select().from(auditEvents).where(eq(auditEvents.entityId, activity.id));
    expect(event).toMatchObject({ action: "activity.report", entityType: "activity", actor: actor.id });
  });

  it("lets the staff report on any activity", async () => {
    const activity = await freshActivity({ responsibleOrganizationId: world.secondParty.id });
    const saved = await reportActivityProgress({
      db: handle.db,
      actor: world.actors.staff,
      id: activity.id,
      input: { status: "ongoing", actualStart: "2026-03-01", version: 1 },
    });
    expect(saved).toMatchObject({ status: "ongoing", budgetSpent: "0.00", participantCount: null });
  });

  it("refuses every other focal point, council and viewer, before looking at the input", async () => {
    const activity = await freshActivity();
    const garbled = { status: "finished", budgetSpent: -4, version: 0 } as never;
    const cases: [Actor, string][] = [
      // party to the agreement, so it reads the activity, but not responsible for it
      [world.actors.secondFocal, "forbidden"],
      // not party to this internal agreement: it does not even exist for it
      [world.actors.outsiderFocal, "not_found"],
      [world.actors.council, "forbidden"],
      [world.actors.viewer, "forbidden"],
      [{ ...world.actors.focal, via: "token", tokenScope: "read" }, "forbidden"],
      [world.actors.anonymous, "unauthenticated"],
    ];
    for (const [actor, code] of cases) {
      const error = await refusal(
        reportActivityProgress({ db: handle.db, actor, id: activity.id, input: garbled }),
      );
      expect([actor.role, error.code]).toEqual([actor.role, code]);
    }
    expect((await getActivity({ db: handle.db, actor: world.actors.staff, id: activity.id })).version).toBe(
      1,
    );
  });

  it("refuses a stale report and writes nothing", async () => {
    const activity = await freshActivity({ version: 4 });
    const error = await refusal(
      reportActivityProgress({
        db: handle.db,
        actor: world.actors.focal,
        id: activity.id,
        input: { ...doneReport, version: 3 },
      }),
    );
    expect(error.issues[0]).toMatchObject({ field: "version", reason: "staleVersion" });
    const record = await getActivity({ db: handle.db, actor: world.actors.staff, id: activity.id });
    expect([record.status, record.attendance]).toEqual(["planned", []]);
  });

  it("refuses the same rules as the staff's form, and another agreement's documents", async () => {
    const activity = await freshActivity();
    const report = (input: object) =>
      refusal(
        reportActivityProgress({
          db: handle.db,
          actor: world.actors.focal,
          id: activity.id,
          input: { ...doneReport, ...input, version: 1 },
        }),
      );
    expect((await report({ actualEnd: undefined })).issues[0]?.reason).toBe(
      "activities.reasons.doneNeedsActualEnd",
    );
    expect((await report({ participantCount: 1 })).issues[0]?.reason).toBe(
      "activities.reasons.fewerThanAttendance",
    );
    const error = await report({ documentIds: [world.documents.other.id] });
    expect(error.issues[0]).toMatchObject({
      field: "documentIds.0",
      reason: "activities.reasons.documentOfOtherAgreement",
    });
  });
});

describe("a council's attendance", () => {
  it("is recorded and withdrawn by the council itself, each time audited, saying it twice changes nothing", async () => {
    const activity = await freshActivity();
    const council = world.actors.council;
    const recorded = await setCouncilAttendance({
      db: handle.db,
      actor: council,
      id: activity.id,
      code: TETOUAN,
      present: true,
    });
    expect(recorded.version).toBe(2);
    const again = await setCouncilAttendance({
      db: handle.db,
      actor: council,
      id: activity.id,
      code: TETOUAN,
      present: true,
    });
    expect(again.version).toBe(2);
    const rows = await handle.db
      .select()
      .from(activityAttendance)
      .where(eq(activityAttendance.activityId, activity.id));
    expect(rows.map((row) => [row.territoryCode, row.recordedBy])).toEqual([[TETOUAN, council.id]]);
    await setCouncilAttendance({
      db: handle.db,
      actor: council,
      id: activity.id,
      code: TETOUAN,
      present: false,
    });
    expect(
      await handle.db.select().from(activityAttendance).where(eq(activityAttendance.activityId, activity.id)),
    ).toEqual([]);
    const events = await handle.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, activity.id))
      .orderBy(auditEvents.id);
    expect(events.map((event) => event.action)).toEqual([
      "activity.attendance.record",
      "activity.attendance.withdraw",
    ]);
  });

  it("raises a participant count that the presidents now recorded exceed", async () => {
    const activity = await freshActivity({ participantCount: 1 });
    await setCouncilAttendance({
      db: handle.db,
      actor: world.actors.staff,
      id: activity.id,
      code: RABAT,
      present: true,
    });
    const after = await setCouncilAttendance({
      db: handle.db,
      actor: world.actors.council,
      id: activity.id,
      code: TETOUAN,
      present: true,
    });
    expect(after.participantCount).toBe(2);
    const unknownCount = await freshActivity();
    const kept = await setCouncilAttendance({
      db: handle.db,
      actor: world.actors.council,
      id: unknownCount.id,
      code: TETOUAN,
      present: true,
    });
    expect(kept.participantCount).toBeNull();
  });

  it("is a council's own only, on an activity it may read", async () => {
    const activity = await freshActivity();
    const cases: [Actor, string, string][] = [
      [world.actors.council, RABAT, "forbidden"],
      // Rabat's council does not read an internal agreement naming Tétouan only
      [world.actors.otherCouncil, RABAT, "not_found"],
      [world.actors.focal, TETOUAN, "forbidden"],
      [world.actors.viewer, TETOUAN, "forbidden"],
      [{ ...world.actors.council, via: "token", tokenScope: "read" }, TETOUAN, "forbidden"],
    ];
    for (const [actor, code, expected] of cases) {
      const error = await refusal(
        setCouncilAttendance({ db: handle.db, actor, id: activity.id, code, present: true }),
      );
      expect([actor.role, code, error.code]).toEqual([actor.role, code, expected]);
    }
  });

  it("names prefectures and provinces only, and nobody attends a cancelled activity", async () => {
    const activity = await freshActivity();
    const staff = world.actors.staff;
    const region = await refusal(
      setCouncilAttendance({ db: handle.db, actor: staff, id: activity.id, code: "01", present: true }),
    );
    expect(region.issues[0]).toMatchObject({ field: "code", reason: "activities.reasons.notACouncil" });
    const unknown = await refusal(
      setCouncilAttendance({ db: handle.db, actor: staff, id: activity.id, code: "99.999", present: true }),
    );
    expect(unknown.issues[0]).toMatchObject({ field: "code", reason: "activities.reasons.notACouncil" });
    const cancelled = await freshActivity({ status: "cancelled" });
    const error = await refusal(
      setCouncilAttendance({
        db: handle.db,
        actor: world.actors.council,
        id: cancelled.id,
        code: TETOUAN,
        present: true,
      }),
    );
    expect(error).toMatchObject({ code: "conflict" });
    expect(error.issues[0]?.reason).toBe("activities.reasons.cancelledActivity");
  });
});
