import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { buildOrganization, buildUser } from "../../test/factories.js";
import { buildActivity } from "../../test/followup-factories.js";
import { sessionActors, type User } from "../../test/worlds.js";
import type { Executor } from "../db/client.js";
import { type AlertKind, alertRules, alerts } from "../db/schema/index.js";
import { addDays, todayInMorocco } from "../domain/periods.js";
import { buildUnderwayAgreement } from "../progress/progress.test-support.js";
import type { Actor } from "../shared/actor.js";
import { evaluateAlerts } from "./alerts.run.js";

/*
 * The state the alert centre's tests start from: two partners, each with a focal point, an
 * agreement in force with each (dates relative to today, so the tests hold on any day), and
 * the staff. Alerts come from real follow-up data through the daily evaluation; the walk
 * (alerts.route-rules.ts) inserts alert rows directly, since it only needs one to act on.
 */

export interface AlertCentreWorld {
  partnerId: string;
  otherPartnerId: string;
  /** in force with `partnerId` */
  agreementId: string;
  /** in force with `otherPartnerId` only */
  otherAgreementId: string;
  users: Record<"focal" | "otherFocal" | "staff" | "admin" | "viewer", User>;
  actors: Record<"focal" | "otherFocal" | "staff" | "admin" | "viewer", Actor>;
}

export async function buildAlertCentreWorld(db: Executor): Promise<AlertCentreWorld> {
  const partnerId = (await buildOrganization(db)).id;
  const otherPartnerId = (await buildOrganization(db)).id;
  const agreementId = (
    await buildUnderwayAgreement(db, {
      visibility: "internal",
      parties: [{ organizationId: partnerId, role: "signatory" }],
    })
  ).id;
  const otherAgreementId = (
    await buildUnderwayAgreement(db, {
      visibility: "internal",
      parties: [{ organizationId: otherPartnerId, role: "signatory" }],
    })
  ).id;
  const users = {
    focal: await buildUser(db, { role: "focal_point", organizationId: partnerId, locale: "en" }),
    otherFocal: await buildUser(db, { role: "focal_point", organizationId: otherPartnerId }),
    staff: await buildUser(db, { role: "secretariat" }),
    admin: await buildUser(db, { role: "admin" }),
    viewer: await buildUser(db, { role: "viewer" }),
  };
  const actors = sessionActors(users);
  return { partnerId, otherPartnerId, agreementId, otherAgreementId, users, actors };
}

/** A day relative to today in Casablanca. */
export const dayFromToday = (days: number, now = new Date()) => addDays(todayInMorocco(now), days);

/** An open activity of the agreement (by its first party) whose planned end is `days` from today. */
export async function activityEndingIn(db: Executor, agreementId: string, days: number, name: string) {
  return buildActivity(db, agreementId, {
    title: { fr: name, en: name, ar: name },
    plannedStart: dayFromToday(days - 30),
    plannedEnd: dayFromToday(days),
  });
}

/** The daily evaluation, as the scheduler runs it (by default, now). */
export const evaluate = (db: Executor, now = new Date()) =>
  evaluateAlerts({ db, now, publicUrl: "http://localhost", trigger: "test" });

/** The open alert about a subject (after an evaluation). */
export async function alertOf(db: Executor, subjectId: string) {
  const [row] = await db.select().from(alerts).where(eq(alerts.subjectId, subjectId));
  if (!row) throw new Error(`no alert about ${subjectId}`);
  return row;
}

/**
 * An alert row of the agreement, told to the focal points of `organizationIds` (and the
 * staff), about no real record: enough to acknowledge, snooze or restore, never listed
 * (the centre checks each alert against its cause).
 */
export async function insertAlert(
  db: Executor,
  {
    agreementId,
    organizationIds,
    kind = "activity_overdue",
  }: { agreementId: string; organizationIds: string[]; kind?: AlertKind },
) {
  const dueOn = dayFromToday(-3);
  const [row] = await db
    .insert(alerts)
    .values({
      kind,
      subjectId: randomUUID(),
      occurrence: dueOn,
      agreementId,
      dueOn,
      stage: -1,
      subjectTitle: { fr: "Activité de la visite", en: "Walk activity" },
      recordPath: `agreements/${agreementId}`,
      organizationIds,
    })
    .returning();
  if (!row) throw new Error("no alert inserted");
  return row;
}

/** Forgets an administrator's lead times for a kind (back to its defaults). */
export async function resetLeadTimes(db: Executor, kind: AlertKind) {
  await db.delete(alertRules).where(eq(alertRules.kind, kind));
}
