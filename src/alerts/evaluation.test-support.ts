import { and, eq, inArray } from "drizzle-orm";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import type { Executor } from "../db/client.js";
import { type AlertKind, alertDeliveries, alertDigests, alerts } from "../db/schema/index.js";
import { createMailer } from "../mail/mail.service.js";
import { runAlerts } from "./alerts.run.js";

/*
 * The state the evaluation's tests start from: a partner with its focal point, another
 * partner's focal point who must hear nothing of it, a secretariat, and agreements built per
 * test (the evaluation covers every agreement, so tests look only at their own subjects).
 */

type User = Awaited<ReturnType<typeof buildUser>>;

export interface AlertWorld {
  partnerId: string;
  focal: User;
  otherFocal: User;
  staff: User;
  arabicStaff: User;
}

export async function buildAlertWorld(db: Executor): Promise<AlertWorld> {
  const partnerId = (await buildOrganization(db)).id;
  return {
    partnerId,
    focal: await buildUser(db, { role: "focal_point", organizationId: partnerId, locale: "en" }),
    otherFocal: await buildUser(db, { role: "focal_point" }),
    staff: await buildUser(db, { role: "secretariat", locale: "fr" }),
    arabicStaff: await buildUser(db, { role: "secretariat", locale: "ar" }),
  };
}

/** An agreement in force with the world's partner, its dates given by the test. */
export async function buildAgreementInForce(
  db: Executor,
  world: AlertWorld,
  overrides: Parameters<typeof buildAgreement>[1] = {},
) {
  return buildAgreement(db, {
    status: "in_force",
    signedOn: "2024-01-01",
    effectiveOn: "2024-01-01",
    expiresOn: "2026-12-31",
    parties: [{ organizationId: world.partnerId, role: "signatory" }],
    ...overrides,
  });
}

/** Noon in Casablanca on a day, as the clock the evaluation is given. */
export const noonOn = (day: string) => new Date(`${day}T12:00:00+01:00`);

export const outboxMailer = () => createMailer({ from: "Sharaka <alerts@localhost>" });

export async function runOn(db: Executor, day: string, options: { oncePerDay?: boolean } = {}) {
  return runAlerts({
    db,
    mailer: outboxMailer(),
    now: noonOn(day),
    publicUrl: "https://sharaka.example",
    trigger: "test",
    ...options,
  });
}

/** The open alert of a kind about one subject, or else its latest resolved one. */
export async function alertAbout(db: Executor, kind: AlertKind, subjectId: string) {
  const rows = await db
    .select()
    .from(alerts)
    .where(and(eq(alerts.kind, kind), eq(alerts.subjectId, subjectId)))
    .orderBy(alerts.openedAt);
  return rows.find((row) => !row.resolvedAt) ?? rows.at(-1);
}

/** The digests a person was sent, oldest first, with the alerts each carried. */
export async function digestsOf(db: Executor, userId: string) {
  const digests = await db
    .select()
    .from(alertDigests)
    .where(eq(alertDigests.userId, userId))
    .orderBy(alertDigests.digestOn);
  const deliveries = digests.length
    ? await db
        .select()
        .from(alertDeliveries)
        .where(
          inArray(
            alertDeliveries.digestId,
            digests.map((digest) => digest.id),
          ),
        )
    : [];
  return digests.map((digest) => ({
    ...digest,
    deliveries: deliveries.filter((delivery) => delivery.digestId === digest.id),
  }));
}
