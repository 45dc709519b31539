import {
  type ActivityFacts,
  type IndicatorFacts,
  openActivityStatuses,
  periodBounds,
  periodsDue,
  REPORTING_GRACE_DAYS,
} from "../domain/figures.js";
import { addDays } from "../domain/periods.js";

/** How far ahead "my work" looks for what is due. */
export const DUE_WITHIN_DAYS = 30;

/**
 * What is late or due in one agreement under way, counted as "my work" lists it: open activities
 * whose planned end is within DUE_WITHIN_DAYS (or past), open follow-up actions due within them,
 * and indicators with an ended period that has no value.
 */
export interface WorkCounts {
  activities: number;
  actions: number;
  periods: number;
  /** the earliest due date among them: the most pressing agreements are listed first */
  firstDue: string | null;
}

/** An agreement's work in all, and by the organisation that answers for each item. */
export interface AgreementWork {
  all: WorkCounts;
  byOrganization: ReadonlyMap<string, WorkCounts>;
}

export interface WorkFacts {
  activities: (Pick<ActivityFacts, "status" | "plannedEnd"> & { responsibleOrganizationId: string })[];
  openActions: { dueOn: string; ownerOrganizationId: string }[];
  indicators: (IndicatorFacts & { responsibleOrganizationId: string })[];
  /** the agreement's start, for indicators without a baseline date */
  start: string | null;
}

export const noWork = (): WorkCounts => ({ activities: 0, actions: 0, periods: 0, firstDue: null });
export const workTotal = (counts: WorkCounts): number => counts.activities + counts.actions + counts.periods;

const OPEN_ACTIVITY: ReadonlySet<string> = new Set(openActivityStatuses);

/**
 * The oldest ended period of an indicator with no value (submitted or approved), and when its value
 * was or is due; undefined when every ended period has one. The rule of missing-periods.queries.ts:
 * a period is listed from the day after it ends, which figures.ts counts as due a grace later.
 */
export function oldestUnreported(
  indicator: IndicatorFacts,
  today: string,
  start: string | null,
): { periods: string[]; dueOn: string } | undefined {
  const { missingPeriods } = periodsDue(indicator, addDays(today, REPORTING_GRACE_DAYS), start);
  const oldest = missingPeriods[0];
  if (!oldest) return undefined;
  return { periods: missingPeriods, dueOn: addDays(periodBounds(oldest).end, REPORTING_GRACE_DAYS) };
}

/** Counts an agreement's work (the caller asks only for agreements under way). */
export function countWork(facts: WorkFacts, today: string): AgreementWork {
  const horizon = addDays(today, DUE_WITHIN_DAYS);
  const all = noWork();
  const byOrganization = new Map<string, WorkCounts>();
  const add = (organizationId: string, kind: "activities" | "actions" | "periods", dueOn: string) => {
    const own = byOrganization.get(organizationId) ?? noWork();
    byOrganization.set(organizationId, own);
    for (const counts of [all, own]) {
      counts[kind]++;
      if (counts.firstDue === null || dueOn < counts.firstDue) counts.firstDue = dueOn;
    }
  };
  for (const activity of facts.activities) {
    if (OPEN_ACTIVITY.has(activity.status) && activity.plannedEnd !== null && activity.plannedEnd <= horizon)
      add(activity.responsibleOrganizationId, "activities", activity.plannedEnd);
  }
  for (const action of facts.openActions) {
    if (action.dueOn <= horizon) add(action.ownerOrganizationId, "actions", action.dueOn);
  }
  for (const indicator of facts.indicators) {
    const gap = oldestUnreported(indicator, today, facts.start);
    if (gap) add(indicator.responsibleOrganizationId, "periods", gap.dueOn);
  }
  return { all, byOrganization };
}
