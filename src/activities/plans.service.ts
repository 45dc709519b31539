import { and, eq, sql } from "drizzle-orm";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { actionPlans, activities } from "../db/schema/index.js";
import { deleteVersioned } from "../db/versioned-delete.js";
import type { Actor } from "../shared/actor.js";
import { AppError, assertSameVersion, staleVersionError } from "../shared/errors.js";
import { parseInput } from "../shared/validation.js";
import { type PlanInput, type PlanUpdateInput, planUpdateSchema } from "./activities.input.js";
import { assertCanManageActivities } from "./activities.policy.js";
import { assertCanReadWithin, loadPlanRow, type PlanRow } from "./activities.queries.js";
import { auditedPlan, createActionPlans } from "./plans.create.js";

/* Creating, changing and deleting an agreement's action plans (the staff's). */

export async function createActionPlan({
  db,
  actor,
  agreementId,
  input,
  source,
}: {
  db: Executor;
  actor: Actor;
  agreementId: string;
  input: PlanInput;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
}): Promise<PlanRow> {
  return db.transaction(async (tx) => {
    const [created] = await createActionPlans({ db: tx, actor, items: [{ agreementId, input }], source });
    if (!created?.row) throw created?.error ?? new Error("createActionPlans answered nothing");
    return created.row;
  });
}

/** Changes a plan's title and period, as of `input.version`; a stale version changes nothing. */
export async function updateActionPlan({
  db,
  actor,
  id,
  input,
  source,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  input: PlanUpdateInput;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
}): Promise<PlanRow> {
  assertCanManageActivities(actor);
  const data = parseInput(planUpdateSchema, input);
  return db.transaction(async (tx) => {
    const before = await loadPlanRow(tx, id, true);
    await assertCanReadWithin(tx, actor, before.agreementId, { type: "Action plan", id });
    assertSameVersion("The action plan", data.version, before.version);
    const [after] = await tx
      .update(actionPlans)
      .set({
        title: data.title,
        periodStart: data.periodStart ?? null,
        periodEnd: data.periodEnd ?? null,
        version: before.version + 1,
        updatedAt: new Date(),
      })
      .where(and(eq(actionPlans.id, id), eq(actionPlans.version, data.version)))
      .returning();
    if (!after) throw staleVersionError("The action plan", data.version, before.version + 1);
    await recordAuditEvent({
      db: tx,
      source,
      actor,
      action: "action_plan.update",
      entityType: "action_plan",
      entityId: id,
      before: auditedPlan(before),
      after: auditedPlan(after),
    });
    return after;
  });
}

/**
 * Deletes a plan that holds no activity any more: its activities would lose their period, so
 * they are moved or deleted first (refused with a conflict naming how many remain).
 */
export async function deleteActionPlan({
  db,
  actor,
  id,
  version,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  /** when given, the version the person saw: a stale one is a conflict */
  version?: number;
}): Promise<PlanRow> {
  assertCanManageActivities(actor);
  return deleteVersioned({
    db,
    actor,
    table: actionPlans,
    id,
    version,
    what: "The action plan",
    keep: { kind: "action_plan", agreementId: (row) => row.agreementId, label: (row) => row.title },
    load: (tx) => loadPlanRow(tx, id, true),
    assertCanRead: (tx, before) =>
      assertCanReadWithin(tx, actor, before.agreementId, { type: "Action plan", id }),
    assertUnreferenced: async (tx) => {
      const [held] = await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(activities)
        .where(eq(activities.actionPlanId, id));
      const count = held?.count ?? 0;
      if (count > 0) {
        throw new AppError(
          "conflict",
          `This action plan still holds ${count} activit${count === 1 ? "y" : "ies"}; move them to another plan or delete them first`,
          {
            issues: [
              {
                field: "id",
                message: `still holds ${count} activities`,
                reason: "activities.reasons.planHasActivities",
                values: { count },
              },
            ],
          },
        );
      }
    },
    audit: {
      action: "action_plan.delete",
      entityType: "action_plan",
      before: (_tx, before) => auditedPlan(before),
    },
  });
}
