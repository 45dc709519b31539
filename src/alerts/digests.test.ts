import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildUser } from "../../test/factories.js";
import { buildActivity } from "../../test/followup-factories.js";
import { decodedHeader, decodedParts, type LoopbackSmtp, startLoopbackSmtp } from "../../test/smtp.js";
import type { DatabaseHandle } from "../db/client.js";
import { queryRows } from "../db/rows.js";
import { agreements, alertDigests } from "../db/schema/index.js";
import { createMailer } from "../mail/mail.service.js";
import { actorFromUser } from "../users/users.presenter.js";
import { runAlerts } from "./alerts.run.js";
import { acknowledgeAlert, setAlertPreferences, setLeadTimes, snoozeAlert } from "./alerts.service.js";
import {
  alertAbout,
  buildAgreementInForce,
  buildAlertWorld,
  digestsOf,
  noonOn,
  outboxMailer,
  runOn,
} from "./evaluation.test-support.js";

let handle: DatabaseHandle;
let smtp: LoopbackSmtp;

beforeAll(async () => {
  handle = await createTestDatabase();
  smtp = await startLoopbackSmtp();
});
afterAll(async () => {
  await smtp?.close();
  await handle?.close();
});

/** The alerts a person's digests carried about these subjects' alerts, per digest day. */
async function carried(userId: string, alertIds: string[]) {
  return (await digestsOf(handle.db, userId))
    .map((digest) => ({
      day: digest.digestOn,
      stages: digest.deliveries.filter((d) => alertIds.includes(d.alertId)).map((d) => d.stage),
    }))
    .filter((entry) => entry.stages.length);
}

describe("who gets a digest", () => {
  it("the secretariat and the partner's focal point, each in their language; not another partner, not an administrator", async () => {
    const { db } = handle;
    const world = await buildAlertWorld(db);
    const admin = await buildUser(db, { role: "admin" });
    const agreement = await buildAgreementInForce(db, world, { expiresOn: "2030-03-31" });
    await runOn(db, "2030-01-15");
    const alert = await alertAbout(db, "agreement_expiry", agreement.id);
    if (!alert) throw new Error("no alert");
    expect(await carried(world.staff.id, [alert.id])).toEqual([{ day: "2030-01-15", stages: [90] }]);
    expect(await carried(world.focal.id, [alert.id])).toEqual([{ day: "2030-01-15", stages: [90] }]);
    expect(await carried(world.otherFocal.id, [alert.id])).toEqual([]);
    expect(await carried(admin.id, [alert.id])).toEqual([]);

    const [arabic] = await digestsOf(db, world.arabicStaff.id);
    expect(arabic?.locale).toBe("ar");
    expect(arabic?.subject).toMatch(/^شراكة/);
    expect(arabic?.htmlBody).toContain('dir="rtl"');
    expect(arabic?.textBody).toContain(`https://sharaka.example/ar/workspace/agreements/${agreement.id}`);
    const [english] = await digestsOf(db, world.focal.id);
    expect(english?.textBody).toContain("The agreement's term ends on March 31, 2030");
    expect(english?.textBody).toContain("in 75 days");
    expect(english?.textBody).toContain("https://sharaka.example/en/workspace/alerts/preferences");
  });
});

