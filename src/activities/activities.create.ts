import { randomUUID } from "node:crypto";
import { unreadableAgreements } from "../access/agreement-access.js";
import { recordAuditEvents } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { insertMany, insertManyReturning } from "../db/insert-many.js";
import {
  activities,
  activityAttendance,
  activityObjectives,
  activityTerritories,
} from "../db/schema/index.js";
import { writeAgreementSearchText } from "../search/agreement-search-text.js";
import { activitySearchText } from "../search/record-search-text.js";
import type { Actor } from "../shared/actor.js";
import { chunks } from "../shared/collections.js";
import { notFound } from "../shared/errors.js";
import { type Answer, answersFor } from "../shared/many.js";
import { isUuid, parseInput } from "../shared/validation.js";
import { type ActivityData, type ActivityInput, activityInputSchema } from "./activities.input.js";
import { auditedActivity, loadLinksOfMany, referenceIssues, unique } from "./activities.links.js";
import { assertCanManageActivities } from "./activities.policy.js";
import type { ActivityRow } from "./activities.queries.js";

/** Amounts are stored as numeric(16,2): written as exact decimal strings, never as floats. */
const decimal = (value: number): string => value.toFixed(2);

/** The columns of a planned activity, from validated input. */
export function plannedColumns(data: ActivityData) {
  return {
    actionPlanId: data.actionPlanId,
    kind: data.kind,
    title: data.title,
    description: data.description,
    responsibleOrganizationId: data.responsibleOrganizationId,
    targetGroups: unique(data.targetGroups) as typeof data.targetGroups,
    plannedStart: data.plannedStart ?? null,
    plannedEnd: data.plannedEnd ?? null,
    budgetPlanned: decimal(data.budgetPlanned),
    searchText: activitySearchText(data),
  };
}

/** The columns the progress report sets. */
export function progressColumns(data: {
  status: ActivityRow["status"];
  actualStart?: string | null;
  actualEnd?: string | null;
  budgetSpent: number;
  participantCount?: number | null;
  deliverables: ActivityRow["deliverables"];
  documentIds: string[];
}) {
  return {
    status: data.status,
    actualStart: data.actualStart ?? null,
    actualEnd: data.actualEnd ?? null,
    budgetSpent: decimal(data.budgetSpent),
    participantCount: data.participantCount ?? null,
    deliverables: data.deliverables,
    documentIds: unique(data.documentIds),
  };
}

/**
 * Creates activities (the staff), checked one by one as the form checks one: an activity refused
 * (its input, its agreement, a reference of another agreement) is answered with its error and the
 * others are made. Written a few hundred a statement, with one search-text write per agreement and
 * the audit events together, so that a spreadsheet of thousands costs about what one costs times
 * its statements, not its rows. The caller's transaction holds them (createActivity makes one).
 */
export async function createActivities({
  db,
  actor,
  items,
  source,
}: {
  db: Executor;
  actor: Actor;
  items: { agreementId: string; input: ActivityInput }[];
  /** named in the audit events, e.g. the file an import read */
  source?: string;
}): Promise<Answer<ActivityRow>[]> {
  assertCanManageActivities(actor);
  const answers = answersFor<ActivityRow>(items.length);
  const accepted = items.flatMap(({ agreementId, input }, index) => {
    const data = answers.attempt(index, () => {
      if (!isUuid(agreementId)) throw notFound("Agreement", agreementId);
      return parseInput(activityInputSchema, input);
    });
    return data ? [{ index, agreementId, data }] : [];
  });
  const unreadable = await unreadableAgreements({ db, actor, ids: accepted.map((item) => item.agreementId) });
  const readable = accepted.filter(({ index, agreementId }) => {
    if (unreadable.has(agreementId)) answers.refuse(index, unreadable.get(agreementId));
    return !unreadable.has(agreementId);
  });
  const issues = await referenceIssues(
    db,
    readable.map(({ agreementId, data }) => ({ agreementId, refs: data })),
  );
  const made = readable
    .filter(({ index }, position) => answers.passes(index, issues[position] ?? []))
    .map((item) => ({ ...item, id: randomUUID() }));

  const inserted = await insertManyReturning(
    db,
    activities,
    made.map(({ id, agreementId, data }) => ({
      id,
      agreementId,
      ...plannedColumns(data),
      ...progressColumns(data),
    })),
    { inOrder: "createdAt" },
  );
  const rows = new Map(inserted.map((row) => [row.id, row]));
  const links = <T>(pick: (data: ActivityData) => string[], make: (activityId: string, value: string) => T) =>
    made.flatMap(({ id, data }) => unique(pick(data)).map((value) => make(id, value)));
  await insertMany(
    db,
    activityObjectives,
    links(
      (d) => d.objectiveIds,
      (activityId, objectiveId) => ({ activityId, objectiveId }),
    ),
  );
  await insertMany(
    db,
    activityTerritories,
    links(
      (d) => d.territoryCodes,
      (activityId, territoryCode) => ({ activityId, territoryCode }),
    ),
  );
  await insertMany(
    db,
    activityAttendance,
    links(
      (d) => d.attendance,
      (activityId, territoryCode) => ({ activityId, territoryCode, recordedBy: actor.id }),
    ),
  );
  // Activity titles are searched with their agreement.
  for (const part of chunks(unique(made.map((item) => item.agreementId)), 1000))
    await writeAgreementSearchText({ db, agreementIds: part });
  const stored = await loadLinksOfMany(
    db,
    made.map((item) => item.id),
  );
  await recordAuditEvents({
    db,
    actor,
    events: made.map(({ id, agreementId }) => ({
      source,
      action: "activity.create",
      entityType: "activity",
      entityId: id,
      agreementId,
      after: auditedActivity(rows.get(id) as ActivityRow, stored.get(id) ?? emptyLinks),
    })),
  });
  for (const { index, id } of made) answers.made(index, rows.get(id) as ActivityRow);
  return answers.all();
}

const emptyLinks = { objectiveIds: [], territoryCodes: [], attendance: [] };
