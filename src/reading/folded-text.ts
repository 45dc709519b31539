import { letterFolds } from "../search/words.js";

/**
 * A text as the reading rules see it, with the way back to what was written: rules match folded
 * text (lower case, no accents or tashkeel, one form per Arabic letter, Latin digits) and each
 * proposal quotes the original excerpt, so every folded character remembers where it came from.
 * The folding is search's (src/search/words.ts) applied one character at a time, because
 * search's folding of a whole text cannot say which written character became which.
 */

const dropped =
  /[\u00AD\u061C\u0640\u064B-\u065F\u0670\u06D6-\u06ED\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/u;
const marks = /\p{M}/gu;
/** Search's letter folds, and the punctuation the rules match on one form of. */
const characterFolds: Record<string, string> = {
  ...letterFolds,
  "\u2019": "'",
  "\u2018": "'",
  "\u02BC": "'",
  "\u00AB": '"',
  "\u00BB": '"',
  "\u201C": '"',
  "\u201D": '"',
  "\u00A0": " ",
  "\u202F": " ",
  "\u2009": " ",
  "\u066B": ",",
  "\u066C": ".",
  "\u060C": ",",
  "\u061B": ";",
};

function foldCharacter(character: string): string {
  if (dropped.test(character)) return "";
  const folded = characterFolds[character];
  if (folded !== undefined) return folded;
  const code = character.charCodeAt(0);
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
  const lower = character.toLowerCase();
  if (code < 0x80) return lower;
  const bare = lower.normalize("NFD").replace(marks, "");
  return characterFolds[bare] ?? bare;
}

export interface FoldedText {
  /** what was written */
  original: string;
  /** folded: what the rules match */
  folded: string;
  /** for each character of `folded`, the index in `original` it came from */
  origin: number[];
}

/**
 * Folds a text, remembering where each folded character was written. Runs of spaces become one
 * space and runs of blank lines one blank line: layout says nothing to the rules, and a page of
 * spaces must not make every pattern scan it again at each position.
 */
export function foldWithOrigin(original: string): FoldedText {
  const out: string[] = [];
  const origin: number[] = [];
  let newlines = 0;
  let space = false;
  for (let index = 0; index < original.length; ) {
    const codePoint = original.codePointAt(index) ?? 0;
    const character = String.fromCodePoint(codePoint);
    const folded = foldCharacter(character);
    const at = index;
    index += character.length;
    if (folded === "\n" || folded === "\r") {
      if (folded === "\r" || ++newlines > 2) continue;
      space = false;
    } else if (/^[ \t\f\v]$/u.test(folded)) {
      if (space) continue;
      space = true;
    } else if (folded) {
      newlines = 0;
      space = false;
    }
    out.push(folded);
    // one origin per UTF-16 unit, as the folded string is indexed
    for (let unit = 0; unit < folded.length; unit++) origin.push(at);
  }
  return { original, folded: out.join(""), origin };
}

/** The same folding, for the rules' own word lists. */
export const fold = (text: string): string => foldWithOrigin(text).folded;

/** Where a folded range [start, end) was written: start and end in the original text. */
export function originalRange(text: FoldedText, start: number, end: number): { start: number; end: number } {
  const from = text.origin[start] ?? text.original.length;
  const last = text.origin[Math.max(start, end - 1)] ?? text.original.length - 1;
  const lastCharacter = text.original.codePointAt(last) ?? 0;
  return { start: from, end: end > start ? last + (lastCharacter > 0xffff ? 2 : 1) : from };
}
