import { and, asc, eq, inArray, isNull, notInArray } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import {
  actionPlans,
  activityAttendance,
  activityObjectives,
  activityTerritories,
  agreementParties,
  documents,
  objectives,
  territories,
} from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { AppError, type FieldIssue } from "../shared/errors.js";
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
  const issues: FieldIssue[] = [];
  if (refs.actionPlanId) {
    const [plan] = await db
      .select({ id: actionPlans.id })
      .from(actionPlans)
      .where(and(eq(actionPlans.id, refs.actionPlanId), eq(actionPlans.agreementId, agreementId)));
    if (!plan)
      issues.push(
        issue(
          "actionPlanId",
          "must be one of this agreement's action plans",
          "activities.reasons.planOfOtherAgreement",
        ),
      );
  }
  if (refs.responsibleOrganizationId) {
    const [party] = await db
      .select({ id: agreementParties.organizationId })
      .from(agreementParties)
      .where(
        and(
          eq(agreementParties.agreementId, agreementId),
          eq(agreementParties.organizationId, refs.responsibleOrganizationId),
        ),
      )
      .limit(1);
    if (!party)
      issues.push(issue("responsibleOrganizationId", "must be one of the agreement's parties", "notAParty"));
  }
  if (refs.objectiveIds?.length) {
    const found = await db
      .select({ id: objectives.id })
      .from(objectives)
      .where(and(inArray(objectives.id, refs.objectiveIds), eq(objectives.agreementId, agreementId)));
    const known = new Set(found.map((row) => row.id));
    refs.objectiveIds.forEach((id, index) => {
      if (!known.has(id))
        issues.push(
          issue(
            `objectiveIds.${index}`,
            "must be one of this agreement's objectives",
            "activities.reasons.objectiveOfOtherAgreement",
          ),
        );
    });
  }
  const codes = unique([...(refs.territoryCodes ?? []), ...(refs.attendance ?? [])]);
  const places = codes.length
    ? await db
        .select({ code: territories.code, kind: territories.kind })
        .from(territories)
        .where(inArray(territories.code, codes))
    : [];
  refs.territoryCodes?.forEach((code, index) => {
    if (!places.some((place) => place.code === code))
      issues.push(issue(`territoryCodes.${index}`, `names no territory (${code})`, "unknownRecord"));
  });
  refs.attendance?.forEach((code, index) => {
    if (!places.some((place) => place.code === code && place.kind !== "region"))
      issues.push(
        issue(
          `attendance.${index}`,
          `names no prefecture or province (${code})`,
          "activities.reasons.notACouncil",
        ),
      );
  });
  if (refs.documentIds?.length) {
    const found = await db
      .select({ id: documents.id })
      .from(documents)
      .where(
        and(
          inArray(documents.id, refs.documentIds),
          eq(documents.ownerType, "agreement"),
          eq(documents.ownerId, agreementId),
          isNull(documents.deletedAt),
        ),
      );
    const known = new Set(found.map((row) => row.id));
    refs.documentIds.forEach((id, index) => {
      if (!known.has(id))
        issues.push(
          issue(
            `documentIds.${index}`,
            "must be one of this agreement's documents",
            "activities.reasons.documentOfOtherAgreement",
          ),
        );
    });
  }
  if (issues.length) {
    throw new AppError("validation", issues.map((entry) => `${entry.field}: ${entry.message}`).join("; "), {
      issues,
    });
  }
}

export async function loadLinks(db: Executor, activityId: string): Promise<ActivityLinks> {
  const objectiveRows = await db
    .select({ id: activityObjectives.objectiveId })
    .from(activityObjectives)
    .innerJoin(objectives, eq(objectives.id, activityObjectives.objectiveId))
    .where(eq(activityObjectives.activityId, activityId))
    .orderBy(asc(objectives.position));
  const territoryRows = await db
    .select({ code: activityTerritories.territoryCode })
    .from(activityTerritories)
    .where(eq(activityTerritories.activityId, activityId))
    .orderBy(asc(activityTerritories.territoryCode));
  const attendanceRows = await db
    .select({ code: activityAttendance.territoryCode })
    .from(activityAttendance)
    .where(eq(activityAttendance.activityId, activityId))
    .orderBy(asc(activityAttendance.territoryCode));
  return {
    objectiveIds: objectiveRows.map((row) => row.id),
    territoryCodes: territoryRows.map((row) => row.code),
    attendance: attendanceRows.map((row) => row.code),
  };
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
