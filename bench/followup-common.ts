import type {
  ActivityStatus,
  actionPlans,
  activities,
  activityAttendance,
  activityObjectives,
  activityTerritories,
  committeeMembers,
  decisions,
  followUpActions,
  indicators,
  indicatorValues,
  meetingAttendees,
  meetings,
} from "../src/db/schema/index.js";
import type { LocalizedText } from "../src/shared/localized.js";
import type { Association, Random } from "./generate.js";
import type { Phrase } from "./vocabulary.js";

/** What the follow-up generators share: the rows they fill, the agreements they work on, dates and shares. */

/** The registry's "today": fixed, so that the same seed gives the same rows on any day. */
export const REGISTRY_TODAY = "2026-11-30";

export interface FollowUpSize {
  activities: number;
  indicators: number;
  values: number;
  meetings: number;
  actions: number;
  /** agreements with exactly `heavyActivities` activities, for the workspace page's worst case */
  heavyAgreements: number;
  heavyActivities: number;
}

type Row<T extends { $inferInsert: unknown }> = T["$inferInsert"] & { id: string };
type Link<T extends { $inferInsert: unknown }> = T["$inferInsert"];
export type ActivityRow = Row<typeof activities> & {
  plannedStart: string;
  plannedEnd: string;
  status: ActivityStatus;
};

export interface FollowUp {
  actionPlans: Row<typeof actionPlans>[];
  activities: ActivityRow[];
  activityObjectives: Link<typeof activityObjectives>[];
  activityTerritories: Link<typeof activityTerritories>[];
  activityAttendance: Link<typeof activityAttendance>[];
  indicators: Row<typeof indicators>[];
  indicatorValues: Row<typeof indicatorValues>[];
  committeeMembers: Row<typeof committeeMembers>[];
  meetings: Row<typeof meetings>[];
  meetingAttendees: Link<typeof meetingAttendees>[];
  decisions: Row<typeof decisions>[];
  followUpActions: Row<typeof followUpActions>[];
  /** the partner (not the association) party to the most agreements with a follow-up: the focal point's */
  busyOrganizationId: string;
  /** the agreements with `heavyActivities` activities */
  heavyIds: string[];
  /** the periods already over, summed over the indicators: the most values there could be */
  valueCapacity: number;
}

/** An agreement with a follow-up, and the span its activities are planned in. */
export interface Scope {
  id: string;
  status: string;
  from: string;
  to: string;
  /** a draft: everything is still planned */
  draft: boolean;
  withEnglish: boolean;
  parties: string[];
  objectiveIds: string[];
  codes: string[];
  activityCount: number;
  activities: ActivityRow[];
}

export interface Context {
  random: Random;
  association: Association;
  scopes: Scope[];
  provinces: string[];
  out: FollowUp;
}

const DAY_MS = 86_400_000;
const dayNumbers = new Map<string, number>();
const isoDays = new Map<number, string>();

/** ISO date → days since 1970, cached: the generator takes millions of date steps. */
function dayNumber(iso: string): number {
  let day = dayNumbers.get(iso);
  if (day === undefined) {
    day = Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
    dayNumbers.set(iso, day);
  }
  return day;
}

function isoDay(day: number): string {
  let iso = isoDays.get(day);
  if (iso === undefined) {
    iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    isoDays.set(day, iso);
  }
  return iso;
}

export const addDays = (iso: string, days: number): string => isoDay(dayNumber(iso) + days);
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/** The earlier (later) of two ISO dates, which order like the calendar. */
export const earlier = (a: string, b: string): string => (a < b ? a : b);
export const later = (a: string, b: string): string => (a > b ? a : b);

export const localized = (text: Phrase, withEnglish: boolean, suffix = ""): LocalizedText =>
  withEnglish
    ? { fr: `${text[0]}${suffix}`, ar: `${text[1]}${suffix}`, en: `${text[2]}${suffix}` }
    : { fr: `${text[0]}${suffix}`, ar: `${text[1]}${suffix}` };

/** A day in [from, to], both ISO dates. */
export const dayBetween = (random: Random, from: string, to: string): string =>
  addDays(from, random.int(0, Math.max(0, daysBetween(from, to))));

export const money = (value: number): string => (Math.round(value / 100) * 100).toFixed(2);

/** A party to stand for the agreement; the association carries a bit more than the others. */
export function pickParty(context: Context, scope: Scope): string {
  const weights = scope.parties.map((id) => (id === context.association.id ? 1.5 : 1));
  let roll = context.random.float() * weights.reduce((sum, weight) => sum + weight, 0);
  for (const [index, weight] of weights.entries()) {
    roll -= weight;
    if (roll < 0) return scope.parties[index] as string;
  }
  return scope.parties[scope.parties.length - 1] as string;
}

/**
 * Splits `total` over `weights`, none above its cap, largest remainders first: the same
 * exact counts on every run. Less than `total` only when the caps leave no room.
 */
export function allocate(total: number, weights: number[], caps: number[]): number[] {
  const counts = weights.map(() => 0);
  let remaining = total;
  for (let round = 0; round < 1000 && remaining > 0; round++) {
    const open = weights.flatMap((weight, i) => (weight > 0 && (counts[i] ?? 0) < (caps[i] ?? 0) ? [i] : []));
    const sum = open.reduce((total, i) => total + (weights[i] ?? 0), 0);
    if (!sum) break;
    const remainders: [number, number][] = [];
    let given = 0;
    for (const i of open) {
      const exact = (remaining * (weights[i] ?? 0)) / sum;
      const whole = Math.min((caps[i] ?? 0) - (counts[i] ?? 0), Math.floor(exact));
      counts[i] = (counts[i] ?? 0) + whole;
      given += whole;
      remainders.push([i, exact - whole]);
    }
    remaining -= given;
    if (given > 0) continue;
    // Every share is below one: hand out single units, largest remainder first.
    remainders.sort((a, b) => b[1] - a[1]);
    for (const [i] of remainders) {
      if (!remaining) break;
      if ((counts[i] ?? 0) < (caps[i] ?? 0)) {
        counts[i] = (counts[i] ?? 0) + 1;
        remaining--;
      }
    }
  }
  return counts;
}
