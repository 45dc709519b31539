import type {
  ActionStatus,
  ActivityStatus,
  AgreementStatus,
  IndicatorAggregation,
  IndicatorDirection,
  IndicatorFrequency,
  IndicatorValueStatus,
  RenewalMode,
} from "../db/schema/index.js";
import { addDays, addMonths, daysBetween, monthsBetween, periodBounds, periodsBetween } from "./periods.js";

/**
 * The derived figures of an agreement's follow-up: computed from the records, never typed in,
 * the same way for the workspace, the portal and the API. Pure functions of the facts and of
 * "today" (a Casablanca date), so that every rule is tested on hand-checked cases.
 */

export { periodBounds, periodKey, periodsBetween, todayInMorocco } from "./periods.js";

/** A period's value is due this many days after the period ends (time to gather the figures). */
export const REPORTING_GRACE_DAYS = 30;
/** An agreement in force with no committee meeting for this long is at risk. */
export const MEETING_GAP_MONTHS = 12;
export const EXPIRY_WARNING_DAYS = 90;
export const RENEWAL_NOTICE_WARNING_DAYS = 30;
/** An indicator is behind when its achievement trails the time elapsed by more than this… */
export const BEHIND_MARGIN = 0.25;
/** …and far behind (off track) beyond this. */
export const FAR_BEHIND_MARGIN = 0.5;
/** An indicator's pace is judged once this share of its span has passed (before, it is too early). */
export const JUDGED_FROM = 0.1;

/** Activities still to be done: they may be overdue. */
export const openActivityStatuses: readonly ActivityStatus[] = ["planned", "ongoing", "postponed"];
/** Agreements being carried out: they have a health, and what they plan is due. */
export const trackedAgreementStatuses: readonly AgreementStatus[] = ["signed", "in_force", "suspended"];
const OPEN_ACTIVITY: ReadonlySet<ActivityStatus> = new Set(openActivityStatuses);
const TRACKED_AGREEMENT: ReadonlySet<AgreementStatus> = new Set(trackedAgreementStatuses);
/** Whether an agreement in this status is being carried out (trackedAgreementStatuses). */
export const isUnderway = (status: AgreementStatus): boolean => TRACKED_AGREEMENT.has(status);

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

// ── Activities ──────────────────────────────────────────────────────────────────────────────

export interface ActivityFacts {
  status: ActivityStatus;
  plannedEnd: string | null;
  budgetPlanned: number;
  budgetSpent: number;
}

export interface ActivityFigures {
  total: number;
  cancelled: number;
  /** activities that count: all but the cancelled */
  counted: number;
  done: number;
  /** planned end passed and not done (nor cancelled) */
  overdue: number;
  /** done / counted; null when nothing counts */
  completion: number | null;
  /** planned budget of the activities that count (a cancelled activity no longer plans to spend) */
  budgetPlanned: number;
  /** money spent on every activity, cancelled ones included (what was spent is spent) */
  budgetSpent: number;
  /** spent / planned; null when nothing is planned */
  budgetExecution: number | null;
}

/** Follow-up actions still to be done: they show up until done or cancelled, and may be overdue. */
export const openActionStatuses: readonly ActionStatus[] = ["open", "in_progress"];

/** A follow-up action is overdue when still open or in progress after its due date. */
export function isActionOverdue(action: { status: ActionStatus; dueOn: string }, today: string): boolean {
  return openActionStatuses.includes(action.status) && action.dueOn < today;
}

export function isOverdue(activity: Pick<ActivityFacts, "status" | "plannedEnd">, today: string): boolean {
  return OPEN_ACTIVITY.has(activity.status) && activity.plannedEnd !== null && activity.plannedEnd < today;
}

