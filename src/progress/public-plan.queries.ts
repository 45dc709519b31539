import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { jsonArray, parseJson, renderedOnce } from "../db/json-rows.js";
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

const activityPlaces = renderedOnce(
  jsonArray(sql`select json_agg(json_build_object('code', ${territories.code}, 'name', ${territories.name}) order by ${territories.code})
    from ${activityTerritories} join ${territories} on ${territories.code} = ${activityTerritories.territoryCode}
    where ${activityTerritories.activityId} = ${activities.id}`),
);

/**
 * The plans of an agreement if it is public; undefined otherwise (so nothing internal leaks).
 * Two statements: the agreement's plans (none, and no row at all, when it is not public), then
 * its activities with their territories. `anyVisibility` is for a reader already allowed to
 * read the agreement (the workspace's printed sheet): the same fields, whatever its visibility.
 */
export async function loadPublicPlans(
  db: Executor,
  agreementId: string,
  { anyVisibility = false }: { anyVisibility?: boolean } = {},
): Promise<PublicPlan[] | undefined> {
  const planRows = await db
    .select({
      id: actionPlans.id,
      title: actionPlans.title,
      periodStart: actionPlans.periodStart,
      periodEnd: actionPlans.periodEnd,
    })
    .from(agreements)
    .leftJoin(actionPlans, eq(actionPlans.agreementId, agreements.id))
    .where(
      and(eq(agreements.id, agreementId), anyVisibility ? undefined : eq(agreements.visibility, "public")),
    )
    .orderBy(sql`${actionPlans.periodStart} asc nulls last`, asc(actionPlans.createdAt), asc(actionPlans.id));
  if (!planRows.length) return undefined;
  const plans = planRows.flatMap(({ id, title, ...plan }) => (id && title ? [{ id, title, ...plan }] : []));
  if (!plans.length) return [];
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
      territories: sql`${activityPlaces}`.mapWith(
        (value) => parseJson(value) as { code: string; name: LocalizedText }[],
      ),
    })
    .from(activities)
    .where(eq(activities.agreementId, agreementId))
    .orderBy(sql`${activities.plannedStart} asc nulls last`, asc(activities.createdAt), asc(activities.id));
  const activitiesOf = new Map<string, PublicActivity[]>();
  for (const { actionPlanId, ...row } of rows) {
    const list = activitiesOf.get(actionPlanId) ?? [];
    list.push(row);
    activitiesOf.set(actionPlanId, list);
  }
  return plans.map((plan) => ({ ...plan, activities: activitiesOf.get(plan.id) ?? [] }));
}
