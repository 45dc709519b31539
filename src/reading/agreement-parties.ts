import type { OrganizationKind, PartyRole } from "../db/schema/index.js";
import { fold } from "./folded-text.js";
import { type Proposal, propose, type ReadingDocument, writtenText } from "./reading-document.js";

/**
 * The parties an agreement names in its opening clause ("ENTRE : … ET : …", "BETWEEN … AND …",
 * "بين: … و: …", "Première partie :", "الطرف الأول:"), each matched to a known organisation by
 * name, acronym or a close spelling in any language, or proposed as new with its kind guessed.
 */

export interface KnownOrganisation {
  id: string;
  names: string[];
  acronym: string | null;
}

export interface PartyProposal {
  name: string;
  acronym: string | null;
  /** what the text calls it afterwards ("l'Association", "the University", "الجمعية") */
  aliases: string[];
  kind: OrganizationKind;
  role: PartyRole;
  /** the known organisation it is, when one matches */
  organisationId: string | null;
  /** folded range of the name, for the rules that must not read it again (territories) */
  span: { start: number; end: number };
}

/** "ENTRE :" on a line, or ending one ("conclue entre :", "أبرمت هذه الاتفاقية بين:"), or opening the first party's. */
const blockStart =
  /^\s*(?:entre(?: les soussigne\w*)?|between(?: the undersigned)?|by and between|بين(?: الموقعين(?: اسفله| ادناه)?)?)\s*[:：]?\s*$|^\s*(?:entre|between|بين)\s*[:：]?\s+|(?:\bentre|\bbetween|بين)\s*[:：]\s*$/mu;
const blockEnd =
  /^\s*(?:il (?:a ete|est) (?:convenu|arrete|decide)|ont convenu|it (?:is|has been) (?:hereby )?agreed|(?:the parties )?(?:have )?(?:hereby )?agreed|now,? therefore|whereas|preambule|preamble|vu |considerant|article\b|art\.|المادة|اتفق|تم الاتفاق|ديباجه|تمهيد|حيث)/mu;
const partyStart =
  /^\s*(?:\d{1,2}\s*(?:°|[-.)–])|(?:entre(?: les soussigne\w*)?|between(?: the undersigned)?|by and between|et|and|(?:premiere|deuxieme|seconde|troisieme|quatrieme) partie|partie \d|(?:first|second|third|fourth) party|party \d)\b|(?:بين(?: الموقعين(?: اسفله| ادناه)?)?|الطرف (?:الاول|الثاني|الثالث|الرابع))(?=[\s:：]|$)|و(?=\s*[:：]|\s*$))\s*[:：,]?\s*/u;
const separatorLine =
  /^\s*(?:d'une part|d'autre part|de troisieme part|de quatrieme part|on the one hand|on the other hand|من جهه|من جهه اخري|من جهه ثانيه|من جهه ثالثه)\s*[,;.]?\s*$/u;
const nameEnd =
  /\s*(?:,|،|\brepresente|\brepresented|\bci-apres|\bhereinafter|\bsise?\b|\bsituee?\b|\bdont le siege|\bayant son siege|\blocated|\bwith (?:its )?(?:head|registered)|\bhaving its|ممثل|يمثل|في شخص|ويشار|المشار|يشار|الكاءن|ومقرها|مقرها)/u;
