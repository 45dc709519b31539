import { describe, expect, it } from "vitest";
import { parseSearchQuery, referenceKey, termMatches } from "./query.js";
import { foldText, indexWords } from "./words.js";

/** [what is written, how search reads it, why] */
const foldings: [string, string, string][] = [
  // French and English: case, accents, ligatures, elision
  ["UNIVERSITE", "universite", "upper case is lower case"],
  ["Université", "universite", "acute accent dropped"],
  ["élus", "elus", "accent at the start of a word"],
  ["Fès-Meknès", "fes-meknes", "grave accents dropped, the hyphen stays a boundary"],
  ["Hoceïma", "hoceima", "diaeresis dropped"],
  ["Œuvre", "oeuvre", "œ is written oe"],
  ["cœur", "coeur", "œ inside a word"],
  ["Æsop", "aesop", "æ is written ae"],
  ["français", "francais", "cedilla dropped"],
  ["Straße", "strasse", "ß is written ss"],
  ["l'université", "universite", "elided article dropped"],
  ["L’Oriental", "oriental", "typographic apostrophe, capital L"],
  ["d'Ifrane", "ifrane", "elided de"],
  ["qu'il", "il", "elided que"],
  ["jusqu'à", "a", "elided jusque"],
  ["plan d'action", "plan action", "elision inside a phrase"],
  ["aujourd'hui", "aujourd'hui", "an apostrophe inside a word that is no elision stays"],
  ["Morocco's", "morocco", "English possessive dropped"],
  ["MOROCCO’S", "morocco", "possessive with a typographic apostrophe"],
  ["ﬁnance", "finance", "the fi ligature is two letters"],
  ["ＡＭＰＣＰＰ", "ampcpp", "full-width letters are ordinary ones"],
  ["naïve café", "naive cafe", "several accented words"],
  ["e\u0301lu", "elu", "an accent typed as a combining mark"],
  ["par\u00ADtenariat", "partenariat", "a soft hyphen is invisible"],
  ["parte\u200Bnariat", "partenariat", "a zero-width space is invisible"],
  // Arabic letters written several ways
  ["أحمد", "احمد", "alef with hamza above is alef"],
  ["إقليم", "اقليم", "alef with hamza below is alef"],
  ["آفاق", "افاق", "alef with madda is alef"],
  ["ٱلرباط", "الرباط", "alef wasla is alef"],
  ["على", "علي", "alef maqsura is ya"],
  ["جامعة", "جامعه", "ta marbuta is ha"],
  ["مسؤول", "مسءول", "waw with hamza is hamza"],
  ["مسئول", "مسءول", "ya with hamza is hamza: both spellings of one word meet"],
  ["فارسی", "فارسي", "Persian ya is ya"],
  ["کتاب", "كتاب", "Persian kaf is kaf"],
  ["التَّخْطِيط", "التخطيط", "tashkeel dropped"],
  ["مُؤَسَّسَة", "مءسسه", "tashkeel, hamza and ta marbuta together"],
  ["الـــرباط", "الرباط", "tatweel dropped"],
  ["ﻻ", "لا", "the lam-alef presentation form is two letters"],
  ["ﺍﻟﺮﺑﺎﻁ", "الرباط", "presentation forms are ordinary letters"],
  ["الرباط\u200F", "الرباط", "a right-to-left mark is invisible"],
  ["\u202Bالرباط\u202C", "الرباط", "direction embedding is invisible"],
  ["جامعة\u200Cالاخوين", "جامعهالاخوين", "a zero-width non-joiner joins nothing"],
  ["\u061Cتطوان", "تطوان", "the Arabic letter mark is invisible"],
  // digits
  ["٢٠٢٦", "2026", "Arabic-Indic digits are Latin digits"],
  ["۲۰۲۶", "2026", "Eastern Arabic-Indic digits are Latin digits"],
  ["AMPCPP-٠٠٣", "ampcpp-003", "a reference with Arabic digits"],
  ["²", "2", "a superscript digit is a digit"],
];

describe("foldText", () => {
  it.each(foldings)("%s → %s (%s)", (written, folded) => {
    expect(foldText(written)).toBe(folded);
  });
});

