/** The action plans and activities sheets, written through the activities module's services. */
import { and, eq, inArray, isNull } from "drizzle-orm";
import { createActivities } from "../activities/activities.create.js";
import type { ActivityInput, PlanInput } from "../activities/activities.input.js";
import { updateActivity } from "../activities/activities.service.js";
import { createActionPlans } from "../activities/plans.create.js";
import { updateActionPlan } from "../activities/plans.service.js";
import type { Executor } from "../db/client.js";
import {
  actionPlans,
  activities,
  activityAttendance,
  activityObjectives,
  activityTerritories,
  documents,
} from "../db/schema/index.js";
import { groupBy } from "../shared/collections.js";
import { activityNumbering, planNumbering } from "../spreadsheets/spreadsheet-follow-up.queries.js";
import { loadNumberedRecords, type Numbering } from "../spreadsheets/spreadsheet-rows.js";
import type { FollowUpContext, FollowUpKind, StoredRecord } from "./spreadsheet-import.followup.js";
import { rowNumber } from "./spreadsheet-import.followup.js";
import { list, localizedOf, num, type TypedRow, text } from "./spreadsheet-rows.js";

/** Each record's number within its agreement, by id. */
export async function numbersOf(
  db: Executor,
  numbering: Numbering,
  agreementIds: string[],
): Promise<Map<string, number>> {
  return new Map((await loadNumberedRecords(db, numbering, agreementIds)).map((r) => [r.id, r.number]));
}

/** The row's own number as the key other rows find it by. */
export async function numberKey(ctx: FollowUpContext, row: TypedRow, agreementId: string) {
  const number = rowNumber(ctx, row, "number");
  return number === undefined ? undefined : `${agreementId}|${number}`;
}

const sorted = (values: readonly string[]) => [...new Set(values)].sort();

export const planKind: FollowUpKind = {
  sheet: "action_plans",
  numbering: planNumbering,
  async load({ tx }, agreementIds) {
    const numbers = await numbersOf(tx, planNumbering, agreementIds);
    const rows = await tx.select().from(actionPlans).where(inArray(actionPlans.agreementId, agreementIds));
    return rows.map((plan) => ({
      id: plan.id,
      agreementId: plan.agreementId,
      key: `${plan.agreementId}|${numbers.get(plan.id)}`,
      version: plan.version,
      current: { title: plan.title, periodStart: plan.periodStart, periodEnd: plan.periodEnd },
    }));
  },
  key: numberKey,
  async wanted(_ctx, row) {
    return {
      title: localizedOf(row, "title"),
      periodStart: text(row, "period_start") ?? null,
      periodEnd: text(row, "period_end") ?? null,
    };
  },
  async createMany({ tx, actor, source }, items) {
    const made = await createActionPlans({
      db: tx,
      actor,
      source,
      items: items.map(({ agreementId, wanted }) => ({ agreementId, input: wanted as PlanInput })),
    });
    return made.map((result) => (result.row ? { id: result.row.id } : { error: result.error }));
  },
  async update({ tx, actor, source }, stored, wanted) {
    await updateActionPlan({
      db: tx,
      actor,
      id: stored.id,
      input: { ...(stored.current as object), ...wanted, version: stored.version } as never,
      source,
    });
  },
  columns: { title: "title_fr", periodStart: "period_start", periodEnd: "period_end" },
};

