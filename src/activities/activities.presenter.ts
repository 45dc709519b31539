import type { z } from "@hono/zod-openapi";
import type { Actor } from "../shared/actor.js";
import type { activityOut, planOut, planWithActivitiesOut } from "./activities.api-schemas.js";
import { activityPolicy } from "./activities.policy.js";
import type { ActivityRecord, PlanRow, PlanWithActivities } from "./activities.queries.js";

/**
 * The JSON shapes of plans and activities. The public one (the anonymous API, as the portal) has
 * no versions, timestamps, budgets per activity nor deliverables; documents are already limited
 * to what the reader may see.
 */
export type Audience = "public" | "internal";

export const audienceOf = (actor: Actor): Audience =>
  activityPolicy.seesInternal(actor) ? "internal" : "public";

export function presentPlan(row: PlanRow, audience: Audience): z.infer<typeof planOut> {
  return {
    id: row.id,
    agreementId: row.agreementId,
    title: row.title,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    ...(audience === "internal" ? { version: row.version } : {}),
  };
}

export function presentActivity(record: ActivityRecord, audience: Audience): z.infer<typeof activityOut> {
  return {
    id: record.id,
    agreementId: record.agreementId,
    actionPlanId: record.actionPlanId,
    kind: record.kind,
    title: record.title,
    description: record.description,
    status: record.status,
    responsibleOrganization: record.responsible,
    objectiveIds: record.objectiveIds,
    territoryCodes: record.territoryCodes,
    targetGroups: record.targetGroups,
    plannedStart: record.plannedStart,
    plannedEnd: record.plannedEnd,
    actualStart: record.actualStart,
    actualEnd: record.actualEnd,
    // The public sees budget totals (as the portal does), not each activity's.
    ...(audience === "internal"
      ? { budgetPlanned: record.budgetPlanned, budgetSpent: record.budgetSpent }
      : {}),
    participantCount: record.participantCount,
    attendance: record.attendance.map((entry) => entry.territoryCode),
    // Deliverables are a partner's own report, unreviewed: like the portal, the public never sees them.
    ...(audience === "internal" ? { deliverables: record.deliverables } : {}),
    documents: record.documents
      .filter((doc) => audience === "internal" || doc.visibility === "public")
      .map((doc) => ({
        id: doc.id,
        title: doc.title,
        kind: doc.kind as z.infer<typeof activityOut>["documents"][number]["kind"],
        fileName: doc.fileName,
        visibility: doc.visibility,
        contentUrl: `/api/v1/documents/${doc.id}/content`,
      })),
    ...(audience === "internal"
      ? {
          version: record.version,
          createdAt: record.createdAt.toISOString(),
          updatedAt: record.updatedAt.toISOString(),
        }
      : {}),
  };
}

export function presentPlanWithActivities(
  plan: PlanWithActivities,
  audience: Audience,
): z.infer<typeof planWithActivitiesOut> {
  return {
    ...presentPlan(plan, audience),
    activities: plan.activities.map((activity) => presentActivity(activity, audience)),
  };
}
