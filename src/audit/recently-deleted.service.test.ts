import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import {
  buildActivity,
  buildCommitteeMember,
  buildDecision,
  buildFollowUpAction,
  buildIndicator,
  buildIndicatorValue,
  buildMeeting,
} from "../../test/followup-factories.js";
import { buildPartnership, buildPeople, sessionActors } from "../../test/worlds.js";
import { deleteActivity } from "../activities/activities.service.js";
import type { DatabaseHandle } from "../db/client.js";
import {
  activities,
  auditEvents,
  committeeMembers,
  deletedRecords,
  followUpActions,
  indicators,
  indicatorValues,
  meetingAttendees,
  meetings,
} from "../db/schema/index.js";
import { deleteIndicator } from "../indicators/indicators.service.js";
import { removeCommitteeMember } from "../meetings/committee.service.js";
import { deleteDecision } from "../meetings/decisions.service.js";
import { deleteMeeting } from "../meetings/meetings.service.js";
import { AppError } from "../shared/errors.js";
import { startRecentlyDeletedPurge } from "./recently-deleted.schedule.js";
import {
  listRecentlyDeleted,
  purgeRecentlyDeleted,
  restoreDeletedRecord,
} from "./recently-deleted.service.js";

let handle: DatabaseHandle;
let agreementId: string;
let actors: ReturnType<typeof sessionActors<"staff" | "focal" | "council" | "viewer">>;

