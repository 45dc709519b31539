import { randomUUID } from "node:crypto";
import { unreadableAgreements } from "../access/agreement-access.js";
import { recordAuditEvents } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { insertManyReturning } from "../db/insert-many.js";
import { agreementOfEach, isOwnedBy, isPartyAmong, partiesAmong } from "../db/owners.js";
import { activities, indicators, objectives } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { type FieldIssue, validationError } from "../shared/errors.js";
import { type Answer, answersFor, readableInputs } from "../shared/many.js";
import { parseInput } from "../shared/validation.js";
import { type IndicatorData, type IndicatorInput, indicatorInputSchema } from "./indicators.input.js";
import { assertCanManageIndicators } from "./indicators.policy.js";
import { auditedIndicator } from "./indicators.presenter.js";
import type { IndicatorRow } from "./indicators.types.js";

export const reason = (key: string) => `indicators.reasons.${key}`;

type References = Pick<IndicatorData, "objectiveId" | "activityId" | "responsibleOrganizationId">;

/** What needs the database: the objective or activity is this agreement's, the responsible one a party. */
export async function checkAgainstAgreement(
  db: Executor,
  agreementId: string,
  data: References,
): Promise<void> {
  const [issues = []] = await referenceIssues(db, [{ agreementId, data }]);
  if (issues.length) throw validationError(issues);
}

/** checkAgainstAgreement for many indicators, in their order: a statement per kind of reference. */
async function referenceIssues(
  db: Executor,
  items: { agreementId: string; data: References }[],
): Promise<FieldIssue[][]> {
  const objectiveOwners = await agreementOfEach(
    db,
    { table: objectives, id: objectives.id, agreementId: objectives.agreementId },
    items.map(({ data }) => data.objectiveId),
  );
  const activityOwners = await agreementOfEach(
    db,
    { table: activities, id: activities.id, agreementId: activities.agreementId },
    items.map(({ data }) => data.activityId),
  );
  const parties = await partiesAmong(
    db,
    items.map(({ agreementId, data }) => ({ agreementId, organizationId: data.responsibleOrganizationId })),
  );
  return items.map(({ agreementId, data }) => {
    const issues: FieldIssue[] = [];
    const ownedBy = (owners: Map<string, string>, id: string) => isOwnedBy(owners, id, agreementId);
    if (data.objectiveId && !ownedBy(objectiveOwners, data.objectiveId))
      issues.push({
        field: "objectiveId",
        message: "must be one of the agreement's objectives",
        reason: reason("notThisAgreement"),
      });
    if (data.activityId && !ownedBy(activityOwners, data.activityId))
      issues.push({
        field: "activityId",
        message: "must be one of the agreement's activities",
        reason: reason("notThisAgreement"),
      });
    if (!isPartyAmong(parties, agreementId, data.responsibleOrganizationId))
      issues.push({
        field: "responsibleOrganizationId",
        message: "must be one of the agreement's parties",
        reason: "notAParty",
      });
    return issues;
  });
}

export const columnsOf = (data: IndicatorData) => ({
  objectiveId: data.objectiveId ?? null,
  activityId: data.objectiveId ? null : (data.activityId ?? null),
  name: data.name,
  unit: data.unit,
  direction: data.direction,
  baselineValue: String(data.baselineValue),
  baselineOn: data.baselineOn,
  targetValue: String(data.targetValue),
  targetOn: data.targetOn,
  frequency: data.frequency,
  aggregation: data.aggregation,
  responsibleOrganizationId: data.responsibleOrganizationId,
});

/**
 * Creates indicators (the staff), each checked as the form checks one (its agreement readable,
 * its input, its objective or activity and responsible party the agreement's): a refused one is
 * answered with its error, the others written a few hundred a statement with their audit events
 * together. The caller's transaction holds them (createIndicator makes one).
 */
export async function createIndicators({
  db,
  actor,
  items,
  source,
}: {
  db: Executor;
  actor: Actor;
  items: { agreementId: string; input: IndicatorInput }[];
  /** named in the audit events, e.g. the file an import read */
  source?: string;
}): Promise<Answer<IndicatorRow>[]> {
  assertCanManageIndicators(actor);
  const answers = answersFor<IndicatorRow>(items.length);
  const accepted = await readableInputs(answers, items, {
    unreadable: (ids) => unreadableAgreements({ db, actor, ids }),
    parse: (input) => parseInput(indicatorInputSchema, input),
  });
  const issues = await referenceIssues(db, accepted);
  const made = accepted
    .filter(({ index }, position) => answers.passes(index, issues[position] ?? []))
    .map((item) => ({ ...item, id: randomUUID() }));
  const inserted = await insertManyReturning(
    db,
    indicators,
    made.map(({ id, agreementId, data }) => ({
      id,
      agreementId,
      ...columnsOf(data),
    })),
    { inOrder: "createdAt" },
  );
  const rows = new Map(inserted.map((row) => [row.id, row]));
  await recordAuditEvents({
    db,
    actor,
    events: made.map(({ id, agreementId }) => ({
      source,
      action: "indicator.create",
      entityType: "indicator",
      entityId: id,
      agreementId,
      after: auditedIndicator(rows.get(id) as IndicatorRow),
    })),
  });
  for (const { index, id } of made) answers.made(index, rows.get(id) as IndicatorRow);
  return answers.all();
}
