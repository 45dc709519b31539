import { and, eq, exists, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { lowerIds } from "../db/owners.js";
import { agreementParties, agreements, agreementTerritories } from "../db/schema/index.js";
import { type Actor, isStaff, mayWrite } from "../shared/actor.js";
import { chunks } from "../shared/collections.js";
import { type AppError, notFound, refuse } from "../shared/errors.js";
import { isUuid } from "../shared/validation.js";

/**
 * Who may see and change agreements.
 * - anonymous (the portal, the public API): public agreements only;
 * - administrator, secretariat, viewer: every agreement;
 * - partner focal point: public ones, and those its organisation is party to;
 * - council: public ones, and those reaching its prefecture or province (national ones,
 *   or naming it or its region).
 * Writing: the staff (administrator, secretariat) change everything; a focal point changes
 * its own organisation's commitments on the agreements it is party to; the rest read.
 */
const seesEverything = (actor: Actor) => isStaff(actor) || actor.role === "viewer";

/** The territories that "reach" a council: its own code and its region's (the part before the dot). */
export function reachingCodes(territoryCode: string): string[] {
  const region = territoryCode.split(".")[0] ?? territoryCode;
  return region === territoryCode ? [territoryCode] : [territoryCode, region];
}

export function isPartyCondition(organizationId: string): SQL {
  return exists(
    sql`(select 1 from ${agreementParties} where ${agreementParties.agreementId} = ${agreements.id} and ${agreementParties.organizationId} = ${organizationId})`,
  );
}

function reachesCondition(territoryCode: string): SQL {
  return or(
    eq(agreements.national, true),
    exists(
      sql`(select 1 from ${agreementTerritories} where ${agreementTerritories.agreementId} = ${agreements.id} and ${inArray(agreementTerritories.territoryCode, reachingCodes(territoryCode))})`,
    ),
  ) as SQL;
}

/**
 * What the actor may read when visibility alone decides: every agreement, or the public ones.
 * Undefined when it also depends on the agreement's parties or territories (a focal point, a
 * council): then only readableAgreementsCondition says.
 */
export function readableVisibility(actor: Actor): "all" | "public" | undefined {
  if (seesEverything(actor)) return "all";
  if (actor.role === "focal_point" && actor.organizationId) return undefined;
  if (actor.role === "council" && actor.territoryCode) return undefined;
  return "public";
}

/** The SQL condition on `agreements` for what the actor may read; undefined when everything. */
export function readableAgreementsCondition(actor: Actor): SQL | undefined {
  const byVisibility = readableVisibility(actor);
  if (byVisibility === "all") return undefined;
  const isPublic = eq(agreements.visibility, "public");
  if (byVisibility === "public") return isPublic;
  if (actor.role === "focal_point" && actor.organizationId)
    return or(isPublic, isPartyCondition(actor.organizationId));
  if (actor.role === "council" && actor.territoryCode)
    return or(isPublic, reachesCondition(actor.territoryCode));
  return isPublic;
}

/**
 * The agreements whose inside the actor sees — internal follow-up (committee, actions, values
 * awaiting review, health): those in its own scope, not merely public ones. Undefined when
 * everything; a condition matching nothing for the public.
 */
export function insideAgreementsCondition(actor: Actor): SQL | undefined {
  if (seesEverything(actor)) return undefined;
  if (actor.role === "focal_point" && actor.organizationId) return isPartyCondition(actor.organizationId);
  if (actor.role === "council" && actor.territoryCode) return reachesCondition(actor.territoryCode);
  return sql`false`;
}

/**
 * A name for the actor's reading scope: two actors with the same name read, and see the inside
 * of, the same agreements (the conditions above depend on nothing else), so what is computed
 * over one's scope may be kept for the other.
 */
export function readingScopeKey(actor: Actor): string {
  if (seesEverything(actor)) return "all";
  if (actor.role === "focal_point" && actor.organizationId) return `organization:${actor.organizationId}`;
  if (actor.role === "council" && actor.territoryCode) return `territory:${actor.territoryCode}`;
  return "public";
}

/** Whether the actor sees the inside of this agreement (see insideAgreementsCondition). */
export async function seesInsideOf({ db, actor, id }: { db: Executor; actor: Actor; id: string }) {
  if (!isUuid(id) || actor.role === "anonymous") return false;
  const [row] = await db
    .select({ id: agreements.id })
    .from(agreements)
    .where(and(eq(agreements.id, id), insideAgreementsCondition(actor)));
  return Boolean(row);
}

/** Of `ids`, those (in lower case) that match `condition`: a statement per few thousand ids. */
async function agreementIdsWhere(db: Executor, ids: readonly string[], condition: SQL | undefined) {
  const found = new Set<string>();
  for (const part of chunks(lowerIds([...ids]), 5000)) {
    const rows = await db
      .select({ id: agreements.id })
      .from(agreements)
      .where(and(inArray(agreements.id, part), condition));
    for (const row of rows) found.add(row.id);
  }
  return found;
}

const refusedAmong = (ids: readonly string[], allowed: Set<string>) =>
  new Map(
    [...new Set(ids)]
      .filter((id) => !allowed.has(id.toLowerCase()))
      .map((id) => [id, notFound("Agreement", id)] as const),
  );

/**
 * assertCanReadAgreement for many at once (the services that make many records): the refusal
 * ("not found") of each id the actor may not read, in one statement per few thousand ids.
 */
export async function unreadableAgreements({
  db,
  actor,
  ids,
}: {
  db: Executor;
  actor: Actor;
  ids: readonly string[];
}): Promise<Map<string, AppError>> {
  return refusedAmong(ids, await agreementIdsWhere(db, ids, readableAgreementsCondition(actor)));
}

/** seesInsideOf for many at once: "not found" for each id whose inside the actor does not see. */
export async function agreementsNotSeenInside({
  db,
  actor,
  ids,
}: {
  db: Executor;
  actor: Actor;
  ids: readonly string[];
}): Promise<Map<string, AppError>> {
  const seen =
    actor.role === "anonymous"
      ? new Set<string>()
      : await agreementIdsWhere(db, ids, insideAgreementsCondition(actor));
  return refusedAmong(ids, seen);
}

export const agreementPolicy = {
  seesEverything,
  canCreate: (actor: Actor): boolean => isStaff(actor) && mayWrite(actor),
  /** Edit the agreement itself: fields, parties, objectives, lifecycle, publication. */
  canEdit: (actor: Actor): boolean => isStaff(actor) && mayWrite(actor),
  /** Only the portal's own rule, for rows already loaded: public is always readable. */
  canReadLoaded: (actor: Actor, agreement: { visibility: "public" | "internal" }): boolean =>
    agreement.visibility === "public" || seesEverything(actor),
};

/**
 * Whether the actor may read this agreement; those who may not get "not found", not "forbidden".
 * Says in the same statement whether the actor also sees its inside (seesInsideOf).
 */
export async function assertCanReadAgreement({
  db,
  actor,
  id,
}: {
  db: Executor;
  actor: Actor;
  id: string;
}): Promise<{ seesInside: boolean }> {
  // An id that is no uuid names no agreement: "not found", as the database would say, without asking it.
  if (!isUuid(id)) throw notFound("Agreement", id);
  const inside = actor.role === "anonymous" ? sql`false` : (insideAgreementsCondition(actor) ?? sql`true`);
  const [row] = await db
    .select({ seesInside: sql<boolean>`${inside}` })
    .from(agreements)
    .where(and(eq(agreements.id, id), readableAgreementsCondition(actor)));
  if (!row) throw notFound("Agreement", id);
  return { seesInside: Boolean(row.seesInside) };
}

/** Whether a focal point's organisation is party to the agreement (so it may change its own part). */
export async function isPartyTo({
  db,
  organizationId,
  agreementId,
}: {
  db: Executor;
  organizationId: string;
  agreementId: string;
}) {
  const [row] = await db
    .select({ one: sql`1` })
    .from(agreementParties)
    .where(
      and(eq(agreementParties.agreementId, agreementId), eq(agreementParties.organizationId, organizationId)),
    )
    .limit(1);
  return Boolean(row);
}

export function assertCanWriteAgreements(actor: Actor): void {
  if (!agreementPolicy.canEdit(actor)) {
    refuse(actor, "You may not change agreements");
  }
}
