import { fold } from "./folded-text.js";

/**
 * Numbers as agreements write them: in figures with the separators people use in ar/fr/en
 * ("1 500 000,00", "1.500.000", "1,500,000.00", Arabic-Indic digits once folded), and in words
 * in French, English and Arabic ("un million cinq cent mille", "two hundred", "ثلاثة آلاف").
 * Words are read from folded text (folded-text.ts), so accents, hamza and ta marbuta do not matter.
 */

/**
 * A number written in figures: the last of "," or "." is the decimal point when both appear, a
 * separator repeated or followed by exactly three digits groups thousands, spaces group thousands.
 */
export function parseFigure(written: string): number | undefined {
  const compact = written.replace(/[\s\u00A0\u202F']/gu, "");
  if (!/^\d[\d.,]*$/u.test(compact)) return undefined;
  const lastComma = compact.lastIndexOf(",");
  const lastDot = compact.lastIndexOf(".");
  let integer = compact;
  let fraction = "";
  if (lastComma >= 0 && lastDot >= 0) {
    const decimal = Math.max(lastComma, lastDot);
    integer = compact.slice(0, decimal);
    fraction = compact.slice(decimal + 1);
  } else {
    const separator = lastComma >= 0 ? "," : lastDot >= 0 ? "." : "";
    if (separator) {
      const groups = compact.split(separator);
      const thousands = groups.length > 2 || groups[groups.length - 1]?.length === 3;
      if (!thousands) {
        integer = groups[0] ?? "";
        fraction = groups[1] ?? "";
      }
    }
  }
  const digits = integer.replace(/[.,]/gu, "");
  if (!/^\d+$/u.test(digits) || (fraction && !/^\d+$/u.test(fraction))) return undefined;
  return Number(fraction ? `${digits}.${fraction}` : digits);
}

/**
 * unit: added; hundred: multiplies what precedes; scale: closes a group ("mille", "million");
 * whole: a number in one word (Arabic "مائتان", "ثلاثمائة"); wholeScale: a scale in the dual
 * ("ألفان", "مليونان"), which closes a group of its own.
 */
type WordValue = { value: number; kind: "unit" | "hundred" | "scale" | "whole" | "wholeScale" };

/** Each number word of the three languages, folded, with how it combines with its neighbours. */
const numberWords = new Map<string, WordValue>();
function define(kind: WordValue["kind"], value: number, ...words: string[]) {
  for (const word of words) numberWords.set(fold(word), { value, kind });
}
// French
define("unit", 0, "zéro");
define("unit", 1, "un", "une", "premier", "première");
define("unit", 2, "deux");
define("unit", 3, "trois");
define("unit", 4, "quatre");
define("unit", 5, "cinq");
define("unit", 6, "six");
define("unit", 7, "sept");
define("unit", 8, "huit");
define("unit", 9, "neuf");
define("unit", 10, "dix");
define("unit", 11, "onze");
define("unit", 12, "douze");
define("unit", 13, "treize");
define("unit", 14, "quatorze");
define("unit", 15, "quinze");
define("unit", 16, "seize");
define("unit", 20, "vingt", "vingts");
define("unit", 30, "trente");
define("unit", 40, "quarante");
define("unit", 50, "cinquante");
define("unit", 60, "soixante");
define("hundred", 100, "cent", "cents");
define("scale", 1000, "mille", "mil");
define("scale", 1_000_000, "million", "millions");
define("scale", 1_000_000_000, "milliard", "milliards");
// English
define("unit", 0, "zero");
define("unit", 1, "one", "first");
define("unit", 2, "two", "second");
define("unit", 3, "three", "third");
define("unit", 4, "four", "fourth");
define("unit", 5, "five", "fifth");
define("unit", 6, "six", "sixth");
define("unit", 7, "seven", "seventh");
define("unit", 8, "eight", "eighth");
define("unit", 9, "nine", "ninth");
define("unit", 10, "ten", "tenth");
define("unit", 11, "eleven", "eleventh");
define("unit", 12, "twelve", "twelfth");
define("unit", 13, "thirteen", "thirteenth");
define("unit", 14, "fourteen", "fourteenth");
define("unit", 15, "fifteen", "fifteenth");
define("unit", 16, "sixteen", "sixteenth");
define("unit", 17, "seventeen", "seventeenth");
define("unit", 18, "eighteen", "eighteenth");
define("unit", 19, "nineteen", "nineteenth");
define("unit", 20, "twenty", "twentieth");
define("unit", 30, "thirty", "thirtieth");
define("unit", 40, "forty");
define("unit", 50, "fifty");
define("unit", 60, "sixty");
define("unit", 70, "seventy");
define("unit", 80, "eighty");
define("unit", 90, "ninety");
define("hundred", 100, "hundred");
define("scale", 1000, "thousand");
define("scale", 1_000_000, "million");
define("scale", 1_000_000_000, "billion");
// Arabic (masculine and feminine, nominative and oblique)
define("unit", 1, "واحد", "واحدة", "أحد", "إحدى");
define("unit", 2, "اثنان", "اثنين", "اثنتان", "اثنتين", "اثنا", "اثني", "اثنتا", "اثنتي");
define("unit", 3, "ثلاث", "ثلاثة");
define("unit", 4, "أربع", "أربعة");
define("unit", 5, "خمس", "خمسة");
define("unit", 6, "ست", "ستة");
define("unit", 7, "سبع", "سبعة");
define("unit", 8, "ثمان", "ثماني", "ثمانية");
define("unit", 9, "تسع", "تسعة");
define("unit", 10, "عشر", "عشرة");
define("unit", 20, "عشرون", "عشرين");
define("unit", 30, "ثلاثون", "ثلاثين");
define("unit", 40, "أربعون", "أربعين");
define("unit", 50, "خمسون", "خمسين");
define("unit", 60, "ستون", "ستين");
define("unit", 70, "سبعون", "سبعين");
define("unit", 80, "ثمانون", "ثمانين");
define("unit", 90, "تسعون", "تسعين");
define("hundred", 100, "مائة", "مئة");
define("whole", 200, "مائتان", "مائتين", "مئتان", "مئتين", "مائتا", "مائتي", "مئتا", "مئتي");
define("scale", 1000, "ألف", "آلاف", "ألاف");
define("wholeScale", 2000, "ألفان", "ألفين", "ألفا", "ألفي");
define("scale", 1_000_000, "مليون", "ملايين");
define("wholeScale", 2_000_000, "مليونان", "مليونين");
define("scale", 1_000_000_000, "مليار", "ملايير", "مليارات");
for (const [unit, value] of [
  ["ثلاث", 3],
  ["أربع", 4],
  ["خمس", 5],
  ["ست", 6],
  ["سبع", 7],
  ["ثمان", 8],
  ["تسع", 9],
] as const)
  define("whole", value * 100, `${unit}مائة`, `${unit}مئة`);

const connectors = new Set(["et", "and", "و"]);

/** The value of one folded word, without an attached Arabic "و" (and). */
function wordValue(word: string): WordValue | undefined {
  return numberWords.get(word) ?? (word.startsWith("و") ? numberWords.get(word.slice(1)) : undefined);
}

/** Whether a folded word is a number word of some language (hyphenated parts included). */
export const isNumberWord = (word: string): boolean => word.split("-").every((part) => !!wordValue(part));

/**
 * The number written in words at the start of `words` (folded, one word each, hyphenated ones
 * whole): its value and how many words it took. "et"/"and"/"و" inside a number join it; a
 * number never starts or ends on one.
 */
export function readNumberWords(words: readonly string[]): { value: number; used: number } | undefined {
  let total = 0;
  let current = 0;
  let used = 0;
  let seen = false;
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? "";
    if (seen && connectors.has(word) && index + 1 < words.length && isNumberWord(words[index + 1] ?? ""))
      continue;
    const parts = word.split("-");
    const values = parts.map(wordValue);
    if (!values.every((value): value is WordValue => !!value)) break;
    for (const [position, part] of values.entries()) {
      if (part.kind === "hundred") current = (current || 1) * 100;
      else if (part.kind === "scale") {
        total += (current || 1) * part.value;
        current = 0;
      } else if (part.kind === "wholeScale") {
        total += current + part.value;
        current = 0;
      } else if (part.kind === "whole") current += part.value;
      // "quatre-vingt(s)": the one French number that multiplies by twenty
      else if (part.value === 20 && current % 100 === 4 && /^vingts?$/u.test(parts[position] ?? ""))
        current += 76;
      else current += part.value;
    }
    seen = true;
    used = index + 1;
  }
  return seen ? { value: total + current, used } : undefined;
}
