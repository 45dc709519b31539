import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { insertOne } from "../db/rows.js";
import {
  agreements,
  alertDeliveries,
  alertDigests,
  alertPreferences,
  alertRuns,
  alerts,
  alertUserStates,
  users,
} from "../db/schema/index.js";
import { advisoryLocks } from "../db/transaction.js";
import { todayInMorocco } from "../domain/periods.js";
import { type Mailer, sendEmail } from "../mail/mail.service.js";
import { isLanguage } from "../shared/localized.js";
import { logger } from "../shared/logger.js";
import { deliverySql, hiddenFor, userInAudience } from "./alert-audience.js";
import { type AlertCondition, conditionKey, findAlertConditions } from "./alert-conditions.js";
import { loadLeadTimes } from "./alert-rules.js";
import { DIGEST_MAX_ITEMS, type DigestItem, renderDigest } from "./digest.js";

/**
 * The daily run: evaluate every alert rule, keep one row per cause, resolve the causes that
 * are gone, write each person's digest of alert stages not yet sent to them, then send the
 * digests. Several processes may share one PostgreSQL: the evaluation holds an advisory lock
 * (the others skip it), and each digest is claimed by one sender before it goes out.
 */
export interface EvaluationSummary {
  status: "evaluated" | "busy" | "already_ran";
  today: string;
  opened: number;
  resolved: number;
  open: number;
  digests: number;
}

export interface SendSummary {
  sent: number;
  kept: number;
  failed: number;
  interrupted: number;
}

const CHUNK = 500;

export async function evaluateAlerts({
  db,
  now,
  publicUrl,
  trigger,
  oncePerDay = false,
  readBeforeLocking = false,
}: {
  db: Executor;
  now: Date;
  publicUrl: string;
  /** who asked: "schedule", "cli" */
  trigger: string;
  /** the scheduler's run: skipped when this day has been evaluated already */
  oncePerDay?: boolean;
  /**
   * Read the causes before taking the lock, outside the transaction: for the embedded database,
   * where a transaction holds every other request and reading is most of the work (seconds on a
   * large registry), and where one process is alone anyway. On PostgreSQL the reading happens
   * under the lock, so that two processes never act on what the other has changed.
   */
  readBeforeLocking?: boolean;
}): Promise<EvaluationSummary> {
  const today = todayInMorocco(now);
  const idle = { today, opened: 0, resolved: 0, open: 0, digests: 0 };
  const ranToday = async (db: Executor) =>
    (await db.select({ runOn: alertRuns.runOn }).from(alertRuns).where(eq(alertRuns.runOn, today))).length >
    0;
  if (oncePerDay && (await ranToday(db))) return { status: "already_ran", ...idle };
  const early = readBeforeLocking
    ? await findAlertConditions({ db, today, leadTimes: await loadLeadTimes({ db }) })
    : undefined;
  return db.transaction(async (tx) => {
    const [lock] = (
      (await tx.execute(
        sql`select pg_try_advisory_xact_lock(${advisoryLocks.alerts}) as locked`,
      )) as unknown as {
        rows: { locked: boolean }[];
      }
    ).rows;
    if (!lock?.locked) return { status: "busy", ...idle };
    if (oncePerDay && (await ranToday(tx))) return { status: "already_ran", ...idle };
    const conditions =
      early ?? (await findAlertConditions({ db: tx, today, leadTimes: await loadLeadTimes({ db: tx }) }));
    const { opened, resolved } = await reconcileAlerts(tx, conditions, now);
    const digests = await writeDigests(tx, { today, publicUrl });
    const summary = { today, opened, resolved, open: conditions.length, digests };
    await tx
      .insert(alertRuns)
      .values({ runOn: today, trigger, startedAt: now, finishedAt: new Date(), ...summary })
      .onConflictDoUpdate({
        target: alertRuns.runOn,
        set: { trigger, startedAt: now, finishedAt: new Date(), ...summaryColumns(summary) },
      });
    return { status: "evaluated", ...summary };
  });
}

const summaryColumns = ({
  opened,
  resolved,
  open,
  digests,
}: Omit<EvaluationSummary, "status" | "today">) => ({
  opened,
  resolved,
  open,
  digests,
});

/** What an alert row says, to tell whether a cause found again has changed. */
const alertShape = (row: Omit<AlertCondition, "kind" | "subjectId" | "occurrence">) =>
  JSON.stringify([
    row.agreementId,
    row.dueOn,
    row.stage,
    row.detail,
    row.recordPath,
    row.ownerUserId,
    [...row.organizationIds].sort(),
    row.subjectTitle,
  ]);

/**
 * Brings the open alerts in line with the causes found: new and changed ones are written
 * (a cause found again after being resolved is reopened), open ones no longer caused are
 * resolved, and unchanged ones are left alone — most of them, on most days.
 */
