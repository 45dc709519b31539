import type { RenewalMode } from "../db/schema/index.js";
import { fold } from "./folded-text.js";
import { type Proposal, propose, type ReadingDocument, writtenText } from "./reading-document.js";
import { findDates, tokens } from "./written-dates.js";
import { parseFigure, readNumberWords } from "./written-numbers.js";

/**
 * The rules for an agreement's terms in legal phrasing, French, English and Arabic: how long it
 * lasts, when it enters into force, how it is renewed and with what notice, where and when it was
 * signed, and the amounts it names. Each rule reads folded text (folded-text.ts) and proposes a
 * value with the words it came from; agreement-rules.test.ts holds one table of cases per rule.
 */

type Token = ReturnType<typeof tokens>[number];

const foldAll = (...words: string[]) => words.map(fold);
const unitWords: [string[], "year" | "month" | "week" | "day", number][] = [
  [
    foldAll("an", "ans", "année", "années", "year", "years", "سنة", "سنوات", "سنين", "عام", "أعوام"),
    "year",
    1,
  ],
  [foldAll("mois", "month", "months", "شهر", "شهرا", "أشهر", "شهور"), "month", 1],
  [foldAll("semaine", "semaines", "week", "weeks", "أسبوع", "أسابيع"), "week", 1],
  [foldAll("jour", "jours", "day", "days", "يوم", "يوما", "أيام"), "day", 1],
  [foldAll("سنتين", "سنتان", "عامين", "عامان"), "year", 2],
  [foldAll("شهرين", "شهران"), "month", 2],
  [foldAll("أسبوعين", "أسبوعان"), "week", 2],
  [foldAll("يومين", "يومان"), "day", 2],
];
const unitOf = new Map<string, { unit: "year" | "month" | "week" | "day"; count: number }>();
for (const [words, unit, count] of unitWords) for (const word of words) unitOf.set(word, { unit, count });
/** An Arabic unit may carry "ل"/"ب" ("لسنتين"), a French one may be "calendaires"/"ouvrables" after. */
const unitAt = (token: Token | undefined) =>
  token ? (unitOf.get(token.text) ?? unitOf.get(token.text.replace(/^[لب]/u, ""))) : undefined;

interface Quantity {
  unit: "year" | "month" | "week" | "day";
  value: number;
  /** token range */
  from: number;
  to: number;
}

/**
 * A quantity of time at token `index`: "trois (3) ans", "3 mois", "two (2) years", "ثلاث سنوات",
 * "سنتين" (Arabic duals), "سنة واحدة", "d'un an". Figures in brackets win over the words.
 */
function quantityAt(words: Token[], index: number): Quantity | undefined {
  const first = words[index];
  if (!first) return undefined;
  const dual = unitAt(first);
  if (dual) {
    // "سنة واحدة", "لمدة سنة": the unit alone, or before its number
    const after = readNumberWords(words.slice(index + 1, index + 3).map((token) => token.text));
    if (dual.count === 2) return { unit: dual.unit, value: 2, from: index, to: index };
    if (after?.value === 1) return { unit: dual.unit, value: 1, from: index, to: index + after.used };
    if (/[\u0621-\u064A]/u.test(first.text)) return { unit: dual.unit, value: 1, from: index, to: index };
    return undefined;
  }
  let value: number | undefined;
  let at = index;
  if (/^\d+$/u.test(first.text)) {
    value = Number(first.text);
    at++;
  } else {
    const read = readNumberWords(words.slice(index, index + 5).map((token) => token.text));
    if (!read) return undefined;
    value = read.value;
    at += read.used;
  }
  if (words[at]?.text === "(" && /^\d+$/u.test(words[at + 1]?.text ?? "") && words[at + 2]?.text === ")") {
    value = Number(words[at + 1]?.text);
    at += 3;
  }
  const unit = unitAt(words[at]);
  if (!unit || !value) return undefined;
  return { unit: unit.unit, value: value * unit.count, from: index, to: at };
}

const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);

const inMonths = (quantity: Quantity) =>
  quantity.unit === "year" ? quantity.value * 12 : quantity.unit === "month" ? quantity.value : undefined;
const inDays = (quantity: Quantity) =>
  quantity.value * { year: 365, month: 30, week: 7, day: 1 }[quantity.unit];

/** A sentence is searched this far at most on each side: a text without full stops is not read whole per match. */
const SENTENCE_REACH = 600;

