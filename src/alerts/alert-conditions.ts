import type { Executor } from "../db/client.js";
import type { AlertKind } from "../db/schema/index.js";
import { findExpiries, findRenewalNotices } from "./agreement-conditions.js";
import type { AlertCondition, Finder } from "./alert-finder-kit.js";
import { alertKindRules, type LeadTimes } from "./alert-rules.js";
import {
  findDueValues,
  findLateActions,
  findLateActivities,
  findUpcomingMeetings,
  findValuesAwaitingReview,
} from "./followup-conditions.js";

export { renewalNoticeDeadline } from "../domain/figures.js";
export type { AlertCondition } from "./alert-finder-kit.js";

/**
 * The causes of alerts on a given day: one finder per kind, each a database query for the
 * deadlines near enough to matter, then the stage in TypeScript (alert-rules.ts), with the
 * dates of src/domain/figures.ts so that an alert and the agreement page never disagree.
 *
 * The same finders serve the daily evaluation (every subject) and the alert centre, which
 * checks the alerts it shows against their cause (`subjectIds`), so a fixed cause disappears
 * at once rather than at the next evaluation.
 */
const finders: Record<AlertKind, Finder> = {
  agreement_expiry: findExpiries,
  renewal_notice: findRenewalNotices,
  activity_overdue: findLateActivities,
  action_overdue: findLateActions,
  indicator_due: findDueValues,
  meeting_upcoming: findUpcomingMeetings,
  value_review: findValuesAwaitingReview,
};

/** Every cause of an alert on `today`, or only those of the given subjects, per kind. */
export async function findAlertConditions({
  db,
  today,
  leadTimes,
  subjects,
}: {
  db: Executor;
  today: string;
  leadTimes: LeadTimes;
  subjects?: Partial<Record<AlertKind, string[]>>;
}): Promise<AlertCondition[]> {
  const kinds = (Object.keys(finders) as AlertKind[]).filter((kind) => !subjects || subjects[kind]);
  const found: AlertCondition[] = [];
  for (const kind of kinds) {
    const leadDays = leadTimes[kind];
    // A kind without lead times is switched off (unless it alerts when late).
    if (!leadDays.length && !alertKindRules[kind].overdue) continue;
    found.push(...(await finders[kind]({ db, today, leadDays, subjectIds: subjects?.[kind] })));
  }
  return found;
}

export const conditionKey = (condition: Pick<AlertCondition, "kind" | "subjectId" | "occurrence">) =>
  `${condition.kind}|${condition.subjectId}|${condition.occurrence}`;