async function reconcileAlerts(db: Executor, conditions: AlertCondition[], now: Date) {
  const open = await db
    .select({
      id: alerts.id,
      kind: alerts.kind,
      subjectId: alerts.subjectId,
      occurrence: alerts.occurrence,
      agreementId: alerts.agreementId,
      dueOn: alerts.dueOn,
      stage: alerts.stage,
      detail: alerts.detail,
      recordPath: alerts.recordPath,
      ownerUserId: alerts.ownerUserId,
      organizationIds: alerts.organizationIds,
      subjectTitle: alerts.subjectTitle,
    })
    .from(alerts)
    .where(isNull(alerts.resolvedAt));
  const known = new Map(open.map((row) => [conditionKey(row), row]));
  const changed = conditions.filter((condition) => {
    const row = known.get(conditionKey(condition));
    known.delete(conditionKey(condition));
    return !row || alertShape(row) !== alertShape(condition);
  });
  const opened = await upsertAlerts(db, changed, now);
  const gone = [...known.values()].map((row) => row.id);
  for (let index = 0; index < gone.length; index += CHUNK) {
    await db
      .update(alerts)
      .set({ resolvedAt: now, evaluatedAt: now })
      .where(inArray(alerts.id, gone.slice(index, index + CHUNK)));
  }
  return { opened, resolved: gone.length };
}

/** Inserts new alerts and refreshes known ones (reopening any that had been resolved); returns how many are new. */
async function upsertAlerts(db: Executor, conditions: AlertCondition[], now: Date): Promise<number> {
  let opened = 0;
  for (let index = 0; index < conditions.length; index += CHUNK) {
    const rows = conditions.slice(index, index + CHUNK).map((condition) => ({
      ...condition,
      openedAt: now,
      evaluatedAt: now,
      resolvedAt: null,
    }));
    const result = await db
      .insert(alerts)
      .values(rows)
      .onConflictDoUpdate({
        target: [alerts.kind, alerts.subjectId, alerts.occurrence],
        set: {
          dueOn: sql`excluded.due_on`,
          stage: sql`excluded.stage`,
          subjectTitle: sql`excluded.subject_title`,
          detail: sql`excluded.detail`,
          recordPath: sql`excluded.record_path`,
          organizationIds: sql`excluded.organization_ids`,
          ownerUserId: sql`excluded.owner_user_id`,
          agreementId: sql`excluded.agreement_id`,
          evaluatedAt: now,
          resolvedAt: null,
        },
      })
      // xmax is 0 on a freshly inserted row, and set on an updated one.
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    opened += result.filter((row) => row.inserted).length;
  }
  return opened;
}

interface PendingDelivery extends DigestItem {
  alertId: string;
  stage: number;
  userId: string;
}

/**
 * One digest per person and day, holding every open alert stage the person has not been sent,
 * wants by email, and has neither acknowledged nor snoozed; the first DIGEST_MAX_ITEMS are
 * written out, the rest counted. A person already sent a digest today gets newer stages tomorrow.
 */
async function writeDigests(db: Executor, { today, publicUrl }: { today: string; publicUrl: string }) {
  const pending: PendingDelivery[] = await db
    .select({
      alertId: alerts.id,
      stage: alerts.stage,
      userId: users.id,
      kind: alerts.kind,
      dueOn: alerts.dueOn,
      detail: alerts.detail,
      subjectTitle: alerts.subjectTitle,
      recordPath: alerts.recordPath,
      agreementReference: agreements.reference,
    })
    .from(alerts)
    .innerJoin(agreements, eq(agreements.id, alerts.agreementId))
    .innerJoin(users, and(eq(users.active, true), userInAudience))
    .leftJoin(
      alertPreferences,
      and(eq(alertPreferences.userId, users.id), eq(alertPreferences.kind, alerts.kind)),
    )
    .leftJoin(
      alertUserStates,
      and(eq(alertUserStates.userId, users.id), eq(alertUserStates.alertId, alerts.id)),
    )
    .where(
      and(
        isNull(alerts.resolvedAt),
        sql`${deliverySql} in ('email', 'both')`,
        sql`not (${hiddenFor(today)})`,
        // Told of this stage or a more urgent one already (lead times may change): not again.
        sql`not exists (select 1 from ${alertDeliveries} where ${alertDeliveries.alertId} = ${alerts.id}
          and ${alertDeliveries.userId} = ${users.id} and ${alertDeliveries.stage} <= ${alerts.stage})`,
        sql`not exists (select 1 from ${alertDigests} where ${alertDigests.userId} = ${users.id} and ${alertDigests.digestOn} = ${today}::date)`,
      ),
    )
    // Most urgent first: late ones, then the nearest deadlines.
    .orderBy(users.id, alerts.dueOn, alerts.kind, alerts.id);
  if (!pending.length) return 0;

  const byUser = new Map<string, PendingDelivery[]>();
  for (const delivery of pending) {
    const list = byUser.get(delivery.userId);
    if (list) list.push(delivery);
    else byUser.set(delivery.userId, [delivery]);
  }
  const people = await db
    .select({ id: users.id, name: users.name, email: users.email, locale: users.locale })
    .from(users)
    .where(inArray(users.id, [...byUser.keys()]));
  for (const person of people) {
    const items = byUser.get(person.id) ?? [];
    const written = items.slice(0, DIGEST_MAX_ITEMS);
    const lang = isLanguage(person.locale) ? person.locale : "fr";
    const rendered = renderDigest({
      lang,
      name: person.name,
      today,
      publicUrl,
      items: written,
      total: items.length,
    });
    const digest = await insertOne(
      db
        .insert(alertDigests)
        .values({
          userId: person.id,
          digestOn: today,
          toAddress: person.email,
          locale: lang,
          subject: rendered.subject,
          textBody: rendered.text,
          htmlBody: rendered.html,
          itemCount: items.length,
        })
        .returning({ id: alertDigests.id }),
    );
    // The email writes out the most urgent and counts the rest ("and 120 more in the alert
    // centre"): all were told, so none comes again tomorrow as if it were new.
    for (let index = 0; index < items.length; index += CHUNK) {
      await db.insert(alertDeliveries).values(
        items.slice(index, index + CHUNK).map((item) => ({
          alertId: item.alertId,
          userId: person.id,
          stage: item.stage,
          digestId: digest.id,
        })),
      );
    }
  }
  return people.length;
}

