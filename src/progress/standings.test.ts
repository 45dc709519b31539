import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { pdfBytes } from "../../test/document-files.js";
import { buildAgreement, buildOrganization } from "../../test/factories.js";
import { buildActionPlan } from "../../test/followup-factories.js";
import { statementsOf } from "../../test/statements.js";
import { createActivity, deleteActivity } from "../activities/activities.service.js";
import {
  type ActivityWorld,
  activityInput,
  buildActivityWorld,
} from "../activities/activities.test-support.js";
import { deleteAgreement } from "../agreements/agreements.update.service.js";
import type { DatabaseHandle } from "../db/client.js";
import { bumpRegistryGeneration, readRegistryGeneration } from "../db/registry-generation.js";
import { uploadDocument } from "../documents/documents.service.js";
import { addDays, todayInMorocco } from "../domain/periods.js";
import { type Actor, systemActor } from "../shared/actor.js";
import { buildUnderwayAgreement } from "./progress.test-support.js";
import {
  agreementHealthFor,
  agreementsChangedSince,
  judgeStandings,
  standingsAt,
  standingsInScope,
} from "./standings.js";

let handle: DatabaseHandle;
let world: ActivityWorld;
let staff: Actor;
const uploadsDir = mkdtempSync(path.join(tmpdir(), "sharaka-standings-"));
const today = todayInMorocco();

beforeAll(async () => {
  handle = await createTestDatabase();
  world = await buildActivityWorld(handle.db, uploadsDir);
  staff = world.actors.staff;
});
afterAll(async () => {
  await handle?.close();
});

/** What the kept standings say now, and what judging every agreement afresh says. */
async function keptAndFresh() {
  const db = handle.db;
  const generation = await readRegistryGeneration(db);
  const kept = await standingsInScope({ db, actor: staff, today, generation });
  const fresh = await judgeStandings(db, today);
  return { kept, fresh: [...fresh.values()].sort((a, b) => (a.reference < b.reference ? -1 : 1)) };
}

/** The agreements the writes made by `write` touched, as the kept standings will read them. */
async function touchedBy(write: () => Promise<unknown>) {
  const db = handle.db;
  const before = await readRegistryGeneration(db);
  await write();
  const after = await readRegistryGeneration(db);
  expect(after).toBeGreaterThan(before);
  return agreementsChangedSince(db, before, after);
}

