import { z } from "zod";
import type { Executor } from "../db/client.js";
import { type AlertKind, alertKinds, alertRules } from "../db/schema/index.js";
import { daysBetween } from "../domain/periods.js";

/**
 * What each kind of alert watches, and when it speaks. Every alert has a deadline (`dueOn`);
 * it opens when the deadline is as near as the longest lead time, steps up at each shorter
 * one, and — for the kinds that can be late — once more the day after the deadline.
 */
export interface AlertKindRule {
  /** the lead times (days before the deadline) an administrator starts from */
  defaultLeadDays: number[];
  /** whether a passed deadline is itself an alert (an activity late), or the end of one (a meeting held) */
  overdue: boolean;
}

export const alertKindRules: Record<AlertKind, AlertKindRule> = {
  agreement_expiry: { defaultLeadDays: [90, 30, 7], overdue: true },
  renewal_notice: { defaultLeadDays: [90, 30, 7], overdue: false },
  activity_overdue: { defaultLeadDays: [30, 7], overdue: true },
  action_overdue: { defaultLeadDays: [30, 7], overdue: true },
  indicator_due: { defaultLeadDays: [30, 7], overdue: true },
  meeting_upcoming: { defaultLeadDays: [30, 7, 1], overdue: false },
  // A submitted value is due for review within REVIEW_WITHIN_DAYS: 14 days ahead means "at once".
  value_review: { defaultLeadDays: [14, 7], overdue: true },
};

/** How long the secretariat has to review a submitted value before its alert says "late". */
export const REVIEW_WITHIN_DAYS = 14;
/** The stage of an alert whose deadline has passed. */
export const OVERDUE_STAGE = -1;
export const MAX_LEAD_DAYS = 366;
export const MAX_LEAD_TIMES = 6;

export type LeadTimes = Record<AlertKind, number[]>;

/**
 * The stage an alert is at on `today`: the shortest lead time already reached, OVERDUE_STAGE
 * after the deadline (for kinds that can be late), or null when it is not (or no longer) an alert.
 * Lead times are days: with {90,30,7} and a deadline in 29 days, the stage is 30.
 */
export function stageOn({
  dueOn,
  today,
  leadDays,
  overdue,
}: {
  dueOn: string;
  today: string;
  leadDays: readonly number[];
  overdue: boolean;
}): number | null {
  const daysLeft = daysBetween(today, dueOn);
  if (daysLeft < 0) return overdue ? OVERDUE_STAGE : null;
  const reached = leadDays.filter((lead) => daysLeft <= lead);
  return reached.length ? Math.min(...reached) : null;
}

/** The furthest ahead any of these lead times looks, so a query fetches only near deadlines. */
export const horizon = (leadDays: readonly number[]): number => Math.max(0, ...leadDays);

/** Lead times as an administrator enters them: whole days, 0–366, at most six, each once. */
export const leadDaysSchema = z
  .array(z.number().int().min(0).max(MAX_LEAD_DAYS))
  .max(MAX_LEAD_TIMES)
  .transform((days) => [...new Set(days)].sort((a, b) => b - a));

export const leadTimesInputSchema = z
  .object({
    kind: z.enum(alertKinds),
    leadDays: leadDaysSchema,
    version: z.number().int().min(0),
  })
  .strict();

export async function loadLeadTimes({ db }: { db: Executor }): Promise<LeadTimes> {
  const rows = await db.select().from(alertRules);
  const saved = new Map(rows.map((row) => [row.kind, row.leadDays]));
  return Object.fromEntries(
    alertKinds.map((kind) => [kind, saved.get(kind) ?? alertKindRules[kind].defaultLeadDays]),
  ) as LeadTimes;
}
