import type { ActivityKind, ActivityStatus, TargetGroup } from "../src/db/schema/index.js";
import { activitySearchText } from "../src/search/record-search-text.js";
import {
  type ActivityRow,
  addDays,
  type Context,
  dayBetween,
  daysBetween,
  earlier,
  later,
  localized,
  money,
  pickParty,
  REGISTRY_TODAY,
  type Scope,
} from "./followup-common.js";
import {
  activityKindMix,
  activityTitles,
  deliverableTexts,
  kindsWithParticipants,
  targetGroupMix,
} from "./followup-vocabulary.js";
import type { Random } from "./generate.js";

/** Action plans and their activities, with the objectives they serve, their places and who attended. */

const kindWeights = Object.fromEntries(
  Object.entries(activityKindMix).map(([kind, mix]) => [kind, mix.weight]),
) as Record<ActivityKind, number>;

/** How many days past its start an activity of each kind ends (shortest, longest). */
const durations: Record<ActivityKind, [number, number]> = {
  meeting: [0, 0],
  training: [0, 9],
  study: [60, 300],
  research: [90, 540],
  event: [0, 2],
  programme: [180, 720],
  social_intervention: [90, 365],
  publication: [30, 180],
};

/** Past activities are mostly done, some still open (overdue); current ones mostly ongoing; future ones planned. */
function statusOf(random: Random, scope: Scope, start: string, end: string): ActivityStatus {
  if (scope.draft) return "planned";
  const winding = scope.status === "suspended" || scope.status === "terminated";
  if (end < REGISTRY_TODAY)
    return random.weighted<ActivityStatus>(
      winding
        ? { done: 45, cancelled: 25, postponed: 15, ongoing: 5, planned: 10 }
        : { done: 76, cancelled: 7, postponed: 5, ongoing: 6, planned: 6 },
    );
  if (start <= REGISTRY_TODAY)
    return random.weighted<ActivityStatus>({ ongoing: 65, planned: 18, postponed: 8, cancelled: 4, done: 5 });
  return random.weighted<ActivityStatus>({ planned: 90, postponed: 5, cancelled: 5, ongoing: 0, done: 0 });
}

function makeActivity(context: Context, scope: Scope, planFor: (day: string) => string): ActivityRow {
  const { random } = context;
  const kind = random.weighted(kindWeights);
  const [shortest, longest] = durations[kind];
  const length = random.int(shortest, longest);
  const latestStart = addDays(scope.to, -Math.min(length, daysBetween(scope.from, scope.to)));
  const plannedStart = dayBetween(random, scope.from, latestStart);
  const plannedEnd = earlier(addDays(plannedStart, length), scope.to);
  const status = statusOf(random, scope, plannedStart, plannedEnd);
  const cap = (day: string) => earlier(day, REGISTRY_TODAY);
  const started = status === "done" || status === "ongoing";
  const actualStart = started ? cap(addDays(plannedStart, random.int(-3, 12))) : null;
  let actualEnd: string | null = null;
  if (status === "done" && actualStart) {
    const end = cap(addDays(plannedEnd, random.int(-10, 40)));
    actualEnd = later(end, actualStart);
  }
  const [low, high] = activityKindMix[kind].budget;
  const planned = random.chance(0.12) ? 0 : low + (high - low) * random.float() ** 2;
  const elapsed = Math.min(1, Math.max(0, daysBetween(plannedStart, REGISTRY_TODAY) / Math.max(1, length)));
  const spentShare =
    status === "done"
      ? 0.7 + 0.38 * random.float()
      : status === "ongoing"
        ? elapsed * (0.5 + 0.6 * random.float())
        : status === "cancelled" && random.chance(0.5)
          ? 0.15 * random.float()
          : 0;
  const groups = new Set<TargetGroup>();
  for (let i = random.int(0, 2); i > 0; i--) groups.add(random.weighted(targetGroupMix));
  const counted = kindsWithParticipants.has(kind) && started;
  const year = plannedStart.slice(0, 4);
  const title = localized(random.pick(activityTitles[kind]), scope.withEnglish, ` ${year}`);
  const deliverable =
    status === "done" && kind !== "meeting" && random.chance(0.7)
      ? localized(random.pick(deliverableTexts), scope.withEnglish)
      : {};
  return {
    id: random.uuid(),
    agreementId: scope.id,
    actionPlanId: planFor(plannedStart),
    kind,
    title,
    description: {},
    responsibleOrganizationId: pickParty(context, scope),
    status,
    targetGroups: [...groups],
    plannedStart,
    plannedEnd,
    actualStart,
    actualEnd,
    budgetPlanned: money(planned),
    budgetSpent: money(planned * spentShare),
    participantCount: counted ? random.int(8, kind === "meeting" ? 60 : 400) : null,
    deliverables: deliverable,
  };
}

