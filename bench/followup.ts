import { referenceTerritories } from "../src/territories/territories.service.js";
import { generateActivities } from "./followup-activities.js";
import { generateCommittees } from "./followup-committees.js";
import {
  addDays,
  allocate,
  type Context,
  daysBetween,
  earlier,
  type FollowUp,
  type FollowUpSize,
  later,
  REGISTRY_TODAY,
  type Scope,
} from "./followup-common.js";
import { generateIndicators } from "./followup-indicators.js";
import { type Association, Random, type Registry } from "./generate.js";

export { type FollowUp, type FollowUpSize, REGISTRY_TODAY } from "./followup-common.js";

/**
 * The follow-up of the synthetic registry: action plans and activities, indicators and their
 * values, committees, meetings, decisions and follow-up actions. Drawn from its own seeded
 * stream, after the agreements, so the agreements (and the earlier targets' figures) stay
 * exactly what they were before the follow-up existed.
 */

/** Activities are planned within these years (the 2022–2027). */
const WINDOW = { from: "2022-01-01", to: "2027-12-31" };

/** A normal deviate (Box–Muller), for the uneven, long-tailed spread of activities. */
const normal = (random: Random) =>
  Math.sqrt(-2 * Math.log(1 - random.float())) * Math.cos(2 * Math.PI * random.float());

function scopesOf(registry: Registry, random: Random): Scope[] {
  const byAgreement = <T extends { agreementId: string }>(rows: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const list = map.get(row.agreementId);
      if (list) list.push(row);
      else map.set(row.agreementId, [row]);
    }
    return map;
  };
  const parties = byAgreement(registry.parties);
  const objectiveRows = byAgreement(registry.objectives as { agreementId: string; id?: string }[]);
  const codes = byAgreement(registry.territories);
  const scopes: Scope[] = [];
  for (const agreement of registry.agreements) {
    const draft = agreement.status === "draft" || agreement.status === "negotiation";
    let from: string;
    let to: string;
    if (draft) {
      // A few agreements being prepared already plan their first activities.
      if (!random.chance(0.15)) continue;
      from = addDays(REGISTRY_TODAY, 30);
      to = addDays(from, random.int(180, 540));
    } else {
      if (!agreement.effectiveOn || !agreement.expiresOn) continue;
      from = later(agreement.effectiveOn, WINDOW.from);
      to = earlier(agreement.expiresOn, WINDOW.to);
    }
    to = earlier(to, WINDOW.to);
    if (daysBetween(from, to) < 90) continue;
    scopes.push({
      id: agreement.id,
      status: agreement.status ?? "draft",
      from,
      to,
      draft,
      withEnglish: "en" in agreement.title,
      parties: (parties.get(agreement.id) ?? []).map((party) => party.organizationId),
      objectiveIds: (objectiveRows.get(agreement.id) ?? []).map((row) => row.id as string),
      codes: (codes.get(agreement.id) ?? []).map((row) => row.territoryCode),
      activityCount: 0,
      activities: [],
    });
  }
  return scopes;
}

/** The partner party to the most agreements with a follow-up: the focal point the bench signs in as. */
function busiestPartner(scopes: Scope[], association: Association): string {
  const counts = new Map<string, number>();
  for (const scope of scopes)
    for (const id of scope.parties) if (id !== association.id) counts.set(id, (counts.get(id) ?? 0) + 1);
  const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (!best) throw new Error("no partner has a follow-up");
  return best[0];
}

/** How many activities each agreement has: long-tailed, a few fixed at the heavy count. */
function spreadActivities(context: Context, size: FollowUpSize): string[] {
  const { random, scopes, out } = context;
  const long = scopes.filter((scope) => !scope.draft && daysBetween(scope.from, scope.to) >= 730);
  // Half of the heavy agreements have the focal point's organisation as a party, half not.
  const withBusy = random.shuffle(long.filter((scope) => scope.parties.includes(out.busyOrganizationId)));
  const without = random.shuffle(long.filter((scope) => !scope.parties.includes(out.busyOrganizationId)));
  const half = Math.ceil(size.heavyAgreements / 2);
  const heavy = [...withBusy.slice(0, half), ...without.slice(0, size.heavyAgreements - half)];
  for (const scope of heavy) scope.activityCount = size.heavyActivities;
  const heavySet = new Set(heavy);
  const rest = scopes.filter((scope) => !heavySet.has(scope));
  const weights = rest.map((scope) => {
    const years = daysBetween(scope.from, scope.to) / 365;
    return Math.exp(1.1 * normal(random)) * Math.sqrt(years) * (scope.draft ? 0.3 : 1);
  });
  // Below the heavy count, so the heavy agreements are the worst case.
  const caps = rest.map(() => Math.floor(size.heavyActivities * 0.75));
  const counts = allocate(size.activities - heavy.length * size.heavyActivities, weights, caps);
  rest.forEach((scope, index) => {
    scope.activityCount = counts[index] ?? 0;
  });
  return heavy.map((scope) => scope.id);
}

/** The whole follow-up, deterministic for a seed and a registry. */
export function generateFollowUp({
  seed,
  registry,
  association,
  size,
}: {
  seed: number;
  registry: Registry;
  association: Association;
  size: FollowUpSize;
}): FollowUp {
  const random = new Random(seed);
  const out: FollowUp = {
    actionPlans: [],
    activities: [],
    activityObjectives: [],
    activityTerritories: [],
    activityAttendance: [],
    indicators: [],
    indicatorValues: [],
    committeeMembers: [],
    meetings: [],
    meetingAttendees: [],
    decisions: [],
    followUpActions: [],
    busyOrganizationId: "",
    heavyIds: [],
    valueCapacity: 0,
  };
  const provinces = referenceTerritories()
    .filter((territory) => territory.kind !== "region")
    .map((territory) => territory.code);
  const scopes = scopesOf(registry, random);
  const context: Context = { random, association, scopes, provinces, out };
  out.busyOrganizationId = busiestPartner(scopes, association);
  out.heavyIds = spreadActivities(context, size);
  generateActivities(context);
  out.valueCapacity = generateIndicators(context, size).capacity;
  generateCommittees(context, size);
  return out;
}
