import type { PartyProposal } from "./agreement-parties.js";
import { fold } from "./folded-text.js";
import { type Proposal, propose, type ReadingDocument, writtenText } from "./reading-document.js";

/**
 * The rules that read an agreement's structure: its title, the listed objectives, each party's
 * commitments (the articles or paragraphs that list them), and the territories it names.
 */

interface Line {
  text: string;
  start: number;
  end: number;
}

function linesOf(document: ReadingDocument): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const text of document.folded.split("\n")) {
    lines.push({ text, start, end: start + text.length });
    start += text.length + 1;
  }
  return lines;
}

const kindOfAgreement =
  /convention|accord|protocole|memorandum|agreement|avenant|contrat|charte|اتفاقي|اتفاق|مذكره|بروتوكول|ملحق|عقد|ميثاق/u;
const titleStop =
  /^\s*(?:entre\b|between\b|by and between|بين(?=[\s:：]|$)|vu\b|considerant|preambule|preamble|whereas|article\b|المادة|ديباجه|تمهيد|الطرف الاول|premiere partie|first party)/u;

/** The title: from the first line naming a kind of agreement to the parties (at most 4 lines). */
export function readTitle(document: ReadingDocument): Proposal<string> | undefined {
  const lines = linesOf(document).slice(0, 40);
  const first = lines.findIndex((line) => kindOfAgreement.test(line.text) && line.text.trim().length < 200);
  if (first < 0) return undefined;
  let last = first;
  while (
    last + 1 < lines.length &&
    last - first < 3 &&
    (lines[last + 1]?.text.trim() ?? "") !== "" &&
    !titleStop.test(lines[last + 1]?.text ?? "")
  )
    last++;
  const start = lines[first]?.start ?? 0;
  const end = lines[last]?.end ?? start;
  return propose(document, "title", writtenText(document, start, end), 0.8, start, end);
}

/** The kind of agreement a title names; a partnership when it names none. */
export function agreementKindOf(
  title: string,
): "partnership" | "cooperation" | "framework" | "specific" | "mou" {
  const folded = fold(title);
  if (
    /(?:convention|accord|agreement)[- ]cadre|framework (?:agreement|convention)|اتفاقيه[- ]اطار|اتفاق[- ]اطار/u.test(
      folded,
    )
  )
    return "framework";
  if (/(?:convention|accord) specifique|specific agreement|اتفاقيه خاصه/u.test(folded)) return "specific";
  if (/memorandum|protocole d'accord|مذكره (?:تفاهم|التفاهم)/u.test(folded)) return "mou";
  if (/cooperation|تعاون/u.test(folded)) return "cooperation";
  return "partnership";
}

const amendmentWords = /\bavenant\b|\badditif\b|\bamendment\b|\baddendum\b|ملحق|تعديل/u;

/** Whether the document amends an agreement, as its title says ("Avenant n° 1 à la convention…", "ملحق تعديلي…"). */
export function readAmendment(title: Proposal<string> | undefined): Proposal<boolean> | undefined {
  if (!title || !amendmentWords.test(fold(title.value))) return undefined;
  return { ...title, value: true, rule: "amendment", confidence: 0.8 };
}

const listMarker =
  /^\s*(?:[-–—•*▪◦·●■►✓]|\(?\d{1,2}(?:\.\d{1,2})*[.)°\-–:]|\(?[a-z][.)]|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)[.)]|[\u0621-\u064A][)\-–.]|\([\u0621-\u064A]\))\s+/u;
const heading =
  /^\s*(?:article|art\.|chapitre|titre|section|المادة|الفصل|الباب|الماده)\b|^\s*(?:article|المادة)/u;

/** An item wrapped over lines ends by this length: past it, the list has ended in running text. */
const MAX_ITEM_CHARACTERS = 1500;

/** The list items after line `index` up to the next heading: text without its marker. */
function itemsAfter(
  document: ReadingDocument,
  lines: Line[],
  index: number,
): { text: string; start: number; end: number }[] {
  const items: { text: string; start: number; end: number }[] = [];
  for (let at = index + 1; at < lines.length; at++) {
    const line = lines[at];
    if (!line) break;
    if (!line.text.trim()) {
      if (items.length) {
        // a blank line between items is a layout; between the list and a paragraph, its end
        let following = at + 1;
        while (following < Math.min(lines.length, at + 6) && !lines[following]?.text.trim()) following++;
        const next = lines[following];
        if (!next || !listMarker.test(next.text)) break;
      }
      continue;
    }
    if (heading.test(line.text) || (items.length && isCommitmentHeading(line.text))) break;
    const marker = listMarker.exec(line.text);
    if (!marker) {
      if (items.length) {
        // a wrapped item continues on the next line
        const last = items[items.length - 1];
        if (last && !/[.;:]\s*$/u.test(last.text) && line.end - last.start < MAX_ITEM_CHARACTERS) {
          last.end = line.end;
          last.text = writtenText(document, last.start, last.end);
          continue;
        }
        break;
      }
      if (at - index > 2) break;
      continue;
    }
    const start = line.start + marker[0].length;
    items.push({ start, end: line.end, text: writtenText(document, start, line.end) });
  }
  return items.map((item) => ({
    ...item,
    text: item.text.replace(/\s*[;,.؛،]\s*$/u, "").replace(/\s*(?:et|and|و)$/u, ""),
  }));
}

const objectivesHeading = /objectif|objective|\bgoals?\b|\baims?\b|اهداف|الاهداف|الهدف/u;

