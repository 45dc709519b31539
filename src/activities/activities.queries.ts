import { and, asc, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { assertCanReadAgreement } from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import { loadRowById } from "../db/rows.js";
import {
  actionPlans,
  activities,
  activityAttendance,
  activityObjectives,
  activityTerritories,
  agreements,
  documents,
  objectives,
  organizations,
  territories,
} from "../db/schema/index.js";
import { scopeReachesOwner } from "../documents/documents.policy.js";
import { openActivityStatuses } from "../domain/figures.js";
import type { Actor } from "../shared/actor.js";
import { AppError, notFound } from "../shared/errors.js";
import type { Language, LocalizedText } from "../shared/localized.js";
import type { ActivityListFilter } from "./activities.input.js";

/* Reading action plans and activities, with what the pages and the API show of them. */

export type PlanRow = typeof actionPlans.$inferSelect;
export type ActivityRow = typeof activities.$inferSelect;
type TerritoryRow = typeof territories.$inferSelect;

/** A document an activity points at, as far as the reader may see it. */
export interface LinkedDocument {
  id: string;
  title: LocalizedText;
  kind: string;
  fileName: string;
  visibility: "public" | "internal";
}

export interface AttendanceEntry {
  territoryCode: string;
  recordedBy: string;
  recordedAt: Date;
}

/** An activity with its links: who is responsible, what it serves, where, who attended, what it produced. */
export interface ActivityRecord extends ActivityRow {
  responsible: { id: string; name: LocalizedText; acronym: string | null };
  objectiveIds: string[];
  territoryCodes: string[];
  attendance: AttendanceEntry[];
  /** the linked documents the reader may see (never deleted ones) */
  documents: LinkedDocument[];
}

export interface PlanWithActivities extends PlanRow {
  activities: ActivityRecord[];
}

export const loadPlanRow = (db: Executor, id: string, forUpdate = false): Promise<PlanRow> =>
  loadRowById(db, actionPlans, id, "Action plan", forUpdate);

export const loadActivityRow = (db: Executor, id: string, forUpdate = false): Promise<ActivityRow> =>
  loadRowById(db, activities, id, "Activity", forUpdate);

/** The agreement must be readable; its plan or activity is "not found" otherwise, like the agreement itself. */
export async function assertCanReadWithin(
  db: Executor,
  actor: Actor,
  agreementId: string,
  what: { type: string; id: string },
): Promise<void> {
  try {
    await assertCanReadAgreement({ db, actor, id: agreementId });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") throw notFound(what.type, what.id);
    throw error;
  }
}

/** The agreement's documents an activity may point at, as the reader may see them. */
async function visibleDocuments(db: Executor, actor: Actor, agreementIds: string[], ids: string[]) {
  if (!ids.length) return [];
  const rows = await db
    .select({
      id: documents.id,
      ownerId: documents.ownerId,
      title: documents.title,
      kind: documents.kind,
      fileName: documents.fileName,
      visibility: documents.visibility,
    })
    .from(documents)
    .where(
      and(inArray(documents.id, ids), eq(documents.ownerType, "agreement"), isNull(documents.deletedAt)),
    );
  const reaches = new Map<string, boolean>();
  for (const agreementId of agreementIds) {
    reaches.set(
      agreementId,
      await scopeReachesOwner({ db, actor, ownerType: "agreement", ownerId: agreementId }),
    );
  }
  return rows.filter((row) => row.visibility === "public" || reaches.get(row.ownerId) === true);
}

/** Activities with their links, one query per linked table however many activities there are. */
export async function activityRecords({
  db,
  actor,
  rows,
}: {
  db: Executor;
  actor: Actor;
  rows: ActivityRow[];
}): Promise<ActivityRecord[]> {
  if (!rows.length) return [];
  const ids = rows.map((row) => row.id);
  const organizationIds = [...new Set(rows.map((row) => row.responsibleOrganizationId))];
  // One after the other: on PGlite every query waits for the one connection anyway.
  const orgs = await db
    .select({ id: organizations.id, name: organizations.name, acronym: organizations.acronym })
    .from(organizations)
    .where(inArray(organizations.id, organizationIds));
  const objectiveLinks = await db
    .select({
      activityId: activityObjectives.activityId,
      objectiveId: activityObjectives.objectiveId,
      position: objectives.position,
    })
    .from(activityObjectives)
    .innerJoin(objectives, eq(objectives.id, activityObjectives.objectiveId))
    .where(inArray(activityObjectives.activityId, ids))
    .orderBy(asc(objectives.position));
  const territoryLinks = await db
    .select()
    .from(activityTerritories)
    .where(inArray(activityTerritories.activityId, ids))
    .orderBy(asc(activityTerritories.territoryCode));
  const attendanceRows = await db
    .select()
    .from(activityAttendance)
    .where(inArray(activityAttendance.activityId, ids))
    .orderBy(asc(activityAttendance.territoryCode));
  const docs = await visibleDocuments(
    db,
    actor,
    [...new Set(rows.map((row) => row.agreementId))],
    [...new Set(rows.flatMap((row) => row.documentIds))],
  );
  return rows.map((row) => {
    const org = orgs.find((candidate) => candidate.id === row.responsibleOrganizationId);
    return {
      ...row,
      responsible: {
        id: row.responsibleOrganizationId,
        name: org?.name ?? {},
        acronym: org?.acronym ?? null,
      },
      objectiveIds: objectiveLinks
        .filter((link) => link.activityId === row.id)
        .map((link) => link.objectiveId),
      territoryCodes: territoryLinks
        .filter((link) => link.activityId === row.id)
        .map((link) => link.territoryCode),
      attendance: attendanceRows
        .filter((entry) => entry.activityId === row.id)
        .map(({ territoryCode, recordedBy, recordedAt }) => ({ territoryCode, recordedBy, recordedAt })),
      documents: row.documentIds
        .map((id) => docs.find((doc) => doc.id === id && doc.ownerId === row.agreementId))
        .filter((doc): doc is (typeof docs)[number] => Boolean(doc))
        .map(({ ownerId: _ownerId, ...doc }) => doc),
    };
  });
}

const plannedOrder = [
  sql`${activities.plannedStart} asc nulls last`,
  asc(activities.createdAt),
  asc(activities.id),
];

/** An agreement's activities, in the order they are planned. */
export async function listAgreementActivities({
  db,
  actor,
  agreementId,
}: {
  db: Executor;
  actor: Actor;
  agreementId: string;
}): Promise<ActivityRecord[]> {
  await assertCanReadAgreement({ db, actor, id: agreementId });
  const rows = await db
    .select()
    .from(activities)
    .where(eq(activities.agreementId, agreementId))
    .orderBy(...plannedOrder);
  return activityRecords({ db, actor, rows });
}

/** An agreement's action plans, by period, each with its activities in the order they are planned. */
export async function listAgreementPlans({
  db,
  actor,
  agreementId,
}: {
  db: Executor;
  actor: Actor;
  agreementId: string;
}): Promise<PlanWithActivities[]> {
  const records = await listAgreementActivities({ db, actor, agreementId });
  const plans = await db
    .select()
    .from(actionPlans)
    .where(eq(actionPlans.agreementId, agreementId))
    .orderBy(sql`${actionPlans.periodStart} asc nulls last`, asc(actionPlans.createdAt), asc(actionPlans.id));
  return plans.map((plan) => ({
    ...plan,
    activities: records.filter((record) => record.actionPlanId === plan.id),
  }));
}

export async function getPlan({
  db,
  actor,
  id,
}: {
  db: Executor;
  actor: Actor;
  id: string;
}): Promise<PlanRow> {
  const row = await loadPlanRow(db, id);
  await assertCanReadWithin(db, actor, row.agreementId, { type: "Action plan", id });
  return row;
}

export async function getActivity({
  db,
  actor,
  id,
}: {
  db: Executor;
  actor: Actor;
  id: string;
}): Promise<ActivityRecord> {
  const row = await loadActivityRow(db, id);
  await assertCanReadWithin(db, actor, row.agreementId, { type: "Activity", id });
  const [record] = await activityRecords({ db, actor, rows: [row] });
  if (!record) throw notFound("Activity", id);
  return record;
}

/** Everything the activity's page shows: the activity, its plan and agreement, the texts and names it refers to. */
export async function getActivityDetail({ db, actor, id }: { db: Executor; actor: Actor; id: string }) {
  const record = await getActivity({ db, actor, id });
  const plan = await loadPlanRow(db, record.actionPlanId);
  const [agreement] = await db
    .select({
      id: agreements.id,
      reference: agreements.reference,
      title: agreements.title,
      visibility: agreements.visibility,
    })
    .from(agreements)
    .where(eq(agreements.id, record.agreementId));
  if (!agreement) throw notFound("Activity", id);
  const served = record.objectiveIds.length
    ? await db
        .select({ id: objectives.id, text: objectives.text, position: objectives.position })
        .from(objectives)
        .where(inArray(objectives.id, record.objectiveIds))
        .orderBy(asc(objectives.position))
    : [];
  const codes = [
    ...new Set([...record.territoryCodes, ...record.attendance.map((entry) => entry.territoryCode)]),
  ];
  const places: TerritoryRow[] = codes.length
    ? await db
        .select()
        .from(territories)
        .where(inArray(territories.code, codes))
        .orderBy(asc(territories.code))
    : [];
  return { activity: record, plan, agreement, objectives: served, territories: places };
}

export type ActivityDetail = Awaited<ReturnType<typeof getActivityDetail>>;

/**
 * A page of an agreement's activities the actor may read, narrowed and ordered as asked, and
 * how many match: filtered, ordered and counted by the database, only the page's activities read
 * in full (their responsible, territories, attendance, documents).
 */
export async function pageAgreementActivities({
  db,
  actor,
  agreementId,
  filter,
  lang,
  today,
  limit,
  offset,
}: {
  db: Executor;
  actor: Actor;
  agreementId: string;
  filter: ActivityListFilter;
  lang: Language;
  today: string;
  limit: number;
  offset: number;
}): Promise<{ items: ActivityRecord[]; total: number }> {
  await assertCanReadAgreement({ db, actor, id: agreementId });
  const where = and(
    eq(activities.agreementId, agreementId),
    filter.plan ? eq(activities.actionPlanId, filter.plan) : undefined,
    filter.status ? eq(activities.status, filter.status) : undefined,
    filter.kind ? eq(activities.kind, filter.kind) : undefined,
    filter.late
      ? and(inArray(activities.status, [...openActivityStatuses]), lt(activities.plannedEnd, today))
      : undefined,
  );
  const titleIn = sql`lower(coalesce(nullif(${activities.title} ->> ${lang}, ''), ${activities.title} ->> 'fr', ${activities.title} ->> 'ar', ${activities.title} ->> 'en'))`;
  const order =
    filter.sort === "due"
      ? [sql`${activities.plannedEnd} asc nulls last`, ...plannedOrder]
      : filter.sort === "title"
        ? [asc(titleIn), ...plannedOrder]
        : plannedOrder;
  const rows = await db
    .select({ row: activities, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(activities)
    .where(where)
    .orderBy(...order)
    .limit(limit)
    .offset(offset);
  let total = rows[0]?.total ?? 0;
  if (!rows.length && offset > 0) {
    const [counted] = await db
      .select({ total: sql<number>`count(*)`.mapWith(Number) })
      .from(activities)
      .where(where);
    total = counted?.total ?? 0;
  }
  const items = await activityRecords({ db, actor, rows: rows.map(({ row }) => row) });
  return { items, total };
}

/** How many activities a plan holds (its deletion is refused while it holds any). */
export async function countPlanActivities(db: Executor, planId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(activities)
    .where(eq(activities.actionPlanId, planId));
  return row?.count ?? 0;
}
