import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildDecision, buildFollowUpAction, buildMeeting } from "../../test/followup-factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { followUpActions, users } from "../db/schema/index.js";
import { todayInMorocco } from "../domain/figures.js";
import { anonymous } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import {
  createAction,
  getAction,
  isActionOverdue,
  listActions,
  listOpenActions,
  updateAction,
  updateActionStatus,
} from "./actions.service.js";
import {
  auditTrail,
  buildCommitteeWorld,
  type CommitteeWorld,
  moroccanDay,
} from "./meetings.test-support.js";

let handle: DatabaseHandle;
let world: CommitteeWorld;

beforeAll(async () => {
  handle = await createTestDatabase();
  world = await buildCommitteeWorld(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

const failure = async (promise: Promise<unknown>): Promise<AppError> => {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(caught instanceof AppError)) throw new Error(`expected an AppError, got ${String(caught)}`);
  return caught;
};
const reasons = (error: AppError) => error.issues.map((issue) => `${issue.field}:${issue.reason}`).sort();

describe("creating and editing follow-up actions", () => {
  it("creates an action without a decision, owned by a party, for the staff only", async () => {
    const { db } = handle;
    const input = {
      description: { fr: "Envoyer la liste des participants" },
      ownerOrganizationId: world.otherPartyId,
      ownerUserId: world.users.staff.id,
      dueOn: "2026-12-15",
    };
    const action = await createAction({
      db,
      actor: world.actors.staff,
      agreementId: world.agreementId,
      input,
    });
    expect(action).toMatchObject({ status: "open", decisionId: null, doneOn: null, version: 1 });
    expect(action.ownerOrganization.id).toBe(world.otherPartyId);
    expect(action.ownerUser).toEqual({ id: world.users.staff.id, name: world.users.staff.name });
    expect((await auditTrail(db, action.id))[0]?.action).toBe("follow_up_action.create");
    for (const role of ["focal", "council", "viewer"] as const) {
      const error = await failure(
        createAction({ db, actor: world.actors[role], agreementId: world.agreementId, input }),
      );
      expect(error.code).toBe("forbidden");
    }
  });

  it("accepts as owner person an active account of the owning organisation or of the staff, no one else", async () => {
    const { db } = handle;
    const base = {
      description: { fr: "Action" },
      ownerOrganizationId: world.partnerId,
      dueOn: "2026-12-15",
    };
    const create = (ownerUserId: string) =>
      createAction({
        db,
        actor: world.actors.staff,
        agreementId: world.agreementId,
        input: { ...base, ownerUserId },
      });
    await expect(create(world.users.partnerPerson.id)).resolves.toMatchObject({
      ownerUserId: world.users.partnerPerson.id,
    });
    await expect(create(world.users.admin.id)).resolves.toMatchObject({ ownerUserId: world.users.admin.id });
    for (const ownerUserId of [world.users.otherFocal.id, world.users.council.id, "no-such-user"]) {
      expect(reasons(await failure(create(ownerUserId)))).toEqual([
        "ownerUserId:meetings.reasons.ownerNotEligible",
      ]);
    }
    await db.update(users).set({ active: false }).where(eq(users.id, world.users.partnerPerson.id));
    expect(reasons(await failure(create(world.users.partnerPerson.id)))).toEqual([
      "ownerUserId:meetings.reasons.ownerNotEligible",
    ]);
    await db.update(users).set({ active: true }).where(eq(users.id, world.users.partnerPerson.id));
  });

  it("refuses a done date unless done, one in the future, a decision of another agreement, a broken date", async () => {
    const { db } = handle;
    const foreignDecision = await buildDecision(db, await buildMeeting(db, world.publicAgreementId));
    const error = await failure(
      createAction({
        db,
        actor: world.actors.staff,
        agreementId: world.agreementId,
        input: {
          description: { fr: "Action" },
          ownerOrganizationId: world.partnerId,
          dueOn: "2026-12-15",
          status: "open",
          doneOn: "2026-11-01",
          decisionId: foreignDecision.id,
        },
      }),
    );
    expect(reasons(error)).toEqual(["decisionId:unknownRecord", "doneOn:meetings.reasons.doneOnNotDone"]);
    const future = await failure(
      createAction({
        db,
        actor: world.actors.staff,
        agreementId: world.agreementId,
        input: {
          description: { fr: "Action" },
          ownerOrganizationId: world.partnerId,
          // JavaScript reads year 0; PostgreSQL would refuse it: the schema does, with a reason.
          dueOn: "0000-01-01",
          status: "done",
          doneOn: moroccanDay(3),
        },
      }),
    );
    expect(reasons(future)).toEqual(["dueOn:dateOutOfRange"]);
    const later = await failure(
      createAction({
        db,
        actor: world.actors.staff,
        agreementId: world.agreementId,
        input: {
          description: { fr: "Action" },
          ownerOrganizationId: world.partnerId,
          dueOn: "2026-12-01",
          status: "done",
          doneOn: moroccanDay(3),
        },
      }),
    );
    expect(reasons(later)).toEqual(["doneOn:meetings.reasons.doneOnFuture"]);
  });

  it("lets the staff change every field as of a version; a stale one changes nothing", async () => {
    const { db } = handle;
    const action = await buildFollowUpAction(db, world.agreementId);
    const input = {
      version: 1,
      description: { fr: "Nouveau texte", en: "New text" },
      ownerOrganizationId: world.otherPartyId,
      dueOn: "2027-01-31",
      status: "done" as const,
      doneOn: "2026-11-20",
    };
    const saved = await updateAction({ db, actor: world.actors.staff, id: action.id, input });
    expect(saved).toMatchObject({ version: 2, status: "done", doneOn: "2026-11-20", dueOn: "2027-01-31" });
    const stale = await failure(updateAction({ db, actor: world.actors.staff, id: action.id, input }));
    expect(stale.code).toBe("conflict");
    expect((await getAction({ db, actor: world.actors.staff, id: action.id })).version).toBe(2);
    const reopened = await updateAction({
      db,
      actor: world.actors.admin,
      id: action.id,
      input: { ...input, version: 2, status: "in_progress", doneOn: undefined },
    });
    expect(reopened).toMatchObject({ status: "in_progress", doneOn: null });
  });
});

describe("the status of an action", () => {
  it("is updated by the owning organisation's focal point, done today when done", async () => {
    const { db } = handle;
    const action = await buildFollowUpAction(db, world.agreementId, { ownerOrganizationId: world.partnerId });
    const started = await updateActionStatus({
      db,
      actor: world.actors.focal,
      id: action.id,
      input: { status: "in_progress", version: 1 },
    });
    expect(started).toMatchObject({ status: "in_progress", doneOn: null, version: 2 });
    const done = await updateActionStatus({
      db,
      actor: world.actors.focal,
      id: action.id,
      input: { status: "done", version: 2 },
    });
    expect(done).toMatchObject({ status: "done", doneOn: todayInMorocco(), version: 3 });
    const trail = await auditTrail(db, action.id);
    expect(trail.map((event) => event.action)).toEqual([
      "follow_up_action.status",
      "follow_up_action.status",
    ]);
    expect(trail[1]?.changes).toMatchObject({ before: { status: "in_progress" }, after: { status: "done" } });
  });

  it("is refused to other organisations' focal points, councils, viewers, read-only tokens", async () => {
    const { db } = handle;
    const action = await buildFollowUpAction(db, world.agreementId, { ownerOrganizationId: world.partnerId });
    const input = { status: "done" as const, version: 1 };
    for (const role of ["otherFocal", "council", "viewer"] as const) {
      const error = await failure(
        updateActionStatus({ db, actor: world.actors[role], id: action.id, input }),
      );
      expect(error.code, role).toBe("forbidden");
    }
    const readOnly = { ...world.actors.focal, via: "token" as const, tokenScope: "read" as const };
    expect((await failure(updateActionStatus({ db, actor: readOnly, id: action.id, input }))).code).toBe(
      "forbidden",
    );
    // Out of scope: the action is not even there for them.
    for (const actor of [world.actors.outsiderFocal, world.actors.farCouncil, anonymous]) {
      expect((await failure(updateActionStatus({ db, actor, id: action.id, input }))).code).toBe("not_found");
    }
    const [row] = await db.select().from(followUpActions).where(eq(followUpActions.id, action.id));
    expect(row).toMatchObject({ status: "open", version: 1 });
  });

  it("is refused on a stale version, and an unknown status is named", async () => {
    const { db } = handle;
    const action = await buildFollowUpAction(db, world.agreementId, { version: 4 });
    const stale = await failure(
      updateActionStatus({
        db,
        actor: world.actors.focal,
        id: action.id,
        input: { status: "done", version: 3 },
      }),
    );
    expect(stale.issues[0]).toMatchObject({ field: "version", reason: "staleVersion" });
    const unknown = await failure(
      updateActionStatus({
        db,
        actor: world.actors.focal,
        id: action.id,
        input: { status: "finished" as never, version: 4 },
      }),
    );
    expect(reasons(unknown)).toEqual(["status:invalidChoice"]);
  });
});

describe("open actions", () => {
  it("show until done or cancelled, overdue when their due date passed", async () => {
    const { db } = handle;
    const agreementId = world.publicAgreementId;
    const late = await buildFollowUpAction(db, agreementId, { dueOn: moroccanDay(-2) });
    const dueToday = await buildFollowUpAction(db, agreementId, {
      dueOn: moroccanDay(0),
      status: "in_progress",
    });
    const done = await buildFollowUpAction(db, agreementId, { status: "done", doneOn: moroccanDay(-1) });
    const cancelled = await buildFollowUpAction(db, agreementId, {
      status: "cancelled",
      dueOn: moroccanDay(-5),
    });
    const open = await listActions({ db, actor: world.actors.staff, agreementId, openOnly: true });
    expect(open.map((action) => action.id)).toEqual([late.id, dueToday.id]);
    expect(open.map((action) => action.overdue)).toEqual([true, false]);
    const all = await listActions({ db, actor: world.actors.staff, agreementId });
    expect(all.map((action) => action.id)).toEqual(expect.arrayContaining([done.id, cancelled.id]));
    expect(all.find((action) => action.id === cancelled.id)?.overdue).toBe(false);
  });

  it("follow the overdue rule of the health figures", () => {
    expect(isActionOverdue({ status: "open", dueOn: "2026-11-28" }, "2026-11-29")).toBe(true);
    expect(isActionOverdue({ status: "in_progress", dueOn: "2026-11-29" }, "2026-11-29")).toBe(false);
    expect(isActionOverdue({ status: "done", dueOn: "2026-01-01" }, "2026-11-29")).toBe(false);
  });

  it("are listed for 'my work' across the agreements in scope, by owner and due date", async () => {
    const { db } = handle;
    const mine = await buildFollowUpAction(db, world.agreementId, {
      ownerOrganizationId: world.partnerId,
      ownerUserId: world.users.focal.id,
      dueOn: "2026-12-01",
    });
    const theirs = await buildFollowUpAction(db, world.agreementId, {
      ownerOrganizationId: world.otherPartyId,
      dueOn: "2026-12-02",
    });
    const later = await buildFollowUpAction(db, world.agreementId, {
      ownerOrganizationId: world.partnerId,
      dueOn: "2027-06-01",
    });
    const outOfScope = await buildFollowUpAction(db, world.publicAgreementId, { dueOn: "2026-12-01" });
    const focalOwn = await listOpenActions({
      db,
      actor: world.actors.focal,
      ownerOrganizationId: world.partnerId,
      dueBefore: "2027-01-01",
    });
    const ids = focalOwn.map((action) => action.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    expect(ids).not.toContain(later.id);
    expect(focalOwn.find((action) => action.id === mine.id)?.agreement.id).toBe(world.agreementId);
    const focalAll = (await listOpenActions({ db, actor: world.actors.focal })).map((action) => action.id);
    expect(focalAll).toEqual(expect.arrayContaining([mine.id, theirs.id, later.id]));
    expect(focalAll).not.toContain(outOfScope.id);
    const person = await listOpenActions({
      db,
      actor: world.actors.staff,
      ownerUserId: world.users.focal.id,
    });
    expect(person.map((action) => action.id)).toEqual([mine.id]);
    expect(await listOpenActions({ db, actor: anonymous })).toEqual([]);
    const far = (await listOpenActions({ db, actor: world.actors.farCouncil })).map((action) => action.id);
    expect(far).not.toContain(mine.id);
    const dues = (await listOpenActions({ db, actor: world.actors.staff })).map((action) => action.dueOn);
    expect([...dues].sort()).toEqual(dues);
  });
});
