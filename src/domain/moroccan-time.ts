import { z } from "zod";
import { MOROCCO_TIME_ZONE } from "../shared/i18n.js";

/*
 * Meetings are entered and shown on Moroccan legal time. Morocco is on UTC+1 most of the
 * year but goes back to UTC+0 during Ramadan, on dates announced each year: the offset must
 * come from the time-zone rules (Intl, which carries the IANA data), never a fixed +01:00.
 */

const wallClockFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: MOROCCO_TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

const DAY_MS = 86_400_000;

/** The reading of Morocco's clocks at an instant, written as if it were UTC (milliseconds). */
function wallClockAt(instant: number): number {
  const parts: Record<string, number> = {};
  for (const part of wallClockFormat.formatToParts(new Date(instant))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
}

/** Morocco's offset from UTC at an instant, in milliseconds (3 600 000 on UTC+1). */
const offsetAt = (instant: number): number => wallClockAt(instant) - Math.floor(instant / 1000) * 1000;

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** A wall-clock reading as UTC milliseconds; undefined when it is no real date and time (31 February). */
function wallClockOf(local: string): number | undefined {
  const match = LOCAL_PATTERN.exec(local);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 31 February over into March: such a date does not exist.
  const date = new Date(wall);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  return wall;
}

/**
 * The instant a Moroccan wall-clock time ("2026-03-01T10:00", as a datetime-local input sends
 * it) stands for. When the clocks go back the hour repeats: the first of the two is taken.
 * Undefined when the text is no such time, or names a time the clocks skipped.
 */
export function moroccanTimeToInstant(local: string): Date | undefined {
  const wall = wallClockOf(local);
  if (wall === undefined) return undefined;
  // The offsets in force around that day; each gives a candidate, kept when the clock agrees.
  const offsets = new Set([offsetAt(wall - DAY_MS), offsetAt(wall), offsetAt(wall + DAY_MS)]);
  const candidates = [...offsets]
    .map((offset) => wall - offset)
    .filter((instant) => wallClockAt(instant) === wall)
    .sort((a, b) => a - b);
  const first = candidates[0];
  return first === undefined ? undefined : new Date(first);
}

/** A moment as a datetime-local input shows it, on Moroccan time ("2026-03-01T10:00"). */
export function instantToMoroccanTime(instant: Date): string {
  return new Date(wallClockAt(instant.getTime())).toISOString().slice(0, 16);
}

const OFFSET_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A meeting's start: a Moroccan time without offset (what the form's datetime-local input
 * sends, and what a script may send), or an exact instant with its offset or Z.
 */
export const startsAtSchema = z.string().transform((value, context): Date => {
  const text = value.trim();
  const instant = OFFSET_PATTERN.test(text) ? new Date(text) : moroccanTimeToInstant(text);
  if (instant && !Number.isNaN(instant.getTime())) return instant;
  const skipped = wallClockOf(text) !== undefined;
  context.addIssue({
    code: "custom",
    message: skipped
      ? "is a time that does not exist in Morocco (the clocks skip it when they go forward)"
      : "must be a date and time as YYYY-MM-DDTHH:MM (Moroccan time), or with an offset",
    params: { reason: skipped ? "meetings.reasons.skippedTime" : "meetings.reasons.dateTime" },
  });
  return z.NEVER;
});