export function activityFigures(activities: ActivityFacts[], today: string): ActivityFigures {
  let cancelled = 0;
  let done = 0;
  let overdue = 0;
  let budgetPlanned = 0;
  let budgetSpent = 0;
  for (const activity of activities) {
    budgetSpent += activity.budgetSpent;
    if (activity.status === "cancelled") {
      cancelled++;
      continue;
    }
    budgetPlanned += activity.budgetPlanned;
    if (activity.status === "done") done++;
    if (isOverdue(activity, today)) overdue++;
  }
  const counted = activities.length - cancelled;
  // Sums of amounts with 2 decimals: round away the binary noise.
  budgetPlanned = Math.round(budgetPlanned * 100) / 100;
  budgetSpent = Math.round(budgetSpent * 100) / 100;
  return {
    total: activities.length,
    cancelled,
    counted,
    done,
    overdue,
    completion: ratio(done, counted),
    budgetPlanned,
    budgetSpent,
    budgetExecution: ratio(budgetSpent, budgetPlanned),
  };
}

// ── Indicators ──────────────────────────────────────────────────────────────────────────────

export interface IndicatorFacts {
  direction: IndicatorDirection;
  baselineValue: number;
  baselineOn: string | null;
  targetValue: number;
  targetOn: string | null;
  frequency: IndicatorFrequency;
  aggregation: IndicatorAggregation;
  values: { period: string; value: number; status: IndicatorValueStatus }[];
}

export type IndicatorStatus = "achieved" | "on_track" | "behind" | "far_behind" | "no_data";

export interface IndicatorFigures {
  /** cumulative: baseline + the approved values; latest: the last approved period's value; null without one */
  actual: number | null;
  /** (actual − baseline) / (target − baseline): 1 is the target reached; may be < 0 or > 1 */
  achievement: number | null;
  /** the share of the time from baseline to target that has passed (0…1), when known */
  expected: number | null;
  status: IndicatorStatus;
  /** periods whose value is due by today (ended more than REPORTING_GRACE_DAYS ago), from the start */
  duePeriods: string[];
  /** due periods with no value submitted or approved */
  missingPeriods: string[];
  awaitingReview: number;
}

/**
 * An indicator's periods whose value is due by `today` (ended more than REPORTING_GRACE_DAYS ago),
 * from its baseline date (or `start`) to its target date, and those with no value submitted or
 * approved (a value returned for correction does not count). Apart from the figures, for "my work"'s
 * counts, which need nothing else and are made for every indicator of the registry.
 */
export function periodsDue(
  indicator: Pick<IndicatorFacts, "baselineOn" | "targetOn" | "frequency" | "values">,
  today: string,
  start?: string | null,
): { duePeriods: string[]; missingPeriods: string[] } {
  const from = indicator.baselineOn ?? start ?? null;
  if (!from) return { duePeriods: [], missingPeriods: [] };
  const reportedBy = addDays(today, -REPORTING_GRACE_DAYS);
  const { targetOn } = indicator;
  const lastDay = targetOn && targetOn < reportedBy ? targetOn : reportedBy;
  const duePeriods = periodsBetween(indicator.frequency, from, lastDay).filter(
    (period) => periodBounds(period).end < reportedBy,
  );
  const reported = new Set<string>();
  for (const value of indicator.values) if (value.status !== "returned") reported.add(value.period);
  return { duePeriods, missingPeriods: duePeriods.filter((period) => !reported.has(period)) };
}

/**
 * One indicator's figures. Only approved values count. `start` stands in for a missing baseline
 * date (the agreement's effective date) when listing due periods; `elapsed` for a missing
 * baseline→target span (the agreement's time elapsed).
 */
