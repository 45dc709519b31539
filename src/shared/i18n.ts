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

export type Translate = TFunction;
export const translator = (lang: Language): Translate => instance.getFixedT(lang);

/** Latin digits, as the Moroccan administration writes numbers in Arabic. */
export const localeTag = (lang: Language): string => `${lang}-MA-u-nu-latn`;

// Building an Intl formatter costs far more than using one: keep one per language and options.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<Language, Intl.DateTimeFormat>();

export function formatNumber(lang: Language, value: number, options?: Intl.NumberFormatOptions): string {
  const key = `${lang}|${JSON.stringify(options ?? {})}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(localeTag(lang), options);
    numberFormats.set(key, format);
  }
  return format.format(value);
}

export function formatDate(lang: Language, isoDate: string): string {
  let format = dateFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(localeTag(lang), { dateStyle: "long", timeZone: "UTC" });
    dateFormats.set(lang, format);
  }
  return format.format(new Date(`${isoDate}T00:00:00Z`));
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
  return format.format(value);
}
