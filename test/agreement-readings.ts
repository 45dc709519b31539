import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fold } from "../src/reading/folded-text.js";
import { type AgreementReading, readAgreement } from "../src/reading/read-agreement.js";
import { pagesOfText } from "../src/reading/reading-document.js";

/**
 * The test agreements under test/fixtures/agreements (realistic conventions in the three
 * languages, each with the answers a careful reader recorded) and how well the reading rules
 * find those answers: precision and recall per field. Used by the accuracy test and by
 * `npx tsx bench/reading-accuracy.ts`, which prints the table.
 */

const fixtures = path.join(import.meta.dirname, "fixtures");
/** The agreements the rules were written against, and those written later that they never saw. */
export const fixtureSets = {
  tuned: path.join(fixtures, "agreements"),
  heldOut: path.join(fixtures, "agreements-held-out"),
};
const folder = fixtureSets.tuned;

interface Expected {
  language: string;
  title: string;
  parties: { name: string; acronym: string | null; kind: string; role: string; known: string | null }[];
  signedOn: string | null;
  signedAt: string | null;
  hijriDate: string | null;
  effectiveOn: string | null;
  entryIntoForce: string | null;
  durationMonths: number | null;
  expiresOn: string | null;
  renewal: string;
  renewalNoticeDays: number | null;
  amounts: { amount: number; currency: string }[];
  territories: string[];
  objectives: string[];
  commitments: { party: number; text: string }[];
}

interface KnownOrganisationRecord {
  key: string;
  name_fr: string;
  name_ar: string;
  name_en: string;
  acronym: string | null;
}

const organisations = (
  JSON.parse(readFileSync(path.join(folder, "organisations.json"), "utf8")) as KnownOrganisationRecord[]
).map((record) => ({
  id: record.key,
  names: [record.name_fr, record.name_ar, record.name_en],
  acronym: record.acronym,
}));

interface TerritoryRecord {
  code: string;
  [name: string]: unknown;
  variants?: Record<string, string[]>;
}
const territories = (
  JSON.parse(
    readFileSync(
      path.join(import.meta.dirname, "..", "src", "territories", "data", "territories.json"),
      "utf8",
    ),
  ) as TerritoryRecord[]
).map((record) => ({
  code: record.code,
  names: [
    ...["name_fr", "name_ar", "name_en", "name_fr_full", "name_ar_full", "name_en_full"].map(
      (key) => record[key],
    ),
    ...Object.values(record.variants ?? {}).flat(),
  ].filter((name): name is string => typeof name === "string"),
}));

export interface ReadFixture {
  name: string;
  expected: Expected;
  reading: AgreementReading;
}

export function readFixtures(from: string = fixtureSets.tuned): ReadFixture[] {
  return readdirSync(from)
    .filter((file) => file.endsWith(".txt"))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(from, file), "utf8");
      const expected = JSON.parse(
        readFileSync(path.join(from, file.replace(/\.txt$/u, ".expected.json")), "utf8"),
      );
      return {
        name: file.replace(/\.txt$/u, ""),
        expected,
        reading: readAgreement({ parts: pagesOfText(text), organisations, territories }),
      };
    });
}

/** Texts compared as a reader would: folding, punctuation and spacing aside. */
const sameText = (a: string, b: string) => {
  const clean = (text: string) =>
    fold(text)
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .replace(/(^| )ال(?=\p{L}{3})/gu, "$1")
      .trim();
  return clean(a) === clean(b);
};

