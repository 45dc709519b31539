import { z } from "zod";

/** A text in up to three languages; at least one is present. */
export type LocalizedText = { ar?: string; fr?: string; en?: string };
export const languages = ["ar", "fr", "en"] as const;
export type Language = (typeof languages)[number];

export const isLanguage = (value: string): value is Language =>
  (languages as readonly string[]).includes(value);

/** Control characters other than tab/newline, and bidi overrides that can disguise text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const forbiddenCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;

/**
 * A lone UTF-16 surrogate (JSON allows "\ud800") is not Unicode text: PostgreSQL's jsonb refuses
 * it (the write failed with a 500) and a text column would silently get U+FFFD instead. With the
 * `u` flag, \p{Cs} matches only unpaired surrogates (a pair is one code point, an emoji passes).
 */
const loneSurrogate = /\p{Cs}/u;
export const isWellFormedText = (value: string): boolean => !loneSurrogate.test(value);
export const wellFormedIssue = {
  message: "contains an unpaired UTF-16 surrogate: not valid Unicode text",
  params: { reason: "unpairedSurrogate" },
};

/** Any free text that is stored: a string that is valid Unicode (see `isWellFormedText`). */
export const text = () => z.string().refine(isWellFormedText, wellFormedIssue);

/** Whether every string in a JSON value (keys included) is valid Unicode, for values kept as jsonb. */
export function isWellFormedJson(value: unknown): boolean {
  if (typeof value === "string") return isWellFormedText(value);
  if (Array.isArray(value)) return value.every(isWellFormedJson);
  if (value && typeof value === "object")
    return Object.entries(value).every(([key, item]) => isWellFormedText(key) && isWellFormedJson(item));
  return true;
}
export const wellFormedJson = <T extends z.ZodType>(schema: T) =>
  schema.refine(isWellFormedJson, wellFormedIssue);

export const cleanText = (max: number) =>
  text()
    .transform((value) => value.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .min(1, "must not be empty")
        .max(max, `must be at most ${max} characters`)
        .refine((value) => !forbiddenCharacters.test(value), {
          message: "contains control or direction-override characters",
          params: { reason: "controlCharacters" },
        }),
    );

/**
 * What a person typed in a search box, as a filter: control and direction-override characters
 * become spaces (a NUL reached PostgreSQL, which refuses it, as a 500), lone surrogates go.
 */
export const searchBoxText = (max: number) =>
  z
    .string()
    .transform((value) =>
      value
        .replace(new RegExp(forbiddenCharacters.source, "g"), " ")
        .replace(new RegExp(loneSurrogate.source, "gu"), ""),
    )
    .pipe(z.string().trim().max(max, `must be at most ${max} characters`));

/** `{ ar?, fr?, en? }` with at least one language filled in. */
export const localizedTextSchema = (max = 2000) =>
  z
    .object({
      ar: cleanText(max).optional(),
      fr: cleanText(max).optional(),
      en: cleanText(max).optional(),
    })
    .strict()
    .refine((text) => Boolean(text.ar || text.fr || text.en), {
      message: "must be given in at least one language (ar, fr or en)",
      params: { reason: "atLeastOneLanguage" },
    });

/** Optional multilingual text: may be empty. */
export const optionalLocalizedTextSchema = (max = 8000) =>
  z
    .object({
      ar: cleanText(max).optional(),
      fr: cleanText(max).optional(),
      en: cleanText(max).optional(),
    })
    .strict();

/** Which language to fall back to, per language asked for. */
const fallbackOrder: Record<Language, Language[]> = {
  ar: ["ar", "fr", "en"],
  fr: ["fr", "en", "ar"],
  en: ["en", "fr", "ar"],
};

export interface PickedText {
  text: string;
  lang: Language;
  /** true when the text is not in the language asked for */
  fallback: boolean;
}

export function pickText(value: LocalizedText | null | undefined, lang: Language): PickedText | undefined {
  if (!value) return undefined;
  for (const candidate of fallbackOrder[lang]) {
    const text = value[candidate];
    if (text) return { text, lang: candidate, fallback: candidate !== lang };
  }
  return undefined;
}

/**
 * A text in the page's language (or the nearest one it has) where markup cannot go: an option,
 * a title, an attribute; `fallback` when it has none.
 */
export const textOf = (value: LocalizedText | null | undefined, lang: Language, fallback = ""): string =>
  pickText(value, lang)?.text ?? fallback;

const collators = new Map<Language, Intl.Collator>();

/** Sorts records by their name in the page's language, as a reader of that language expects. */
export function sortByName<T>(items: readonly T[], lang: Language, nameOf: (item: T) => LocalizedText): T[] {
  let collator = collators.get(lang);
  if (!collator) {
    collator = new Intl.Collator(lang);
    collators.set(lang, collator);
  }
  const compare = collator.compare;
  // Each name picked once, not twice a comparison.
  return items
    .map((item) => ({ item, key: textOf(nameOf(item), lang) }))
    .sort((a, b) => compare(a.key, b.key))
    .map(({ item }) => item);
}

/** A text cut to about `max` characters at a word's end, for titles: a page title is read in a tab. */
export function clipped(value: string, max = 80): string {
  // By code point: a cut between the two halves of an emoji would leave half a character.
  const characters = Array.from(value.replace(/\s+/g, " ").trim());
  if (characters.length <= max) return characters.join("");
  const cut = characters.slice(0, max).join("");
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > cut.length / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

export const textDirection = (lang: Language): "rtl" | "ltr" => (lang === "ar" ? "rtl" : "ltr");

/** All languages' texts in one lower-cased string, for search and for matching names. */
export function flattenText(...values: (LocalizedText | null | undefined)[]): string {
  return values
    .flatMap((value) => (value ? [value.ar, value.fr, value.en] : []))
    .filter(Boolean)
    .join(" \n ")
    .toLowerCase();
}
