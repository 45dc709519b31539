/**
 * The rules the agreements-page reader follows, one explicit set per language, kept as data
 * so they can be read (and reviewed) in one place. `page-reader.ts` only applies them.
 *
 * Every pattern is matched against a line that has already been normalised: Unicode NFC,
 * tabs / non-breaking spaces turned into spaces, runs of spaces collapsed, ends trimmed.
 * Phrases are written in plain text; `compilePhrase` makes each space match any run of
 * whitespace and each apostrophe match both ' and ’. Matching is case-insensitive.
 */
import type { AgreementKindHint, Language } from "./page-reader.js";

export interface HeadingRule {
  /** the words before the connector ("with" / "avec" / "مع"), spelling variants listed */
  phrases: string[];
  /** the agreement kind this heading implies */
  kind: AgreementKindHint;
}

export interface LanguageRules {
  language: Language;
  /** English name of the language, for messages and the dry-run summary */
  name: string;
  /** the word that introduces the partner in a heading */
  connector: string;
  headings: HeadingRule[];
  /** the line announcing the objectives; the colon is optional and may be preceded by a space */
  objectivesMarkers: string[];
  /** a whole line that says the agreement comes with an action plan */
  actionPlanMarkers: string[];
  /** articles stripped from the start of a partner name (with their trailing space, if any) */
  leadingArticles: string[];
  /** an example heading, quoted in error messages */
  example: string;
}

const english: LanguageRules = {
  language: "en",
  name: "English",
  connector: "with",
  headings: [
    // Says both words; the registry files such agreements as partnerships (the first word wins).
    { phrases: ["partnership and cooperation agreement"], kind: "partnership" },
    // The most common heading on the seed page.
    { phrases: ["partnership agreement"], kind: "partnership" },
    { phrases: ["cooperation agreement", "co-operation agreement"], kind: "cooperation" },
    // A framework agreement sets the frame later agreements fill in.
    { phrases: ["framework agreement"], kind: "framework" },
    // A memorandum is a declaration of intent, not a binding agreement.
    { phrases: ["memorandum of understanding"], kind: "mou" },
  ],
  // The seed writes "Objectives of the agreement :"; shorter forms appear on other pages.
  objectivesMarkers: [
    "objectives of the agreement",
    "objective of the agreement",
    "objectives of the convention",
    "objectives of the memorandum",
    "objectives",
    "objective",
  ],
  // The seed has a bare "action plan" line (a link to the plan on the original site).
  actionPlanMarkers: ["action plan"],
  // "with the Ministry of the Interior" names the "Ministry of the Interior".
  leadingArticles: ["the "],
  example: "Partnership agreement with <partner>",
};

const french: LanguageRules = {
  language: "fr",
  name: "French",
  connector: "avec",
  headings: [
    // Says both words; filed as a partnership, like the English heading.
    { phrases: ["convention de partenariat et de coopération"], kind: "partnership" },
    { phrases: ["convention de partenariat", "accord de partenariat"], kind: "partnership" },
    { phrases: ["accord de coopération", "convention de coopération"], kind: "cooperation" },
    // Written with a hyphen by the style guides, often without it on real pages.
    { phrases: ["accord-cadre", "accord cadre", "convention-cadre", "convention cadre"], kind: "framework" },
    // The accent is often lost when the text went through an old editor.
    { phrases: ["mémorandum d'entente", "memorandum d'entente"], kind: "mou" },
    // A bare "convention" is how these associations word a partnership.
    { phrases: ["convention"], kind: "partnership" },
  ],
  objectivesMarkers: [
    "objectifs de la convention",
    "objectifs de l'accord",
    "objectifs du mémorandum",
    "objectif de la convention",
    "objectif de l'accord",
    "objectifs",
    "objectif",
  ],
  actionPlanMarkers: ["plan d'action"],
  // "avec le Ministère de l'Intérieur" names the "Ministère de l'Intérieur"; the elided
  // article has no space after it and is written with either apostrophe.
  leadingArticles: ["le ", "la ", "les ", "l'", "l’"],
  example: "Convention de partenariat avec <partenaire>",
};