export function indicatorFigures(
  indicator: IndicatorFacts,
  today: string,
  fallback: { start?: string | null; elapsed?: number | null } = {},
): IndicatorFigures {
  const approved = indicator.values
    .filter((value) => value.status === "approved")
    .sort((a, b) => periodBounds(a.period).start.localeCompare(periodBounds(b.period).start));
  let actual: number | null = null;
  if (approved.length) {
    actual =
      indicator.aggregation === "cumulative"
        ? approved.reduce((sum, value) => sum + value.value, indicator.baselineValue)
        : (approved.at(-1)?.value ?? null);
  }
  const span = indicator.targetValue - indicator.baselineValue;
  const achievement = actual === null || span === 0 ? null : (actual - indicator.baselineValue) / span;

  const { baselineOn, targetOn } = indicator;
  let expected: number | null = fallback.elapsed ?? null;
  if (baselineOn && targetOn && targetOn > baselineOn) {
    expected = clamp01(daysBetween(baselineOn, today) / daysBetween(baselineOn, targetOn));
  }

  const { duePeriods, missingPeriods } = periodsDue(indicator, today, fallback.start);

  let status: IndicatorStatus = "no_data";
  if (achievement !== null) {
    // Lateness is relative: 1 % achieved at 25 % of the time is a twenty-fifth of the way it
    // should be, not "within 25 points". Too early in the span, nothing is judged.
    const pace = expected !== null && expected >= JUDGED_FROM ? achievement / expected : null;
    if (achievement >= 1) status = "achieved";
    else if (pace !== null && pace < 1 - FAR_BEHIND_MARGIN) status = "far_behind";
    else if (pace !== null && pace < 1 - BEHIND_MARGIN) status = "behind";
    else status = "on_track";
  }
  return {
    actual,
    achievement,
    expected,
    status,
    duePeriods,
    missingPeriods,
    awaitingReview: indicator.values.filter((value) => value.status === "submitted").length,
  };
}

// ── The agreement's term ────────────────────────────────────────────────────────────────────

export interface AgreementFacts {
  status: AgreementStatus;
  signedOn: string | null;
  effectiveOn: string | null;
  expiresOn: string | null;
  durationMonths: number | null;
  renewal: RenewalMode;
  renewalNoticeDays: number | null;
}

export interface Term {
  start: string;
  /** the last day of the current term; after a tacit renewal, the renewed term's */
  end: string;
  /** how many tacit renewals took place before today */
  renewals: number;
}

/**
 * The agreement's current term: from its effective (or signature) date to its expiry (or
 * start + duration). A tacitly renewed agreement whose term has passed is in a new term of
 * the same length, so its dates are computed, not left stale.
 */
export function currentTerm(agreement: AgreementFacts, today: string): Term | null {
  const start = agreement.effectiveOn ?? agreement.signedOn;
  if (!start) return null;
  // The expiry is the term's last day: a term of 36 months from 1 Jan 2024 ends 31 Dec 2026.
  const months =
    agreement.durationMonths ??
    (agreement.expiresOn ? monthsBetween(start, addDays(agreement.expiresOn, 1)) : null);
  const end =
    agreement.expiresOn ??
    (agreement.durationMonths ? addDays(addMonths(start, agreement.durationMonths), -1) : null);
  if (!end || end < start) return null;
  if (agreement.renewal !== "tacit" || end >= today || !months || months < 1)
    return { start, end, renewals: 0 };
  let termStart = addDays(end, 1);
  let renewals = 1;
  // Bounded: a thousand renewals is past any real agreement.
  while (renewals < 1000) {
    const termEnd = addDays(addMonths(termStart, months), -1);
    if (termEnd >= today) return { start: termStart, end: termEnd, renewals };
    termStart = addDays(termEnd, 1);
    renewals++;
  }
  return { start: termStart, end: addDays(addMonths(termStart, months), -1), renewals };
}

/** A tacitly renewed agreement with a notice period: its deadline is the notice, not its term's end. */
export const givesRenewalNotice = (agreement: AgreementFacts): boolean =>
  agreement.renewal === "tacit" && agreement.renewalNoticeDays !== null;

/**
 * The next renewal-notice deadline of a tacitly renewed agreement: its current term's end
 * minus the notice, or — once that day has passed — the next term's.
 */
