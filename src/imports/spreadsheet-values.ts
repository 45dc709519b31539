/**
 * How the spreadsheet import reads one cell: dates, amounts, numbers, yes/no and enumerations as
 * people type them in Arabic, French or English (issue #14). Every parser answers a value or the
 * key of a reason under `spreadsheetImport.reasons` in the catalogues, never throws.
 */
import { translator } from "../shared/i18n.js";
import { languages } from "../shared/localized.js";

/** What a reader hands over for one cell (rich text, hyperlinks and the like already flattened). */
export type RawCell = string | number | boolean | Date | null;

export type Parsed<T> =
  | { ok: true; value: T }
  | { ok: false; reason: string; values?: Record<string, string | number> };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (reason: string, values?: Record<string, string | number>): Parsed<never> => ({
  ok: false,
  reason,
  ...(values ? { values } : {}),
});

/** Arabic-Indic (٠…٩) and Eastern Arabic-Indic (۰…۹) digits as Latin ones; Arabic separators kept apart. */
export function latinDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (digit) => {
    const code = digit.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

export const isBlank = (raw: RawCell): boolean =>
  raw === null || (typeof raw === "string" && raw.trim() === "");

/** A cell as text: numbers as written, dates as YYYY-MM-DD. */
export function cellText(raw: RawCell): string {
  if (raw === null) return "";
  if (raw instanceof Date) return isoOf(raw);
  return String(raw).trim();
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");
const isoOf = (date: Date) =>
  `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;

function calendarDate(year: number, month: number, day: number): Parsed<string> {
  if (year < 1900 || year >= 2200) return fail("dateOutOfRange");
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return fail("notACalendarDate");
  return ok(isoOf(date));
}

/** Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was: day 0 is 1899-12-30 after it. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

function fromSerial(serial: number): Parsed<Date> {
  // 1 = 1900-01-01 … 109573 = 2199-12-31; anything else is a number typed in a date column.
  if (!Number.isFinite(serial) || serial < 1 || serial >= 109_574) return fail("notADate");
  return ok(new Date(EXCEL_EPOCH + Math.round(serial * DAY_MS)));
}

/**
 * A calendar date: a date cell, an Excel serial number (46082), 2026-03-01 (or 2026/03/01), or
 * day first as people write it in Morocco, 01/03/2026 (also with - or .); Arabic-Indic digits too.
 */
export function parseDate(raw: RawCell): Parsed<string> {
  if (raw instanceof Date) return calendarDate(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate());
  if (typeof raw === "number") {
    const date = fromSerial(raw);
    return date.ok ? parseDate(date.value) : date;
  }
  const text = latinDigits(cellText(raw)).replace(/[\u200E\u200F\u061C]/g, "");
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(text);
  if (iso) return calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayFirst = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text);
  if (dayFirst) return calendarDate(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]));
  if (/^\d{5}$/.test(text)) return parseDate(Number(text));
  return fail("notADate");
}

/** A moment written as Moroccan wall time, "YYYY-MM-DD HH:MM" (a date-time cell, a serial, or day first). */
export function parseDateTime(raw: RawCell): Parsed<string> {
  let date: Date | undefined;
  if (raw instanceof Date) date = raw;
  else if (typeof raw === "number") {
    const serial = fromSerial(raw);
    if (!serial.ok) return fail("notADateTime");
    date = serial.value;
  }
  if (date) {
    const day = parseDate(date);
    if (!day.ok) return day;
    return ok(`${day.value} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`);
  }
  const text = latinDigits(cellText(raw));
  const match = /^(.+?)[T ](\d{1,2})[:h](\d{2})(?::\d{2})?$/.exec(text);
  if (!match?.[1]) return fail("notADateTime");
  const day = parseDate(match[1]);
  if (!day.ok) return day.reason === "notADate" ? fail("notADateTime") : day;
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  if (hours > 23 || minutes > 59) return fail("notADateTime");
  return ok(`${day.value} ${pad(hours)}:${pad(minutes)}`);
}

/** Currency words people add to an amount: all mean dirhams, the registry's currency. */
const currencyWords = /^(?:mad|dh|dhs|drh|dirhams?|درهم|دراهم|د\.م\.?|م\.د\.?)$/i;

/**
 * A number as people write it in ar, fr or en: "1 500 000,50", "1,500,000.50", "1.500.000,50",
 * "١٬٥٠٠٬٠٠٠", "1500 DH". When one separator appears once, followed by exactly three digits, it
 * is a thousands separator if no more than `decimals` < 3 decimals are allowed ("1,500" is 1500
 * dirhams); for a measure with more decimals it is ambiguous and refused.
 */
export function parseNumber(raw: RawCell, decimals: number): Parsed<number> {
  if (typeof raw === "number") return withinDecimals(raw, decimals);
  if (typeof raw !== "string") return fail("notANumber");
  let text = latinDigits(raw.trim())
    .replace(/[\u200E\u200F\u061C]/g, "")
    .replace(/\u066B/g, ",")
    .replace(/\u066C/g, "\u00A0");
  // The currency, before or after the digits.
  const words = text.split(/\s+/);
  if (words.length > 1 && currencyWords.test(words.at(-1) ?? "")) words.pop();
  if (words.length > 1 && currencyWords.test(words[0] ?? "")) words.shift();
  text = words.join(" ");
  const trailing = /^(.*\d)\s*(mad|dh|dhs|درهم)$/i.exec(text);
  if (trailing?.[1]) text = trailing[1];
  const negative = /^[-\u2212]/.test(text);
  if (negative) text = text.slice(1);
  // Spaces of any width and apostrophes group thousands; they never mark decimals.
  const groupedBySpace = /[\s\u00A0\u202F'’]/.test(text);
  text = text.replace(/[\s\u00A0\u202F'’]/g, "");
  if (!/^\d[\d.,]*$/.test(text) || /[.,]$/.test(text)) return fail("notANumber");
  const dots = text.split(".").length - 1;
  const commas = text.split(",").length - 1;
  let integer = text;
  let fraction = "";
  if (dots && commas) {
    const decimalMark = text.lastIndexOf(".") > text.lastIndexOf(",") ? "." : ",";
    const thousands = decimalMark === "." ? "," : ".";
    if (text.split(decimalMark).length > 2) return fail("notANumber");
    [integer = "", fraction = ""] = text.split(decimalMark);
    if (!groupedThousands(integer, thousands)) return fail("notANumber");
    integer = integer.replaceAll(thousands, "");
  } else if (dots + commas > 1) {
    const mark = dots ? "." : ",";
    if (!groupedThousands(text, mark)) return fail("notANumber");
    integer = text.replaceAll(mark, "");
  } else if (dots + commas === 1) {
    const mark = dots ? "." : ",";
    const [before = "", after = ""] = text.split(mark);
    if (after.length === 3 && !groupedBySpace && before.length <= 3 && before !== "0") {
      if (decimals >= 3) return fail("ambiguousNumber", { example: `${before}${after}` });
      integer = before + after;
    } else {
      integer = before;
      fraction = after;
      if (groupedBySpace && after.length === 3 && decimals < 3) return fail("notANumber");
    }
  }
  const value = Number(`${negative ? "-" : ""}${integer}${fraction ? `.${fraction}` : ""}`);
  if (!Number.isFinite(value)) return fail("notANumber");
  if (fraction.replace(/0+$/, "").length > decimals) return fail("tooManyDecimals", { max: decimals });
  return ok(value);
}

function groupedThousands(text: string, mark: string): boolean {
  const groups = text.split(mark);
  return /^\d{1,3}$/.test(groups[0] ?? "") && groups.slice(1).every((group) => /^\d{3}$/.test(group));
}

function withinDecimals(value: number, decimals: number): Parsed<number> {
  if (!Number.isFinite(value)) return fail("notANumber");
  // A number cell holds a binary fraction: 1500.1 is 1500.0999…; round to the decimals allowed.
  const scale = 10 ** decimals;
  const rounded = Math.round(value * scale) / scale;
  if (Math.abs(rounded - value) > 1e-9 * Math.max(1, Math.abs(value)))
    return fail("tooManyDecimals", { max: decimals });
  return ok(rounded);
}

export const parseAmount = (raw: RawCell) => parseNumber(raw, 2);
export const parseDecimal = (raw: RawCell) => parseNumber(raw, 4);

export function parseInteger(raw: RawCell, min: number): Parsed<number> {
  const parsed = parseNumber(raw, 0);
  if (!parsed.ok) return parsed.reason === "tooManyDecimals" ? fail("notAWholeNumber") : parsed;
  if (!Number.isSafeInteger(parsed.value)) return fail("notAWholeNumber");
  if (parsed.value < min) return fail("tooSmallMin", { min });
  return parsed;
}

const yes = new Set(["yes", "y", "true", "1", "oui", "o", "vrai", "نعم", "x"]);
const no = new Set(["no", "n", "false", "0", "non", "faux", "لا"]);

export function parseBoolean(raw: RawCell): Parsed<boolean> {
  if (typeof raw === "boolean") return ok(raw);
  const text = latinDigits(cellText(raw)).toLowerCase();
  if (yes.has(text)) return ok(true);
  if (no.has(text)) return ok(false);
  return fail("notYesNo");
}

/** Case, accents, apostrophes, spacing, dashes and underscores set aside: how labels and names are matched. */
export function foldLabel(text: string): string {
  return latinDigits(text)
    .normalize("NFD")
    .replace(/[\u0300-\u036f\u064B-\u0652\u0640]/g, "")
    .toLowerCase()
    .replace(/[`´‘’“”«»"'.]/g, "")
    .replace(/[-_\s]+/g, " ")
    .trim();
}

const enumTables = new Map<string, Map<string, string>>();

/** Each value's code and its labels in ar, fr and en, folded, pointing back to the code. */
function enumTable(values: readonly string[], labels: string): Map<string, string> {
  const key = `${labels}\u0000${values.join(",")}`;
  let table = enumTables.get(key);
  if (!table) {
    table = new Map();
    for (const value of values) table.set(foldLabel(value), value);
    for (const lang of languages) {
      const t = translator(lang);
      for (const value of values) {
        const label = t(`${labels}.${value}`);
        if (label !== `${labels}.${value}` && !table.has(foldLabel(label)))
          table.set(foldLabel(label), value);
      }
    }
    enumTables.set(key, table);
  }
  return table;
}

/** One of `values`, by its code ("in_force") or its label in any language ("En vigueur", "ساري المفعول"). */
export function parseEnum(raw: RawCell, values: readonly string[], labels: string): Parsed<string> {
  const found = enumTable(values, labels).get(foldLabel(cellText(raw)));
  return found ? ok(found) : fail("notAChoice", { choices: values.join(", ") });
}

/** A list cell: values separated by ";", the Arabic "؛" or new lines; empty parts dropped. */
export function splitList(raw: RawCell): string[] {
  return cellText(raw)
    .split(/[;؛\n\r]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}
