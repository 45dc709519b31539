import ICAL from "ical.js";
import { expect } from "vitest";

/**
 * Reads a feed back with ical.js (an independent parser) and checks what every calendar
 * client relies on: the calendar's VERSION and PRODID, each event's UID (unique), DTSTAMP,
 * DTSTART and SUMMARY, all-day events as DATE values ending after they start, CRLF line
 * endings and lines of at most 75 octets.
 */
export interface ParsedEvent {
  uid: string;
  summary: string;
  description: string;
  location: string | null;
  url: string | null;
  status: string | null;
  allDay: boolean;
  /** YYYY-MM-DD for all-day events (DTEND exclusive), an ISO instant otherwise */
  start: string;
  end: string | null;
  /** the instant, for timed events */
  startMs: number;
  utc: boolean;
}

export function parseFeed(text: string): {
  calendar: InstanceType<typeof ICAL.Component>;
  events: ParsedEvent[];
  byUid: Map<string, ParsedEvent>;
} {
  expect(text.endsWith("\r\n")).toBe(true);
  const lines = text.slice(0, -2).split("\r\n");
  for (const line of lines) {
    expect(line, "a bare LF or CR inside a line").not.toMatch(/[\r\n]/);
    expect(Buffer.byteLength(line, "utf8"), `line longer than 75 octets: ${line}`).toBeLessThanOrEqual(75);
  }
  const calendar = new ICAL.Component(ICAL.parse(text));
  expect(calendar.name).toBe("vcalendar");
  expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
  expect(String(calendar.getFirstPropertyValue("prodid") ?? "")).not.toBe("");
  expect(calendar.getFirstPropertyValue("method")).toBe("PUBLISH");
  const events = calendar.getAllSubcomponents("vevent").map((vevent): ParsedEvent => {
    for (const name of ["uid", "dtstamp", "dtstart", "summary"]) {
      expect(vevent.hasProperty(name), `VEVENT without ${name.toUpperCase()}`).toBe(true);
    }
    const event = new ICAL.Event(vevent);
    const allDay = event.startDate.isDate;
    const end = vevent.hasProperty("dtend") ? event.endDate : null;
    if (allDay) {
      expect(end?.isDate, `${event.uid}: an all-day DTEND is a DATE`).toBe(true);
      expect(end && end.compare(event.startDate) > 0, `${event.uid}: DTEND after DTSTART`).toBe(true);
    }
    const day = (time: InstanceType<typeof ICAL.Time>) => time.toString().slice(0, 10);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description ?? "",
      location: event.location ?? null,
      url: (vevent.getFirstPropertyValue("url") as string | null) ?? null,
      status: (vevent.getFirstPropertyValue("status") as string | null) ?? null,
      allDay,
      start: allDay ? day(event.startDate) : event.startDate.toJSDate().toISOString(),
      end: end ? (allDay ? day(end) : end.toJSDate().toISOString()) : null,
      startMs: event.startDate.toJSDate().getTime(),
      utc: event.startDate.zone === ICAL.Timezone.utcTimezone,
    };
  });
  const byUid = new Map(events.map((event) => [event.uid, event]));
  expect(byUid.size, "UIDs are unique").toBe(events.length);
  return { calendar, events, byUid };
}
