import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import {
  type ActivityKind,
  type ActivityStatus,
  actionPlans,
  activities,
  activityTerritories,
  agreements,
  territories,
} from "../db/schema/index.js";
import type { LocalizedText } from "../shared/localized.js";

/**
 * What the public sees of a public agreement's action plan: each plan and its activities
 * (title, kind, status, dates, territories, participants). No budgets per
 * activity, documents, versions or internal fields: the totals are in the progress figures.
 */

export interface PublicActivity {
  id: string;
  title: LocalizedText;
  kind: ActivityKind;
  status: ActivityStatus;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  participantCount: number | null;
  territories: { code: string; name: LocalizedText }[];
}

export interface PublicPlan {
  id: string;
  title: LocalizedText;
  periodStart: string | null;
  periodEnd: string | null;
  activities: PublicActivity[];
}

/** The plans of an agreement if it is public; undefined otherwise (so nothing internal leaks). */
export async function loadPublicPlans(db: Executor, agreementId: string): Promise<PublicPlan[] | undefined> {
  const [agreement] = await db
    .select({ id: agreements.id })
    .from(agreements)
    .where(and(eq(agreements.id, agreementId), eq(agreements.visibility, "public")));
  if (!agreement) return undefined;
  const plans = await db
    .select({
      id: actionPlans.id,
      title: actionPlans.title,
      periodStart: actionPlans.periodStart,
      periodEnd: actionPlans.periodEnd,
    })
    .from(actionPlans)
    .where(eq(actionPlans.agreementId, agreementId))
    .orderBy(sql`${actionPlans.periodStart} asc nulls last`, asc(actionPlans.createdAt), asc(actionPlans.id));
  const rows = await db
    .select({
      id: activities.id,
      actionPlanId: activities.actionPlanId,
      title: activities.title,
      kind: activities.kind,
      status: activities.status,
      plannedStart: activities.plannedStart,
      plannedEnd: activities.plannedEnd,
      actualStart: activities.actualStart,
      actualEnd: activities.actualEnd,
      participantCount: activities.participantCount,
    })
    .from(activities)
    .where(eq(activities.agreementId, agreementId))
    .orderBy(sql`${activities.plannedStart} asc nulls last`, asc(activities.createdAt), asc(activities.id));
  const places = rows.length
    ? await db
        .select({
          activityId: activityTerritories.activityId,
          code: territories.code,
          name: territories.name,
        })
        .from(activityTerritories)
        .innerJoin(territories, eq(territories.code, activityTerritories.territoryCode))
        .where(
          inArray(
            activityTerritories.activityId,
            rows.map((row) => row.id),
          ),
        )
        .orderBy(asc(territories.code))
    : [];
  const placesOf = new Map<string, { code: string; name: LocalizedText }[]>();
  for (const place of places) {
    const list = placesOf.get(place.activityId) ?? [];
    list.push({ code: place.code, name: place.name });
    placesOf.set(place.activityId, list);
  }
  const activitiesOf = new Map<string, PublicActivity[]>();
  for (const { actionPlanId, ...row } of rows) {
    const list = activitiesOf.get(actionPlanId) ?? [];
    list.push({ ...row, territories: placesOf.get(row.id) ?? [] });
    activitiesOf.set(actionPlanId, list);
  }
  return plans.map((plan) => ({ ...plan, activities: activitiesOf.get(plan.id) ?? [] }));
}
