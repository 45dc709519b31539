/**
 * Reads the text of a "partnership agreements" page (see /work/shared/seed) into a plan:
 * the page language, its title and, for each agreement heading, the partner, the kind of
 * agreement, the objectives and whether an action plan is announced. Pure: no I/O, no
 * database. Every problem with the file is an AppError("import_invalid") carrying the
 * 1-based line it is about. The rules themselves live in `page-rules.ts`.
 */
import { AppError } from "../shared/errors.js";
import {
  actionPlanPattern,
  bulletPattern,
  type HeadingRule,
  headingPattern,
  type LanguageRules,
  maxAgreements,
  maxObjectiveLength,
  nameClauseCommas,
  objectivesPattern,
  pageRules,
  rulesFor,
  trailingNamePunctuation,
  trailingSeparators,
} from "./page-rules.js";

export type Language = "ar" | "fr" | "en";
export type AgreementKindHint = "partnership" | "cooperation" | "framework" | "mou";

export interface PagePlanAgreement {
  /** 1-based line of the heading */
  line: number;
  /** heading text, normalised (whitespace collapsed, quotes normalised) */
  heading: string;
  kind: AgreementKindHint;
  /** e.g. "Ministry of the Interior", `Association "Jisr"`, "وزارة الداخلية" */
  partnerName: string;
  /** in page order */
  objectives: { line: number; text: string }[];
  /** text between the heading and the objectives marker, if the block has both */
  summary?: string;
  hasActionPlan: boolean;
}

export interface PagePlan {
  language: Language;
  title?: string;
  agreements: PagePlanAgreement[];
}

interface Line {
  /** 1-based line number in the file */
  n: number;
  /** whitespace collapsed, ends trimmed */
  text: string;
}

interface FoundHeading {
  index: number;
  rules: LanguageRules;
  rule: HeadingRule;
  /** what follows the connector word */
  rest: string;
}

const compiledHeadings = pageRules.map((rules) => ({
  rules,
  patterns: rules.headings.map((rule) => ({ rule, pattern: headingPattern(rules, rule) })),
}));

/**
 * A binary control character: C0 controls other than tab, line feed, vertical tab, form feed
 * and carriage return; DEL; C1 controls. (A code-point test rather than a regex of controls.)
 */
