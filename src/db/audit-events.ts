import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Actor } from "../shared/actor.js";
import { isUuid } from "../shared/validation.js";
import type { Executor } from "./client.js";
import { insertMany } from "./insert-many.js";
import { bumpRegistryGeneration, changesPublicOutput } from "./registry-generation.js";
import {
  actionPlans,
  activities,
  auditEvents,
  committeeMembers,
  decisions,
  followUpActions,
  indicators,
  indicatorValues,
  meetings,
} from "./schema/index.js";

export interface RecordAuditOptions {
  db: Executor;
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  /** where the change came from when not typed in a page, e.g. the file an import read */
  source?: string;
  /** a write the public sees although records of its kind are private (the open-data licence, a setting) */
  changesPublic?: boolean;
}

/** The follow-up records that belong to one agreement, and where each says which. */
const agreementOwned: Record<string, { table: PgTable; id: AnyPgColumn; agreementId: AnyPgColumn }> = {
  action_plan: { table: actionPlans, id: actionPlans.id, agreementId: actionPlans.agreementId },
  activity: { table: activities, id: activities.id, agreementId: activities.agreementId },
  indicator: { table: indicators, id: indicators.id, agreementId: indicators.agreementId },
  committee_member: {
    table: committeeMembers,
    id: committeeMembers.id,
    agreementId: committeeMembers.agreementId,
  },
  meeting: { table: meetings, id: meetings.id, agreementId: meetings.agreementId },
  decision: { table: decisions, id: decisions.id, agreementId: decisions.agreementId },
  follow_up_action: {
    table: followUpActions,
    id: followUpActions.id,
    agreementId: followUpActions.agreementId,
  },
};

/** Whether records of this kind belong to an agreement (plans, activities, indicators and their values, the committee's). */
export const isFollowUpRecord = (entityType: string): boolean =>
  entityType in agreementOwned || entityType === "indicator_value";

/**
 * The agreement a follow-up record belongs to, read from the record (an indicator value's through
 * its indicator); undefined once the record is gone, or for a kind that belongs to none.
 */
export async function agreementOfLiveRecord(
  db: Executor,
  entityType: string,
  entityId: string,
): Promise<string | undefined> {
  if (!isUuid(entityId)) return undefined;
  const owned = agreementOwned[entityType];
  if (owned) {
    const [row] = await db
      .select({ agreementId: owned.agreementId })
      .from(owned.table)
      .where(eq(owned.id, entityId));
    return row ? String(row.agreementId) : undefined;
  }
  if (entityType !== "indicator_value") return undefined;
  const [row] = await db
    .select({ agreementId: indicators.agreementId })
    .from(indicatorValues)
    .innerJoin(indicators, eq(indicators.id, indicatorValues.indicatorId))
    .where(eq(indicatorValues.id, entityId));
  return row?.agreementId;
}

/**
 * The agreement a record belongs to: the agreement itself, a follow-up record's, or — once the
 * record is deleted — the one its earlier events named. Null for records of no agreement
 * (organisations, territories, documents…).
 */
async function agreementOfRecord(db: Executor, entityType: string, entityId: string): Promise<string | null> {
  if (entityType === "agreement") return entityId;
  if (!isFollowUpRecord(entityType) || !isUuid(entityId)) return null;
  const live = await agreementOfLiveRecord(db, entityType, entityId);
  if (live) return live;
  const [earlier] = await db
    .select({ agreementId: auditEvents.agreementId })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, entityType),
        eq(auditEvents.entityId, entityId),
        isNotNull(auditEvents.agreementId),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(1);
  return earlier?.agreementId ?? null;
}

/**
 * Every write calls this inside its own transaction, so a rolled-back write leaves no event;
 * a write the public may see also raises the registry's generation there (registry-generation.ts)
 * and the event keeps that generation and the agreement it touched, so that what changed since a
 * generation can be read back (changesBetween).
 */
export async function recordAuditEvent({
  db,
  actor,
  action,
  entityType,
  entityId,
  before,
  after,
  source,
  changesPublic,
}: RecordAuditOptions) {
  const generation =
    (changesPublic ?? changesPublicOutput(entityType)) ? await bumpRegistryGeneration(db) : null;
  await db.insert(auditEvents).values({
    actor: actor.id,
    action,
    entityType,
    entityId,
    changes: { before: before ?? null, after: after ?? null, ...(source ? { source } : {}) },
    generation,
    agreementId: await agreementOfRecord(db, entityType, entityId),
  });
}

/**
 * Many events at once, for a bulk write (a spreadsheet import creating thousands of records):
 * the generation is raised once for them all, and they are inserted a few hundred a statement.
 * A follow-up record's event names its agreement (`agreementId`): read one by one, it would cost
 * a statement per event.
 */
export async function recordAuditEvents({
  db,
  actor,
  events,
}: {
  db: Executor;
  actor: Actor;
  events: (Omit<RecordAuditOptions, "db" | "actor"> & { agreementId?: string })[];
}): Promise<void> {
  if (!events.length) return;
  if (events.some((event) => isFollowUpRecord(event.entityType) && !event.agreementId))
    throw new Error("recordAuditEvents: a follow-up record's event must name its agreement");
  const generation = events.some((event) => changesPublicOutput(event.entityType))
    ? await bumpRegistryGeneration(db)
    : null;
  const rows = events.map(({ action, entityType, entityId, before, after, source, agreementId }) => ({
    actor: actor.id,
    action,
    entityType,
    entityId,
    changes: { before: before ?? null, after: after ?? null, ...(source ? { source } : {}) },
    generation: changesPublicOutput(entityType) ? generation : null,
    agreementId: entityType === "agreement" ? entityId : (agreementId ?? null),
  }));
  await insertMany(db, auditEvents, rows);
}