describe("never the same alert twice", () => {
  it("sends each stage once, one digest a day, and a later stage on its day", async () => {
    const { db } = handle;
    const world = await buildAlertWorld(db);
    const agreement = await buildAgreementInForce(db, world, { expiresOn: "2031-03-31" });
    const activity = await buildActivity(db, agreement.id, { plannedEnd: "2031-01-31", status: "planned" });
    await runOn(db, "2031-01-02"); // the activity: 29 days left → stage 30; the agreement: 88 → 90
    await runOn(db, "2031-01-02"); // again the same day: nothing new
    await runOn(db, "2031-01-03"); // nothing changed: nothing sent
    await runOn(db, "2031-01-24"); // the activity reaches 7 days
    await runOn(db, "2031-02-01"); // and is late
    const activityAlert = await alertAbout(db, "activity_overdue", activity.id);
    const expiryAlert = await alertAbout(db, "agreement_expiry", agreement.id);
    const ids = [activityAlert?.id ?? "", expiryAlert?.id ?? ""];
    expect(await carried(world.focal.id, ids)).toEqual([
      { day: "2031-01-02", stages: expect.arrayContaining([30, 90]) },
      { day: "2031-01-24", stages: [7] },
      { day: "2031-02-01", stages: [-1] },
    ]);
    const emails = await queryRows<{ count: number }>(
      db,
      sql`select count(*)::int as count from outbox_emails where to_address = ${world.focal.email} and purpose = 'alert_digest'`,
    );
    expect(emails[0]?.count).toBe(3);
  });

  it("catches up after downtime with one email at the stage reached, not one per missed stage", async () => {
    const { db } = handle;
    const world = await buildAlertWorld(db);
    const agreement = await buildAgreementInForce(db, world, { expiresOn: "2032-06-30" });
    await runOn(db, "2032-04-05"); // 86 days: stage 90
    // No run for eighty days: the 30-day stage passed unseen; the 7-day stage has been reached.
    await runOn(db, "2032-06-25");
    const alert = await alertAbout(db, "agreement_expiry", agreement.id);
    expect(await carried(world.staff.id, [alert?.id ?? ""])).toEqual([
      { day: "2032-04-05", stages: [90] },
      { day: "2032-06-25", stages: [7] },
    ]);
  });

  it("reads before locking on the embedded database, with the same outcome", async () => {
    const { db } = handle;
    const world = await buildAlertWorld(db);
    const agreement = await buildAgreementInForce(db, world, { expiresOn: "2039-03-31" });
    const run = (day: string) =>
      runAlerts({
        db,
        mailer: outboxMailer(),
        now: noonOn(day),
        publicUrl: "https://sharaka.example",
        trigger: "test",
        readBeforeLocking: true,
      });
    await run("2039-01-02"); // 88 days: stage 90
    await run("2039-03-25"); // 6 days: stage 7
    const alert = await alertAbout(db, "agreement_expiry", agreement.id);
    expect(alert?.stage).toBe(7);
    expect(await carried(world.focal.id, [alert?.id ?? ""])).toEqual([
      { day: "2039-01-02", stages: [90] },
      { day: "2039-03-25", stages: [7] },
    ]);
    await db.update(agreements).set({ status: "terminated" }).where(eq(agreements.id, agreement.id));
    await run("2039-03-26");
    expect((await alertAbout(db, "agreement_expiry", agreement.id))?.resolvedAt).not.toBeNull();
  });

  it("the scheduler's run happens once a day; a second process finds it done", async () => {
    const { db } = handle;
    const first = await runOn(db, "2033-01-10", { oncePerDay: true });
    const second = await runOn(db, "2033-01-10", { oncePerDay: true });
    expect(first.evaluation.status).toBe("evaluated");
    expect(second.evaluation.status).toBe("already_ran");
  });
});

describe("lead times changed after an email", () => {
  it("does not email an alert again at a less urgent stage", async () => {
    const { db } = handle;
    const world = await buildAlertWorld(db);
    const admin = actorFromUser(await buildUser(db, { role: "admin" }));
    const activity = await buildActivity(db, (await buildAgreementInForce(db, world)).id, {
      plannedEnd: "2038-05-31",
      status: "planned",
    });
    await runOn(db, "2038-05-06"); // 25 days left: stage 30, emailed
    await setLeadTimes({
      db,
      actor: admin,
      input: { kind: "activity_overdue", leadDays: [60, 14], version: 0 },
    });
    try {
      await runOn(db, "2038-05-07"); // 24 days left: now stage 60, less urgent than the 30 already sent
      await runOn(db, "2038-05-17"); // 14 days left: stage 14, more urgent: sent
      const alert = await alertAbout(db, "activity_overdue", activity.id);
      expect(await carried(world.focal.id, [alert?.id ?? ""])).toEqual([
        { day: "2038-05-06", stages: [30] },
        { day: "2038-05-17", stages: [14] },
      ]);
    } finally {
      await setLeadTimes({
        db,
        actor: admin,
        input: { kind: "activity_overdue", leadDays: [30, 7], version: 1 },
      });
    }
  });
});