/** One plan per calendar year the agreement's follow-up spans (one in all for a short span). */
function makePlans(context: Context, scope: Scope): (day: string) => string {
  const { random, out } = context;
  const first = Number(scope.from.slice(0, 4));
  const last = Number(scope.to.slice(0, 4));
  const plans: { from: string; id: string }[] = [];
  const years = daysBetween(scope.from, scope.to) < 450 ? [first] : [];
  if (!years.length) for (let year = first; year <= last; year++) years.push(year);
  for (const [index, year] of years.entries()) {
    const from = index === 0 ? scope.from : `${year}-01-01`;
    const to = index === years.length - 1 ? scope.to : `${year}-12-31`;
    const id = random.uuid();
    const label = years.length === 1 ? "" : ` ${year}`;
    out.actionPlans.push({
      id,
      agreementId: scope.id,
      title: localized(["Plan d'action", "مخطط العمل", "Action plan"], scope.withEnglish, label),
      periodStart: from,
      periodEnd: to,
    });
    plans.push({ from, id });
  }
  return (day) => [...plans].reverse().find((plan) => plan.from <= day)?.id ?? (plans[0]?.id as string);
}

function linkActivity(context: Context, scope: Scope, activity: ActivityRow): void {
  const { random, out, provinces } = context;
  if (scope.objectiveIds.length && random.chance(0.85)) {
    const served = random.shuffle(scope.objectiveIds).slice(0, random.int(1, 2));
    for (const objectiveId of served) out.activityObjectives.push({ activityId: activity.id, objectiveId });
  }
  const places = scope.codes.length ? scope.codes : provinces;
  if (random.chance(scope.codes.length ? 0.3 : 0.2)) {
    const named = random.shuffle(places).slice(0, random.int(1, Math.min(3, places.length)));
    for (const territoryCode of named)
      out.activityTerritories.push({ activityId: activity.id, territoryCode });
  }
  const presidents = activity.targetGroups?.includes("council_presidents") || random.chance(0.2);
  if (activity.status === "done" && kindsWithParticipants.has(activity.kind) && presidents) {
    const attended = random.shuffle(provinces).slice(0, random.int(1, 8));
    const recordedAt = new Date(`${activity.actualEnd ?? activity.plannedEnd}T17:00:00Z`);
    for (const territoryCode of attended)
      out.activityAttendance.push({
        activityId: activity.id,
        territoryCode,
        recordedBy: "system",
        recordedAt,
      });
  }
}

/** Each agreement's plans and its `activityCount` activities, with their links. */
export function generateActivities(context: Context): void {
  for (const scope of context.scopes) {
    if (!scope.activityCount) continue;
    const planFor = makePlans(context, scope);
    for (let i = 0; i < scope.activityCount; i++) {
      const made = makeActivity(context, scope, planFor);
      // As the service writes it, so that the workspace's search finds activities here too.
      const activity = { ...made, searchText: activitySearchText(made) };
      scope.activities.push(activity);
      context.out.activities.push(activity);
      linkActivity(context, scope, activity);
    }
  }
}