/** [indexed text, query, found?, why] */
const matches: [string, string, boolean, string][] = [
  ["Université Al Akhawayn", "universite", true, "without accents"],
  ["Université Al Akhawayn", "UNIVERSITE", true, "in capitals"],
  ["Formation des élus", "elus", true, "accent not typed"],
  ["Formation des élus", "élu", true, "singular finds plural (as a prefix)"],
  ["Formation de l'élu", "élus", true, "plural finds singular (English stem elu)"],
  ["Formations continues", "formation", true, "French plural"],
  ["formation", "formations", true, "plural typed, singular written (stem format)"],
  ["Partnerships in research", "partnership", true, "English plural, by prefix"],
  ["A partnership", "partnerships", true, "English plural typed"],
  ["universities", "university", true, "English stems univers"],
  ["التخطيط الترابي", "تخطيط", true, "the article is not typed"],
  ["جامعة الأخوين", "الجامعة", true, "the article is typed, not written"],
  ["الجامعة", "جامعه", true, "ta marbuta typed as ha"],
  ["والتنمية", "تنمية", true, "and + article"],
  ["للتنمية", "التنمية", true, "li + article (lam-lam)"],
  ["بالرباط", "الرباط", true, "bi + article"],
  ["وزارة الداخلية", "الداخليه", true, "the article and ta marbuta"],
  ["الرباط", "رباط", true, "a three-letter base remains"],
  ["AMPCPP-003", "ampcpp 3", true, "a reference without leading zeros"],
  ["AMPCPP-003", "003", true, "the number alone"],
  ["AMPCPP-003", "ampcpp-٠٠٣", true, "Arabic digits"],
  ["Ifrane", "ifr", true, "a word being typed"],
  ["Al Akhawayn University", "akhaw univ", true, "every word as a prefix"],
  ["Al Akhawayn University", "akhawayn rabat", false, "every word must match"],
  ["sociologie", "sosiologie", false, "a typo is not matched by the words (it is corrected later)"],
  ["وجامعة الأخوين", "جامعة", true, "wa attached to the word"],
  [
    "وزارة",
    "زارة",
    true,
    "the price of the line above: a written word loses a first letter that looks like a prefix",
  ],
  ["زيارة", "وزارة", false, "but a typed word keeps it, so one reading of it must match"],
  ["Formation des élus", "the", false, "a stop word alone is searched as typed"],
];

describe("a query and the words of a text", () => {
  it.each(matches)("%s / %s → %s (%s)", (text, typed, found) => {
    const words = indexWords(text);
    const query = parseSearchQuery(typed);
    expect(query).toBeDefined();
    const matched = query?.terms.every((term) => words.some((word) => termMatches(term, word)));
    expect(matched).toBe(found);
  });
});

describe("parseSearchQuery", () => {
  it.each([
    ["", "empty"],
    ["   ", "spaces"],
    ["a", "one letter"],
    ["& | ! ( ) : * \\ '", "tsquery syntax only"],
    ["\u064B\u064C\u0651", "tashkeel only"],
    ["\u200F\u200E", "direction marks only"],
    ["-- ; /* */", "SQL comment syntax"],
  ])("has nothing to search by in %j (%s)", (typed) => {
    expect(parseSearchQuery(typed)).toBeUndefined();
  });

  it("keeps letters and digits only, so no input reaches the tsquery syntax", () => {
    const query = parseSearchQuery("étude'); drop table agreements; -- & !x | y:*");
    expect(query?.tsquery).toMatch(/^[\p{L}\p{N}:*|&() ]+$/u);
    // "x" and "y" are one letter: too short to narrow anything.
    expect(query?.terms.map((term) => term.word)).toEqual(["etude", "drop", "table", "agreements"]);
  });

  it("leaves out stop words unless nothing else is typed", () => {
    expect(parseSearchQuery("formation des élus")?.terms.map((term) => term.word)).toEqual([
      "formation",
      "elus",
    ]);
    expect(parseSearchQuery("de la")?.terms.map((term) => term.word)).toEqual(["de", "la"]);
  });

  it("reads at most twelve words of sixty letters from a long query", () => {
    const query = parseSearchQuery(
      `${"x".repeat(500)} ${Array.from({ length: 30 }, (_, i) => `mot${i}`).join(" ")}`,
    );
    expect(query?.terms).toHaveLength(12);
    expect(query?.terms[0]?.word).toHaveLength(60);
  });

  it("compares a reference whole, whatever its separators and leading zeros", () => {
    expect(referenceKey("AMPCPP-003")).toBe("ampcpp3");
    expect(referenceKey("ampcpp 3")).toBe("ampcpp3");
    expect(referenceKey("Ampcpp003")).toBe("ampcpp3");
    expect(referenceKey("AMPCPP-030")).toBe("ampcpp30");
  });
});
