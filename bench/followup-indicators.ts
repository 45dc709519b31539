import type { IndicatorFrequency, IndicatorValueStatus } from "../src/db/schema/index.js";
import { periodBounds, periodsBetween } from "../src/domain/periods.js";
import {
  addDays,
  allocate,
  type Context,
  dayBetween,
  daysBetween,
  earlier,
  type FollowUpSize,
  later,
  localized,
  pickParty,
  REGISTRY_TODAY,
  type Scope,
} from "./followup-common.js";
import { indicatorTemplates, returnReasons, valueComments, valueSources } from "./followup-vocabulary.js";

/** Indicators on objectives and activities, and their values period after period. */

type Template = (typeof indicatorTemplates)[number];

interface Measured {
  template: Template;
  frequency: IndicatorFrequency;
  baseline: number;
  target: number;
  /** the periods from baseline to target, and those already over on the registry's day */
  allPeriods: number;
  reportable: string[];
}

const OBJECTIVE_SHARE = 0.65;

const format = (value: number, scale: 0 | 1) => value.toFixed(scale);

function plan(
  context: Context,
  from: string,
  to: string,
  frequencyWeights: Record<IndicatorFrequency, number>,
) {
  const { random } = context;
  const template = random.pick(indicatorTemplates);
  const frequency = random.weighted(frequencyWeights);
  const [low, high] = template.target;
  const target = low + (high - low) * random.float();
  const baseline =
    template.aggregation === "cumulative"
      ? 0
      : template.direction === "increase"
        ? target * (0.2 + 0.4 * random.float())
        : target * (1.5 + 1.5 * random.float());
  const periods = periodsBetween(frequency, from, to);
  const reportable = periods.filter((period) => periodBounds(period).end <= REGISTRY_TODAY);
  const measured: Measured = {
    template,
    frequency,
    baseline: Number(format(baseline, template.scale)),
    target: Number(format(target, template.scale)),
    allPeriods: periods.length,
    reportable,
  };
  return measured;
}

function addIndicator(
  context: Context,
  scope: Scope,
  measured: Measured,
  link: {
    objectiveId: string | null;
    activityId: string | null;
    responsible: string;
    from: string;
    to: string;
  },
): string {
  const id = context.random.uuid();
  const { template } = measured;
  context.out.indicators.push({
    id,
    agreementId: scope.id,
    objectiveId: link.objectiveId,
    activityId: link.activityId,
    name: localized(template.name, scope.withEnglish),
    unit: localized(template.unit, scope.withEnglish),
    direction: template.direction,
    baselineValue: format(measured.baseline, template.scale),
    baselineOn: link.from,
    targetValue: format(measured.target, template.scale),
    targetOn: link.to,
    frequency: measured.frequency,
    aggregation: template.aggregation,
    responsibleOrganizationId: link.responsible,
  });
  return id;
}

function addValues(context: Context, indicatorId: string, measured: Measured, count: number): void {
  const { random, out } = context;
  const { template } = measured;
  const periods = measured.reportable.slice(0, count);
  for (const [index, period] of periods.entries()) {
    const bounds = periodBounds(period);
    const pace = (index + 1) / Math.max(1, measured.allPeriods);
    const value =
      template.aggregation === "cumulative"
        ? (measured.target / Math.max(1, measured.allPeriods)) * (0.4 + 1.1 * random.float())
        : measured.baseline +
          (measured.target - measured.baseline) * Math.min(1.05, pace * (0.6 + 0.65 * random.float()));
    // The latest period is often still under review; older ones were settled long ago.
    const recent = index === periods.length - 1 && daysBetween(bounds.end, REGISTRY_TODAY) < 120;
    const status = random.weighted<IndicatorValueStatus>(
      recent ? { submitted: 50, returned: 10, approved: 40 } : { approved: 95, submitted: 3, returned: 2 },
    );
    const entered = dayBetween(random, addDays(bounds.end, 3), addDays(bounds.end, 45));
    const enteredOn = earlier(entered, REGISTRY_TODAY);
    const reviewed = dayBetween(random, enteredOn, addDays(enteredOn, 20));
    const reviewedOn = earlier(reviewed, REGISTRY_TODAY);
    out.indicatorValues.push({
      id: random.uuid(),
      indicatorId,
      period,
      periodStart: bounds.start,
      periodEnd: bounds.end,
      value: format(Math.max(0, value), template.scale),
      source: random.pick(valueSources),
      comment: random.chance(0.2) ? random.pick(valueComments) : "",
      status,
      returnReason: status === "returned" ? random.pick(returnReasons) : null,
      enteredBy: "system",
      enteredAt: new Date(`${enteredOn}T10:00:00Z`),
      reviewedBy: status === "submitted" ? null : "system",
      reviewedAt: status === "submitted" ? null : new Date(`${reviewedOn}T15:00:00Z`),
    });
  }
}

/**
 * About `size.indicators` indicators, spread by each agreement's objectives and activities, and
 * exactly `size.values` values when the periods allow it: most indicators reported up to
 * date, some lagging, a few never reported.
 */
export function generateIndicators(context: Context, size: FollowUpSize): { capacity: number } {
  const { random, scopes } = context;
  const followed = scopes.filter((scope) => scope.activities.length);
  const counts = allocate(
    size.indicators,
    followed.map((scope) => scope.objectiveIds.length + 0.4 * scope.activities.length),
    followed.map((scope) => 3 * scope.objectiveIds.length + scope.activities.length),
  );
  const made: { id: string; measured: Measured }[] = [];
  followed.forEach((scope, index) => {
    const count = counts[index] ?? 0;
    let onObjectives = Math.min(Math.round(count * OBJECTIVE_SHARE), 3 * scope.objectiveIds.length);
    let onActivities = count - onObjectives;
    if (onActivities > scope.activities.length) {
      onObjectives += onActivities - scope.activities.length;
      onActivities = scope.activities.length;
    }
    for (let i = 0; i < onObjectives; i++) {
      const measured = plan(context, scope.from, scope.to, { quarterly: 60, half_yearly: 28, yearly: 12 });
      const objectiveId = scope.objectiveIds[i % scope.objectiveIds.length] ?? null;
      const responsible = pickParty(context, scope);
      const link = { objectiveId, activityId: null, responsible, from: scope.from, to: scope.to };
      made.push({ id: addIndicator(context, scope, measured, link), measured });
    }
    for (const activity of random.shuffle(scope.activities).slice(0, onActivities)) {
      // An activity's results are followed for two years at least (people trained, then employed…).
      const longer = addDays(activity.plannedStart, 730);
      const to = later(activity.plannedEnd, earlier(longer, scope.to));
      const measured = plan(context, activity.plannedStart, to, {
        quarterly: 50,
        half_yearly: 35,
        yearly: 15,
      });
      const responsible = activity.responsibleOrganizationId;
      const link = {
        objectiveId: null,
        activityId: activity.id,
        responsible,
        from: activity.plannedStart,
        to,
      };
      made.push({ id: addIndicator(context, scope, measured, link), measured });
    }
  });
  const capacities = made.map(({ measured }) => measured.reportable.length);
  // Some partners report every period, others lag: an uneven weight, capped by the periods over.
  const values = allocate(
    size.values,
    capacities.map((capacity) => capacity * random.float() ** 2),
    capacities,
  );
  made.forEach(({ id, measured }, index) => {
    addValues(context, id, measured, values[index] ?? 0);
  });
  return { capacity: capacities.reduce((sum, capacity) => sum + capacity, 0) };
}
