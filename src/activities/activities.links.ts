import { and, asc, eq, inArray, notInArray } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { agreementOfEach, isOwnedBy, isPartyAmong, partiesAmong } from "../db/owners.js";
import {
  actionPlans,
  activityAttendance,
  activityObjectives,
  activityTerritories,
  objectives,
  territories,
} from "../db/schema/index.js";
import { agreementDocumentOwners } from "../documents/document-owners.js";
import type { Actor } from "../shared/actor.js";
import { chunks } from "../shared/collections.js";
import { type FieldIssue, validationError } from "../shared/errors.js";
import type { ActivityRow } from "./activities.queries.js";

/*
 * What an activity points at (its plan, responsible party, objectives, territories, the councils
 * whose presidents attended, documents): checked against its own agreement, and written.
 */

export interface ActivityReferences {
  actionPlanId?: string;
  responsibleOrganizationId?: string;
  objectiveIds?: string[];
  territoryCodes?: string[];
  attendance?: string[];
  documentIds?: string[];
}

export interface ActivityLinks {
  objectiveIds: string[];
  territoryCodes: string[];
  attendance: string[];
}

export const unique = (values: readonly string[]): string[] => [...new Set(values)];

const issue = (field: string, message: string, reason: string): FieldIssue => ({ field, message, reason });

/** Every reference that is not of this agreement (or does not exist), all named at once. */
export async function checkReferences(
  db: Executor,
  agreementId: string,
  refs: ActivityReferences,
): Promise<void> {
  const [issues = []] = await referenceIssues(db, [{ agreementId, refs }]);
  if (issues.length) throw validationError(issues);
}

/**
 * For each activity, the references that are not of its own agreement (or do not exist), in the
 * order of `items` (an empty list when all hold): one statement per kind of reference, however
 * many activities, so that an import of thousands checks them as one form does.
 */
export async function referenceIssues(
  db: Executor,
  items: { agreementId: string; refs: ActivityReferences }[],
): Promise<FieldIssue[][]> {
  const every = (pick: (refs: ActivityReferences) => (string | undefined)[] | undefined) =>
    unique(items.flatMap(({ refs }) => (pick(refs) ?? []).filter((id): id is string => Boolean(id))));
  const codes = every((refs) => [...(refs.territoryCodes ?? []), ...(refs.attendance ?? [])]);
  const planOwners = await agreementOfEach(
    db,
    { table: actionPlans, id: actionPlans.id, agreementId: actionPlans.agreementId },
    every((refs) => [refs.actionPlanId]),
  );
  const parties = await partiesAmong(
    db,
    items.map(({ agreementId, refs }) => ({ agreementId, organizationId: refs.responsibleOrganizationId })),
  );
  const objectiveOwners = await agreementOfEach(
    db,
    { table: objectives, id: objectives.id, agreementId: objectives.agreementId },
    every((refs) => refs.objectiveIds),
  );
  const kindOf = new Map<string, string>();
  for (const some of chunks(codes, 5000))
    for (const row of await db
      .select({ code: territories.code, kind: territories.kind })
      .from(territories)
      .where(inArray(territories.code, some)))
      kindOf.set(row.code, row.kind);
  const documentOwners = await agreementDocumentOwners(
    db,
    every((refs) => refs.documentIds),
  );
  // Ids compare as PostgreSQL writes them (lower case), whatever case they were typed in.
  const low = (id: string) => id.toLowerCase();
  return items.map(({ agreementId: typed, refs }) => {
    const agreementId = low(typed);
    const issues: FieldIssue[] = [];
    if (refs.actionPlanId && planOwners.get(low(refs.actionPlanId)) !== agreementId)
      issues.push(
        issue(
          "actionPlanId",
          "must be one of this agreement's action plans",
          "activities.reasons.planOfOtherAgreement",
        ),
      );
    if (refs.responsibleOrganizationId && !isPartyAmong(parties, agreementId, refs.responsibleOrganizationId))
      issues.push(issue("responsibleOrganizationId", "must be one of the agreement's parties", "notAParty"));
    refs.objectiveIds?.forEach((id, index) => {
      if (objectiveOwners.get(low(id)) !== agreementId)
        issues.push(
          issue(
            `objectiveIds.${index}`,
            "must be one of this agreement's objectives",
            "activities.reasons.objectiveOfOtherAgreement",
          ),
        );
    });
    refs.territoryCodes?.forEach((code, index) => {
      if (!kindOf.has(code))
        issues.push(issue(`territoryCodes.${index}`, `names no territory (${code})`, "unknownRecord"));
    });
    refs.attendance?.forEach((code, index) => {
      const kind = kindOf.get(code);
      if (kind === undefined || kind === "region")
        issues.push(
          issue(
            `attendance.${index}`,
            `names no prefecture or province (${code})`,
            "activities.reasons.notACouncil",
          ),
        );
    });
    refs.documentIds?.forEach((id, index) => {
      if (!isOwnedBy(documentOwners, id, agreementId))
        issues.push(
          issue(
            `documentIds.${index}`,
            "must be one of this agreement's documents",
            "activities.reasons.documentOfOtherAgreement",
          ),
        );
    });
    return issues;
  });
}