const aliasPattern =
  /(?:ci-apres (?:denomme|designe|appele)e?s?\s*(?:par\s+)?|hereinafter (?:referred to as|called)\s*|(?:ويشار|يشار|المشار)[^"«\n]{0,40}?)["'(«]\s*([^"»)\n,،]{2,60})/gu;

const kindWords: [OrganizationKind, RegExp][] = [
  ["ministry", /ministere|ministry|وزاره|\bdgct\b|direction generale des collectivites/u],
  ["university", /universite|university|ecole|faculte|institut superieur|جامعه|كليه|المدرسه/u],
  [
    "international_organization",
    /nations unies|united nations|\bunicef\b|\bundp\b|\bpnud\b|\bgiz\b|union europeenne|european union|agence (?:francaise|allemande|espagnole|belge)|international|internationale|cooperation (?:technique )?(?:allemande|belge|espagnole)|الامم المتحده|الاتحاد الاوروبي|الدوليه/u,
  ],
  ["foundation", /fondation|foundation|مءسسه/u],
  ["association", /association|\bassoc\b|reseau|federation|جمعيه|شبكه|جامعه الجمعيات/u],
  [
    "territorial_collectivity",
    /conseil (?:provincial|prefectoral|regional|communal)|commune|council of|provincial council|regional council|مجلس|جماعه/u,
  ],
  [
    "public_institution",
    /agence|office|etablissement public|caisse|haut-commissariat|agency|authority|وكاله|مكتب|مندوبيه/u,
  ],
  ["private_company", /\bs\.?a\.?r?\.?l?\b|societe|company|\binc\b|\bltd\b|شركه/u],
];
const roleWords: [PartyRole, RegExp][] = [
  ["funder", /bailleur|financeur|en qualite de financ|funder|funding partner|الممول|الجهه الممول/u],
  ["technical", /partenaire technique|technical partner|شريك\S* تقني/u],
  ["implementing", /maitre d'ouvrage|operateur|mise en oeuvre|implementing|executing|منفذ|صاحب المشروع/u],
  ["beneficiary", /beneficiaire|beneficiary|المستفيد/u],
];

const articleWords = /^(?:l'|la |le |les |the |ال)/u;
const significant = (folded: string) =>
  folded
    .replace(/[^\p{L}\p{N} ]+/gu, " ")
    .split(/\s+/u)
    .map((word) => word.replace(/^ال(?=\p{L}{3})/u, ""))
    .filter((word) => word.length > 2 && !["des", "the", "and", "for", "pour", "les", "aux"].includes(word));

/** Dice similarity of the two names' significant words: close spellings, word order aside. */
function nameSimilarity(a: string, b: string): number {
  const left = new Set(significant(a));
  const right = new Set(significant(b));
  if (!left.size || !right.size) return 0;
  let shared = 0;
  for (const word of left)
    if (right.has(word) || [...right].some((other) => closeWords(word, other))) shared++;
  return (2 * shared) / (left.size + right.size);
}

/** One letter away (a typo, a missing accent the folding did not catch), for words of 5+ letters. */
function closeWords(a: string, b: string): boolean {
  if (a.length < 5 || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** Whether every significant word of a known name (two or more) is in the written one: "جمعية جسر" in "جمعية جسر – شراكة مدرسة مقاولة". */
function containsName(written: string, knownName: string): boolean {
  const known = significant(knownName);
  const words = new Set(significant(written));
  return known.length >= 2 && known.every((word) => words.has(word));
}

/**
 * The known organisation a party is: by acronym, by a close spelling of its name, or by an alias
 * that holds a known name whole ("جمعية جسر"). A one-word alias ("l'Association") names a kind,
 * not an organisation, and is never compared by similarity.
 */
function matchKnown(
  name: string,
  aliases: readonly string[],
  acronym: string | null,
  known: readonly KnownOrganisation[],
): { id: string; score: number } | undefined {
  let best: { id: string; score: number } | undefined;
  const foldedName = fold(name).replace(articleWords, "");
  const foldedAliases = aliases.map((alias) => fold(alias).replace(articleWords, ""));
  for (const organisation of known) {
    let score = 0;
    const knownAcronym = organisation.acronym ? fold(organisation.acronym) : null;
    if (knownAcronym && [fold(acronym ?? ""), foldedName, ...foldedAliases].includes(knownAcronym)) score = 1;
    for (const other of organisation.names.map(fold))
      for (const form of [foldedName, ...foldedAliases])
        score = Math.max(
          score,
          form === foldedName ? nameSimilarity(form, other) : 0,
          containsName(form, other) ? 0.8 : 0,
        );
    if (score >= 0.6 && (!best || score > best.score)) best = { id: organisation.id, score };
  }
  return best;
}

/** What a clause calls the parties together is no party's alias. */
const collective = /^(?:les parties|the parties|parties|الاطراف|الطرفين|الطرفان|الطرفين المتعاقدين)$/u;

/** The sentence that names the parties together, after them. */
const together =
  /(?:collectively|jointly|ensemble|conjointement|مجتمع)[^\n]{0,60}(?:parties|الاطراف|الطرفين)/u;

/** What goes on describing the party before it: who represents it, what it is called. */
const continuation =
  /^\s*(?:ci-apres|hereinafter|represente|represented|agissant|acting|dont le siege|ayant son siege|individuellement|ensemble|collectively|ويشار|يشار|الممثل|ممثل|يمثل|في شخص|وذلك)/u;

/**
 * The paragraphs of the parties' clause: split on blank lines where it has them (a paragraph may
 * be wrapped over lines), else on lines (a word-processed file's paragraphs).
 */
function paragraphsOf(text: string, from: number, to: number): { start: number; end: number }[] {
  const block = text.slice(from, to);
  const separator = /\n[ \t]*\n/u.test(block) ? /\n[ \t]*\n\s*/gu : /\n\s*/gu;
  const found: { start: number; end: number }[] = [];
  let start = 0;
  for (const match of block.matchAll(separator)) {
    if (block.slice(start, match.index).trim()) found.push({ start: from + start, end: from + match.index });
    start = match.index + match[0].length;
  }
  if (block.slice(start).trim()) found.push({ start: from + start, end: to });
  return found;
}

/** The opening clause's parties. */
export function readParties(
  document: ReadingDocument,
  known: readonly KnownOrganisation[],
): Proposal<PartyProposal>[] {
  const text = document.folded;
  const start = blockStart.exec(text);
  const firstPartyLabel = /^\s*(?:(?:premiere|deuxieme) partie|first party|الطرف الاول)\b/mu.exec(text);
  const from = start ? start.index + start[0].length : firstPartyLabel?.index;
  if (from === undefined) return [];
  const endMatch = blockEnd.exec(text.slice(from + 5));
  const to = endMatch ? from + 5 + endMatch.index : Math.min(text.length, from + 3000);
  const parties: Proposal<PartyProposal>[] = [];
  const segments: { start: number; end: number }[] = [];
  for (const unit of paragraphsOf(text, from, to)) {
    const line = text.slice(unit.start, unit.end);
    if (separatorLine.test(line)) continue;
    const label = partyStart.exec(line);
    const rest = label ? line.slice(label[0].length) : line;
    // "ET :" alone on its line: the party follows; "… désignés ensemble « les Parties »" is none
    if (!rest.trim() || together.test(rest)) continue;
    const last = segments[segments.length - 1];
    if (last && continuation.test(rest)) last.end = unit.end;
    else segments.push({ start: unit.start + (label ? label[0].length : 0), end: unit.end });
  }
  for (const segment of segments) {
    const body = text.slice(segment.start, segment.end);
    const lead = /^[\s:"«]*/u.exec(body)?.[0].length ?? 0;
    const end = nameEnd.exec(body.slice(lead));
    let nameEndAt = segment.start + lead + (end ? end.index : Math.min(body.length - lead, 160));
    let name = writtenText(document, segment.start + lead, nameEndAt);
    const acronymMatch =
      /\(([A-Z][A-Za-z0-9&\-.]{1,14})\)/u.exec(name) ??
      /\(([A-Z][A-Za-z0-9&\-.]{1,14})\)/u.exec(writtenText(document, segment.start, segment.end));
    // "Association …(AMPCPP)": the acronym is not part of the name
    name = name
      .replace(/\s*\([^)]*\)\s*$/u, "")
      .replace(/[\s,.;:]+$/u, "")
      .replace(/^(?:l['’]|la |le |les |the )/iu, "");
    if (name.length < 3) continue;
    nameEndAt = Math.max(nameEndAt, segment.start + lead + 1);
    const aliases = [...body.matchAll(aliasPattern)]
      .map((match) => {
        const aliasEnd = segment.start + match.index + match[0].length;
        return writtenText(document, aliasEnd - (match[1]?.length ?? 0), aliasEnd).replace(/["»”\s]+$/u, "");
      })
      .filter((alias) => alias.length >= 2 && !collective.test(fold(alias)));
    const acronym = acronymMatch?.[1] ?? null;
    const match = matchKnown(name, aliases, acronym, known);
    const foldedName = fold(name);
    const kind = kindWords.find(([, pattern]) => pattern.test(foldedName))?.[0] ?? "other";
    const role = roleWords.find(([, pattern]) => pattern.test(body))?.[0] ?? "signatory";
    parties.push(
      propose(
        document,
        match ? "party: known" : "party: new",
        {
          name,
          acronym,
          aliases,
          kind,
          role,
          organisationId: match?.id ?? null,
          span: { start: segment.start, end: segment.end },
        },
        match ? Math.min(0.95, 0.6 + match.score * 0.35) : 0.7,
        segment.start + lead,
        nameEndAt,
      ),
    );
  }
  return parties;
}