describe("each person's choices", () => {
  it("sends no email for a kind kept in the workspace or turned off, nor for an acknowledged or snoozed alert", async () => {
    const { db } = handle;
    const world = await buildAlertWorld(db);
    const focal = actorFromUser(world.focal);
    const staff = actorFromUser(world.staff);
    const agreement = await buildAgreementInForce(db, world, { expiresOn: "2034-12-31" });
    const activity = await buildActivity(db, agreement.id, { plannedEnd: "2034-05-31", status: "ongoing" });
    await setAlertPreferences({
      db,
      actor: focal,
      input: { activity_overdue: "workspace", agreement_expiry: "none" },
    });
    await runOn(db, "2034-05-20");
    const activityAlert = await alertAbout(db, "activity_overdue", activity.id);
    if (!activityAlert) throw new Error("no alert");
    expect(await carried(world.focal.id, [activityAlert.id])).toEqual([]);
    expect(await carried(world.staff.id, [activityAlert.id])).toEqual([{ day: "2034-05-20", stages: [30] }]);

    // The staff member acknowledges at 30 days: the 7-day stage is more urgent, so it comes.
    await acknowledgeAlert({ db, actor: staff, alertId: activityAlert.id, now: noonOn("2034-05-21") });
    await runOn(db, "2034-05-22");
    await runOn(db, "2034-05-25");
    // Then snoozes it for a week: the late stage (1 June) waits until the snooze ends (2 June).
    await snoozeAlert({
      db,
      actor: staff,
      alertId: activityAlert.id,
      input: { days: 7 },
      now: noonOn("2034-05-26"),
    });
    await runOn(db, "2034-06-01");
    await runOn(db, "2034-06-02");
    expect(await carried(world.staff.id, [activityAlert.id])).toEqual([
      { day: "2034-05-20", stages: [30] },
      { day: "2034-05-25", stages: [7] },
      { day: "2034-06-02", stages: [-1] },
    ]);
  });
});