/** A digest claimed this long ago and never finished belonged to a process that stopped mid-send. */
const STALE_CLAIM_MINUTES = 15;
/** A digest the mail server refused is tried again after 15 min, 30 min, 1 h, 2 h; then it stays failed. */
export const MAX_DIGEST_ATTEMPTS = 5;
const FIRST_RETRY_MINUTES = 15;

/**
 * Sends the digests waiting to go, each claimed first (`for update skip locked`), so that two
 * senders never send one twice. One that a stopped process had claimed may or may not have gone
 * out: it is marked interrupted, not sent again. One the mail server refused is tried again
 * later, with a growing wait, a few times.
 */
export async function sendPendingDigests({
  db,
  mailer,
  now = new Date(),
}: {
  db: Executor;
  mailer: Mailer;
  now?: Date;
}): Promise<SendSummary> {
  const summary: SendSummary = { sent: 0, kept: 0, failed: 0, interrupted: 0 };
  const stale = await db
    .update(alertDigests)
    .set({ status: "interrupted", error: "the sending process stopped before it finished" })
    .where(
      and(
        eq(alertDigests.status, "sending"),
        sql`${alertDigests.claimedAt} < ${now.toISOString()}::timestamptz - make_interval(mins => ${STALE_CLAIM_MINUTES})`,
      ),
    )
    .returning({ id: alertDigests.id });
  summary.interrupted = stale.length;
  for (;;) {
    const [digest] = await db
      .update(alertDigests)
      .set({ status: "sending", claimedAt: now, attempts: sql`${alertDigests.attempts} + 1` })
      .where(
        sql`${alertDigests.id} = (select id from ${alertDigests}
          where ${alertDigests.status} = 'pending'
            or (${alertDigests.status} = 'failed' and ${alertDigests.attempts} < ${MAX_DIGEST_ATTEMPTS}
              and ${alertDigests.nextAttemptAt} <= ${now.toISOString()}::timestamptz)
          order by ${alertDigests.createdAt}, ${alertDigests.id} limit 1 for update skip locked)`,
      )
      .returning();
    if (!digest) break;
    const outcome = await sendEmail({
      db,
      mailer,
      message: {
        to: digest.toAddress,
        subject: digest.subject,
        text: digest.textBody,
        html: digest.htmlBody,
        purpose: "alert_digest",
      },
    });
    const failed = outcome.status === "failed";
    await db
      .update(alertDigests)
      .set({
        status: outcome.status,
        error: outcome.error,
        sentAt: failed ? null : now,
        nextAttemptAt: failed
          ? new Date(now.getTime() + FIRST_RETRY_MINUTES * 60_000 * 2 ** (digest.attempts - 1))
          : null,
      })
      .where(eq(alertDigests.id, digest.id));
    summary[outcome.status]++;
  }
  return summary;
}

/** The whole daily run: evaluate (unless another process is), then send what waits. */
export async function runAlerts(options: {
  db: Executor;
  mailer: Mailer;
  now: Date;
  publicUrl: string;
  trigger: string;
  oncePerDay?: boolean;
  readBeforeLocking?: boolean;
}): Promise<{ evaluation: EvaluationSummary; sending: SendSummary }> {
  const evaluation = await evaluateAlerts(options);
  const sending = await sendPendingDigests(options);
  logger.info(
    `alerts ${evaluation.today}: ${evaluation.status}; ${evaluation.open} open, ${evaluation.opened} new, ${evaluation.resolved} resolved, ${evaluation.digests} digests; sent ${sending.sent}, kept ${sending.kept}, failed ${sending.failed}`,
  );
  return { evaluation, sending };
}
