import { and, eq, inArray, sql } from "drizzle-orm";
import { readableAgreementsCondition } from "../access/agreement-access.js";
import { listAgreements } from "../agreements/agreements.queries.js";
import type { Executor } from "../db/client.js";
import {
  type ActivityStatus,
  activities,
  activityAttendance,
  agreements,
  territories,
} from "../db/schema/index.js";
import { type HealthLevel, todayInMorocco } from "../domain/figures.js";
import type { Actor } from "../shared/actor.js";
import type { LocalizedText } from "../shared/localized.js";
import { getTerritory, type TerritoryRow } from "../territories/territories.service.js";
import { activityReachesCondition } from "./progress.scope.js";
import { agreementHealthFor } from "./standings.js";

/**
 * "What reaches my territory": the agreements reaching a prefecture or province (national,
 * naming it or its region) with their health, and the activities in it with whether its
 * council's president attended. The caller has decided which territory the actor may look at.
 */

export const TERRITORY_AGREEMENTS_LIMIT = 50;
export const TERRITORY_ACTIVITIES_PAGE = 50;

export interface TerritoryActivity {
  id: string;
  title: LocalizedText;
  status: ActivityStatus;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  attended: boolean;
  agreement: { id: string; reference: string; title: LocalizedText };
}

export interface TerritoryView {
  territory: TerritoryRow;
  agreements: {
    items: (Awaited<ReturnType<typeof listAgreements>>["items"][number] & { health?: HealthLevel })[];
    total: number;
  };
  activities: { items: TerritoryActivity[]; total: number; page: number; pages: number };
}

export async function loadTerritoryView({
  db,
  actor,
  code,
  page = 1,
  today = todayInMorocco(),
}: {
  db: Executor;
  actor: Actor;
  code: string;
  page?: number;
  today?: string;
}): Promise<TerritoryView> {
  const territory = await getTerritory({ db, code });
  const listed = await listAgreements({
    db,
    actor,
    filter: { territory: code },
    limit: TERRITORY_AGREEMENTS_LIMIT,
  });
  const health = await agreementHealthFor({
    db,
    actor,
    agreementIds: listed.items.map((item) => item.id),
    today,
  });
  const { rows, total, page: current } = await activitiesReaching(db, actor, code, page);
  const pages = Math.max(1, Math.ceil(total / TERRITORY_ACTIVITIES_PAGE));
  return {
    territory,
    agreements: {
      items: listed.items.map((item) => ({ ...item, health: health.get(item.id) })),
      total: listed.total,
    },
    activities: { items: rows, total, page: current, pages },
  };
}

/**
 * A page of the activities reaching the territory, latest first, and how many there are. Two
 * steps: the page's ids and the count in one pass over narrow rows (a national agreement's
 * activities reach every province: there can be tens of thousands), then the page's details.
 */
async function activitiesReaching(db: Executor, actor: Actor, code: string, page: number) {
  const where = and(readableAgreementsCondition(actor), activityReachesCondition(code));
  const pageOf = (number: number) =>
    db
      .select({ id: activities.id, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(activities)
      .innerJoin(agreements, eq(agreements.id, activities.agreementId))
      .where(where)
      .orderBy(sql`${activities.plannedStart} desc nulls last`, activities.id)
      .limit(TERRITORY_ACTIVITIES_PAGE)
      .offset((number - 1) * TERRITORY_ACTIVITIES_PAGE);
  let current = page;
  let found = await pageOf(current);
  // Past the last page: the last page, whose number the first one tells.
  if (!found.length && current > 1) {
    const total = (await pageOf(1))[0]?.total ?? 0;
    current = Math.max(1, Math.ceil(total / TERRITORY_ACTIVITIES_PAGE));
    found = await pageOf(current);
  }
  const total = found[0]?.total ?? 0;
  if (!found.length) return { rows: [], total, page: current };
  const details = await db
    .select({
      id: activities.id,
      title: activities.title,
      status: activities.status,
      plannedStart: activities.plannedStart,
      plannedEnd: activities.plannedEnd,
      actualStart: activities.actualStart,
      actualEnd: activities.actualEnd,
      attended: sql<boolean>`exists (select 1 from ${activityAttendance} where ${activityAttendance.activityId} = ${activities.id} and ${activityAttendance.territoryCode} = ${code})`,
      agreement: { id: agreements.id, reference: agreements.reference, title: agreements.title },
    })
    .from(activities)
    .innerJoin(agreements, eq(agreements.id, activities.agreementId))
    .where(
      inArray(
        activities.id,
        found.map((row) => row.id),
      ),
    );
  const byId = new Map(details.map((row) => [row.id, row]));
  const rows = found.flatMap((row) => {
    const detail = byId.get(row.id);
    return detail ? [detail] : [];
  });
  return { rows, total, page: current };
}

/** The prefectures and provinces in force, for the staff's and viewers' chooser. */
export async function listCouncilTerritories(db: Executor): Promise<TerritoryRow[]> {
  return db
    .select()
    .from(territories)
    .where(and(inArray(territories.kind, ["prefecture", "province"]), sql`${territories.validTo} is null`))
    .orderBy(territories.code);
}