beforeAll(async () => {
  handle = await createTestDatabase();
  const world = await buildPartnership(handle.db);
  agreementId = world.agreement.id;
  const people = await buildPeople(handle.db, world);
  actors = sessionActors({
    staff: people.staff,
    focal: people.focal,
    council: people.council,
    viewer: people.viewer,
  });
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

async function entryOf(recordId: string) {
  const [entry] = await handle.db.select().from(deletedRecords).where(eq(deletedRecords.recordId, recordId));
  if (!entry) throw new Error(`no deleted record for ${recordId}`);
  return entry;
}

describe("recently deleted", () => {
  it("puts an indicator back with its values, the same rows and ids, audited", async () => {
    const { db } = handle;
    const indicator = await buildIndicator(db, agreementId);
    await buildIndicatorValue(db, indicator.id, { status: "submitted", period: "2026-Q1" });
    await buildIndicatorValue(db, indicator.id, { status: "returned", period: "2026-Q2" });
    const [before] = await db.select().from(indicators).where(eq(indicators.id, indicator.id));
    const valuesBefore = await db
      .select()
      .from(indicatorValues)
      .where(eq(indicatorValues.indicatorId, indicator.id));

    await deleteIndicator({ db, actor: actors.staff, id: indicator.id });
    expect(await db.select().from(indicators).where(eq(indicators.id, indicator.id))).toEqual([]);
    const { items } = await listRecentlyDeleted({ db, actor: actors.staff });
    const item = items.find((one) => one.recordId === indicator.id);
    expect(item).toMatchObject({ kind: "indicator", agreementId, dependants: 2 });
    expect(item?.label).toEqual(indicator.name);

    await restoreDeletedRecord({ db, actor: actors.staff, id: item?.id ?? "" });
    expect(await db.select().from(indicators).where(eq(indicators.id, indicator.id))).toEqual([before]);
    const valuesAfter = await db
      .select()
      .from(indicatorValues)
      .where(eq(indicatorValues.indicatorId, indicator.id));
    expect(valuesAfter.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      valuesBefore.sort((a, b) => a.id.localeCompare(b.id)),
    );
    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, indicator.id), eq(auditEvents.action, "indicator.restore")));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: actors.staff.id, agreementId });
    // Gone from the list once back.
    const after = await listRecentlyDeleted({ db, actor: actors.staff });
    expect(after.items.some((one) => one.recordId === indicator.id)).toBe(false);
  });

  it("refuses a second restore, and a restore of a record that exists again", async () => {
    const { db } = handle;
    const activity = await buildActivity(db, agreementId);
    await deleteActivity({ db, actor: actors.staff, id: activity.id });
    const entry = await entryOf(activity.id);
    await restoreDeletedRecord({ db, actor: actors.staff, id: entry.id });
    expect(
      await db.select({ id: activities.id }).from(activities).where(eq(activities.id, activity.id)),
    ).toHaveLength(1);
    const twice = await failure(restoreDeletedRecord({ db, actor: actors.staff, id: entry.id }));
    expect(twice.code).toBe("conflict");
    expect(twice.issues[0]?.reason).toBe("undo.reasons.alreadyRestored");
  });

  it("refuses a decision whose meeting is gone, and links its actions again otherwise", async () => {
    const { db } = handle;
    const meeting = await buildMeeting(db, agreementId);
    const decision = await buildDecision(db, meeting);
    const action = await buildFollowUpAction(db, agreementId, { decisionId: decision.id });
    await deleteDecision({ db, actor: actors.staff, id: decision.id });
    const entry = await entryOf(decision.id);
    await restoreDeletedRecord({ db, actor: actors.staff, id: entry.id });
    const [relinked] = await db.select().from(followUpActions).where(eq(followUpActions.id, action.id));
    expect(relinked?.decisionId).toBe(decision.id);

    await deleteDecision({ db, actor: actors.staff, id: decision.id });
    await deleteMeeting({ db, actor: actors.staff, id: meeting.id });
    const latest = (
      await db.select().from(deletedRecords).where(eq(deletedRecords.recordId, decision.id))
    ).find((one) => !one.restoredAt);
    expect(latest).toBeDefined();
    const orphan = await failure(restoreDeletedRecord({ db, actor: actors.staff, id: latest?.id ?? "" }));
    expect(orphan.code).toBe("conflict");
    // Named, for the page to say which to restore first.
    expect(orphan.issues[0]?.reason).toBe("undo.reasons.parentGoneNamed");
    expect(orphan.issues[0]?.values).toMatchObject({
      parentKind: "meeting",
      "parentName.fr": meeting.title.fr,
      "parentName.ar": meeting.title.ar,
    });
    // The meeting first, then its decision.
    await restoreDeletedRecord({ db, actor: actors.staff, id: (await entryOf(meeting.id)).id });
    await restoreDeletedRecord({ db, actor: actors.staff, id: latest?.id ?? "" });
    expect(await db.select().from(meetings).where(eq(meetings.id, meeting.id))).toHaveLength(1);
  });

  it("puts a committee member back with the meetings they attended", async () => {
    const { db } = handle;
    const member = await buildCommitteeMember(db, agreementId);
    const meeting = await buildMeeting(db, agreementId);
    await db.insert(meetingAttendees).values({ meetingId: meeting.id, memberId: member.id });
    await removeCommitteeMember({ db, actor: actors.staff, id: member.id });
    expect(await db.select().from(meetingAttendees).where(eq(meetingAttendees.memberId, member.id))).toEqual(
      [],
    );
    await restoreDeletedRecord({ db, actor: actors.staff, id: (await entryOf(member.id)).id });
    expect(await db.select().from(committeeMembers).where(eq(committeeMembers.id, member.id))).toHaveLength(
      1,
    );
    expect(await db.select().from(meetingAttendees).where(eq(meetingAttendees.memberId, member.id))).toEqual([
      { meetingId: meeting.id, memberId: member.id },
    ]);
  });

  it("puts a meeting back without an attendee removed from the committee since", async () => {
    const { db } = handle;
    const stays = await buildCommitteeMember(db, agreementId);
    const leaves = await buildCommitteeMember(db, agreementId);
    const meeting = await buildMeeting(db, agreementId);
    await db.insert(meetingAttendees).values([
      { meetingId: meeting.id, memberId: stays.id },
      { meetingId: meeting.id, memberId: leaves.id },
    ]);
    await deleteMeeting({ db, actor: actors.staff, id: meeting.id });
    await removeCommitteeMember({ db, actor: actors.staff, id: leaves.id });
    await restoreDeletedRecord({ db, actor: actors.staff, id: (await entryOf(meeting.id)).id });
    expect(
      await db.select().from(meetingAttendees).where(eq(meetingAttendees.meetingId, meeting.id)),
    ).toEqual([{ meetingId: meeting.id, memberId: stays.id }]);
  });

  it("answers not found after 30 days and for unknown ids, and the purge removes what is older", async () => {
    const { db } = handle;
    const indicator = await buildIndicator(db, agreementId);
    await deleteIndicator({ db, actor: actors.staff, id: indicator.id });
    const entry = await entryOf(indicator.id);
    const later = new Date(Date.now() + 31 * 24 * 60 * 60 * 1000);
    expect(
      (await failure(restoreDeletedRecord({ db, actor: actors.staff, id: entry.id, now: later }))).code,
    ).toBe("not_found");
    const listed = await listRecentlyDeleted({ db, actor: actors.staff, now: later });
    expect(listed.items.some((one) => one.id === entry.id)).toBe(false);
    for (const id of ["nope", "00000000-0000-4000-8000-000000000000"])
      expect((await failure(restoreDeletedRecord({ db, actor: actors.staff, id }))).code).toBe("not_found");

    expect(await purgeRecentlyDeleted({ db })).toBe(0);
    expect(await purgeRecentlyDeleted({ db, now: later })).toBeGreaterThan(0);
    expect(await db.select().from(deletedRecords).where(eq(deletedRecords.id, entry.id))).toEqual([]);
    expect((await failure(restoreDeletedRecord({ db, actor: actors.staff, id: entry.id }))).code).toBe(
      "not_found",
    );
  });

  it("is the staff's only: a focal point, a council or a viewer can neither list nor restore", async () => {
    const { db } = handle;
    const indicator = await buildIndicator(db, agreementId);
    await deleteIndicator({ db, actor: actors.staff, id: indicator.id });
    const entry = await entryOf(indicator.id);
    for (const actor of [actors.focal, actors.council, actors.viewer]) {
      expect((await failure(listRecentlyDeleted({ db, actor }))).code).toBe("forbidden");
      expect((await failure(restoreDeletedRecord({ db, actor, id: entry.id }))).code).toBe("forbidden");
    }
    expect((await entryOf(indicator.id)).restoredAt).toBeNull();
  });

  it("is purged by the serving process's daily schedule", async () => {
    const { db } = handle;
    const indicator = await buildIndicator(db, agreementId);
    await deleteIndicator({ db, actor: actors.staff, id: indicator.id });
    const entry = await entryOf(indicator.id);
    await db
      .update(deletedRecords)
      .set({ deletedAt: new Date(Date.now() - 40 * 24 * 60 * 60 * 1000) })
      .where(eq(deletedRecords.id, entry.id));
    const purge = startRecentlyDeletedPurge({ db, every: 60 * 60 * 1000 });
    await purge.tick();
    await purge.stop();
    expect(await db.select().from(deletedRecords).where(eq(deletedRecords.id, entry.id))).toEqual([]);
  });
});
