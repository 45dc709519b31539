import { type FoldedText, fold, originalRange } from "./folded-text.js";
import { readNumberWords } from "./written-numbers.js";

/**
 * Dates as agreements write them, found in folded text: "15 janvier 2026", "1er mars 2026",
 * "le quinze janvier deux mille vingt-six", "January 15, 2026", "15 يناير 2026" (Moroccan,
 * Middle-Eastern, Levantine and Maghreb month names), "١٥/٠١/٢٠٢٦", "2026-01-15", and Hijri
 * dates ("12 رجب 1447"), which are shown as written beside the Gregorian one, not converted.
 */

export interface FoundDate {
  /** YYYY-MM-DD for a Gregorian date; the Hijri date as written otherwise */
  value: string;
  calendar: "gregorian" | "hijri";
  /** folded range */
  start: number;
  end: number;
}

const gregorianMonths: [number, string[]][] = [
  [1, ["janvier", "janv", "january", "jan", "يناير", "كانون الثاني", "جانفي", "ينير"]],
  [2, ["février", "fevr", "february", "feb", "فبراير", "شباط", "فيفري", "فبراير"]],
  [3, ["mars", "march", "mar", "مارس", "آذار"]],
  [4, ["avril", "april", "apr", "أبريل", "ابريل", "إبريل", "نيسان", "أفريل"]],
  [5, ["mai", "may", "ماي", "مايو", "أيار"]],
  [6, ["juin", "june", "jun", "يونيو", "يونيه", "حزيران", "جوان"]],
  [7, ["juillet", "july", "jul", "يوليوز", "يوليو", "يوليه", "تموز", "جويلية"]],
  [8, ["août", "august", "aug", "غشت", "أغسطس", "آب", "أوت"]],
  [9, ["septembre", "september", "sept", "sep", "شتنبر", "سبتمبر", "أيلول"]],
  [10, ["octobre", "october", "oct", "أكتوبر", "تشرين الأول", "اكتوبر"]],
  [11, ["novembre", "november", "nov", "نونبر", "نوفمبر", "تشرين الثاني"]],
  [12, ["décembre", "december", "dec", "دجنبر", "ديسمبر", "كانون الأول"]],
];
const hijriMonths: string[] = [
  "محرم",
  "صفر",
  "ربيع الأول",
  "ربيع الثاني",
  "ربيع الآخر",
  "جمادى الأولى",
  "جمادى الآخرة",
  "جمادى الثانية",
  "رجب",
  "شعبان",
  "رمضان",
  "شوال",
  "ذو القعدة",
  "ذي القعدة",
  "ذو الحجة",
  "ذي الحجة",
];

/** Folded month name (one or two words) → month number, or 0 for a Hijri month. */
const monthByName = new Map<string, number>();
for (const [number, names] of gregorianMonths) for (const name of names) monthByName.set(fold(name), number);
for (const name of hijriMonths) monthByName.set(fold(name), 0);

interface Token {
  text: string;
  start: number;
  end: number;
}

/** Words (an elision's apostrophe apart: "d'un" is "d", "'", "un"), numbers and single punctuation marks. */
export function tokens(folded: string): Token[] {
  const found: Token[] = [];
  for (const match of folded.matchAll(
    /\d+(?:er|e|st|nd|rd|th)?(?![\p{L}\d])|\d+|[\p{L}][\p{L}-]*|[^\s\p{L}\d]/gu,
  ))
    found.push({ text: match[0], start: match.index, end: match.index + match[0].length });
  return found;
}

/** An Arabic word's attached "ب"/"ل"/"و"/"في" aside ("بيناير", "لشهر"): the month itself. */
function monthAt(words: Token[], index: number): { month: number; used: number } | undefined {
  const one = words[index]?.text ?? "";
  const two = `${one} ${words[index + 1]?.text ?? ""}`;
  for (const [candidate, used] of [
    [two, 2],
    [one, 1],
  ] as const) {
    const month = monthByName.get(candidate) ?? monthByName.get(candidate.replace(/^[وبل]/u, ""));
    if (month !== undefined) return { month, used };
  }
  return undefined;
}

const ordinalDay = /^(\d{1,2})(?:er|e|st|nd|rd|th)?$/u;
const firstDay = new Set(["premier", "1er", "فاتح", "first"]);