describe("the standings kept for the dashboard", () => {
  it("are judged again for the agreements each write touched, and agree with judging all afresh", async () => {
    const db = handle.db;
    const agreementId = world.agreement.id;
    const first = await keptAndFresh();
    expect(first.kept).toEqual(first.fresh);
    const standingOf = (standings: { id: string; budgetPlanned: number }[]) =>
      standings.find((standing) => standing.id === agreementId);
    const plannedBefore = standingOf(first.kept)?.budgetPlanned ?? 0;

    // An activity that should have ended yesterday, on this agreement only.
    let activityId = "";
    const created = await touchedBy(async () => {
      const yesterday = addDays(today, -1);
      const row = await createActivity({
        db,
        actor: staff,
        agreementId,
        input: activityInput(world, {
          plannedStart: addDays(today, -30),
          plannedEnd: yesterday,
          budgetPlanned: 2500,
        }),
      });
      activityId = row.id;
    });
    expect(created).toEqual(new Set([agreementId]));
    const afterCreate = await keptAndFresh();
    expect(afterCreate.kept).toEqual(afterCreate.fresh);
    // Only the touched agreement was judged again: the others' standings are the very same objects.
    for (const standing of afterCreate.kept) {
      const before = first.kept.find((earlier) => earlier.id === standing.id);
      if (standing.id === agreementId) expect(standing).not.toBe(before);
      else expect(standing).toBe(before);
    }
    expect(standingOf(afterCreate.kept)?.budgetPlanned).toBe(plannedBefore + 2500);

    // Deleted: the event still names the agreement the activity belonged to.
    const deleted = await touchedBy(() => deleteActivity({ db, actor: staff, id: activityId, version: 1 }));
    expect(deleted).toEqual(new Set([agreementId]));
    const afterDelete = await keptAndFresh();
    expect(afterDelete.kept).toEqual(afterDelete.fresh);
    expect(standingOf(afterDelete.kept)?.budgetPlanned).toBe(plannedBefore);
  });

  it("follow an agreement created, then deleted", async () => {
    const db = handle.db;
    let draftId = "";
    const created = await touchedBy(async () => {
      draftId = (await buildAgreement(db, { status: "draft" })).id;
    });
    expect(created?.has(draftId)).toBe(true);
    expect((await keptAndFresh()).kept.map((standing) => standing.id)).toContain(draftId);
    const deleted = await touchedBy(() =>
      deleteAgreement({ db, actor: systemActor, id: draftId, version: 1 }),
    );
    expect(deleted).toEqual(new Set([draftId]));
    const after = await keptAndFresh();
    expect(after.kept.map((standing) => standing.id)).not.toContain(draftId);
    expect(after.kept).toEqual(after.fresh);
  });

  it("are not judged again for a write outside every standing (a document)", async () => {
    const touched = await touchedBy(() =>
      uploadDocument({
        db: handle.db,
        actor: systemActor,
        uploadsDir,
        maxBytes: 1024 * 1024,
        input: {
          ownerType: "agreement",
          ownerId: world.agreement.id,
          kind: "report",
          title: { fr: "Compte rendu" },
          visibility: "internal",
        },
        file: { name: "compte-rendu.pdf", bytes: pdfBytes() },
      }),
    );
    expect(touched).toEqual(new Set());
  });

  it("are all judged again when a generation was raised with no event telling what changed (an import)", async () => {
    expect(await touchedBy(() => bumpRegistryGeneration(handle.db))).toBeUndefined();
    const after = await keptAndFresh();
    expect(after.kept).toEqual(after.fresh);
  });
});

describe("agreementHealthFor", () => {
  const levelsJudgedAfresh = async (ids: string[]) =>
    new Map([...(await judgeStandings(handle.db, today, ids))].map(([id, standing]) => [id, standing.level]));

  it("reads the levels from the kept standings once they are judged, and sees a write at once", async () => {
    const db = handle.db;
    const partner = await buildOrganization(db);
    const underway = await buildUnderwayAgreement(db, {
      parties: [{ organizationId: partner.id, role: "signatory" }],
    });
    const plan = await buildActionPlan(db, underway.id);
    const ids = [underway.id, world.agreement.id, world.otherAgreement.id, world.publicAgreement.id];
    // Judged, as the first list page or dashboard of the day leaves them.
    await standingsAt(db, today, await readRegistryGeneration(db));
    let levels = new Map<string, string>();
    const sent = await statementsOf(db, async () => {
      levels = await agreementHealthFor({ db, actor: staff, agreementIds: ids });
    });
    expect(levels).toEqual(await levelsJudgedAfresh(ids));
    // A lookup a row: none of the facts a level is judged from is read.
    expect(sent.filter((statement) => /from "(activities|indicators|meetings)"/.test(statement.sql))).toEqual(
      [],
    );

    // Activities that should have ended last week: more than a third of the agreement's, so off track.
    for (let index = 0; index < 4; index++)
      await createActivity({
        db,
        actor: staff,
        agreementId: underway.id,
        input: activityInput(world, {
          actionPlanId: plan.id,
          responsibleOrganizationId: partner.id,
          objectiveIds: [],
          plannedStart: addDays(today, -60),
          plannedEnd: addDays(today, -7),
        }),
      });
    const after = await agreementHealthFor({ db, actor: staff, agreementIds: ids });
    expect(levels.get(underway.id)).not.toBe("off_track");
    expect(after.get(underway.id)).toBe("off_track");
    expect(after).toEqual(await levelsJudgedAfresh(ids));
  });
});
