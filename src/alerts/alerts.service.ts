import { and, asc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import {
  type AlertDeliveryMode,
  type AlertKind,
  agreements,
  alertDeliveryModes,
  alertKinds,
  alertPreferences,
  alertRules,
  alerts,
  alertUserStates,
} from "../db/schema/index.js";
import { addDays, todayInMorocco } from "../domain/periods.js";
import { type Actor, isStaff } from "../shared/actor.js";
import { AppError, assertSameVersion, notFound, staleVersionError } from "../shared/errors.js";
import type { LocalizedText } from "../shared/localized.js";
import { parseInput } from "../shared/validation.js";
import { audienceCondition, defaultDelivery, hiddenFor } from "./alert-audience.js";
import { conditionKey, findAlertConditions } from "./alert-conditions.js";
import { alertKindRules, leadTimesInputSchema, loadLeadTimes } from "./alert-rules.js";
import { assertCanActOnOwnAlerts, assertCanReadAlerts, assertCanSetLeadTimes } from "./alerts.policy.js";

export interface AlertItem {
  id: string;
  kind: AlertKind;
  stage: number;
  dueOn: string;
  detail: string;
  subjectTitle: LocalizedText;
  recordPath: string;
  agreementId: string;
  agreementReference: string;
  acknowledgedStage: number | null;
  snoozedUntil: string | null;
}

/** The centre lists the most urgent alerts; the rest are counted, and come up as these are dealt with. */
export const ALERT_CENTRE_LIMIT = 100;

/** A person's choice per kind, with the defaults for the kinds they have not chosen. */
export async function getAlertPreferences({
  db,
  actor,
}: {
  db: Executor;
  actor: Actor;
}): Promise<Record<AlertKind, AlertDeliveryMode>> {
  assertCanReadAlerts(actor);
  const rows = await db.select().from(alertPreferences).where(eq(alertPreferences.userId, actor.id));
  const chosen = new Map(rows.map((row) => [row.kind, row.delivery]));
  return Object.fromEntries(
    alertKinds.map((kind) => [kind, chosen.get(kind) ?? defaultDelivery(actor.role)]),
  ) as Record<AlertKind, AlertDeliveryMode>;
}

export const preferencesInputSchema = z
  .object(Object.fromEntries(alertKinds.map((kind) => [kind, z.enum(alertDeliveryModes).optional()])))
  .strict();
export type PreferencesInput = Partial<Record<AlertKind, AlertDeliveryMode>>;

export async function setAlertPreferences({
  db,
  actor,
  input,
}: {
  db: Executor;
  actor: Actor;
  input: unknown;
}): Promise<Record<AlertKind, AlertDeliveryMode>> {
  assertCanActOnOwnAlerts(actor);
  const data = parseInput(preferencesInputSchema, input) as PreferencesInput;
  const rows = alertKinds.flatMap((kind) => {
    const delivery = data[kind];
    return delivery ? [{ userId: actor.id, kind, delivery }] : [];
  });
  if (rows.length) {
    await db
      .insert(alertPreferences)
      .values(rows)
      .onConflictDoUpdate({
        target: [alertPreferences.userId, alertPreferences.kind],
        set: { delivery: sql`excluded.delivery` },
      });
  }
  return getAlertPreferences({ db, actor });
}

/**
 * The person's open alerts, most urgent first: the kinds they see in the workspace, neither
 * acknowledged nor snoozed (or only those, with `hidden`). Each is checked against its cause
 * first, so one fixed since the last evaluation is no longer shown.
 */
export async function listAlertsFor({
  db,
  actor,
  now,
  hidden = false,
  kind,
  limit = ALERT_CENTRE_LIMIT,
}: {
  db: Executor;
  actor: Actor;
  now: Date;
  hidden?: boolean;
  /** only this kind's alerts (the counts per kind are of all kinds) */
  kind?: AlertKind;
  limit?: number;
}): Promise<{ items: AlertItem[]; total: number; byKind: Partial<Record<AlertKind, number>> }> {
  assertCanReadAlerts(actor);
  const today = todayInMorocco(now);
  const preferences = await getAlertPreferences({ db, actor });
  const shownKinds = alertKinds.filter((kind) => ["workspace", "both"].includes(preferences[kind]));
  if (!shownKinds.length) return { items: [], total: 0, byKind: {} };
  const hiddenSql = hiddenFor(today);
  const where = and(
    isNull(alerts.resolvedAt),
    inArray(alerts.kind, shownKinds),
    audienceCondition(actor),
    hidden ? sql`(${hiddenSql})` : sql`not coalesce(${hiddenSql}, false)`,
  );
  const ownState = and(eq(alertUserStates.alertId, alerts.id), eq(alertUserStates.userId, actor.id));
  const byKind = await countAlertsByKind(db, where, ownState, actor);
  const listed = kind ? and(where, eq(alerts.kind, kind)) : where;
  // The most urgent first: their ids alone (through the open alerts' index on due_on, joining
  // the agreements only where the person's audience needs them), then those rows in full; and
  // counted apart. Joining every open alert to sort them read tens of thousands of rows for the
  // secretariat.
  const idQuery = db.select({ id: alerts.id }).from(alerts);
  const firstIds = (
    await (isStaff(actor) ? idQuery : idQuery.innerJoin(agreements, eq(agreements.id, alerts.agreementId)))
      .leftJoin(alertUserStates, ownState)
      .where(listed)
      .orderBy(asc(alerts.dueOn), asc(alerts.kind), asc(alerts.id))
      .limit(limit)
  ).map((row) => row.id);
  if (!firstIds.length) return { items: [], total: 0, byKind };
  const rows = await db
    .select({
      id: alerts.id,
      kind: alerts.kind,
      stage: alerts.stage,
      dueOn: alerts.dueOn,
      detail: alerts.detail,
      subjectId: alerts.subjectId,
      occurrence: alerts.occurrence,
      subjectTitle: alerts.subjectTitle,
      recordPath: alerts.recordPath,
      agreementId: alerts.agreementId,
      agreementReference: agreements.reference,
      acknowledgedStage: alertUserStates.acknowledgedStage,
      snoozedUntil: alertUserStates.snoozedUntil,
    })
    .from(alerts)
    .innerJoin(agreements, eq(agreements.id, alerts.agreementId))
    .leftJoin(alertUserStates, ownState)
    .where(inArray(alerts.id, firstIds))
    .orderBy(asc(alerts.dueOn), asc(alerts.kind), asc(alerts.id));
  if (!rows.length) return { items: [], total: 0, byKind };

  const subjects: Partial<Record<AlertKind, string[]>> = {};
  for (const row of rows) subjects[row.kind] = [...(subjects[row.kind] ?? []), row.subjectId];
  const live = new Map(
    (await findAlertConditions({ db, today, leadTimes: await loadLeadTimes({ db }), subjects })).map(
      (condition) => [conditionKey(condition), condition],
    ),
  );
  const items = rows.flatMap(({ subjectId, occurrence, ...row }) => {
    const condition = live.get(conditionKey({ kind: row.kind, subjectId, occurrence }));
    // Gone since the evaluation: its cause was fixed (or it is not yet due after a change).
    return condition ? [{ ...row, stage: condition.stage }] : [];
  });
  const gone = rows.filter((row) => !live.has(conditionKey(row)));
  if (gone.length) {
    // Resolved now, as the next daily run would: so the counts (of every kind, and everyone's)
    // stop counting them too, instead of showing more alerts than the list holds.
    await db
      .update(alerts)
      .set({ resolvedAt: now, evaluatedAt: now })
      .where(
        and(
          inArray(
            alerts.id,
            gone.map((row) => row.id),
          ),
          isNull(alerts.resolvedAt),
        ),
      );
    for (const row of gone) byKind[row.kind] = Math.max(0, (byKind[row.kind] ?? 0) - 1);
  }
  const counted = kind ? (byKind[kind] ?? 0) : Object.values(byKind).reduce((sum, count) => sum + count, 0);
  return { items, total: Math.max(items.length, counted), byKind };
}

/** How many alerts of each kind the person has (open or hidden, as listed). */
async function countAlertsByKind(
  db: Executor,
  where: SQL | undefined,
  ownState: SQL | undefined,
  actor: Actor,
): Promise<Partial<Record<AlertKind, number>>> {
  const query = db.select({ kind: alerts.kind, count: sql<number>`count(*)`.mapWith(Number) }).from(alerts);
  // The staff are told of every alert: no need to join the agreements to count them.
  const scoped = isStaff(actor) ? query : query.innerJoin(agreements, eq(agreements.id, alerts.agreementId));
  const rows = await scoped.leftJoin(alertUserStates, ownState).where(where).groupBy(alerts.kind);
  return Object.fromEntries(rows.map((row) => [row.kind, row.count]));
}

/** An open alert the person is told of, or "not found" (never another person's alert). */
export async function loadOwnAlert(db: Executor, actor: Actor, alertId: string) {
  const [alert] = await db
    .select({
      id: alerts.id,
      stage: alerts.stage,
      kind: alerts.kind,
      subjectId: alerts.subjectId,
      occurrence: alerts.occurrence,
    })
    .from(alerts)
    .innerJoin(agreements, eq(agreements.id, alerts.agreementId))
    .where(and(eq(alerts.id, alertId), isNull(alerts.resolvedAt), audienceCondition(actor)));
  if (!alert) throw notFound("Alert", alertId);
  return alert;
}

const alertIdSchema = z.uuid();

/** Hides the alert for this person until it reaches a more urgent stage. */
export async function acknowledgeAlert({
  db,
  actor,
  alertId,
  now,
}: {
  db: Executor;
  actor: Actor;
  alertId: string;
  now: Date;
}): Promise<void> {
  assertCanActOnOwnAlerts(actor);
  const alert = await loadOwnAlert(db, actor, parseInput(alertIdSchema, alertId));
  // The stage the person sees is today's (the centre checks each alert against its cause), which
  // may be more urgent than the last evaluation's: acknowledging it must cover what they saw.
  const [live] = await findAlertConditions({
    db,
    today: todayInMorocco(now),
    leadTimes: await loadLeadTimes({ db }),
    subjects: { [alert.kind]: [alert.subjectId] },
  }).then((found) => found.filter((condition) => conditionKey(condition) === conditionKey(alert)));
  const stage = Math.min(alert.stage, live?.stage ?? alert.stage);
  await db
    .insert(alertUserStates)
    .values({ alertId: alert.id, userId: actor.id, acknowledgedStage: stage, acknowledgedAt: now })
    .onConflictDoUpdate({
      target: [alertUserStates.alertId, alertUserStates.userId],
      set: { acknowledgedStage: stage, acknowledgedAt: now },
    });
}

export const MAX_SNOOZE_DAYS = 90;
export const snoozeInputSchema = z
  .object({ days: z.coerce.number().int().min(1).max(MAX_SNOOZE_DAYS) })
  .strict();

/** Hides the alert for this person for some days; it comes back on the morning of the last. */
export async function snoozeAlert({
  db,
  actor,
  alertId,
  input,
  now,
}: {
  db: Executor;
  actor: Actor;
  alertId: string;
  input: unknown;
  now: Date;
}): Promise<{ snoozedUntil: string }> {
  assertCanActOnOwnAlerts(actor);
  // Whether the alert is the person's comes before what is wrong with the input.
  const alert = await loadOwnAlert(db, actor, parseInput(alertIdSchema, alertId));
  const { days } = parseInput(snoozeInputSchema, input);
  const snoozedUntil = addDays(todayInMorocco(now), days);
  await db
    .insert(alertUserStates)
    .values({ alertId: alert.id, userId: actor.id, snoozedUntil })
    .onConflictDoUpdate({ target: [alertUserStates.alertId, alertUserStates.userId], set: { snoozedUntil } });
  return { snoozedUntil };
}

/** Shows an acknowledged or snoozed alert again. */
export async function restoreAlert({
  db,
  actor,
  alertId,
}: {
  db: Executor;
  actor: Actor;
  alertId: string;
}): Promise<void> {
  assertCanActOnOwnAlerts(actor);
  const alert = await loadOwnAlert(db, actor, parseInput(alertIdSchema, alertId));
  await db
    .delete(alertUserStates)
    .where(and(eq(alertUserStates.alertId, alert.id), eq(alertUserStates.userId, actor.id)));
}

export interface LeadTimesEntry {
  kind: AlertKind;
  leadDays: number[];
  defaultLeadDays: number[];
  overdue: boolean;
  /** 0 while the kind keeps its defaults */
  version: number;
}

export async function listLeadTimes({ db }: { db: Executor }): Promise<LeadTimesEntry[]> {
  const rows = new Map((await db.select().from(alertRules)).map((row) => [row.kind, row]));
  return alertKinds.map((kind) => ({
    kind,
    leadDays: rows.get(kind)?.leadDays ?? alertKindRules[kind].defaultLeadDays,
    defaultLeadDays: alertKindRules[kind].defaultLeadDays,
    overdue: alertKindRules[kind].overdue,
    version: rows.get(kind)?.version ?? 0,
  }));
}

/** An administrator sets one kind's lead times; the next evaluation uses them. */
export async function setLeadTimes({
  db,
  actor,
  input,
}: {
  db: Executor;
  actor: Actor;
  input: unknown;
}): Promise<LeadTimesEntry> {
  assertCanSetLeadTimes(actor);
  const data = parseInput(leadTimesInputSchema, input);
  if (!data.leadDays.length && !alertKindRules[data.kind].overdue) {
    throw new AppError("validation", "this kind needs at least one lead time, or it would never alert", {
      issues: [
        { field: "leadDays", message: "needs at least one lead time", reason: "alerts.reasons.noLeadTime" },
      ],
    });
  }
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(alertRules).where(eq(alertRules.kind, data.kind)).for("update");
    const stored = current?.version ?? 0;
    assertSameVersion("These lead times", data.version, stored);
    const before = current?.leadDays ?? alertKindRules[data.kind].defaultLeadDays;
    // The first save inserts; two first saves at once must not both win (no row to lock yet).
    const saved = current
      ? await tx
          .update(alertRules)
          .set({ leadDays: data.leadDays, version: stored + 1, updatedBy: actor.id, updatedAt: new Date() })
          .where(and(eq(alertRules.kind, data.kind), eq(alertRules.version, stored)))
          .returning({ kind: alertRules.kind })
      : await tx
          .insert(alertRules)
          .values({ kind: data.kind, leadDays: data.leadDays, version: 1, updatedBy: actor.id })
          .onConflictDoNothing()
          .returning({ kind: alertRules.kind });
    if (!saved.length) throw staleVersionError("These lead times", data.version, stored + 1);
    await recordAuditEvent({
      db: tx,
      actor,
      action: "alert_rule.update",
      entityType: "alert_rule",
      entityId: data.kind,
      before: { leadDays: before },
      after: { leadDays: data.leadDays },
    });
    const entry = (await listLeadTimes({ db: tx })).find((item) => item.kind === data.kind);
    if (!entry) throw new Error("lead times vanished");
    return entry;
  });
}
