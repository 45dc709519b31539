import { eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { reachingCodes } from "../access/agreement-access.js";
import {
  activities,
  activityTerritories,
  agreementParties,
  agreements,
  agreementTerritories,
  followUpActions,
  indicators,
} from "../db/schema/index.js";
import { trackedAgreementStatuses } from "../domain/figures.js";
import { associationIdSql } from "../partners/organizations.service.js";
import { type Actor, isStaff } from "../shared/actor.js";

/**
 * What a person answers for, as SQL conditions on the follow-up tables (the callers add the
 * agreement scope, `readableAgreementsCondition`):
 * - a partner focal point: the activities, indicators and follow-up actions of its organisation;
 * - the staff: those of the association itself, and the actions assigned to them personally;
 * - a council: the activities that reach its prefecture or province;
 * - a viewer answers for nothing (it reads).
 */
export type WorkScope =
  | { kind: "organization"; organizationId: string }
  | { kind: "association"; userId: string }
  | { kind: "territory"; code: string }
  | { kind: "none" };

export function workScopeOf(actor: Actor): WorkScope {
  if (actor.role === "focal_point" && actor.organizationId)
    return { kind: "organization", organizationId: actor.organizationId };
  if (actor.role === "council" && actor.territoryCode)
    return { kind: "territory", code: actor.territoryCode };
  if (isStaff(actor) && actor.role !== "system") return { kind: "association", userId: actor.id };
  return { kind: "none" };
}

/** The organisation whose records are the person's: its own, or the association (a subquery). */
function organizationOf(scope: WorkScope): string | SQL | undefined {
  if (scope.kind === "organization") return scope.organizationId;
  if (scope.kind === "association") return associationIdSql;
  return undefined;
}

const none = sql`false`;

/**
 * Activities that reach a prefecture or province: those naming it or its region, or naming no
 * territory at all while their agreement reaches it (national, or naming it or its region).
 */
export function activityReachesCondition(code: string): SQL {
  const codes = reachingCodes(code);
  const named = sql`exists (select 1 from ${activityTerritories} where ${activityTerritories.activityId} = ${activities.id} and ${inArray(activityTerritories.territoryCode, codes)})`;
  const unnamed = sql`not exists (select 1 from ${activityTerritories} where ${activityTerritories.activityId} = ${activities.id})`;
  const agreementReaches = or(
    eq(agreements.national, true),
    sql`exists (select 1 from ${agreementTerritories} where ${agreementTerritories.agreementId} = ${agreements.id} and ${inArray(agreementTerritories.territoryCode, codes)})`,
  );
  return sql`(${named} or (${unnamed} and ${agreementReaches}))`;
}

/** The activities a person answers for (the query joins `agreements`). */
export function myActivitiesCondition(scope: WorkScope): SQL {
  if (scope.kind === "territory") return activityReachesCondition(scope.code);
  const organization = organizationOf(scope);
  return organization === undefined ? none : sql`${activities.responsibleOrganizationId} = ${organization}`;
}

export function myIndicatorsCondition(scope: WorkScope): SQL {
  const organization = organizationOf(scope);
  return organization === undefined ? none : sql`${indicators.responsibleOrganizationId} = ${organization}`;
}

export function myActionsCondition(scope: WorkScope): SQL {
  const organization = organizationOf(scope);
  if (organization === undefined) return none;
  const owned = sql`${followUpActions.ownerOrganizationId} = ${organization}`;
  return scope.kind === "association"
    ? (or(owned, eq(followUpActions.ownerUserId, scope.userId)) as SQL)
    : owned;
}

/**
 * The agreements the association is a party to: what the staff run, so everything late or due in
 * them is theirs to chase, whoever answers for it (the query reads `agreements`).
 */
export const associationRunsCondition: SQL = sql`exists (select 1 from ${agreementParties}
  where ${agreementParties.agreementId} = ${agreements.id} and ${agreementParties.organizationId} = ${associationIdSql})`;

/** Agreements being carried out: what is "due" only comes from these (a draft's dates are plans). */
export const agreementUnderwayCondition: SQL = inArray(agreements.status, [...trackedAgreementStatuses]);
