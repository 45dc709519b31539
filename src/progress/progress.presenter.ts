import type { AgreementFigures } from "../domain/figures.js";
import type { ValueWorkItem } from "../indicators/indicators.types.js";
import type { MissingPeriodsItem } from "./missing-periods.queries.js";
import type {
  ActionWorkItem,
  ActivityWorkItem,
  AgreementRef,
  IndicatorWorkItem,
  MyWork,
  WorkList,
} from "./my-work.queries.js";
import type { LoadedFacts } from "./progress.queries.js";

/**
 * The JSON shapes of an agreement's progress and of "my work". The public view (anonymous
 * callers) has the figures from approved values only, and no health, reasons, missing
 * periods or values awaiting review: those are the workspace's.
 */
export function presentProgress({
  facts,
  figures,
  publicView,
  today,
}: {
  facts: LoadedFacts;
  figures: AgreementFigures;
  publicView: boolean;
  today: string;
}) {
  return {
    agreementId: facts.agreementId,
    asOf: today,
    view: publicView ? ("public" as const) : ("internal" as const),
    ...(publicView
      ? {}
      : {
          health: {
            level: figures.health.level,
            reasons: figures.health.reasons.map((reason) => ({
              key: reason.key,
              level: reason.level,
              values: reason.values,
            })),
            missing: [...figures.health.missing],
          },
        }),
    timeElapsed: figures.timeElapsed,
    term: figures.term,
    renewalNoticeOn: figures.renewalNoticeOn,
    activities: { ...figures.activities },
    indicators: facts.indicators.map((indicator, index) => {
      const figure = figures.indicators[index];
      return {
        id: indicator.id,
        name: indicator.name,
        unit: indicator.unit,
        objectiveId: indicator.objectiveId,
        activityId: indicator.activityId,
        direction: indicator.direction,
        frequency: indicator.frequency,
        aggregation: indicator.aggregation,
        baselineValue: indicator.baselineValue,
        baselineOn: indicator.baselineOn,
        targetValue: indicator.targetValue,
        targetOn: indicator.targetOn,
        actual: figure?.actual ?? null,
        achievement: figure?.achievement ?? null,
        expected: figure?.expected ?? null,
        status: figure?.status ?? "no_data",
        ...(publicView
          ? {}
          : { missingPeriods: figure?.missingPeriods ?? [], awaitingReview: figure?.awaitingReview ?? 0 }),
      };
    }),
  };
}

const agreementOf = (agreement: AgreementRef) => ({
  id: agreement.id,
  reference: agreement.reference,
  title: agreement.title,
});

const list = <T, U>(entries: WorkList<T>, present: (item: T) => U) => ({
  items: entries.items.map(present),
  total: entries.total,
});

const activityItem = (item: ActivityWorkItem) => ({
  id: item.id,
  title: item.title,
  status: item.status,
  plannedStart: item.plannedStart,
  plannedEnd: item.plannedEnd,
  overdue: item.overdue,
  agreement: agreementOf(item.agreement),
});

const actionItem = (item: ActionWorkItem) => ({
  id: item.id,
  description: item.description,
  status: item.status,
  dueOn: item.dueOn,
  overdue: item.overdue,
  meetingId: item.meetingId,
  agreement: agreementOf(item.agreement),
});

const indicatorItem = (item: IndicatorWorkItem) => ({
  id: item.id,
  name: item.name,
  frequency: item.frequency,
  agreement: agreementOf(item.agreement),
});

const periodsItem = (item: MissingPeriodsItem) => ({
  indicator: { id: item.indicator.id, name: item.indicator.name, frequency: item.indicator.frequency },
  agreement: agreementOf(item.agreement),
  periods: item.periods,
  dueOn: item.dueOn,
  overdue: item.overdue,
});

const valueItem = (item: ValueWorkItem) => ({
  id: item.value.id,
  period: item.value.period,
  value: Number(item.value.value),
  status: item.value.status,
  returnReason: item.value.returnReason,
  enteredAt: item.value.enteredAt.toISOString(),
  version: item.value.version,
  indicator: { id: item.indicator.id, name: item.indicator.name },
  agreement: agreementOf(item.agreement),
});

/**
 * What is late or due: for the staff and a focal point, the items of a page of agreements (each
 * list's total over every page) and those agreements with how much each has; a council's activities.
 */
function presentDue(work: MyWork) {
  const due = work.byAgreement;
  if (!due)
    return {
      activities: list(work.dueActivities, activityItem),
      actions: { items: [], total: 0 },
      periods: { items: [], total: 0 },
      agreements: { page: 1, pages: 1, total: 0, items: [] },
    };
  return {
    activities: {
      items: due.items.flatMap((entry) => entry.activities.map(activityItem)),
      total: due.totals.activities,
    },
    actions: {
      items: due.items.flatMap((entry) => entry.actions.map(actionItem)),
      total: due.totals.actions,
    },
    periods: {
      items: due.items.flatMap((entry) => entry.periods.map(periodsItem)),
      total: due.totals.periods,
    },
    agreements: {
      page: due.page,
      pages: due.pages,
      total: due.agreements,
      items: due.items.map((entry) => ({
        agreement: agreementOf(entry.agreement),
        activities: entry.activities.length,
        actions: entry.actions.length,
        periods: entry.periods.length,
      })),
    },
  };
}

export function presentMyWork(work: MyWork) {
  return {
    scope: work.scope,
    asOf: work.today,
    responsible: {
      activities: list(work.responsible.activities, activityItem),
      indicators: list(work.responsible.indicators, indicatorItem),
      actions: list(work.responsible.actions, actionItem),
    },
    due: presentDue(work),
    review: {
      submitted: list(work.review.submitted, valueItem),
      returned: list(work.review.returned, valueItem),
    },
  };
}