export function renewalNoticeDeadline(
  agreement: AgreementFacts,
  today: string,
): { dueOn: string; termEnd: string } | null {
  if (agreement.renewal !== "tacit" || agreement.renewalNoticeDays === null) return null;
  const term = currentTerm(agreement, today);
  if (!term) return null;
  const notice = addDays(term.end, -agreement.renewalNoticeDays);
  if (notice >= today) return { dueOn: notice, termEnd: term.end };
  // The notice for this term is past: the agreement will renew, and the next notice is the one to give.
  const next = currentTerm(agreement, addDays(term.end, 1));
  if (!next || next.end === term.end) return null;
  return { dueOn: addDays(next.end, -agreement.renewalNoticeDays), termEnd: next.end };
}

/**
 * The agreement's own deadline to watch, as the alerts announce it: for a tacit renewal with a
 * notice period, the last day to give notice (the agreement renews otherwise); for any other,
 * the end of its current term (which a tacit renewal without notice rolls on).
 */
export function agreementDeadline(
  agreement: AgreementFacts,
  today: string,
): { kind: "renewal_notice" | "agreement_expiry"; dueOn: string; occurrence: string } | null {
  if (givesRenewalNotice(agreement)) {
    const deadline = renewalNoticeDeadline(agreement, today);
    // The term it renews into tells this year's notice from next year's.
    return deadline ? { kind: "renewal_notice", dueOn: deadline.dueOn, occurrence: deadline.termEnd } : null;
  }
  const term = currentTerm(agreement, today);
  return term ? { kind: "agreement_expiry", dueOn: term.end, occurrence: term.end } : null;
}

/** The share of the agreement's whole span (first start to current end) that has passed, 0…1. */
export function timeElapsed(agreement: AgreementFacts, today: string): number | null {
  const term = currentTerm(agreement, today);
  const start = agreement.effectiveOn ?? agreement.signedOn;
  if (!term || !start) return null;
  const total = daysBetween(start, term.end);
  return total <= 0 ? null : clamp01(daysBetween(start, today) / total);
}

// ── Health ──────────────────────────────────────────────────────────────────────────────────

export interface HealthFacts {
  agreement: AgreementFacts;
  activities: ActivityFacts[];
  indicators: IndicatorFacts[];
  /** the date of the last meeting held, if any */
  lastMeetingOn: string | null;
  /** due dates of the follow-up actions still open or in progress */
  openActionDueDates: string[];
  /** the members of its steering committee */
  committeeMembers: number;
}

export type HealthLevel = "on_track" | "at_risk" | "off_track" | "not_enough_data" | "not_applicable";
export const healthLevels: readonly HealthLevel[] = [
  "on_track",
  "at_risk",
  "off_track",
  "not_enough_data",
  "not_applicable",
];

/** What an agreement lacks for its health to be judged: without them "on track" would be a guess. */
export const healthGaps = ["plan", "indicators", "dates", "committee"] as const;
export type HealthGap = (typeof healthGaps)[number];

export const healthReasonKeys = [
  "suspended",
  "activitiesOverdue",
  "noMeetingFor",
  "noMeetingYet",
  "expiredSince",
  "expiresIn",
  "renewalNoticeDue",
  "actionsOverdue",
  "indicatorsBehind",
  "indicatorsFarBehind",
  "periodsMissing",
  "overspent",
] as const;
export type HealthReasonKey = (typeof healthReasonKeys)[number];

/** One reason, to be worded by `progress.reasons.<key>` with its values. */
export interface HealthReason {
  key: HealthReasonKey;
  level: "at_risk" | "off_track";
  values: Record<string, number>;
}

export interface AgreementFigures {
  /** `missing`: what is not recorded, listed whatever the level (see healthGaps) */
  health: { level: HealthLevel; reasons: HealthReason[]; missing: HealthGap[] };
  activities: ActivityFigures;
  indicators: IndicatorFigures[];
  timeElapsed: number | null;
  term: Term | null;
  /** for a tacit renewal: the last day to give notice of not renewing the current term */
  renewalNoticeOn: string | null;
}

