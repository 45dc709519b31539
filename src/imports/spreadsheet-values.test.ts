import { describe, expect, it } from "vitest";
import { agreementStatuses } from "../db/schema/index.js";
import {
  parseAmount,
  parseBoolean,
  parseDate,
  parseDateTime,
  parseDecimal,
  parseEnum,
  parseInteger,
  type RawCell,
  splitList,
} from "./spreadsheet-values.js";

const value = (parsed: { ok: boolean; value?: unknown; reason?: string }) =>
  parsed.ok ? parsed.value : `!${parsed.reason}`;

describe("reading a date cell", () => {
  it.each<[RawCell, string]>([
    ["2026-03-01", "2026-03-01"],
    ["2026/3/1", "2026-03-01"],
    ["01/03/2026", "2026-03-01"],
    ["1-3-2026", "2026-03-01"],
    ["01.03.2026", "2026-03-01"],
    [" 2026-03-01T00:00:00Z ", "2026-03-01"],
    ["٠١/٠٣/٢٠٢٦", "2026-03-01"],
    ["۲۰۲۶-۰۳-۰۱", "2026-03-01"],
    [46082, "2026-03-01"],
    ["46082", "2026-03-01"],
    [61, "1900-03-01"],
    [new Date(Date.UTC(2026, 2, 1)), "2026-03-01"],
    ["31/02/2026", "!notACalendarDate"],
    ["2026-13-01", "!notACalendarDate"],
    ["1800-01-01", "!dateOutOfRange"],
    ["March 1st", "!notADate"],
    ["03/2026", "!notADate"],
    [0, "!notADate"],
    [-5, "!notADate"],
    [true, "!notADate"],
  ])("%j → %s", (raw, expected) => {
    expect(value(parseDate(raw))).toBe(expected);
  });
});

describe("reading a date and time cell", () => {
  it.each<[RawCell, string]>([
    ["2026-03-01 09:30", "2026-03-01 09:30"],
    ["01/03/2026 9h30", "2026-03-01 09:30"],
    ["2026-03-01T14:05:00", "2026-03-01 14:05"],
    [46082.5, "2026-03-01 12:00"],
    [new Date(Date.UTC(2026, 2, 1, 10, 15)), "2026-03-01 10:15"],
    ["2026-03-01", "!notADateTime"],
    ["2026-03-01 25:00", "!notADateTime"],
  ])("%j → %s", (raw, expected) => {
    expect(value(parseDateTime(raw))).toBe(expected);
  });
});

describe("reading an amount", () => {
  it.each<[RawCell, number | string]>([
    ["1500000", 1_500_000],
    ["1 500 000,50", 1_500_000.5],
    ["1\u00A0500\u00A0000,50", 1_500_000.5],
    ["1\u202F500\u202F000.50", 1_500_000.5],
    ["1,500,000.50", 1_500_000.5],
    ["1.500.000,50", 1_500_000.5],
    ["١٬٥٠٠٬٠٠٠", 1_500_000],
    ["١٥٠٠٫٥", 1500.5],
    ["1500 MAD", 1500],
    ["MAD 1500", 1500],
    ["1 500 DH", 1500],
    ["1500DH", 1500],
    ["1500 درهم", 1500],
    ["1,500", 1500],
    ["1.500", 1500],
    ["0,500", 0.5],
    ["1,5", 1.5],
    ["1.25", 1.25],
    [1500.1, 1500.1],
    [1500, 1500],
    ["1,50,0", "!notANumber"],
    ["1.234,5.6", "!notANumber"],
    ["12.345", 12345],
    ["1234.567", "!tooManyDecimals"],
    ["abc", "!notANumber"],
    ["1500 euros", "!notANumber"],
    ["1,", "!notANumber"],
    [1500.123, "!tooManyDecimals"],
  ])("%j → %s", (raw, expected) => {
    expect(value(parseAmount(raw))).toBe(expected);
  });

  it("reads a measure with up to four decimals, and refuses a lone separator before three digits as ambiguous", () => {
    expect(value(parseDecimal("12,3456"))).toBe(12.3456);
    expect(value(parseDecimal("-2.5"))).toBe(-2.5);
    expect(value(parseDecimal("1,500"))).toBe("!ambiguousNumber");
    expect(value(parseDecimal("1 500"))).toBe(1500);
  });
});

describe("reading whole numbers, yes/no, choices and lists", () => {
  it.each<[RawCell, number | string]>([
    ["12", 12],
    ["١٢", 12],
    [12, 12],
    ["1 200", 1200],
    ["12,5", "!notAWholeNumber"],
    [0, "!tooSmallMin"],
  ])("integer %j → %s", (raw, expected) => {
    expect(value(parseInteger(raw, 1))).toBe(expected);
  });

  it.each<[RawCell, boolean | string]>([
    ["yes", true],
    ["Oui", true],
    ["نعم", true],
    [true, true],
    ["no", false],
    ["NON", false],
    ["لا", false],
    ["0", false],
    ["maybe", "!notYesNo"],
  ])("boolean %j → %s", (raw, expected) => {
    expect(value(parseBoolean(raw))).toBe(expected);
  });

  it.each<[RawCell, string]>([
    ["in_force", "in_force"],
    ["IN FORCE", "in_force"],
    ["in-force", "in_force"],
    ["Draft", "draft"],
    ["Projet", "draft"],
    ["en vigueur", "in_force"],
    ["En négociation", "negotiation"],
    ["en negociation", "negotiation"],
    ["sometimes", "!notAChoice"],
  ])("status %j → %s", (raw, expected) => {
    expect(value(parseEnum(raw, agreementStatuses, "status"))).toBe(expected);
  });

  it("reads the Arabic label of a status", () => {
    expect(value(parseEnum("سارية المفعول", agreementStatuses, "status"))).toBe("in_force");
  });

  it("splits a list on ; ؛ and new lines", () => {
    expect(splitList("a; b;;c\nd؛ e")).toEqual(["a", "b", "c", "d", "e"]);
    expect(splitList(null)).toEqual([]);
  });
});