export async function loadLinks(db: Executor, activityId: string): Promise<ActivityLinks> {
  return (await loadLinksOfMany(db, [activityId])).get(activityId) as ActivityLinks;
}

/** The links of each activity, by its id (empty lists for one that has none): three statements per thousand. */
export async function loadLinksOfMany(
  db: Executor,
  activityIds: string[],
): Promise<Map<string, ActivityLinks>> {
  const links = new Map<string, ActivityLinks>(
    activityIds.map((id) => [id, { objectiveIds: [], territoryCodes: [], attendance: [] }]),
  );
  const add = (activityId: string, list: keyof ActivityLinks, value: string) =>
    links.get(activityId)?.[list].push(value);
  for (const some of chunks(unique(activityIds), 1000)) {
    const objectiveRows = await db
      .select({ activityId: activityObjectives.activityId, id: activityObjectives.objectiveId })
      .from(activityObjectives)
      .innerJoin(objectives, eq(objectives.id, activityObjectives.objectiveId))
      .where(inArray(activityObjectives.activityId, some))
      .orderBy(asc(objectives.position));
    for (const row of objectiveRows) add(row.activityId, "objectiveIds", row.id);
    const territoryRows = await db
      .select({ activityId: activityTerritories.activityId, code: activityTerritories.territoryCode })
      .from(activityTerritories)
      .where(inArray(activityTerritories.activityId, some))
      .orderBy(asc(activityTerritories.territoryCode));
    for (const row of territoryRows) add(row.activityId, "territoryCodes", row.code);
    const attendanceRows = await db
      .select({ activityId: activityAttendance.activityId, code: activityAttendance.territoryCode })
      .from(activityAttendance)
      .where(inArray(activityAttendance.activityId, some))
      .orderBy(asc(activityAttendance.territoryCode));
    for (const row of attendanceRows) add(row.activityId, "attendance", row.code);
  }
  return links;
}

/** Replaces the given lists; attendance already recorded keeps who recorded it and when. */
export async function writeLinks(
  db: Executor,
  actor: Actor,
  activityId: string,
  links: Partial<ActivityLinks>,
): Promise<void> {
  if (links.objectiveIds) {
    await db.delete(activityObjectives).where(eq(activityObjectives.activityId, activityId));
    const ids = unique(links.objectiveIds);
    if (ids.length)
      await db.insert(activityObjectives).values(ids.map((objectiveId) => ({ activityId, objectiveId })));
  }
  if (links.territoryCodes) {
    await db.delete(activityTerritories).where(eq(activityTerritories.activityId, activityId));
    const codes = unique(links.territoryCodes);
    if (codes.length)
      await db
        .insert(activityTerritories)
        .values(codes.map((territoryCode) => ({ activityId, territoryCode })));
  }
  if (links.attendance) {
    const codes = unique(links.attendance);
    await db
      .delete(activityAttendance)
      .where(
        and(
          eq(activityAttendance.activityId, activityId),
          codes.length ? notInArray(activityAttendance.territoryCode, codes) : undefined,
        ),
      );
    if (codes.length) {
      await db
        .insert(activityAttendance)
        .values(codes.map((territoryCode) => ({ activityId, territoryCode, recordedBy: actor.id })))
        .onConflictDoNothing();
    }
  }
}

/** What the audit log keeps of an activity: every field and every link. */
export function auditedActivity(row: ActivityRow, links: ActivityLinks) {
  return {
    agreementId: row.agreementId,
    actionPlanId: row.actionPlanId,
    kind: row.kind,
    title: row.title,
    description: row.description,
    responsibleOrganizationId: row.responsibleOrganizationId,
    status: row.status,
    targetGroups: row.targetGroups,
    plannedStart: row.plannedStart,
    plannedEnd: row.plannedEnd,
    actualStart: row.actualStart,
    actualEnd: row.actualEnd,
    budgetPlanned: row.budgetPlanned,
    budgetSpent: row.budgetSpent,
    participantCount: row.participantCount,
    deliverables: row.deliverables,
    documentIds: row.documentIds,
    objectiveIds: links.objectiveIds,
    territoryCodes: links.territoryCodes,
    attendance: links.attendance,
    version: row.version,
  };
}
