import { type FoldedText, foldWithOrigin, originalRange } from "./folded-text.js";

/**
 * The text of one uploaded agreement as the rules read it: its parts (a PDF's pages, or a text
 * document's paragraphs) joined, folded once, with the way back to the page and the words each
 * proposal came from.
 */
export interface ReadingDocument extends FoldedText {
  /** where each part starts in `original`, and its page (null for a document without pages) */
  parts: { start: number; page: number | null }[];
  language: "ar" | "fr" | "en";
  /** whether the text is in one of those languages at all (a Spanish or Chinese text is not) */
  languageRead: boolean;
}

/** Where a proposal came from: its page and the words that gave it, within their line. */
export interface Excerpt {
  page: number | null;
  /** the line (or a bounded part of it) around the words */
  text: string;
  /** the words themselves, as offsets within `text` */
  markStart: number;
  markEnd: number;
}

export interface Proposal<T> {
  value: T;
  /** 0–1: how sure the rule that made it is */
  confidence: number;
  /** which rule made it (see agreement-rules.test.ts) */
  rule: string;
  excerpt: Excerpt;
}

export function readingDocument(parts: readonly { page: number | null; text: string }[]): ReadingDocument {
  const starts: ReadingDocument["parts"] = [];
  let original = "";
  for (const part of parts) {
    if (original) original += "\n\n";
    starts.push({ start: original.length, page: part.page });
    original += part.text;
  }
  const folded = foldWithOrigin(original);
  const { language, read } = languageOf(folded.folded);
  return { ...folded, parts: starts, language, languageRead: read };
}

/** Page-separated plain text (form feeds, as `pdftotext` writes) as parts, page by page. */
export const pagesOfText = (text: string) =>
  text.split("\f").map((page, index) => ({ page: index + 1, text: page }));

const frenchWords = /\b(?:le|les|des|du|et|est|sont|une|aux|au|qui|dans|pour)\b/gu;
const englishWords = /\b(?:the|of|and|is|are|by|shall|this|with|which)\b/gu;
/** Frequent words of the languages an agreement could be written in instead (es, it, pt, de, nl), none of them French ("il", "y"). */
const otherWords = /\b(?:el|los|las|del|por|con|una|della|che|di|der|die|und|das|ist|em|um|het|een|van)\b/gu;

/** The document's language, and whether it is one the rules read at all. */
function languageOf(folded: string): { language: ReadingDocument["language"]; read: boolean } {
  const count = (pattern: RegExp) => folded.match(pattern)?.length ?? 0;
  const arabic = count(/[\u0621-\u064A]/gu);
  const latin = count(/[a-z]/gu);
  const otherScripts = count(/[^\p{Script=Latin}\p{Script=Arabic}\p{Script=Common}\p{Script=Inherited}]/gu);
  if (arabic > latin) return { language: "ar", read: arabic > otherScripts };
  const french = count(frenchWords);
  const english = count(englishWords);
  const language = english > french ? "en" : "fr";
  return { language, read: latin > otherScripts && Math.max(french, english) > count(otherWords) };
}

const EXCERPT_AROUND = 160;

/** The excerpt for a folded range: its line, cut to about 160 characters on each side. */
export function excerptOf(document: ReadingDocument, start: number, end: number): Excerpt {
  const range = originalRange(document, start, end);
  const text = document.original;
  const lineStart = Math.max(text.lastIndexOf("\n", range.start - 1) + 1, range.start - EXCERPT_AROUND);
  const nextBreak = text.indexOf("\n", range.end);
  const lineEnd = Math.min(nextBreak < 0 ? text.length : nextBreak, range.end + EXCERPT_AROUND);
  let page: number | null = null;
  for (const part of document.parts) if (part.start <= range.start) page = part.page;
  return {
    page,
    text: text.slice(lineStart, lineEnd),
    markStart: range.start - lineStart,
    markEnd: range.end - lineStart,
  };
}

/** A proposal made by a rule from the folded range [start, end). */
export function propose<T>(
  document: ReadingDocument,
  rule: string,
  value: T,
  confidence: number,
  start: number,
  end: number,
): Proposal<T> {
  return { value, confidence, rule, excerpt: excerptOf(document, start, end) };
}

/** What was written for a folded range, spaces collapsed. */
export function writtenText(document: ReadingDocument, start: number, end: number): string {
  const range = originalRange(document, start, end);
  return document.original.slice(range.start, range.end).replace(/\s+/gu, " ").trim();
}