/** The day written just before a month (1 to 3 words), or undefined. */
function dayBefore(words: Token[], monthIndex: number): { day: number; from: number } | undefined {
  let index = monthIndex - 1;
  // "15 من يناير", "the 15th of January"
  if (["من", "of"].includes(words[index]?.text ?? "")) index--;
  // "this 15th day of January, 2025"
  if (words[index]?.text === "day") index--;
  const word = words[index]?.text ?? "";
  if (firstDay.has(word)) return { day: 1, from: index };
  const figure = ordinalDay.exec(word);
  if (figure) return { day: Number(figure[1]), from: index };
  for (let length = 3; length >= 1; length--) {
    const from = index - length + 1;
    if (from < 0) continue;
    const read = readNumberWords(words.slice(from, index + 1).map((token) => token.text));
    if (read && read.used === length && read.value >= 1 && read.value <= 31) return { day: read.value, from };
  }
  return undefined;
}

/** The day written just after a month ("January 15, 2026"). */
function dayAfter(words: Token[], index: number): { day: number; used: number } | undefined {
  const figure = ordinalDay.exec(words[index]?.text ?? "");
  if (figure) return { day: Number(figure[1]), used: 1 };
  return undefined;
}

/** The year after a month (figures, or words: "deux mille vingt-six"), skipping a comma. */
function yearAfter(words: Token[], index: number): { year: number; to: number } | undefined {
  let at = index;
  if (words[at]?.text === ",") at++;
  if (["سنة", "عام"].includes(words[at]?.text ?? "")) at++;
  const word = words[at]?.text ?? "";
  if (/^\d{4}$/u.test(word)) return { year: Number(word), to: at };
  const read = readNumberWords(words.slice(at, at + 8).map((token) => token.text));
  if (read && read.value >= 1300 && read.value <= 2200) return { year: read.value, to: at + read.used - 1 };
  return undefined;
}

/** Dates in figures, with the groups holding the year, month and day: day first as Morocco writes them, or ISO's year first. */
const numericDates: [RegExp, [number, number, number]][] = [
  [/(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/-]|\.\d)/gu, [4, 3, 1]],
  [/(?<![\d/.-])(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?![\d/-]|\.\d)/gu, [1, 3, 4]],
];

const pad = (value: number) => String(value).padStart(2, "0");

/** A real Gregorian date, as YYYY-MM-DD. */
export function isoDate(year: number, month: number, day: number): string | undefined {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Every date written in a folded text (or in its range [from, to)), in order; positions in the whole text. */
export function findDates(text: FoldedText, from = 0, to = text.folded.length): FoundDate[] {
  return datesIn(text.folded.slice(from, to)).map((date) => ({
    ...date,
    start: date.start + from,
    end: date.end + from,
    value: date.calendar === "hijri" ? hijriWritten(text, date.start + from, date.end + from) : date.value,
  }));
}

/** A Hijri date as written ("هـ" included: its tatweel is folded away but belongs to it). */
function hijriWritten(text: FoldedText, start: number, end: number): string {
  const written = originalRange(text, start, end);
  while (text.original[written.end] === "\u0640") written.end++;
  return text.original.slice(written.start, written.end).replace(/\s+/gu, " ");
}

function datesIn(folded: string): FoundDate[] {
  const found: FoundDate[] = [];
  const words = tokens(folded);
  for (let index = 0; index < words.length; index++) {
    const month = monthAt(words, index);
    if (!month) continue;
    const before = dayBefore(words, index);
    const after = before ? undefined : dayAfter(words, index + month.used);
    const year = yearAfter(words, index + month.used + (after?.used ?? 0));
    const day = before?.day ?? after?.day;
    if (!day || !year) continue;
    const start = words[before ? before.from : index]?.start ?? 0;
    let end = words[year.to]?.end ?? start;
    if (month.month === 0) {
      if (year.year < 1300 || year.year > 1600 || day > 30) continue;
      if (/^\s*ه(?![\p{L}])/u.test(folded.slice(end, end + 4))) end = folded.indexOf("ه", end) + 1;
      found.push({ value: "", calendar: "hijri", start, end });
    } else {
      const iso = isoDate(year.year, month.month, day);
      if (iso) found.push({ value: iso, calendar: "gregorian", start, end });
    }
    index = year.to;
  }
  for (const [pattern, order] of numericDates)
    for (const match of folded.matchAll(pattern)) {
      const [year, month, day] = order.map((group) => Number(match[group]));
      const iso = isoDate(year ?? 0, month ?? 0, day ?? 0);
      if (iso)
        found.push({
          value: iso,
          calendar: "gregorian",
          start: match.index,
          end: match.index + match[0].length,
        });
    }
  return found.sort((a, b) => a.start - b.start);
}
