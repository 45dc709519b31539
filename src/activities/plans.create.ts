import { unreadableAgreements } from "../access/agreement-access.js";
import { recordAuditEvents } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { insertManyReturning } from "../db/insert-many.js";
import { actionPlans } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { type Answer, answersFor, readableInputs } from "../shared/many.js";
import { parseInput } from "../shared/validation.js";
import { type PlanInput, planInputSchema } from "./activities.input.js";
import { assertCanManageActivities } from "./activities.policy.js";
import type { PlanRow } from "./activities.queries.js";

export const auditedPlan = (row: PlanRow) => ({
  agreementId: row.agreementId,
  title: row.title,
  periodStart: row.periodStart,
  periodEnd: row.periodEnd,
  version: row.version,
});

/**
 * Creates action plans (the staff), each checked as the form checks one: a plan refused (its
 * input, its agreement) is answered with its error and the others are made, in the order given,
 * with their audit events together. The caller's transaction holds them (createActionPlan makes one).
 */
export async function createActionPlans({
  db,
  actor,
  items,
  source,
}: {
  db: Executor;
  actor: Actor;
  items: { agreementId: string; input: PlanInput }[];
  /** named in the audit events, e.g. the file an import read */
  source?: string;
}): Promise<Answer<PlanRow>[]> {
  assertCanManageActivities(actor);
  const answers = answersFor<PlanRow>(items.length);
  const accepted = await readableInputs(answers, items, {
    unreadable: (ids) => unreadableAgreements({ db, actor, ids }),
    parse: (input) => parseInput(planInputSchema, input),
  });
  const rows = await insertManyReturning(
    db,
    actionPlans,
    accepted.map(({ agreementId, data }) => ({
      agreementId,
      title: data.title,
      periodStart: data.periodStart ?? null,
      periodEnd: data.periodEnd ?? null,
    })),
    { inOrder: "createdAt" },
  );
  await recordAuditEvents({
    db,
    actor,
    events: rows.map((row) => ({
      source,
      action: "action_plan.create",
      entityType: "action_plan",
      entityId: row.id,
      agreementId: row.agreementId,
      after: auditedPlan(row),
    })),
  });
  accepted.forEach(({ index }, position) => {
    answers.made(index, rows[position] as PlanRow);
  });
  return answers.all();
}