function binaryControlIn(line: string): number | undefined {
  for (const ch of line) {
    const code = ch.codePointAt(0) ?? 0;
    if ((code < 0x20 && (code < 0x09 || code > 0x0d)) || (code >= 0x7f && code <= 0x9f)) return code;
  }
  return undefined;
}
/** Tab, vertical tab, form feed (pdftotext's page break) and the Unicode spaces: all plain spaces. */
const spaceLike = /[\t\v\f\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/gu;
/** Zero-width space, bidi marks and stray byte-order marks: invisible, dropped. */
const invisible = /[\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;

function fail(line: number, message: string): never {
  throw new AppError("import_invalid", `Line ${line}: ${message}`, { line });
}

const collapse = (s: string): string => s.replace(/\s+/gu, " ").trim();

function splitLines(text: string): Line[] {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  return body
    .normalize("NFC")
    .split(/\r\n|\r|\n/)
    .map((raw, i) => {
      const code = binaryControlIn(raw);
      if (code !== undefined) {
        const hex = code.toString(16).toUpperCase().padStart(4, "0");
        fail(i + 1, `binary control character U+${hex} found; expected plain text (is this a text file?)`);
      }
      return { n: i + 1, text: collapse(raw.replace(invisible, "").replace(spaceLike, " ")) };
    });
}

/** ``x`` / ''x'' / “x” / « x » → "x"; curly single quotes → '. Used on headings and partner names. */
export function normaliseQuotes(s: string): string {
  return s
    .replace(/``|''/g, '"')
    .replace(/[«“]\s*/gu, '"')
    .replace(/\s*[»”]/gu, '"')
    .replace(/[‘’‚‛]/gu, "'");
}

function findHeading(line: Line, index: number): FoundHeading | undefined {
  for (const { rules, patterns } of compiledHeadings) {
    for (const { rule, pattern } of patterns) {
      const match = pattern.exec(line.text);
      if (match) return { index, rules, rule, rest: match[1] ?? "" };
    }
  }
  return undefined;
}

/** Cuts the name at the first comma that is not inside double quotes. */
function cutAtClause(name: string): string {
  let quoted = false;
  for (let i = 0; i < name.length; i++) {
    const ch = name[i] as string;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && nameClauseCommas.includes(ch)) return name.slice(0, i);
  }
  return name;
}

function partnerNameOf(found: FoundHeading, line: Line): string {
  const { rules } = found;
  let name = normaliseQuotes(found.rest)
    .replace(/^[\s:–-]+/u, "")
    .trim();
  const lower = name.toLowerCase();
  const article = rules.leadingArticles.find((a) => lower.startsWith(a));
  if (article) name = name.slice(article.length);
  const bareArticle = rules.leadingArticles.some((a) => a.trim() === name.trim().toLowerCase());
  name = collapse(cutAtClause(name).replace(trailingNamePunctuation, ""));
  if (!name || bareArticle) {
    fail(
      line.n,
      `the heading "${line.text}" names no partner after "${rules.connector}"; expected "${rules.example}"`,
    );
  }
  return name;
}

interface Draft {
  line: number;
  parts: string[];
}

function readObjectives(block: Line[], rules: LanguageRules): { line: number; text: string }[] {
  const objectivesMarker = objectivesPattern(rules);
  const actionPlan = actionPlanPattern(rules);
  const objectives: { line: number; text: string }[] = [];
  let current: Draft | undefined;

  const flush = (): void => {
    if (current) {
      const text = collapse(current.parts.join(" ")).replace(trailingSeparators, "");
      const length = [...text].length;
      if (length > maxObjectiveLength) {
        fail(
          current.line,
          `objective is ${length} characters long; expected at most ${maxObjectiveLength} (is a heading or blank line missing?)`,
        );
      }
      if (text) objectives.push({ line: current.line, text });
    }
    current = undefined;
  };

  // With a marker, the objectives are what follows it; without one, the whole block.
  const markerAt = block.findIndex((l) => objectivesMarker.test(l.text));
  for (const line of markerAt >= 0 ? block.slice(markerAt) : block) {
    let text = line.text;
    const marker = objectivesMarker.exec(text);
    if (marker) {
      // "Objectives: first objective…" — the text after the colon is content.
      flush();
      text = (marker[1] ?? "").trim();
      if (!text) continue;
    }
    if (!text || actionPlan.test(text)) {
      flush(); // a blank line or the action-plan line ends the bullet / paragraph
      continue;
    }
    const bullet = bulletPattern.exec(text);
    if (bullet) {
      flush();
      const rest = text.slice(bullet[0].length);
      current = { line: line.n, parts: rest ? [rest] : [] };
    } else if (current) {
      // a line after a bullet (or inside a paragraph) continues it
      if (current.parts.length === 0) current.line = line.n;
      current.parts.push(text);
    } else {
      current = { line: line.n, parts: [text] };
    }
  }
  flush();
  return objectives;
}

/** "Signed in Rabat in 2019." between a heading and its objectives marker: kept as the summary. */
function summaryBeforeMarker(block: Line[], rules: LanguageRules): string | undefined {
  const objectivesMarker = objectivesPattern(rules);
  const actionPlan = actionPlanPattern(rules);
  const markerAt = block.findIndex((l) => objectivesMarker.test(l.text));
  if (markerAt <= 0) return undefined;
  const text = collapse(
    block
      .slice(0, markerAt)
      .filter((l) => !actionPlan.test(l.text))
      .map((l) => l.text)
      .join(" "),
  );
  return text || undefined;
}

function noHeadingMessage(): string {
  const examples = pageRules.map((r) => `"${r.example}"`).join(", ");
  return `no agreement heading found; expected a line such as ${examples} (or another kind: cooperation, framework agreement, memorandum of understanding)`;
}

export function readAgreementsPage(text: string): PagePlan {
  const lines = splitLines(text);
  if (lines.every((l) => l.text === "")) fail(1, "the file is empty; expected an agreements page");

  const headings: FoundHeading[] = [];
  lines.forEach((line, index) => {
    const found = findHeading(line, index);
    if (found) headings.push(found);
  });
  const first = headings[0];
  if (!first) fail(1, noHeadingMessage());

  const language = first.rules.language;
  const stranger = headings.find((h) => h.rules.language !== language);
  if (stranger) {
    const line = lines[stranger.index] as Line;
    fail(
      line.n,
      `heading in ${stranger.rules.name} on a ${first.rules.name} page (first heading at line ${first.index + 1}); expected "${first.rules.example}"`,
    );
  }
  const overflow = headings[maxAgreements];
  if (overflow) {
    fail(
      overflow.index + 1,
      `more than ${maxAgreements} agreements on one page; split the page into several files`,
    );
  }

  const title = lines.slice(0, first.index).find((l) => l.text !== "")?.text;
  const rules = rulesFor(language);
  const agreements = headings.map((found, i): PagePlanAgreement => {
    const line = lines[found.index] as Line;
    const partnerName = partnerNameOf(found, line);
    const block = lines.slice(found.index + 1, headings[i + 1]?.index ?? lines.length);
    const objectives = readObjectives(block, rules);
    if (objectives.length === 0) {
      fail(
        line.n,
        `the agreement "${line.text}" has no objectives; expected objectives after it (bullet points or paragraphs, optionally after a "${rules.objectivesMarkers[0]} :" line)`,
      );
    }
    const actionPlan = actionPlanPattern(rules);
    const summary = summaryBeforeMarker(block, rules);
    return {
      line: line.n,
      heading: normaliseQuotes(line.text),
      kind: found.rule.kind,
      partnerName,
      objectives,
      ...(summary ? { summary } : {}),
      hasActionPlan: block.some((l) => actionPlan.test(l.text)),
    };
  });

  return title === undefined ? { language, agreements } : { language, title, agreements };
}

/** Human-readable summary for `import --dry-run`. */
export function describePlan(plan: PagePlan): string {
  const rules = rulesFor(plan.language);
  const out: string[] = [`Language: ${rules.name} (${plan.language})`];
  if (plan.title !== undefined) out.push(`Title: ${plan.title}`);
  const count = plan.agreements.length;
  out.push(`Agreements: ${count}`);
  plan.agreements.forEach((a, i) => {
    out.push("");
    out.push(`${i + 1}. ${a.partnerName} (${a.kind}), line ${a.line}`);
    out.push(`   Heading: ${a.heading}`);
    if (a.summary) out.push(`   Summary: ${a.summary}`);
    out.push(`   Objectives (${a.objectives.length}):`);
    a.objectives.forEach((o, j) => {
      out.push(`     ${j + 1}. ${o.text} [line ${o.line}]`);
    });
    out.push(`   Action plan: ${a.hasActionPlan ? "yes" : "no"}`);
  });
  return out.join("\n");
}
