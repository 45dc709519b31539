import { describe, expect, it } from "vitest";
import { instantToMoroccanTime, moroccanTimeToInstant, startsAtSchema } from "./moroccan-time.js";

describe("Moroccan time, from the time-zone rules", () => {
  it("is UTC+1 outside Ramadan", () => {
    expect(moroccanTimeToInstant("2026-06-01T10:00")?.toISOString()).toBe("2026-06-01T09:00:00.000Z");
    expect(moroccanTimeToInstant("2026-11-29T23:30")?.toISOString()).toBe("2026-11-29T22:30:00.000Z");
  });

  it("is UTC+0 during Ramadan 2026 (about 18 February to 19 March)", () => {
    expect(moroccanTimeToInstant("2026-03-01T10:00")?.toISOString()).toBe("2026-03-01T10:00:00.000Z");
    expect(moroccanTimeToInstant("2026-02-20T09:15")?.toISOString()).toBe("2026-02-20T09:15:00.000Z");
  });

  it("shows an instant on the clock of its day, either side of the switch", () => {
    expect(instantToMoroccanTime(new Date("2026-03-01T10:00:00Z"))).toBe("2026-03-01T10:00");
    expect(instantToMoroccanTime(new Date("2026-06-01T09:00:00Z"))).toBe("2026-06-01T10:00");
    for (const local of ["2026-03-10T18:45", "2026-07-14T08:05", "2026-01-01T00:00"]) {
      const instant = moroccanTimeToInstant(local);
      expect(instant && instantToMoroccanTime(instant)).toBe(local);
    }
  });

  it("refuses a time the clocks skip when they go forward after Ramadan", () => {
    // On 22 March 2026 the clocks go from 02:00 straight to 03:00.
    expect(moroccanTimeToInstant("2026-03-22T02:30")).toBeUndefined();
    expect(moroccanTimeToInstant("2026-03-22T01:59")?.toISOString()).toBe("2026-03-22T01:59:00.000Z");
    expect(moroccanTimeToInstant("2026-03-22T03:00")?.toISOString()).toBe("2026-03-22T02:00:00.000Z");
  });

  it("takes the first of a repeated hour when the clocks go back", () => {
    // On 15 February 2026 the clocks go back from 03:00 to 02:00: 02:30 happens twice.
    expect(moroccanTimeToInstant("2026-02-15T02:30")?.toISOString()).toBe("2026-02-15T01:30:00.000Z");
  });

  it("refuses what is no date and time", () => {
    for (const text of ["2026-02-31T10:00", "2026-03-01", "10:00", "2026-03-01T24:00", "demain"]) {
      expect(moroccanTimeToInstant(text)).toBeUndefined();
    }
  });

  it("reads a meeting's start as Moroccan time, or as an instant with its offset", () => {
    expect(startsAtSchema.parse("2026-03-01T10:00").toISOString()).toBe("2026-03-01T10:00:00.000Z");
    expect(startsAtSchema.parse("2026-03-01T10:00:00+01:00").toISOString()).toBe("2026-03-01T09:00:00.000Z");
    expect(startsAtSchema.parse("2026-06-01T09:00:00Z").toISOString()).toBe("2026-06-01T09:00:00.000Z");
    const skipped = startsAtSchema.safeParse("2026-03-22T02:30");
    expect(skipped.error?.issues[0]).toMatchObject({ params: { reason: "meetings.reasons.skippedTime" } });
    const malformed = startsAtSchema.safeParse("le 3 mars");
    expect(malformed.error?.issues[0]).toMatchObject({ params: { reason: "meetings.reasons.dateTime" } });
  });
});