export interface FieldScore {
  field: string;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

function scalar<T>(
  field: string,
  proposed: T | undefined,
  expected: T | null,
  same: (a: T, b: T) => boolean = (a, b) => a === b,
): FieldScore {
  const right = proposed !== undefined && expected !== null && same(proposed, expected);
  return {
    field,
    truePositives: right ? 1 : 0,
    falsePositives: proposed !== undefined && !right ? 1 : 0,
    falseNegatives: expected !== null && !right ? 1 : 0,
  };
}

function list<P, E>(field: string, proposed: P[], expected: E[], same: (p: P, e: E) => boolean): FieldScore {
  const unmatched = [...expected];
  let truePositives = 0;
  for (const item of proposed) {
    const at = unmatched.findIndex((candidate) => same(item, candidate));
    if (at >= 0) {
      truePositives++;
      unmatched.splice(at, 1);
    }
  }
  return {
    field,
    truePositives,
    falsePositives: proposed.length - truePositives,
    falseNegatives: expected.length - truePositives,
  };
}

/** Each field's counts for one agreement. */
export function scoreReading({ reading, expected }: ReadFixture): FieldScore[] {
  return [
    scalar("title", reading.title?.value, expected.title, sameText),
    list("parties", reading.parties, expected.parties, (party, wanted) =>
      wanted.known
        ? party.value.organisationId === wanted.known
        : !party.value.organisationId && sameText(party.value.name, wanted.name),
    ),
    list("parties' kinds", reading.parties, expected.parties, (party, wanted) =>
      sameText(party.value.name, wanted.name) ||
      (wanted.known !== null && party.value.organisationId === wanted.known)
        ? party.value.kind === wanted.kind
        : false,
    ),
    list("parties' roles", reading.parties, expected.parties, (party, wanted) =>
      sameText(party.value.name, wanted.name) ||
      (wanted.known !== null && party.value.organisationId === wanted.known)
        ? party.value.role === wanted.role
        : false,
    ),
    scalar("signature date", reading.signedOn?.value, expected.signedOn),
    scalar("signature place", reading.signedAt?.value, expected.signedAt, sameText),
    // the era's mark ("هـ") may be written or not
    scalar("Hijri date", reading.hijriDate?.value, expected.hijriDate, (a, b) =>
      sameText(a.replace(/\s*هـ?$/u, ""), b.replace(/\s*هـ?$/u, "")),
    ),
    scalar("entry into force", reading.entryIntoForce?.value.kind, expected.entryIntoForce),
    scalar("effective on", reading.effectiveOn?.value, expected.effectiveOn),
    scalar("duration", reading.durationMonths?.value, expected.durationMonths),
    scalar("expires on", reading.expiresOn?.value, expected.expiresOn),
    scalar("renewal", reading.renewal?.value, expected.renewal),
    scalar("renewal notice", reading.renewalNoticeDays?.value, expected.renewalNoticeDays),
    list(
      "amounts",
      reading.amounts,
      expected.amounts,
      (a, b) => a.value.amount === b.amount && a.value.currency === b.currency,
    ),
    list("territories", reading.territories, expected.territories, (a, b) => a.value === b),
    list("objectives", reading.objectives, expected.objectives, (a, b) => sameText(a.value, b)),
    list(
      "commitments",
      reading.commitments,
      expected.commitments,
      (a, b) => a.value.party === b.party && sameText(a.value.text, b.text),
    ),
  ];
}

/** Counts summed over the agreements, per field. */
export function totalScores(fixtures: ReadFixture[]): (FieldScore & { precision: number; recall: number })[] {
  const totals = new Map<string, FieldScore>();
  for (const fixture of fixtures)
    for (const score of scoreReading(fixture)) {
      const total = totals.get(score.field) ?? {
        field: score.field,
        truePositives: 0,
        falsePositives: 0,
        falseNegatives: 0,
      };
      total.truePositives += score.truePositives;
      total.falsePositives += score.falsePositives;
      total.falseNegatives += score.falseNegatives;
      totals.set(score.field, total);
    }
  return [...totals.values()].map((total) => ({
    ...total,
    precision: total.truePositives / Math.max(1, total.truePositives + total.falsePositives),
    recall: total.truePositives / Math.max(1, total.truePositives + total.falseNegatives),
  }));
}
