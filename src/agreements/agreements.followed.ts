import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import {
  activities,
  activityObjectives,
  agreementParties,
  committeeMembers,
  followUpActions,
  indicators,
  objectives,
} from "../db/schema/index.js";
import { AppError } from "../shared/errors.js";

/*
 * What an agreement edit may not take away while the follow-up hangs on it: objectives that
 * activities serve or indicators measure, parties that answer for follow-up records.
 */

/**
 * An objective that activities serve or indicators measure stays: removing it would orphan
 * their follow-up. The editor is told which objective and why (its position in the form).
 */
export async function refuseRemovingFollowedObjectives(tx: Executor, removed: string[]) {
  if (!removed.length) return;
  const followed = await tx
    .select({ id: objectives.id, position: objectives.position })
    .from(objectives)
    .where(
      and(
        inArray(objectives.id, removed),
        sql`(exists (select 1 from ${activityObjectives} where ${activityObjectives.objectiveId} = ${objectives.id})
          or exists (select 1 from ${indicators} where ${indicators.objectiveId} = ${objectives.id}))`,
      ),
    )
    .orderBy(objectives.position);
  if (!followed.length) return;
  throw new AppError("conflict", "Activities or indicators follow this objective; it cannot be removed", {
    issues: followed.map((objective) => ({
      field: `objectives.${objective.position}`,
      message: "activities or indicators follow it; it cannot be removed",
      reason: "objectiveFollowed",
    })),
  });
}

/**
 * A party that answers for activities, indicators, follow-up actions or sits on the committee
 * stays a party: removing it would leave its focal point reporting on an agreement it is no
 * longer party to. The editor is told which party (its position before the edit) and why.
 */
export async function refuseRemovingFollowedParties(
  tx: Executor,
  agreementId: string,
  kept: { organizationId: string }[],
) {
  const keptIds = new Set(kept.map((party) => party.organizationId));
  const current = await tx
    .select({ organizationId: agreementParties.organizationId, position: agreementParties.position })
    .from(agreementParties)
    .where(eq(agreementParties.agreementId, agreementId))
    .orderBy(agreementParties.position);
  const removed = [...new Set(current.map((party) => party.organizationId))].filter((id) => !keptIds.has(id));
  if (!removed.length) return;
  const followedIds = new Set<string>();
  // Rarely run (only when a party goes): one small query per kind of record.
  for (const [table, column] of [
    [activities, activities.responsibleOrganizationId],
    [indicators, indicators.responsibleOrganizationId],
    [followUpActions, followUpActions.ownerOrganizationId],
    [committeeMembers, committeeMembers.organizationId],
  ] as const) {
    const rows = await tx
      .selectDistinct({ organizationId: column })
      .from(table)
      .where(and(eq(table.agreementId, agreementId), inArray(column, removed)));
    for (const row of rows) if (row.organizationId) followedIds.add(row.organizationId);
  }
  if (!followedIds.size) return;
  throw new AppError("conflict", "The follow-up names this party; it cannot be removed", {
    issues: current
      .filter((party) => followedIds.has(party.organizationId))
      .map((party) => ({
        field: `parties.${party.position}`,
        message: "activities, indicators, follow-up actions or the committee name it; it cannot be removed",
        reason: "partyFollowed",
      })),
  });
}
