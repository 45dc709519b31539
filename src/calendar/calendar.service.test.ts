import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildOrganization, buildUser } from "../../test/factories.js";
import {
  buildActivity,
  buildFollowUpAction,
  buildIndicator,
  buildMeeting,
} from "../../test/followup-factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { auditEvents, calendarFeeds } from "../db/schema/index.js";
import { buildUnderwayAgreement, daysFromToday } from "../progress/progress.test-support.js";
import { anonymous, systemActor } from "../shared/actor.js";
import { actorFromUser } from "../users/users.presenter.js";
import { type UserRow, updateUser } from "../users/users.service.js";
import { buildPersonalFeed } from "./calendar.feeds.js";
import {
  createCalendarFeed,
  findCalendarFeedOwner,
  getActiveCalendarFeed,
  revokeCalendarFeed,
} from "./calendar.service.js";
import { parseFeed } from "./calendar.test-support.js";

let handle: DatabaseHandle;
let focal: UserRow;
let viewer: UserRow;
const ids: Record<string, string> = {};
const publicUrl = "https://sharaka.example";

beforeAll(async () => {
  handle = await createTestDatabase();
  const { db } = handle;
  const own = await buildOrganization(db);
  const other = await buildOrganization(db);
  focal = await buildUser(db, { role: "focal_point", organizationId: own.id, locale: "en" });
  viewer = await buildUser(db, { role: "viewer", locale: "ar" });

  // Internal, the focal point's organisation is party: it sees inside.
  const mine = await buildUnderwayAgreement(db, {
    reference: "CAL-OWN",
    visibility: "internal",
    signedOn: daysFromToday(-30),
    effectiveOn: daysFromToday(-30),
    parties: [{ organizationId: own.id, role: "signatory" }],
  });
  // Internal, another organisation's: the focal point sees nothing of it.
  const hidden = await buildUnderwayAgreement(db, {
    reference: "CAL-HIDDEN",
    visibility: "internal",
    signedOn: daysFromToday(-20),
    effectiveOn: daysFromToday(-20),
    parties: [{ organizationId: other.id, role: "signatory" }],
  });
  // Public, another organisation's: its dates and activities, not its committee.
  const open = await buildUnderwayAgreement(db, {
    reference: "CAL-PUBLIC",
    visibility: "public",
    signedOn: daysFromToday(-10),
    effectiveOn: daysFromToday(-10),
    parties: [{ organizationId: other.id, role: "signatory" }],
  });
  const soon = (days: number) => new Date(Date.now() + days * 86_400_000);
  for (const [key, agreement] of Object.entries({ mine, hidden, open })) {
    ids[key] = agreement.id;
    ids[`${key}Activity`] = (
      await buildActivity(db, agreement.id, {
        plannedStart: daysFromToday(10),
        plannedEnd: daysFromToday(15),
      })
    ).id;
    ids[`${key}Meeting`] = (
      await buildMeeting(db, agreement.id, { startsAt: soon(5), status: "planned" })
    ).id;
    ids[`${key}Action`] = (await buildFollowUpAction(db, agreement.id, { dueOn: daysFromToday(20) })).id;
    ids[`${key}Indicator`] = (
      await buildIndicator(db, agreement.id, {
        frequency: "yearly",
        baselineOn: daysFromToday(-800),
        targetOn: daysFromToday(800),
      })
    ).id;
  }
});
afterAll(async () => {
  await handle?.close();
});

const uidsOf = (text: string) => [...parseFeed(text).byUid.keys()];
const has = (uids: string[], kind: string, id: string | undefined) => uids.includes(`${kind}-${id}@sharaka`);

