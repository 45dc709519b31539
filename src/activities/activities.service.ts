import { and, eq, sql } from "drizzle-orm";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { activities, indicators } from "../db/schema/index.js";
import { deleteVersioned } from "../db/versioned-delete.js";
import { writeAgreementSearchText } from "../search/agreement-search-text.js";
import type { Actor } from "../shared/actor.js";
import { AppError, assertSameVersion, staleVersionError } from "../shared/errors.js";
import { parseInput } from "../shared/validation.js";
import { createActivities, plannedColumns, progressColumns } from "./activities.create.js";
import {
  type ActivityInput,
  type ActivityUpdateInput,
  activityUpdateSchema,
  type ProgressReportInput,
  progressReportSchema,
} from "./activities.input.js";
import { auditedActivity, checkReferences, loadLinks, writeLinks } from "./activities.links.js";
import { assertCanManageActivities, assertCanReport, assertMayReportSomewhere } from "./activities.policy.js";
import {
  type ActivityRecord,
  type ActivityRow,
  assertCanReadWithin,
  loadActivityRow,
} from "./activities.queries.js";

/* Creating, changing, deleting activities (the staff), and reporting their progress (the responsible party too). */

/** Creates one activity (the staff): createActivities with one, refused as the form is. */
export async function createActivity({
  db,
  actor,
  agreementId,
  input,
  source,
}: {
  db: Executor;
  actor: Actor;
  agreementId: string;
  input: ActivityInput;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
}): Promise<ActivityRow> {
  return db.transaction(async (tx) => {
    const [created] = await createActivities({ db: tx, actor, items: [{ agreementId, input }], source });
    if (!created?.row) throw created?.error ?? new Error("createActivities answered nothing");
    return created.row;
  });
}

/** Changes everything about an activity (the staff), as of `input.version`; a stale version changes nothing. */
export async function updateActivity({
  db,
  actor,
  id,
  input,
  source,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  input: ActivityUpdateInput;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
}): Promise<ActivityRow> {
  assertCanManageActivities(actor);
  const data = parseInput(activityUpdateSchema, input);
  return db.transaction(async (tx) => {
    const before = await loadActivityRow(tx, id, true);
    await assertCanReadWithin(tx, actor, before.agreementId, { type: "Activity", id });
    assertSameVersion("The activity", data.version, before.version);
    await checkReferences(tx, before.agreementId, data);
    const linksBefore = await loadLinks(tx, id);
    const [after] = await tx
      .update(activities)
      .set({
        ...plannedColumns(data),
        ...progressColumns(data),
        version: before.version + 1,
        updatedAt: new Date(),
      })
      .where(and(eq(activities.id, id), eq(activities.version, data.version)))
      .returning();
    if (!after) throw staleVersionError("The activity", data.version, before.version + 1);
    await writeLinks(tx, actor, id, data);
    await writeAgreementSearchText({ db: tx, agreementIds: [before.agreementId] });
    await recordAuditEvent({
      db: tx,
      source,
      actor,
      action: "activity.update",
      entityType: "activity",
      entityId: id,
      before: auditedActivity(before, linksBefore),
      after: auditedActivity(after, await loadLinks(tx, id)),
    });
    return after;
  });
}