describe("sending through a real SMTP server on loopback", () => {
  it("delivers each digest to its person, in their language, with working links, and records it as sent", async () => {
    const { db } = handle;
    const world = await buildAlertWorld(db);
    const agreement = await buildAgreementInForce(db, world, { expiresOn: "2035-03-31" });
    const activity = await buildActivity(db, agreement.id, { plannedEnd: "2035-01-20", status: "ongoing" });
    const mailer = createMailer({ smtpUrl: smtp.url, from: "Sharaka <alerts@sharaka.test>" });
    const { sending } = await runAlerts({
      db,
      mailer,
      now: noonOn("2035-01-21"),
      publicUrl: "https://sharaka.example",
      trigger: "test",
    });
    expect(sending.failed).toBe(0);
    const to = (email: string) => smtp.received.filter((mail) => mail.to.includes(email));
    expect(to(world.otherFocal.email)).toHaveLength(0);
    const [arabic] = to(world.arabicStaff.email);
    const [english] = to(world.focal.email);
    if (!arabic || !english) throw new Error("a digest did not arrive");
    expect(arabic.from).toBe("alerts@sharaka.test");
    expect(arabic.to).toEqual([world.arabicStaff.email]);
    expect(decodedHeader(arabic.data, "Subject")).toMatch(/^شراكة: /);
    const arabicBody = decodedParts(arabic.data);
    expect(arabicBody).toContain("تأخر يوما واحدا");
    expect(arabicBody).toContain(`https://sharaka.example/ar/workspace/activities/${activity.id}`);
    expect(arabicBody).toContain('<html lang="ar" dir="rtl">');
    const englishBody = decodedParts(english.data);
    expect(decodedHeader(english.data, "Subject")).toMatch(/^Sharaka: \d+ alerts? to look at$/);
    expect(englishBody).toContain("1 day late");
    expect(englishBody).toContain(`https://sharaka.example/en/workspace/activities/${activity.id}`);
    expect(englishBody).toContain("https://sharaka.example/en/workspace/alerts");
    const [digest] = await db.select().from(alertDigests).where(eq(alertDigests.userId, world.focal.id));
    expect(digest?.status).toBe("sent");
  });

  it("retries a refused digest later, a few times, and never sends one a stopped process had claimed", async () => {
    const { db } = handle;
    const world = await buildAlertWorld(db);
    await buildAgreementInForce(db, world, { expiresOn: "2036-03-31" });
    const down = createMailer({ smtpUrl: "smtp://127.0.0.1:1", from: "Sharaka <alerts@sharaka.test>" });
    const up = createMailer({ smtpUrl: smtp.url, from: "Sharaka <alerts@sharaka.test>" });
    const at = (minutes: number) => new Date(noonOn("2036-01-10").getTime() + minutes * 60_000);
    const run = (mailer: typeof up, minutes: number) =>
      runAlerts({ db, mailer, now: at(minutes), publicUrl: "https://s.example", trigger: "test" });
    const digestOf = async (userId: string) =>
      (await db.select().from(alertDigests).where(eq(alertDigests.userId, userId)))[0];

    expect((await run(down, 0)).sending.failed).toBeGreaterThan(0);
    expect(await digestOf(world.focal.id)).toMatchObject({ status: "failed", attempts: 1 });
    // A scheduler tick five minutes later does not hammer the mail server: the next try is at +15 min.
    await run(down, 5);
    expect((await digestOf(world.focal.id))?.attempts).toBe(1);
    await run(down, 15); // second attempt; the third waits 30 minutes more
    await run(down, 30);
    expect((await digestOf(world.focal.id))?.attempts).toBe(2);

    // A digest claimed long ago by a process that never finished.
    const claimed = await digestOf(world.staff.id);
    await db
      .update(alertDigests)
      .set({ status: "sending", claimedAt: at(-60) })
      .where(eq(alertDigests.id, claimed?.id ?? ""));
    const retry = await run(up, 45);
    expect(retry.sending.interrupted).toBe(1);
    expect(smtp.received.filter((mail) => mail.to.includes(world.focal.email))).toHaveLength(1);
    expect(smtp.received.filter((mail) => mail.to.includes(world.staff.email))).toHaveLength(0);
    expect(await digestOf(world.focal.id)).toMatchObject({ status: "sent", attempts: 3 });
    expect((await digestOf(world.staff.id))?.status).toBe("interrupted");
  });

  it("gives up after five refusals; the digest stays failed, in the outbox for the administrator", async () => {
    const { db } = handle;
    const world = await buildAlertWorld(db);
    await buildAgreementInForce(db, world, { expiresOn: "2037-09-30" });
    const down = createMailer({ smtpUrl: "smtp://127.0.0.1:1", from: "Sharaka <alerts@sharaka.test>" });
    // Waits of 15, 30, 60 and 120 minutes between the five attempts; a day later nothing more.
    for (const minutes of [0, 15, 45, 105, 225, 24 * 60]) {
      await runAlerts({
        db,
        mailer: down,
        now: new Date(noonOn("2037-07-10").getTime() + minutes * 60_000),
        publicUrl: "https://s.example",
        trigger: "test",
      });
    }
    const [digest] = await db.select().from(alertDigests).where(eq(alertDigests.userId, world.focal.id));
    expect(digest).toMatchObject({ status: "failed", attempts: 5 });
    const tries = await queryRows<{ count: number }>(
      db,
      sql`select count(*)::int as count from outbox_emails where to_address = ${world.focal.email} and status = 'failed'`,
    );
    expect(tries[0]?.count).toBe(5);
  });
});