describe("calendar addresses", () => {
  it("keeps only a hash; the secret finds its owner, and a new one replaces the old", async () => {
    const { db } = handle;
    const user = await buildUser(db, { role: "secretariat" });
    const actor = actorFromUser(user);
    const first = await createCalendarFeed({ db, actor });
    expect(first.secret).toMatch(/^cal_[A-Za-z0-9_-]{43}$/);
    const [row] = await db.select().from(calendarFeeds).where(eq(calendarFeeds.id, first.feed.id));
    expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(first.secret);
    expect((await findCalendarFeedOwner({ db, secret: first.secret }))?.id).toBe(user.id);

    const second = await createCalendarFeed({ db, actor });
    expect(await findCalendarFeedOwner({ db, secret: first.secret })).toBeNull();
    expect((await findCalendarFeedOwner({ db, secret: second.secret }))?.id).toBe(user.id);
    expect((await getActiveCalendarFeed({ db, actor }))?.id).toBe(second.feed.id);

    await revokeCalendarFeed({ db, actor });
    expect(await findCalendarFeedOwner({ db, secret: second.secret })).toBeNull();
    expect(await getActiveCalendarFeed({ db, actor })).toBeUndefined();
    // Revoking without an active address changes nothing.
    expect(await revokeCalendarFeed({ db, actor })).toBeUndefined();

    const events = await db
      .select({ action: auditEvents.action, entityId: auditEvents.entityId, changes: auditEvents.changes })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "calendar_feed"), eq(auditEvents.actor, user.id)))
      .orderBy(auditEvents.id);
    expect(events.map((event) => [event.action, event.entityId])).toEqual([
      ["calendar_feed.create", first.feed.id],
      ["calendar_feed.revoke", first.feed.id],
      ["calendar_feed.create", second.feed.id],
      ["calendar_feed.revoke", second.feed.id],
    ]);
    expect(JSON.stringify(events)).not.toContain(second.secret);
  });

  it("writes the last use at most once an hour", async () => {
    const { db } = handle;
    const user = await buildUser(db, { role: "viewer" });
    const { secret, feed } = await createCalendarFeed({ db, actor: actorFromUser(user) });
    const lastUsed = async () =>
      (
        await db.select().from(calendarFeeds).where(eq(calendarFeeds.id, feed.id))
      )[0]?.lastUsedAt?.toISOString();
    const start = new Date("2026-03-01T10:00:00Z");
    await findCalendarFeedOwner({ db, secret, now: start });
    expect(await lastUsed()).toBe(start.toISOString());
    await findCalendarFeedOwner({ db, secret, now: new Date("2026-03-01T10:59:00Z") });
    expect(await lastUsed()).toBe(start.toISOString());
    await findCalendarFeedOwner({ db, secret, now: new Date("2026-03-01T11:00:00Z") });
    expect(await lastUsed()).toBe("2026-03-01T11:00:00.000Z");
  });

  it("finds nobody for a malformed secret or a deactivated owner", async () => {
    const { db } = handle;
    const user = await buildUser(db, { role: "viewer" });
    const { secret } = await createCalendarFeed({ db, actor: actorFromUser(user) });
    for (const bogus of ["", "cal_", `${secret}x`, secret.replace("cal_", "shk_"), "x".repeat(5000)]) {
      expect(await findCalendarFeedOwner({ db, secret: bogus })).toBeNull();
    }
    await updateUser({
      db,
      actor: systemActor,
      id: user.id,
      input: { name: user.name, role: user.role, locale: "fr", active: false, version: user.version },
    });
    expect(await findCalendarFeedOwner({ db, secret })).toBeNull();
  });

  it("is for signed-in people only, each their own", async () => {
    const { db } = handle;
    await expect(createCalendarFeed({ db, actor: anonymous })).rejects.toMatchObject({
      code: "unauthenticated",
    });
    const user = await buildUser(db, { role: "viewer" });
    await expect(
      createCalendarFeed({ db, actor: { ...actorFromUser(user), via: "token", tokenScope: "read" } }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("a personal feed", () => {
  it("holds, for a focal point, only the agreements it may read, and the inside of its own only", async () => {
    const text = await buildPersonalFeed({ db: handle.db, user: focal, publicUrl });
    const uids = uidsOf(text);
    // Its own internal agreement: everything.
    expect(has(uids, "agreement-signature", ids.mine)).toBe(true);
    expect(has(uids, "activity", ids.mineActivity)).toBe(true);
    expect(has(uids, "meeting", ids.mineMeeting)).toBe(true);
    expect(has(uids, "action", ids.mineAction)).toBe(true);
    expect(uids.some((uid) => uid.startsWith(`indicator-due-${ids.mineIndicator}-`))).toBe(true);
    // A public agreement of others: its dates and activities, nothing of its committee.
    expect(has(uids, "agreement-signature", ids.open)).toBe(true);
    expect(has(uids, "activity", ids.openActivity)).toBe(true);
    expect(has(uids, "meeting", ids.openMeeting)).toBe(false);
    expect(has(uids, "action", ids.openAction)).toBe(false);
    expect(uids.some((uid) => uid.startsWith(`indicator-due-${ids.openIndicator}-`))).toBe(false);
    // An internal agreement of others: nothing at all.
    expect(uids.some((uid) => uid.includes(ids.hidden as string))).toBe(false);
    expect(has(uids, "activity", ids.hiddenActivity)).toBe(false);
    expect(has(uids, "meeting", ids.hiddenMeeting)).toBe(false);
    expect(text).not.toContain("CAL-HIDDEN");
    // In the owner's language, linking to the workspace.
    const { byUid } = parseFeed(text);
    const signature = byUid.get(`agreement-signature-${ids.mine}@sharaka`);
    expect(signature?.summary).toMatch(/^Signature: CAL-OWN — /);
    expect(signature?.url).toBe(`${publicUrl}/en/workspace/agreements/${ids.mine}`);
  });

  it("holds everything for a viewer, meetings at their stored instant, in Arabic", async () => {
    const text = await buildPersonalFeed({ db: handle.db, user: viewer, publicUrl });
    const { byUid } = parseFeed(text);
    for (const key of ["mine", "hidden", "open"]) {
      expect(byUid.has(`meeting-${ids[`${key}Meeting`]}@sharaka`), key).toBe(true);
      expect(byUid.has(`action-${ids[`${key}Action`]}@sharaka`), key).toBe(true);
    }
    const meeting = byUid.get(`meeting-${ids.hiddenMeeting}@sharaka`);
    expect(meeting?.utc).toBe(true);
    expect(meeting?.summary).toMatch(/^لجنة القيادة: /);
    expect(byUid.get(`agreement-signature-${ids.hidden}@sharaka`)?.summary).toMatch(/^التوقيع: CAL-HIDDEN/);
  });
});