/** The objectives the agreement lists under a heading or sentence that names them. */
export function readObjectives(document: ReadingDocument): Proposal<string>[] {
  const lines = linesOf(document);
  for (const [index, line] of lines.entries()) {
    if (!objectivesHeading.test(line.text) || line.text.trim().length > 220 || listMarker.test(line.text))
      continue;
    const items = itemsAfter(document, lines, index);
    if (items.length >= 2)
      return items.map((item) => propose(document, "objective", item.text, 0.8, item.start, item.end));
  }
  return [];
}

const commitmentWords =
  /engagement|obligation|s'engage|undertak|commitment|responsibilit|shall:|التزام|يلتزم|تلتزم|تتعهد|يتعهد|مهام/u;

function isCommitmentHeading(text: string): boolean {
  return commitmentWords.test(text) && text.trim().length < 220 && !listMarker.test(text);
}

const ordinals: [RegExp, number][] = [
  [/premiere partie|first party|partie 1|party 1|الطرف الاول/u, 0],
  [/(?:deuxieme|seconde) partie|second party|partie 2|party 2|الطرف الثاني/u, 1],
  [/troisieme partie|third party|partie 3|party 3|الطرف الثالث/u, 2],
  [/quatrieme partie|fourth party|partie 4|party 4|الطرف الرابع/u, 3],
];

/** Which party a heading speaks of: by its ordinal, acronym, alias or name. */
function partyOf(text: string, parties: readonly Proposal<PartyProposal>[]): number | undefined {
  for (const [pattern, index] of ordinals) if (pattern.test(text) && index < parties.length) return index;
  let best: { index: number; length: number } | undefined;
  for (const [index, party] of parties.entries()) {
    const forms = [party.value.acronym, ...party.value.aliases, party.value.name].filter(Boolean) as string[];
    for (const form of forms) {
      const folded = fold(form)
        .replace(/^(?:l'|la |le |les |the |ال)/u, "")
        .trim();
      if (folded.length < 2) continue;
      const at = text.indexOf(folded);
      if (at >= 0 && (!best || folded.length > best.length)) best = { index, length: folded.length };
    }
  }
  return best?.index;
}

export interface CommitmentProposal {
  /** index in the parties read */
  party: number;
  text: string;
}

/** Each party's commitments: the items listed under a heading that names the party. */
export function readCommitments(
  document: ReadingDocument,
  parties: readonly Proposal<PartyProposal>[],
): Proposal<CommitmentProposal>[] {
  const lines = linesOf(document);
  const found: Proposal<CommitmentProposal>[] = [];
  const taken = new Set<number>();
  for (const [index, line] of lines.entries()) {
    if (!isCommitmentHeading(line.text)) continue;
    const party = partyOf(line.text, parties);
    if (party === undefined) continue;
    for (const item of itemsAfter(document, lines, index)) {
      // "Article 3 : Engagements de l'Université" then "L'Université s'engage à :": one list
      if (taken.has(item.start)) continue;
      taken.add(item.start);
      found.push(propose(document, "commitment", { party, text: item.text }, 0.75, item.start, item.end));
    }
  }
  return found;
}

export interface KnownTerritory {
  code: string;
  names: string[];
}

const territoryWord =
  /province|prefecture|region|territoire|wilaya|commune|اقليم|عماله|جهه|اقاليم|عمالات|جهات|ولايه|تراب/u;

/** The territories named with a word that says so ("Province d'Ifrane", "عمالة الرباط"). */
export function readTerritories(
  document: ReadingDocument,
  territories: readonly KnownTerritory[],
  skip: readonly { start: number; end: number }[],
): Proposal<string>[] {
  const text = document.folded;
  const taken: { start: number; end: number }[] = [...skip];
  const candidates = territories
    .flatMap((territory) =>
      territory.names.map((name) => ({ code: territory.code, name: fold(name).trim() })),
    )
    .filter((candidate) => candidate.name.length >= 3)
    .sort((a, b) => b.name.length - a.name.length);
  const found = new Map<string, Proposal<string>>();
  const positions = new Map<string, number>();
  for (const candidate of candidates) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(candidate.name, from);
      if (at < 0) break;
      from = at + 1;
      const end = at + candidate.name.length;
      const before = text[at - 1] ?? " ";
      const after = text[end] ?? " ";
      const prefixed = /[وبل]/u.test(before) && !/[\p{L}-]/u.test(text[at - 2] ?? " ");
      if ((/[\p{L}\p{N}-]/u.test(before) && !prefixed && before !== "'") || /[\p{L}\p{N}-]/u.test(after))
        continue;
      if (taken.some((range) => at < range.end && end > range.start)) continue;
      // a list of places may run over lines ("the Province\nof Al Haouz"): a sentence ends at a full stop or a paragraph
      const before150 = text.slice(Math.max(0, at - 150), at);
      const paragraph = before150.lastIndexOf("\n\n");
      const sentence = before150.slice(
        Math.max(before150.lastIndexOf(".") + 1, paragraph < 0 ? 0 : paragraph + 2),
      );
      if (!territoryWord.test(sentence)) continue;
      taken.push({ start: at, end });
      if (!found.has(candidate.code)) {
        found.set(candidate.code, propose(document, "territory", candidate.code, 0.85, at, end));
        positions.set(candidate.code, at);
      }
    }
  }
  return [...found.values()].sort((a, b) => (positions.get(a.value) ?? 0) - (positions.get(b.value) ?? 0));
}
