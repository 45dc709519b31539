import { createRequire } from "node:module";
import type { DateArray, EventAttributes } from "ics";
import type { CalendarEvent } from "./calendar.events.js";

/**
 * Calendar events as iCalendar text (RFC 5545), written by the `ics` package. One thing is
 * corrected afterwards: `ics` folds lines at 75 characters, while the RFC counts octets, so
 * an Arabic line (two octets a letter) would run to 150. The text is unfolded and folded
 * again at 75 octets, never inside a character.
 */

/** `ics` (with the validation library it carries) loads with the first calendar written, not at start. */
const require = createRequire(import.meta.url);
const loadIcs = () => require("ics") as typeof import("ics");

export const PRODUCT_ID = "-//Sharaka//Calendar feed//EN";
const MAX_LINE_OCTETS = 75;

const dateArray = (day: string): DateArray => day.split("-").map(Number) as [number, number, number];

/** DTSTAMP is not in the package's types, but its schema takes it (a number of milliseconds). */
type WithStamp = EventAttributes & { timestamp: number };

function attributes(event: CalendarEvent, stamp: number): WithStamp {
  const common = {
    uid: event.uid,
    title: event.summary,
    description: event.description || undefined,
    url: event.url,
    location: event.location,
    status: event.cancelled ? ("CANCELLED" as const) : ("CONFIRMED" as const),
    timestamp: stamp,
  };
  if (event.allDay) {
    // A deadline or a period takes no time in the person's day: shown, but free.
    return { ...common, start: dateArray(event.start), end: dateArray(event.end), transp: "TRANSPARENT" };
  }
  // Milliseconds are written in UTC ("…Z"), so no time zone table is needed.
  return { ...common, start: event.start.getTime(), end: event.end.getTime(), transp: "OPAQUE" };
}

const octets = (codePoint: number) =>
  codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;

function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let size = 0;
  // A continuation line starts with a space, which counts.
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const length = octets(char.codePointAt(0) ?? 0);
    if (size + length > limit) {
      parts.push(current);
      current = "";
      size = 0;
      limit = MAX_LINE_OCTETS - 1;
    }
    current += char;
    size += length;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/** Unfolds (a CRLF then a space or tab) and folds again at 75 octets; values never hold a raw newline. */
export function foldByOctets(text: string): string {
  return text
    .replace(/\r\n[ \t]/g, "")
    .split("\r\n")
    .map(foldLine)
    .join("\r\n");
}

export function renderCalendar({
  events,
  calName,
  now,
}: {
  events: CalendarEvent[];
  calName: string;
  now: Date;
}): string {
  const stamp = Math.floor(now.getTime() / 1000) * 1000;
  const { error, value } = loadIcs().createEvents(
    events.map((event) => attributes(event, stamp)),
    { productId: PRODUCT_ID, method: "PUBLISH", calName },
  );
  if (error || value === null) throw new Error(`calendar not written: ${error?.message ?? "no output"}`);
  return foldByOctets(value);
}
