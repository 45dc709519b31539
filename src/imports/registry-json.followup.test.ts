import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import {
  buildActivity,
  buildCommitteeMember,
  buildDecision,
  buildFollowUpAction,
  buildIndicator,
  buildIndicatorValue,
  buildMeeting,
} from "../../test/followup-factories.js";
import type { DatabaseHandle } from "../db/client.js";
import {
  activities,
  activityAttendance,
  activityObjectives,
  activityTerritories,
  meetingAttendees,
  meetings,
} from "../db/schema/index.js";
import { systemActor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import {
  exportRegistry,
  importRegistry,
  parseRegistryDocument,
  REGISTRY_FORMAT_VERSION,
  type RegistryDocument,
  registryTables,
} from "./registry-json.js";

const handles: DatabaseHandle[] = [];
const open = async (options: { referenceData?: boolean } = {}) => {
  const handle = await createTestDatabase(options);
  handles.push(handle);
  return handle;
};

async function appErrorOf(run: () => unknown, code: string): Promise<AppError> {
  const error = await Promise.resolve()
    .then(run)
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

let document: RegistryDocument;
let text: string;
let ownerId: string;
const copy = (): RegistryDocument => JSON.parse(text) as RegistryDocument;
const comparable = (d: RegistryDocument) => ({
  ...d,
  exportedAt: "",
  auditEvents: d.auditEvents.filter((e) => e.action !== "registry.import"),
});

beforeAll(async () => {
  const { db } = await open();
  const university = await buildOrganization(db);
  const agreement = await buildAgreement(db, {
    objectives: [{ fr: "Former" }, { fr: "Publier" }],
    parties: [{ organizationId: university.id, role: "implementing" }],
  });
  // Every kind of follow-up record, each with its optional parts filled in.
  const activity = await buildActivity(db, agreement.id, {
    status: "done",
    description: { fr: "Deux jours\navec des ateliers" },
    targetGroups: ["council_staff", "women"],
    actualStart: "2026-03-02",
    actualEnd: "2026-03-03",
    budgetSpent: "9500.25",
    participantCount: 41,
    deliverables: { fr: "Rapport" },
  });
  const [objective] = await db.query.objectives.findMany({
    where: (o, { eq }) => eq(o.agreementId, agreement.id),
  });
  await db.insert(activityObjectives).values({ activityId: activity.id, objectiveId: objective?.id ?? "" });
  await db.insert(activityTerritories).values({ activityId: activity.id, territoryCode: "04.441" });
  await db
    .insert(activityAttendance)
    .values({ activityId: activity.id, territoryCode: "04.441", recordedBy: "system" });
  const onObjective = await buildIndicator(db, agreement.id);
  await buildIndicatorValue(db, onObjective.id, { value: "12.5", comment: "vu", source: "liste" });
  await buildIndicatorValue(db, onObjective.id, {
    period: "2026-Q2",
    status: "returned",
    returnReason: "à vérifier",
    reviewedBy: "system",
    reviewedAt: new Date("2026-07-01T10:00:00.123Z"),
  });
  await buildIndicator(db, agreement.id, { activityId: activity.id, baselineValue: "-3.25" });
  const chair = await buildCommitteeMember(db, agreement.id, {
    role: "chair",
    organizationId: university.id,
  });
  await buildCommitteeMember(db, agreement.id);
  const meeting = await buildMeeting(db, agreement.id, { agenda: { fr: "Bilan" }, otherAttendees: "M. X" });
  await db.insert(meetingAttendees).values({ meetingId: meeting.id, memberId: chair.id });
  const decision = await buildDecision(db, meeting);
  await buildFollowUpAction(db, agreement.id, {
    decisionId: decision.id,
    status: "done",
    doneOn: "2026-06-01",
  });
  const owner = await buildUser(db);
  ownerId = owner.id;
  await buildFollowUpAction(db, agreement.id);
  document = await exportRegistry({ db });
  text = JSON.stringify(document, null, 2);
});

afterAll(async () => {
  for (const handle of handles) await handle.close();
});

describe("registry format version 2: the follow-up", () => {
  it("exports every follow-up kind, and reads it back into an empty database losing nothing", async () => {
    expect(document.formatVersion).toBe(2);
    expect(REGISTRY_FORMAT_VERSION).toBe(2);
    const agreement = document.agreements.find((a) => a.activities.length > 0);
    expect(agreement?.activities[0]).toMatchObject({
      budgetSpent: "9500.25",
      targetGroups: ["council_staff", "women"],
      territoryCodes: ["04.441"],
      attendance: [{ territoryCode: "04.441", recordedBy: "system" }],
    });
    expect(agreement?.activities[0]?.objectiveIds).toHaveLength(1);
    expect(agreement?.indicators.flatMap((i) => i.values.map((v) => v.value))).toEqual([
      "12.5000",
      "10.0000",
    ]);
    expect(agreement?.indicators.map((i) => i.baselineValue).sort()).toEqual(["-3.2500", "0.0000"]);
    expect(agreement?.indicators[0]?.values[1]?.reviewedAt).toBe("2026-07-01T10:00:00.123000Z");
    expect(agreement?.committeeMembers).toHaveLength(2);
    expect(agreement?.meetings[0]?.attendeeMemberIds).toHaveLength(1);
    expect(agreement?.meetings[0]?.decisions).toHaveLength(1);
    expect(agreement?.followUpActions).toHaveLength(2);
    expect(agreement?.actionPlans[0]).toMatchObject({ version: 1 });

    const target = await open({ referenceData: false });
    const summary = await importRegistry({
      db: target.db,
      actor: systemActor,
      document: parseRegistryDocument(text),
    });
    expect(summary.tables).toMatchObject({
      activities: { created: 1 },
      indicators: { created: 2 },
      indicatorValues: { created: 2 },
      committeeMembers: { created: 2 },
      meetings: { created: 1 },
      decisions: { created: 1 },
      followUpActions: { created: 2 },
    });
    const again = await exportRegistry({ db: target.db });
    expect(comparable(again)).toEqual(comparable(document));
    // Their search words are made again, as the services make them.
    const searchable = async (db: DatabaseHandle["db"]) => [
      ...(await db.select({ s: activities.searchText }).from(activities)).map((r) => r.s),
      ...(await db.select({ s: meetings.searchText }).from(meetings)).map((r) => r.s),
    ];
    expect((await searchable(target.db)).every((s) => s.length > 0)).toBe(true);

    // A second import of the same file finds every record unchanged.
    const second = await importRegistry({ db: target.db, actor: systemActor, document });
    for (const table of registryTables) expect(second.tables[table].created).toBe(0);
    expect(second.tables.indicatorValues.unchanged).toBe(2);
  });

  it("still reads a version 1 file (no follow-up; a plan's version and update as a new plan's)", async () => {
    const v1 = copy() as unknown as { formatVersion: number; agreements: Record<string, unknown>[] };
    v1.formatVersion = 1;
    for (const a of v1.agreements) {
      for (const key of ["activities", "indicators", "committeeMembers", "meetings", "followUpActions"])
        delete a[key];
      for (const plan of a.actionPlans as Record<string, unknown>[]) {
        delete plan.version;
        delete plan.updatedAt;
      }
    }
    const parsed = parseRegistryDocument(JSON.stringify(v1));
    expect(parsed.formatVersion).toBe(1);
    const plan = parsed.agreements.flatMap((a) => a.actionPlans)[0];
    expect(plan?.updatedAt).toBe(plan?.createdAt);
    expect(parsed.agreements.every((a) => a.activities.length === 0)).toBe(true);
    const target = await open({ referenceData: false });
    const summary = await importRegistry({ db: target.db, actor: systemActor, document: parsed });
    expect(summary.tables.actionPlans.created).toBeGreaterThan(0);
    expect(summary.tables.activities.created).toBe(0);
    // Version 2's keys are not allowed in a version 1 file: each version is strict.
    const mixed = copy() as unknown as { formatVersion: number };
    mixed.formatVersion = 1;
    const error = await appErrorOf(() => parseRegistryDocument(JSON.stringify(mixed)), "import_invalid");
    expect(error.message).toContain('Unrecognized keys: "activities"');
  });

  it("refuses a newer format version by name, and follow-up that points outside its agreement", async () => {
    const newer = { ...copy(), formatVersion: 3 };
    const error = await appErrorOf(() => parseRegistryDocument(JSON.stringify(newer)), "import_invalid");
    expect(error.message).toContain("format version 3, newer than this Sharaka reads (versions 1 to 2)");
    expect(error.exitCode).toBe(2);

    const astray = copy();
    const index = astray.agreements.findIndex((a) => a.activities.length > 0);
    const agreement = astray.agreements[index];
    if (agreement?.activities[0])
      agreement.activities[0].actionPlanId = "5d1d2c7e-8c4a-4b7e-9a43-2f7c0b5e9a10";
    if (agreement?.meetings[0])
      agreement.meetings[0].attendeeMemberIds = ["5d1d2c7e-8c4a-4b7e-9a43-2f7c0b5e9a11"];
    const astrayError = await appErrorOf(
      () => parseRegistryDocument(JSON.stringify(astray)),
      "import_invalid",
    );
    expect(astrayError.message).toContain(
      `agreements[${index}].activities[0].actionPlanId: is not one of the agreement's plans`,
    );
    expect(astrayError.message).toContain(
      `agreements[${index}].meetings[0].attendeeMemberIds[0]: is not a member of the agreement's committee`,
    );

    // An action's owner is an account: an import alone does not bring accounts (a restore does).
    const owned = copy();
    const action = owned.agreements[index]?.followUpActions[0];
    if (action) action.ownerUserId = ownerId;
    const target = await open({ referenceData: false });
    const ownerError = await appErrorOf(
      () => importRegistry({ db: target.db, actor: systemActor, document: owned }),
      "import_invalid",
    );
    expect(ownerError.message).toContain(
      `agreements[${index}].followUpActions[0].ownerUserId: no account has this id`,
    );
    expect(await target.db.$count(activities)).toBe(0);
  });
});