/** Deletes an activity that no indicator measures (refused with a conflict naming how many do). */
export async function deleteActivity({
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
}): Promise<ActivityRow> {
  assertCanManageActivities(actor);
  return deleteVersioned({
    db,
    actor,
    table: activities,
    id,
    version,
    what: "The activity",
    keep: { kind: "activity", agreementId: (row) => row.agreementId, label: (row) => row.title },
    load: (tx) => loadActivityRow(tx, id, true),
    assertCanRead: (tx, before) =>
      assertCanReadWithin(tx, actor, before.agreementId, { type: "Activity", id }),
    assertUnreferenced: async (tx) => {
      const [measured] = await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(indicators)
        .where(eq(indicators.activityId, id));
      const count = measured?.count ?? 0;
      if (count > 0) {
        throw new AppError(
          "conflict",
          `${count} indicator(s) measure this activity; delete them or attach them elsewhere first`,
          {
            issues: [
              {
                field: "id",
                message: `is measured by ${count} indicator(s)`,
                reason: "activities.reasons.measuredByIndicators",
                values: { count },
              },
            ],
          },
        );
      }
    },
    afterDelete: (tx, before) => writeAgreementSearchText({ db: tx, agreementIds: [before.agreementId] }),
    audit: {
      action: "activity.delete",
      entityType: "activity",
      before: async (tx, before) => auditedActivity(before, await loadLinks(tx, id)),
    },
  });
}

/**
 * The responsible party's report on how an activity went (the staff may make it too): status,
 * actual dates, budget spent, participants and attendance, deliverables, documents. What was
 * planned stays as it is. The whole report is replaced, as of `input.version`.
 */
export async function reportActivityProgress({
  db,
  actor,
  id,
  input,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  input: ProgressReportInput;
}): Promise<ActivityRow> {
  assertMayReportSomewhere(actor);
  return db.transaction(async (tx) => {
    const before = await loadActivityRow(tx, id, true);
    await assertCanReadWithin(tx, actor, before.agreementId, { type: "Activity", id });
    // Who may not report hears so before anything about the input.
    assertCanReport(actor, before);
    const data = parseInput(progressReportSchema, input);
    assertSameVersion("The activity", data.version, before.version);
    await checkReferences(tx, before.agreementId, {
      attendance: data.attendance,
      documentIds: data.documentIds,
    });
    const linksBefore = await loadLinks(tx, id);
    const [after] = await tx
      .update(activities)
      .set({ ...progressColumns(data), version: before.version + 1, updatedAt: new Date() })
      .where(and(eq(activities.id, id), eq(activities.version, data.version)))
      .returning();
    if (!after) throw staleVersionError("The activity", data.version, before.version + 1);
    await writeLinks(tx, actor, id, { attendance: data.attendance });
    await recordAuditEvent({
      db: tx,
      actor,
      action: "activity.report",
      entityType: "activity",
      entityId: id,
      before: auditedActivity(before, linksBefore),
      after: auditedActivity(after, await loadLinks(tx, id)),
    });
    return after;
  });
}

/**
 * The input that would save an activity as it is: what a partial change (the API's PATCH) is
 * laid over. Documents deleted since are left out, so saving drops them.
 */
export function currentInputOf(
  record: ActivityRecord,
): Omit<ActivityInput, "actionPlanId"> & { actionPlanId: string } {
  return {
    actionPlanId: record.actionPlanId,
    kind: record.kind,
    title: record.title,
    description: record.description,
    objectiveIds: record.objectiveIds,
    responsibleOrganizationId: record.responsibleOrganizationId,
    territoryCodes: record.territoryCodes,
    targetGroups: record.targetGroups,
    plannedStart: record.plannedStart,
    plannedEnd: record.plannedEnd,
    budgetPlanned: Number(record.budgetPlanned),
    status: record.status,
    actualStart: record.actualStart,
    actualEnd: record.actualEnd,
    budgetSpent: Number(record.budgetSpent),
    participantCount: record.participantCount,
    attendance: record.attendance.map((entry) => entry.territoryCode),
    deliverables: record.deliverables,
    documentIds: record.documents.map((doc) => doc.id),
  };
}

/**
 * Whether the actor may report on this activity, before its input is read: the staff may;
 * a focal point only on an activity it can read whose responsible party is its organisation.
 */
export async function assertCanReportOn({ db, actor, id }: { db: Executor; actor: Actor; id: string }) {
  assertMayReportSomewhere(actor);
  const row = await loadActivityRow(db, id);
  await assertCanReadWithin(db, actor, row.agreementId, { type: "Activity", id });
  assertCanReport(actor, row);
}
