import { stemmer as englishStem } from "@orama/stemmers/english";
import { stemmer as frenchStem } from "@orama/stemmers/french";

/**
 * How Sharaka reads words, for search: one folding for the indexed texts and for what people
 * type, so that both sides meet whatever the spelling. The database only sees the result (the
 * 'simple' text-search configuration, which keeps words as they come): PGlite and PostgreSQL
 * then match alike, whatever their locale or dictionaries.
 */

/** Bidi marks and zero-width characters: invisible, they must not split or change a word. */
const invisible = /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
/** Arabic tatweel (kashida): stretches a word on screen, means nothing. */
const tatweel = /\u0640/g;
const apostrophes = /[\u2019\u02BC\u2018\u0060\u00B4]/g;
/** French elided articles and pronouns before a vowel: "l'université" is searched as "université". */
const elision = /(^|[^\p{L}\p{N}])(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)'(?=\p{L})/gu;
/** The English possessive: "Morocco's" is searched as "Morocco". */
const possessive = /(\p{L})'s(?![\p{L}\p{N}])/gu;
const combiningMarks = /\p{M}/gu;

export const letterFolds: Record<string, string> = {
  œ: "oe",
  æ: "ae",
  ß: "ss",
  ı: "i",
  ø: "o",
  đ: "d",
  ł: "l",
  // Arabic: one form per letter whatever the writer's habit (see words.test.ts for why each).
  ٱ: "ا",
  ى: "ي",
  ی: "ي",
  ة: "ه",
  ک: "ك",
  ؤ: "ء",
  ئ: "ء",
};
const foldable = new RegExp(`[${Object.keys(letterFolds).join("")}]`, "g");
/** Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) digits. */
const arabicDigits = /[\u0660-\u0669\u06F0-\u06F9]/g;

/**
 * A text as search compares it: compatibility forms unified (presentation forms, ligatures,
 * full-width), lower case, accents and tashkeel removed, one form for each Arabic letter that
 * is written several ways (أ إ آ ٱ → ا; ى → ي; ة → ه; ؤ ئ → ء), Arabic digits as Latin ones,
 * French elisions and English possessives dropped. Word boundaries are kept.
 */
export function foldText(text: string): string {
  return (
    text
      .normalize("NFKC")
      .replace(invisible, "")
      .replace(tatweel, "")
      .toLowerCase()
      .replace(foldable, (letter) => letterFolds[letter] ?? letter)
      .replace(arabicDigits, (digit) => String(digit.charCodeAt(0) & 0x0f))
      // Decomposed, an accent or a harakah is a mark of its own, and so are the hamza and madda
      // that أ إ آ carry: dropping marks leaves the bare letter.
      .normalize("NFD")
      .replace(combiningMarks, "")
      .normalize("NFC")
      .replace(apostrophes, "'")
      .replace(elision, "$1")
      .replace(possessive, "$1")
  );
}

/** Longer words are not words (a pasted hash, a URL): never indexed, and cut short in a query. */
export const MAX_WORD_LENGTH = 60;

/** The words of a folded text, in order: runs of letters and digits. */
export function splitWords(folded: string): string[] {
  return folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

const arabicLetter = /[\u0620-\u064A]/;
const latinLetter = /[a-z]/;

/** The article and the prefixes written with it, longest first: و ف ب ك + ال, لل (ل + ال), ال. */
const arabicArticles = ["وال", "فال", "بال", "كال", "لل", "ال"];
/** One-letter prefixes: and, so, with, as, for. */
const arabicParticles = ["و", "ف", "ب", "ك", "ل"];
/** What must remain of a word once a prefix is taken away: shorter, it was part of the word. */
const ARABIC_STEM_MIN = 3;

/**
 * An Arabic word without its article or attached prefix ("والتخطيط" → "تخطيط"), when enough
 * is left; `article` says whether an article was removed (a one-letter prefix is more often
 * part of the word itself: "وزاره", "بحث").
 */
export function arabicBase(word: string): { base: string; article: boolean } | undefined {
  for (const article of arabicArticles)
    if (word.startsWith(article) && word.length - article.length >= ARABIC_STEM_MIN)
      return { base: word.slice(article.length), article: true };
  for (const particle of arabicParticles)
    if (word.startsWith(particle) && word.length - particle.length >= ARABIC_STEM_MIN)
      return { base: word.slice(particle.length), article: false };
  return undefined;
}

/** Each number of a word without its leading zeros: "003" is also 3, "ampcpp003" is "ampcpp3". */
export const withoutLeadingZeros = (word: string) => word.replace(/(^|[^0-9])0+(?=[0-9])/g, "$1");

/**
 * The other forms a folded word is found by: its French and English stems ("formations" →
 * "format"), its base without an Arabic article or prefix, a number without leading zeros.
 */
export function wordVariants(word: string): readonly string[] {
  let known = variantsOf.get(word);
  if (!known) {
    if (variantsOf.size >= REMEMBERED_WORDS) variantsOf.clear();
    known = computeVariants(word);
    variantsOf.set(word, known);
  }
  return known;
}

/**
 * Words repeat across a registry (an import of 10,000 agreements stems a few thousand distinct
 * words millions of times): each word's variants are computed once. Past this many, start over.
 */
const REMEMBERED_WORDS = 50_000;
const variantsOf = new Map<string, string[]>();

function computeVariants(word: string): string[] {
  const variants = new Set<string>();
  if (/[0-9]/.test(word)) variants.add(withoutLeadingZeros(word));
  if (latinLetter.test(word)) {
    variants.add(frenchStem(word));
    variants.add(englishStem(word));
  } else if (arabicLetter.test(word)) {
    const base = arabicBase(word);
    if (base) variants.add(base.base);
  }
  variants.delete(word);
  variants.delete("");
  return [...variants];
}

/**
 * The words an indexed text is found by, each once: every word of the text and its variants.
 * Stored as the search text of a record; the database splits it on spaces.
 */
export function indexWords(...texts: (string | null | undefined)[]): string[] {
  const words = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const word of splitWords(foldText(text))) {
      if (word.length > MAX_WORD_LENGTH) continue;
      words.add(word);
      for (const variant of wordVariants(word)) words.add(variant);
    }
  }
  return [...words];
}