export const activityKind: FollowUpKind = {
  sheet: "activities",
  numbering: activityNumbering,
  async load({ tx }, agreementIds) {
    const numbers = await numbersOf(tx, activityNumbering, agreementIds);
    const rows = await tx.select().from(activities).where(inArray(activities.agreementId, agreementIds));
    if (!rows.length) return [];
    // Joined on the agreements (at most a few thousand ids), never a list of every activity id.
    const ofAgreements = inArray(activities.agreementId, agreementIds);
    const aims = groupBy(
      await tx
        .select({ activityId: activityObjectives.activityId, objectiveId: activityObjectives.objectiveId })
        .from(activityObjectives)
        .innerJoin(activities, eq(activities.id, activityObjectives.activityId))
        .where(ofAgreements),
      (link) => link.activityId,
    );
    const places = groupBy(
      await tx
        .select({
          activityId: activityTerritories.activityId,
          territoryCode: activityTerritories.territoryCode,
        })
        .from(activityTerritories)
        .innerJoin(activities, eq(activities.id, activityTerritories.activityId))
        .where(ofAgreements),
      (link) => link.activityId,
    );
    const present = groupBy(
      await tx
        .select({
          activityId: activityAttendance.activityId,
          territoryCode: activityAttendance.territoryCode,
        })
        .from(activityAttendance)
        .innerJoin(activities, eq(activities.id, activityAttendance.activityId))
        .where(ofAgreements),
      (entry) => entry.activityId,
    );
    const documentIds = [...new Set(rows.flatMap((row) => row.documentIds))];
    // A deleted document is dropped on the next save, as the activity's own pages do.
    const kept = new Set(
      documentIds.length
        ? (
            await tx
              .select({ id: documents.id })
              .from(documents)
              .where(and(inArray(documents.id, documentIds), isNull(documents.deletedAt)))
          ).map((doc) => doc.id)
        : [],
    );
    return rows.map(
      (row): StoredRecord => ({
        id: row.id,
        agreementId: row.agreementId,
        key: `${row.agreementId}|${numbers.get(row.id)}`,
        version: row.version,
        current: {
          actionPlanId: row.actionPlanId,
          kind: row.kind,
          title: row.title,
          description: row.description,
          objectiveIds: sorted((aims.get(row.id) ?? []).map((link) => link.objectiveId)),
          responsibleOrganizationId: row.responsibleOrganizationId,
          territoryCodes: sorted((places.get(row.id) ?? []).map((link) => link.territoryCode)),
          // A list in the order it was given: the export writes it so, and so it comes back.
          targetGroups: row.targetGroups,
          plannedStart: row.plannedStart,
          plannedEnd: row.plannedEnd,
          budgetPlanned: Number(row.budgetPlanned),
          status: row.status,
          actualStart: row.actualStart,
          actualEnd: row.actualEnd,
          budgetSpent: Number(row.budgetSpent),
          participantCount: row.participantCount,
          attendance: (present.get(row.id) ?? []).map((entry) => entry.territoryCode),
          deliverables: row.deliverables,
          documentIds: row.documentIds.filter((id) => kept.has(id)),
        },
      }),
    );
  },
  key: numberKey,
  async wanted(ctx, row, agreementId) {
    const planNumber = text(row, "plan_number");
    const actionPlanId = planNumber
      ? await ctx.idOf(row, "plan_number", "action_plans", agreementId, planNumber)
      : undefined;
    const objectiveIds: string[] = [];
    for (const number of list(row, "objective_numbers")) {
      const id = await ctx.idOf(row, "objective_numbers", "objectives", agreementId, number);
      if (!id) return undefined;
      objectiveIds.push(id);
    }
    const responsibleOrganizationId = ctx.found(row, "responsible_organization");
    if (!responsibleOrganizationId) ctx.report(row, "responsible_organization", "required");
    if (!actionPlanId || !responsibleOrganizationId) return undefined;
    const wanted: Omit<ActivityInput, "attendance" | "documentIds"> = {
      actionPlanId,
      kind: text(row, "kind") as ActivityInput["kind"],
      title: localizedOf(row, "title"),
      description: localizedOf(row, "description"),
      objectiveIds: sorted(objectiveIds),
      responsibleOrganizationId: responsibleOrganizationId as string,
      territoryCodes: sorted((ctx.found(row, "territories") as string[] | undefined) ?? []),
      targetGroups: [...new Set(list(row, "target_groups"))] as ActivityInput["targetGroups"],
      plannedStart: text(row, "planned_start") ?? null,
      plannedEnd: text(row, "planned_end") ?? null,
      budgetPlanned: num(row, "budget_planned") ?? 0,
      status: (text(row, "status") ?? "planned") as ActivityInput["status"],
      actualStart: text(row, "actual_start") ?? null,
      actualEnd: text(row, "actual_end") ?? null,
      budgetSpent: num(row, "budget_spent") ?? 0,
      participantCount: num(row, "participant_count") ?? null,
      deliverables: localizedOf(row, "deliverables"),
    };
    return wanted;
  },
  async createMany({ tx, actor, source }, items) {
    const made = await createActivities({
      db: tx,
      actor,
      source,
      items: items.map(({ agreementId, wanted }) => ({ agreementId, input: wanted as ActivityInput })),
    });
    return made.map((result) => (result.row ? { id: result.row.id } : { error: result.error }));
  },
  async update({ tx, actor, source }, stored, wanted) {
    // What the sheet does not carry (the councils' attendance, the documents) stays as it is.
    await updateActivity({
      db: tx,
      actor,
      id: stored.id,
      input: { ...(stored.current as ActivityInput), ...wanted, version: stored.version },
      source,
    });
  },
  columns: {
    actionPlanId: "plan_number",
    kind: "kind",
    title: "title_fr",
    description: "description_fr",
    objectiveIds: "objective_numbers",
    responsibleOrganizationId: "responsible_organization",
    territoryCodes: "territories",
    targetGroups: "target_groups",
    plannedStart: "planned_start",
    plannedEnd: "planned_end",
    budgetPlanned: "budget_planned",
    status: "status",
    actualStart: "actual_start",
    actualEnd: "actual_end",
    budgetSpent: "budget_spent",
    participantCount: "participant_count",
    deliverables: "deliverables_fr",
  },
};
