import type { IndicatorFrequency } from "../db/schema/index.js";
import { MOROCCO_TIME_ZONE } from "../shared/i18n.js";

/**
 * Calendar arithmetic on ISO dates ("YYYY-MM-DD"), in Morocco's calendar: what day it is in
 * Casablanca, and the reporting periods of an indicator ("2026", "2026-H1", "2026-Q3").
 * Dates are compared as strings, which order like the calendar.
 */

const dayFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: MOROCCO_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Today's date in Casablanca (a UTC evening may already be tomorrow there, or not). */
export function todayInMorocco(now: Date = new Date()): string {
  return dayFormat.format(now);
}

const pad = (value: number) => String(value).padStart(2, "0");
const parts = (date: string) => date.split("-").map(Number) as [number, number, number];
const utc = (date: string) => {
  const [year, month, day] = parts(date);
  return Date.UTC(year, month - 1, day);
};

export function daysBetween(from: string, to: string): number {
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(utc(date) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Adds whole months, keeping the day or falling back to the month's last (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = parts(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return `${targetYear}-${pad(targetMonth)}-${pad(Math.min(day, lastDay))}`;
}

/** Whole months from one date to a later one (14 for 2025-01-10 → 2026-03-10). */
export function monthsBetween(from: string, to: string): number {
  const [fromYear, fromMonth, fromDay] = parts(from);
  const [toYear, toMonth, toDay] = parts(to);
  const months = (toYear - fromYear) * 12 + (toMonth - fromMonth);
  return toDay < fromDay ? months - 1 : months;
}

/** The period a date falls in, for a frequency. */
export function periodKey(frequency: IndicatorFrequency, date: string): string {
  const [year, month] = parts(date);
  if (frequency === "yearly") return String(year);
  if (frequency === "half_yearly") return `${year}-H${month <= 6 ? 1 : 2}`;
  return `${year}-Q${Math.ceil(month / 3)}`;
}

const PERIOD = /^(\d{4})(?:-(H[12]|Q[1-4]))?$/;

export function isPeriodOf(frequency: IndicatorFrequency, period: string): boolean {
  const match = PERIOD.exec(period);
  if (!match) return false;
  const part = match[2];
  if (frequency === "yearly") return part === undefined;
  if (frequency === "half_yearly") return part?.startsWith("H") ?? false;
  return part?.startsWith("Q") ?? false;
}

/** First and last day of a period; throws on a malformed key (validate with isPeriodOf first). */
export function periodBounds(period: string): { start: string; end: string } {
  const match = PERIOD.exec(period);
  if (!match) throw new Error(`not a period: ${period}`);
  const year = Number(match[1]);
  const part = match[2];
  let [first, last] = [1, 12];
  if (part?.startsWith("H")) [first, last] = part === "H1" ? [1, 6] : [7, 12];
  if (part?.startsWith("Q")) {
    const quarter = Number(part.slice(1));
    [first, last] = [quarter * 3 - 2, quarter * 3];
  }
  const lastDay = new Date(Date.UTC(year, last, 0)).getUTCDate();
  return { start: `${year}-${pad(first)}-01`, end: `${year}-${pad(last)}-${pad(lastDay)}` };
}

/** Every period from the one holding `from` to the one holding `to`, in order (none when to < from). */
export function periodsBetween(frequency: IndicatorFrequency, from: string, to: string): string[] {
  const periods: string[] = [];
  if (to < from) return periods;
  const last = periodKey(frequency, to);
  let cursor = periodBounds(periodKey(frequency, from)).start;
  // Bounded: a century of quarters is 400 periods.
  for (let guard = 0; guard < 1000; guard++) {
    const key = periodKey(frequency, cursor);
    periods.push(key);
    if (key === last) break;
    cursor = addDays(periodBounds(key).end, 1);
  }
  return periods;
}
