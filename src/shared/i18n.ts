import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import i18next, { type TFunction } from "i18next";
import { type Language, languages } from "./localized.js";
import { sourceFile } from "./package-files.js";

/**
 * i18next with one JSON catalogue per language. Its plural suffixes follow Intl.PluralRules,
 * which knows Arabic's six forms; src/shared/i18n.test.ts fails when a key or a plural form
 * is missing in one language.
 */
export type Catalogue = Record<string, unknown>;

const localesDir = sourceFile("shared/locales");

/**
 * `locales/<lang>.json` holds the shared strings; each module may keep its own in
 * `locales/<module>/<lang>.json`, reached as `<module>.<key>` (so modules never edit one file).
 */
function loadCatalogue(lang: Language): Catalogue {
  const catalogue = JSON.parse(readFileSync(path.join(localesDir, `${lang}.json`), "utf8")) as Catalogue;
  for (const entry of readdirSync(localesDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    if (entry.name in catalogue) throw new Error(`locales/${entry.name}/ clashes with a key of ${lang}.json`);
    catalogue[entry.name] = JSON.parse(
      readFileSync(path.join(localesDir, entry.name, `${lang}.json`), "utf8"),
    ) as Catalogue;
  }
  return catalogue;
}

export const catalogues: Record<Language, Catalogue> = Object.fromEntries(
  languages.map((lang) => [lang, loadCatalogue(lang)]),
) as Record<Language, Catalogue>;

const instance = i18next.createInstance();
void instance.init({
  resources: Object.fromEntries(languages.map((lang) => [lang, { translation: catalogues[lang] }])),
  lng: "fr",
  // A missing translation must show up in tests, not silently fall back to another language.
  fallbackLng: false,
  initAsync: false,
  // hono/jsx escapes every interpolated string when it renders.
  interpolation: { escapeValue: false },
  returnNull: false,
});
/**
 * `{{name, of}}`: "de" before a name, elided before a vowel or a mute h as French writes it
 * ("Engagements d’Al Akhawayn", "conseil d’Ifrane", "conseil de Tétouan"); only French keys use it.
 */
instance.services.formatter?.add("of", (value: unknown) => {
  const name = String(value);
  return /^[aeiouyàâäéèêëîïôöùûüœæh]/i.test(name.normalize("NFC")) ? `d’${name}` : `de ${name}`;
});

export type Translate = TFunction;

/** Beyond this many plain keys a language stops remembering new ones: keys come from the code. */
const REMEMBERED_KEYS = 5_000;
/** Texts with values (a count, a name) are many more: past this many, a language starts again. */
const REMEMBERED_WITH_VALUES = 20_000;

/** Options made only of strings, numbers and booleans: the text depends on nothing else. */
function plainValues(options: unknown): options is Record<string, string | number | boolean> {
  if (typeof options !== "object" || options === null || Array.isArray(options)) return false;
  for (const value of Object.values(options)) {
    const type = typeof value;
    if (type !== "string" && type !== "number" && type !== "boolean") return false;
  }
  return true;
}

/**
 * i18next's lookup copies its whole options object on every call: with hundreds of labels a
 * page, it took 10 % of the catalogue's CPU. The same key with the same plain values always
 * gives the same text (the catalogues do not change while the process runs), so each language
 * remembers it; anything else (a default value, nested options) goes to i18next every time.
 */
function rememberingTranslator(lang: Language): Translate {
  const translate = instance.getFixedT(lang) as unknown as (...args: unknown[]) => string;
  const texts = new Map<string, string>();
  const withValues = new Map<string, string>();
  const remembering = (key: unknown, ...rest: unknown[]) => {
    if (typeof key !== "string" || rest.length > 1) return translate(key, ...rest);
    const [options] = rest;
    if (options === undefined) {
      let text = texts.get(key);
      if (text === undefined) {
        text = translate(key);
        if (texts.size < REMEMBERED_KEYS) texts.set(key, text);
      }
      return text;
    }
    if (!plainValues(options)) return translate(key, options);
    const known = `${key}\u0000${JSON.stringify(options)}`;
    let text = withValues.get(known);
    if (text === undefined) {
      text = translate(key, options);
      if (withValues.size >= REMEMBERED_WITH_VALUES) withValues.clear();
      withValues.set(known, text);
    }
    return text;
  };
  return remembering as unknown as Translate;
}

const translators = Object.fromEntries(
  languages.map((lang) => [lang, rememberingTranslator(lang)]),
) as Record<Language, Translate>;
export const translator = (lang: Language): Translate => translators[lang];

/** Latin digits, as the Moroccan administration writes numbers in Arabic. */
export const localeTag = (lang: Language): string => `${lang}-MA-u-nu-latn`;

/** Between the items of a list: the Arabic comma in Arabic (a Latin one reads as foreign there). */
export const listSeparator = (lang: Language): string => (lang === "ar" ? "، " : ", ");

/** A list of words or labels, in the page's language. */
export const joinList = (lang: Language, items: readonly string[]): string => items.join(listSeparator(lang));

// Building an Intl formatter costs far more than using one: keep one per language and options.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<Language, Intl.DateTimeFormat>();

/**
 * Thousands are grouped with a narrow no-break space in Arabic and French ("160 904", "1 500 000,00"):
 * the Moroccan locales' dot ("160.904") reads as a decimal point. The narrow space is a number
 * separator to the bidirectional algorithm, so a grouped number keeps its order in Arabic text.
 */
const GROUP_SEPARATOR = "\u202F";

export function formatNumber(lang: Language, value: number, options?: Intl.NumberFormatOptions): string {
  const key = `${lang}|${JSON.stringify(options ?? {})}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(localeTag(lang), options);
    numberFormats.set(key, format);
  }
  if (lang === "en") return format.format(value);
  let written = "";
  for (const part of format.formatToParts(value))
    written += part.type === "group" ? GROUP_SEPARATOR : part.value;
  return written;
}

/**
 * A phrase about a number in its plural form (`key_one`, `key_few`…), the number written as the
 * language writes it (`{{number}}`): for sentences that count several things, which one `count`
 * cannot inflect.
 */
export const countedPhrase = (lang: Language, t: Translate, key: string, count: number): string =>
  t(key, { count, number: formatNumber(lang, count) });

/** French writes the first day of a month as an ordinal: "1er février", not "1 février". */
function formatted(lang: Language, format: Intl.DateTimeFormat, value: Date): string {
  const text = format.format(value);
  // Only a text with a "1" standing alone can hold the first of a month; the others (most) skip
  // formatToParts, which costs several times more (a page of the audit log writes a hundred moments).
  if (lang !== "fr" || !/(^|\D)1(?!\d)/.test(text)) return text;
  return format
    .formatToParts(value)
    .map((part) => (part.type === "day" && part.value === "1" ? "1er" : part.value))
    .join("");
}

/** Formatting a date costs microseconds and pages show dozens: each language keeps the days it wrote. */
const formattedDates = new Map<string, string>();
const REMEMBERED_DATES = 20_000;

export function formatDate(lang: Language, isoDate: string): string {
  const key = `${lang}|${isoDate}`;
  const known = formattedDates.get(key);
  if (known !== undefined) return known;
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(localeTag(lang), { dateStyle: "long", timeZone: "UTC" });
    dateFormats.set(lang, format);
  }
  const text = formatted(lang, format, new Date(`${isoDate}T00:00:00Z`));
  // Days are few (a century is 36,500): past the limit, start again rather than grow.
  if (formattedDates.size >= REMEMBERED_DATES) formattedDates.clear();
  formattedDates.set(key, text);
  return text;
}

/** Morocco's legal time, in which every moment is shown and every day is cut. */
export const MOROCCO_TIME_ZONE = "Africa/Casablanca";
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A moment on Moroccan time in the page's language (Latin digits): to the minute, or to the
 * second in long form where the exact moment matters (the audit log).
 */
export function formatDateTime(
  lang: Language,
  value: Date,
  { detailed = false }: { detailed?: boolean } = {},
): string {
  const key = `${lang}|${detailed}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(localeTag(lang), {
      dateStyle: detailed ? "long" : "medium",
      timeStyle: detailed ? "medium" : "short",
      timeZone: MOROCCO_TIME_ZONE,
    });
    dateTimeFormats.set(key, format);
  }
  return formatted(lang, format, value);
}