const arabic: LanguageRules = {
  language: "ar",
  name: "Arabic",
  connector: "مع",
  headings: [
    // "partnership and cooperation agreement": filed as a partnership, like the other languages.
    { phrases: ["اتفاقية شراكة وتعاون", "اتفاق شراكة وتعاون"], kind: "partnership" },
    // Pages use both "اتفاقية" and the shorter "اتفاق" for "agreement".
    { phrases: ["اتفاقية شراكة", "اتفاق شراكة"], kind: "partnership" },
    { phrases: ["اتفاقية تعاون", "اتفاق تعاون"], kind: "cooperation" },
    // "إطار" is often typed without its hamza.
    { phrases: ["اتفاقية إطار", "اتفاق إطار", "اتفاقية اطار", "اتفاق اطار"], kind: "framework" },
    { phrases: ["مذكرة تفاهم"], kind: "mou" },
    // A bare "agreement with" is how these associations word a partnership.
    { phrases: ["اتفاقية", "اتفاق"], kind: "partnership" },
  ],
  objectivesMarkers: ["أهداف الاتفاقية", "أهداف الاتفاق", "أهداف المذكرة", "الأهداف", "أهداف"],
  // "work plan" and "work programme" are both used for the action plan.
  actionPlanMarkers: ["خطة العمل", "برنامج العمل"],
  // The Arabic article "ال" is part of the word and of the partner's name: nothing is stripped.
  leadingArticles: [],
  example: "اتفاقية شراكة مع <الشريك>",
};

/** Arabic first: a page is Arabic when its headings match the Arabic rules. */
export const pageRules: readonly LanguageRules[] = [arabic, french, english];

export function rulesFor(language: Language): LanguageRules {
  const rules = pageRules.find((r) => r.language === language);
  if (!rules) throw new Error(`no page rules for language ${language}`);
  return rules;
}

/**
 * A bullet at the start of an objective line: one of • · - – * ▪, or a number written as
 * `1.` `1)` `1-` `(1)` in Latin, Arabic-Indic (١٢٣) or Persian (۱۲۳) digits. A number must not
 * be followed by another digit, so "1.5 million" is not a bullet.
 */
export const bulletPattern = /^(?:[•·\-–*▪]|\([0-9٠-٩۰-۹]{1,3}\)|[0-9٠-٩۰-۹]{1,3}[.)-](?![0-9٠-٩۰-۹]))\s*/u;

/** Separators and spaces removed from the end of every objective (Latin and Arabic ; , . :). */
export const trailingSeparators = /[\s;,.؛،:]+$/u;

/** Punctuation removed from the end of a partner name. */
export const trailingNamePunctuation = /[\s;,.:!?؛،]+$/u;

/** Commas that end the partner name: the rest is a description ("…, school-Business partnership"). */
export const nameClauseCommas = [",", "،"];

/** Longest objective accepted, in characters (after the bullet and trailing separators are gone). */
export const maxObjectiveLength = 4000;

/** Most agreements one page may hold. */
export const maxAgreements = 500;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Plain phrase → regex source: spaces match any whitespace, apostrophes match ' and ’. */
export function compilePhrase(phrase: string): string {
  return escapeRegExp(phrase).replace(/ +/g, "\\s+").replace(/['’]/g, "['’]");
}

/** `<phrase> <connector> <rest>`; group 1 is what follows the connector (possibly empty). */
export function headingPattern(rules: LanguageRules, rule: HeadingRule): RegExp {
  const phrases = rule.phrases.map(compilePhrase).join("|");
  return new RegExp(`^(?:${phrases})\\s+${compilePhrase(rules.connector)}(?![\\p{L}\\p{N}])(.*)$`, "iu");
}

/** A whole marker line, colon optional; text after a colon (group 1) is the first objective. */
export function objectivesPattern(rules: LanguageRules): RegExp {
  const phrases = rules.objectivesMarkers.map(compilePhrase).join("|");
  return new RegExp(`^(?:${phrases})\\s*(?:$|:\\s*(.*)$)`, "iu");
}

/** A whole action-plan line, colon optional. */
export function actionPlanPattern(rules: LanguageRules): RegExp {
  const phrases = rules.actionPlanMarkers.map(compilePhrase).join("|");
  return new RegExp(`^(?:${phrases})\\s*:?$`, "iu");
}