/** The sentence around a folded position: from the last full stop, semicolon or line break. */
function sentenceAround(folded: string, start: number, end: number): { start: number; end: number } {
  const stop = /[.;\n]/u;
  let from = start;
  while (from > Math.max(0, start - SENTENCE_REACH) && !stop.test(folded[from - 1] ?? "")) from--;
  let to = end;
  while (to < Math.min(folded.length, end + SENTENCE_REACH) && !stop.test(folded[to] ?? "")) to++;
  return { start: from, end: to };
}

/** The index of the first token starting at or after `position` (tokens are in order). */
function firstTokenFrom(words: Token[], position: number): number {
  let low = 0;
  let high = words.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((words[middle]?.start ?? 0) < position) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A rule looks at its trigger's first matches only: an agreement says "entre en vigueur" a few times, not thousands. */
const MAX_TRIGGERS = 200;

/** Each match of a folded trigger (the first MAX_TRIGGERS), with the tokens of the text after it. */
function* triggers(document: ReadingDocument, pattern: RegExp) {
  const words = tokens(document.folded);
  let count = 0;
  for (const match of document.folded.matchAll(pattern)) {
    if (++count > MAX_TRIGGERS) return;
    const start = match.index;
    const end = start + match[0].length;
    yield { start, end, words, next: firstTokenFrom(words, end) };
  }
}

const durationTrigger = new RegExp(
  `\\b(?:duree|periode|conclue?s?|valable|period|term|duration|valid|concluded)\\b|${foldAll("مدة", "لمدة", "مدتها", "فترة", "لفترة", "تمتد").join("|")}`,
  "gu",
);
const noticeWords = /preavis|notice|اشعار|اخطار|اعلام/u;
const renewalWords = /renouvel|reconduct|reconduit|prorog|renew|extend|extension|تجديد|تجدد|يجدد|تمديد/u;

/** Months the agreement lasts: "pour une durée de trois (3) ans", "لمدة ثلاث سنوات", "for a period of two years". */
export function readDuration(document: ReadingDocument): Proposal<number> | undefined {
  const found: Proposal<number>[] = [];
  for (const { start, words, next } of triggers(document, durationTrigger)) {
    // "La durée de la présente convention est fixée à trois (3) ans": the length may come ten words on
    for (let index = next; index < Math.min(next + 10, words.length); index++) {
      const quantity = quantityAt(words, index);
      if (!quantity) continue;
      const months = inMonths(quantity);
      const end = words[quantity.to]?.end ?? start;
      const sentence = sentenceAround(document.folded, start, end);
      const before = document.folded.slice(sentence.start, start);
      if (!months || noticeWords.test(before) || renewalWords.test(before)) break;
      const aboutAgreement = /convention|accord|agreement|memorandum|protocol|اتفاقي|مذكره|بروتوكول/u.test(
        document.folded.slice(sentence.start, sentence.end),
      );
      found.push(propose(document, "duration", months, aboutAgreement ? 0.9 : 0.7, start, end));
      break;
    }
  }
  return found.sort((a, b) => b.confidence - a.confidence)[0];
}

const noticeTrigger = /\b(?:preavis|notice)\b|اشعار|اخطار|باشعار|باخطار/gu;

/** Days of notice to stop a renewal: "un préavis de trois mois", "written notice of at least sixty (60) days". */
export function readRenewalNotice(document: ReadingDocument): Proposal<number> | undefined {
  const found: Proposal<number>[] = [];
  for (const { start, end: triggerEnd, words, next } of triggers(document, noticeTrigger)) {
    // after the word ("un préavis de trois mois"), else before it ("trois mois de préavis", "60 days' notice")
    const candidates = [
      ...range(next, Math.min(next + 8, words.length)),
      ...range(Math.max(0, next - 7), next - 1),
    ];
    for (const index of candidates) {
      const quantity = quantityAt(words, index);
      if (!quantity || (index < next && (words[quantity.to]?.end ?? 0) < start - 12)) continue;
      const from = Math.min(start, words[quantity.from]?.start ?? start);
      const to = Math.max(triggerEnd, words[quantity.to]?.end ?? start);
      const sentence = sentenceAround(document.folded, from, to);
      const aboutRenewal = renewalWords.test(document.folded.slice(sentence.start, sentence.end));
      found.push(propose(document, "renewal notice", inDays(quantity), aboutRenewal ? 0.9 : 0.6, from, to));
      break;
    }
  }
  // "sauf dénonciation notifiée quatre-vingt-dix (90) jours au moins avant son échéance": no notice
  // word, but a length before the term, in a sentence about renewal
  for (const { start, end, words, next } of triggers(document, beforeTheTerm)) {
    const sentence = sentenceAround(document.folded, start, end);
    if (!renewalWords.test(document.folded.slice(sentence.start, sentence.end))) continue;
    for (const index of range(Math.max(0, next - 14), next)) {
      const quantity = quantityAt(words, index);
      const quantityEnd = words[quantity?.to ?? -1]?.end ?? 0;
      if (!quantity || quantityEnd > start || start - quantityEnd > 14) continue;
      const from = words[quantity.from]?.start ?? start;
      found.push(propose(document, "renewal notice: before the term", inDays(quantity), 0.75, from, end));
      break;
    }
  }
  return found.sort((a, b) => b.confidence - a.confidence)[0];
}

/** "… avant son échéance", "before its expiry", "قبل تاريخ انتهائها": the time left before the term. */
const beforeTheTerm =
  /\bavant (?:(?:son|sa|leur|le|la|l')\s?)?(?:terme|echeance|expiration|fin|date d'echeance)|\bbefore (?:the |its )?(?:expiry|expiration|end|term|renewal|anniversary)|قبل (?:تاريخ )?(?:انتهاء|انقضاء|نهايه|حلول)/gu;

const tacitRenewal = new RegExp(
  [
    "tacite(?:ment)? reconduction",
    "reconduction tacite",
    "reconduite?s? tacitement",
    "reconductible tacitement",
    "renouvel\\w* (?:par |de maniere |d'annee en annee )?(?:tacite\\w*|automatique\\w*)",
    "(?:tacitly|automatically) (?:be )?renew\\w*",
    "renew\\w* (?:tacitly|automatically)",
    "tacit renewal",
    ...foldAll("تلقائيا", "تلقائية", "ضمنيا", "بصفة تلقائية"),
  ].join("|"),
  "gu",
);
const amendmentRenewal =
  /(?:renouvel|prorog|proroge|renew|extend|extension|تجديد|تجدد|تمديد)[^.;\n]{0,120}(?:avenant|amendment|accord (?:ecrit )?des parties|mutual (?:written )?(?:agreement|consent)|ملحق|اتفاق الطرفين|باتفاق)/gu;
const noRenewal =
  /non renouvelable|ne (?:peut|pourra) (?:pas )?etre renouvel|not (?:be )?renewable|shall not be renewed|غير قابله للتجديد|لا تجدد|لا يمكن تجديد/gu;

/** How the agreement is renewed: tacitly, by amendment, or not at all. */
export function readRenewal(document: ReadingDocument): Proposal<RenewalMode> | undefined {
  const first = (pattern: RegExp) => document.folded.matchAll(pattern).next().value;
  // "ne sera pas reconduite tacitement", "لا تجدد … بصفة ضمنية": a tacit renewal denied
  const tacit = [...document.folded.matchAll(tacitRenewal)].find(
    (match) =>
      // the negation must be in the same clause: "unless either Party … not to renew, it shall be automatically renewed" is tacit
      !/(?:\bne\b|\bn'|\bnot\b|\bno\b|\bpas\b|\bnon\b|لا |ليس|غير )[^.;,،\n]{0,40}$/u.test(
        document.folded.slice(Math.max(0, match.index - 40), match.index),
      ),
  );
  if (tacit)
    return propose(document, "renewal: tacit", "tacit", 0.9, tacit.index, tacit.index + tacit[0].length);
  const amendment = first(amendmentRenewal);
  if (amendment)
    return propose(
      document,
      "renewal: amendment",
      "amendment",
      0.8,
      amendment.index,
      amendment.index + amendment[0].length,
    );
  const none = first(noRenewal);
  if (none) return propose(document, "renewal: none", "none", 0.9, none.index, none.index + none[0].length);
  return undefined;
}

const entryTrigger = new RegExp(
  [
    "entre(?:ra)? en vigueur",
    "entree en vigueur",
    "prend(?:ra)? effet",
    "prise d'effet",
    "(?:enter|enters|come|comes|came) into (?:force|effect)",
    "(?:take|takes) effect",
    "shall be effective",
    "become effective",
    ...foldAll("حيز التنفيذ", "يسري مفعول", "يبدأ العمل", "يسري العمل"),
  ].join("|"),
  "gu",
);
const statesEntry =
  /(?:entre(?:ra)?|prend(?:ra)?) (?:en vigueur|effet)|(?:shall|will|to)? ?(?:enter|enters|come|comes|take|takes) (?:into (?:force|effect)|effect)|shall be effective|become effective|(?:تدخل|يدخل|يسري|يبدا)[^.،,\n]{0,30}$|(?:تدخل|يدخل|يسري|يبدا)/u;
const atSignature = /\bsignature|\bsigning\b|\bsigned\b|\bsignee?s?\b|توقيع/u;
/** Whole words: "visée à l'article 8", "révisée" and "revised" are not an approval. */
const atApproval =
  /\b(?:approbation|approuvee?s?|visa|approval|approved|ratification|ratifiee?s?)\b|مصادقه|المصادقه|تاشير|التاشير/u;

export interface EntryIntoForce {
  kind: "signature" | "date" | "approval";
  date?: string;
}

/** When the agreement enters into force: at signature, on approval, or on a stated date. */
export function readEntryIntoForce(document: ReadingDocument): Proposal<EntryIntoForce> | undefined {
  const found: Proposal<EntryIntoForce>[] = [];
  for (const { start, end } of triggers(document, entryTrigger)) {
    const sentence = sentenceAround(document.folded, start, end);
    const text = document.folded.slice(sentence.start, sentence.end);
    // "the agreement enters into force …" says when; "… from its entry into force" (a payment's
    // date, a report's) only refers to it
    const said = statesEntry.test(document.folded.slice(Math.max(sentence.start, start - 40), end));
    const date = findDates(document, sentence.start, sentence.end).find(
      (candidate) => candidate.calendar === "gregorian",
    );
    const at = (kind: EntryIntoForce["kind"], confidence: number, value: EntryIntoForce = { kind }) =>
      found.push(
        propose(
          document,
          `entry into force: ${kind}`,
          value,
          said ? confidence : confidence - 0.3,
          start,
          end,
        ),
      );
    if (date) at("date", 0.85, { kind: "date", date: date.value });
    else if (atApproval.test(text)) at("approval", 0.8);
    else if (atSignature.test(text)) at("signature", 0.9);
  }
  return found.sort((a, b) => b.confidence - a.confidence)[0];
}

const expiryTrigger =
  /expire(?:ra)? le|prend(?:ra)? fin le|jusqu'au|expires? on|expire on|ends? on|until|تنتهي|ينتهي|الى غايه|الى حدود/gu;

/** The end date the text states ("prend fin le 31 décembre 2028"), never one computed. */
export function readExpiry(document: ReadingDocument): Proposal<string> | undefined {
  for (const { start, end } of triggers(document, expiryTrigger)) {
    const date = findDates(document, end, end + 60)[0];
    if (date?.calendar === "gregorian" && date.start < end + 40)
      return propose(document, "expiry", date.value, 0.85, start, date.end);
  }
  return undefined;
}

const signatureTrigger = new RegExp(
  [
    "\\bfait (?:en [^.\\n]{0,60}?)?a ",
    "\\bdone (?:in [^.\\n]{0,60}?)?(?:at|in) ",
    "\\bsigned (?:at|in) ",
    ...foldAll("حرر ب", "حررت ب", "وقعت ب", "وقع ب", "حرر في "),
  ].join("|"),
  "gu",
);

export interface Signature {
  date?: Proposal<string>;
  place?: Proposal<string>;
  hijriDate?: Proposal<string>;
}

/** Where and when it was signed: "Fait à Rabat, le …", "Done at Ifrane on …", "حرر بالرباط في …". */
export function readSignature(document: ReadingDocument): Signature {
  const signature: Signature = {};
  const dates = findDates(document);
  for (const { start, end } of triggers(document, signatureTrigger)) {
    // the city ends at a comma, at "le"/"on"/"this", or at "en quatre exemplaires"/"in two originals"
    const place =
      /^([\p{L}][\p{L}\- ]{1,40}?)(?=\s*(?:,|،|\ble\b|\bon\b|\bthe\b|\bthis\b|\ben\b|\bin\b|في|بتاريخ|\n|$))/u.exec(
        document.folded.slice(end, end + 60),
      );
    // the date of this "Fait à": on its line ("Done in two originals in English…" is not a place)
    const date = dates.find(
      (found) =>
        found.start >= end &&
        found.start < end + 120 &&
        !/[\n.]/u.test(document.folded.slice(end, found.start)),
    );
    if (!date) continue;
    if (place) {
      const from = end + place.index + (place[0].length - (place[1]?.length ?? 0));
      const to = end + place[0].length;
      signature.place = propose(document, "signature place", writtenText(document, from, to), 0.85, from, to);
    }
    if (date?.calendar === "gregorian")
      signature.date = propose(document, "signature date", date.value, 0.9, start, date.end);
    else if (date) {
      signature.hijriDate = propose(document, "hijri date", date.value, 0.9, date.start, date.end);
      const gregorian = dates.find((found) => found.start > date.end && found.calendar === "gregorian");
      if (gregorian && gregorian.start < date.end + 40)
        signature.date = propose(document, "signature date", gregorian.value, 0.9, start, gregorian.end);
    }
    if (signature.date) break;
  }
  if (!signature.hijriDate) {
    const hijri = dates.find((found) => found.calendar === "hijri");
    if (hijri)
      signature.hijriDate = propose(document, "hijri date", hijri.value, 0.8, hijri.start, hijri.end);
  }
  return signature;
}

const currencies: [string, RegExp][] = [
  ["MAD", /^(?:dhs?|mad|dirhams?|درهم|دراهم|درهما)(?![\p{L}])/u],
  ["EUR", /^(?:eur|euros?|€)(?![\p{L}])/u],
  ["USD", /^(?:usd|us\$|\$|dollars?(?: americains| us)?|دولار)(?![\p{L}])/u],
];
const currencyBefore: [string, RegExp][] = [
  ["MAD", /(?:mad|dh)\s*$/u],
  ["EUR", /(?:eur|€)\s*$/u],
  ["USD", /(?:usd|us\$|\$)\s*$/u],
];
const figure =
  /(?<![\d.,])\d{1,3}(?:[ .,]\d{3})+(?:[.,]\d{1,2})?(?![\d])|(?<![\d.,])\d+(?:[.,]\d{1,2})?(?![\d])/gu;

export interface Amount {
  amount: number;
  currency: string;
}

/** Every distinct amount named with its currency, in figures or in words, in order. */
export function readAmounts(document: ReadingDocument): Proposal<Amount>[] {
  const found: { at: number; proposal: Proposal<Amount> }[] = [];
  const add = (amount: number, currency: string, start: number, end: number, confidence: number) => {
    const same = found.find(
      ({ proposal }) => proposal.value.amount === amount && proposal.value.currency === currency,
    );
    if (amount <= 0 || (same && same.at <= start)) return;
    if (same) found.splice(found.indexOf(same), 1);
    found.push({
      at: start,
      proposal: propose(document, "amount", { amount, currency }, confidence, start, end),
    });
  };
  const text = document.folded;
  for (const match of text.matchAll(figure)) {
    const end = match.index + match[0].length;
    const after = text.slice(end, end + 20).replace(/^\s*\)?\s*/u, "");
    const before = text.slice(Math.max(0, match.index - 6), match.index);
    const currency =
      currencies.find(([, pattern]) => pattern.test(after))?.[0] ??
      currencyBefore.find(([, pattern]) => pattern.test(before))?.[0];
    // "USD 2 million", "deux (2) millions de dirhams": the scale after the figure multiplies it
    const scale = /^\s*\)?\s*(millions?|milliards?|billions?|مليون|ملايين|مليار)(?![\p{L}])/u.exec(
      text.slice(end, end + 16),
    );
    const scaled = scale
      ? text.slice(end + scale[0].length, end + scale[0].length + 24).replace(/^\s*(?:de |d'|of )?/u, "")
      : after;
    const amount = parseFigure(match[0]);
    const factor = scale ? (/^(?:milliard|billion|مليار)/u.test(scale[1] ?? "") ? 1e9 : 1e6) : 1;
    const currencyOfScaled = scale ? currencies.find(([, pattern]) => pattern.test(scaled))?.[0] : undefined;
    if (scale && (currencyOfScaled || currency) && amount !== undefined)
      add(
        amount * factor,
        (currencyOfScaled ?? currency) as string,
        match.index,
        end + scale[0].length,
        0.85,
      );
    else if (currency && amount !== undefined) add(amount, currency, match.index, end, 0.9);
  }
  // amounts in words only ("cinq cent mille dirhams"), when no figure follows them
  const words = tokens(text);
  for (let index = 0; index < words.length; index++) {
    const read = readNumberWords(words.slice(index, index + 12).map((token) => token.text));
    if (!read) continue;
    const unit = words[index + read.used];
    const currency = unit && currencies.find(([, pattern]) => pattern.test(unit.text))?.[0];
    // "… dirhams (1 500 000,00 DH)": the figures that follow say it, and say it better
    const figuresFollow = /^\s*\(\s*\d/u.test(text.slice(unit?.end ?? 0, (unit?.end ?? 0) + 10));
    if (currency && read.value >= 100 && !figuresFollow)
      add(read.value, currency, words[index]?.start ?? 0, unit.end, 0.75);
    index += read.used - 1;
  }
  return found.sort((a, b) => a.at - b.at).map(({ proposal }) => proposal);
}