export function agreementFigures(facts: HealthFacts, today: string): AgreementFigures {
  const { agreement } = facts;
  const activities = activityFigures(facts.activities, today);
  const elapsed = timeElapsed(agreement, today);
  const start = agreement.effectiveOn ?? agreement.signedOn;
  const indicators = facts.indicators.map((indicator) =>
    indicatorFigures(indicator, today, { start, elapsed }),
  );
  const term = currentTerm(agreement, today);
  const renewalNoticeOn =
    term && agreement.renewal === "tacit" && agreement.renewalNoticeDays !== null
      ? addDays(term.end, -agreement.renewalNoticeDays)
      : null;

  const reasons: HealthReason[] = [];
  const add = (key: HealthReasonKey, level: HealthReason["level"], values: Record<string, number> = {}) =>
    reasons.push({ key, level, values });

  if (agreement.status === "suspended") add("suspended", "at_risk");
  if (activities.overdue > 0) {
    // More than a third of the plan late is no longer a slip: the plan is off track.
    add("activitiesOverdue", activities.overdue * 3 > activities.counted ? "off_track" : "at_risk", {
      count: activities.overdue,
    });
  }
  const sinceMeeting = facts.lastMeetingOn ?? start;
  if (agreement.status === "in_force" && sinceMeeting && sinceMeeting <= today) {
    const months = monthsBetween(sinceMeeting, today);
    if (months >= MEETING_GAP_MONTHS)
      add(facts.lastMeetingOn ? "noMeetingFor" : "noMeetingYet", "at_risk", { months });
  }
  if (term) {
    const days = daysBetween(today, term.end);
    // A tacit renewal does not end at its term: it is judged on its notice date (below), as alerts are.
    if (days < 0 && agreement.status === "in_force") add("expiredSince", "off_track", { days: -days });
    else if (days >= 0 && days <= EXPIRY_WARNING_DAYS && agreement.renewal !== "tacit")
      add("expiresIn", "at_risk", { days });
  }
  if (renewalNoticeOn && renewalNoticeOn >= today) {
    const days = daysBetween(today, renewalNoticeOn);
    if (days <= RENEWAL_NOTICE_WARNING_DAYS) add("renewalNoticeDue", "at_risk", { days });
  }
  const overdueActions = facts.openActionDueDates.filter((due) => due < today).length;
  if (overdueActions > 0) add("actionsOverdue", "at_risk", { count: overdueActions });
  const farBehind = indicators.filter((entry) => entry.status === "far_behind").length;
  const behind = indicators.filter((entry) => entry.status === "behind").length;
  if (farBehind > 0) add("indicatorsFarBehind", "off_track", { count: farBehind });
  if (behind > 0) add("indicatorsBehind", "at_risk", { count: behind });
  const unreported = indicators.reduce((sum, entry) => sum + entry.missingPeriods.length, 0);
  if (unreported > 0) add("periodsMissing", "at_risk", { count: unreported });
  if (activities.budgetExecution !== null && activities.budgetExecution > 1) {
    add("overspent", "at_risk", { percent: Math.round(activities.budgetExecution * 100) });
  }

  const missing: HealthGap[] = [];
  if (!facts.activities.length) missing.push("plan");
  if (!facts.indicators.length) missing.push("indicators");
  if (!term) missing.push("dates");
  if (!facts.committeeMembers && !facts.lastMeetingOn) missing.push("committee");

  let level: HealthLevel = "not_applicable";
  if (TRACKED_AGREEMENT.has(agreement.status)) {
    // What is known to be wrong comes first; "on track" only when nothing is missing to say so.
    level = reasons.some((reason) => reason.level === "off_track")
      ? "off_track"
      : reasons.length
        ? "at_risk"
        : missing.length
          ? "not_enough_data"
          : "on_track";
  }
  const tracked = level !== "not_applicable";
  return {
    health: { level, reasons: tracked ? reasons : [], missing: tracked ? missing : [] },
    activities,
    indicators,
    timeElapsed: elapsed,
    term,
    renewalNoticeOn,
  };
}
