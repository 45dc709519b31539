import { Unzip, UnzipInflate } from "fflate";
import type { DocumentTextStatus } from "../db/schema/index.js";

/**
 * Reading the text of an uploaded file: a PDF's text layer page by page (unpdf, which carries
 * PDF.js), a DOCX's paragraphs (mammoth), an ODT's paragraphs (its content.xml). Pure: bytes in,
 * text out; storing it is document-text.service.ts's work. Images and scanned PDFs have no text
 * to read here (OCR is a later step): they come out as "no_text".
 */
export interface ExtractedText {
  status: Exclude<DocumentTextStatus, "pending">;
  /** a PDF's pages; undefined for a file without pages */
  pageCount?: number;
  /** in order; a PDF's parts are its pages (page 1, 2…), a text document's have no page */
  parts: { page: number | null; text: string }[];
  /** what went wrong or was left out, in English, for the logs and the administrator */
  problem?: string;
  /**
   * What a text document carried besides its text, and was left alone: macros (never run) and
   * references to files elsewhere (linked images, templates, embedded objects: never fetched).
   */
  ignored?: IgnoredContent[];
}

export type IgnoredContent = "macros" | "externalReferences";

/** Beyond this much text a document is searched by its beginning (a 500-page report is ~1.5 M). */
export const MAX_TEXT_CHARACTERS = 2_000_000;
/** A PDF's pages past this one are not read. */
export const MAX_PDF_PAGES = 2_000;
/** A DOCX or ODT unpacks to at most this: a file that claims more is a zip bomb, not a report. */
export const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;
/** A text document's parts: small enough for an excerpt to be found quickly, large enough to be few. */
const PART_CHARACTERS = 8_000;

const PDF = "application/pdf";
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const ODT = "application/vnd.oasis.opendocument.text";

/** Whether files of this type have text to read (else: "no_text" without opening them). */
export const hasReadableText = (mediaType: string): boolean => [PDF, DOCX, ODT].includes(mediaType);

class ExtractionProblem extends Error {}

/** How much of a PDF to read, and how: search reads it all as one line per page. */
export interface ExtractionLimits {
  /** pages past this one are not read, and `problem` says so */
  maxPages?: number;
  /** a time (Date.now()) after which no further page is read, and `problem` says so */
  deadline?: number;
  /** keep each page's line breaks (reading an agreement needs its headings and lists) */
  lines?: boolean;
}

export async function extractDocumentText(
  mediaType: string,
  bytes: Uint8Array,
  limits: ExtractionLimits = {},
): Promise<ExtractedText> {
  try {
    if (mediaType === PDF) return await pdfText(bytes, limits);
    if (mediaType === DOCX) {
      const { text, ignored } = await docxText(bytes);
      return withIgnored(textDocument(text), ignored);
    }
    if (mediaType === ODT) {
      const { text, ignored } = odtText(bytes);
      return withIgnored(textDocument(text), ignored);
    }
    return { status: "no_text", parts: [], problem: `no text is read from ${mediaType} files` };
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { status: "failed", parts: [], problem: reason.slice(0, 500) };
  }
}

/** One line of text: runs of spaces (and the line breaks of a layout) become one space. */
const oneLine = (text: string): string => text.replace(/\s+/gu, " ").trim();

async function pdfText(bytes: Uint8Array, limits: ExtractionLimits): Promise<ExtractedText> {
  // Loaded on first use: PDF.js is large, and most processes never read a PDF.
  const { getDocumentProxy } = await import("unpdf");
  // A copy: PDF.js may take the buffer it is given over.
  const pdf = await getDocumentProxy(bytes.slice(), {
    verbosity: 0,
    disableFontFace: true,
    stopAtErrors: false,
  });
  try {
    const parts: ExtractedText["parts"] = [];
    let characters = 0;
    let problem: string | undefined;
    const maxPages = Math.min(limits.maxPages ?? MAX_PDF_PAGES, MAX_PDF_PAGES);
    const pages = Math.min(pdf.numPages, maxPages);
    if (pdf.numPages > maxPages) problem = `only the first ${maxPages} of ${pdf.numPages} pages read`;
    for (let number = 1; number <= pages; number++) {
      if (limits.deadline !== undefined && Date.now() > limits.deadline) {
        problem = `stopped after ${number - 1} of ${pdf.numPages} pages: reading took too long`;
        break;
      }
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      page.cleanup();
      const raw = content.items
        .map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : " ") : ""))
        .join("");
      // NFKC: Arabic presentation forms and ligatures ("ﬁ") as the letters they stand for.
      const normalized = raw.normalize("NFKC");
      const text = limits.lines
        ? normalized.split("\n").map(oneLine).filter(Boolean).join("\n")
        : oneLine(normalized);
      if (!text) continue;
      if (characters + text.length > MAX_TEXT_CHARACTERS) {
        problem = `text past ${MAX_TEXT_CHARACTERS} characters left out (from page ${number})`;
        break;
      }
      characters += text.length;
      parts.push({ page: number, text });
    }
    return { status: parts.length ? "extracted" : "no_text", pageCount: pdf.numPages, parts, problem };
  } finally {
    // (The proxy of unpdf's build has no destroy(): its loading task frees the document.)
    await pdf.loadingTask.destroy();
  }
}

/**
 * The entries of a zip whose names pass `keep`, unpacked, and the names of all its entries;
 * refused as soon as everything unpacked (kept or not) passes MAX_UNPACKED_BYTES, whatever sizes
 * the archive declares.
 */
function unpack(
  bytes: Uint8Array,
  keep: (name: string) => boolean,
): { parts: Map<string, Uint8Array>; names: string[] } {
  const kept = new Map<string, Uint8Array[]>();
  const names: string[] = [];
  let unpacked = 0;
  const unzip = new Unzip((file) => {
    const chunks: Uint8Array[] = [];
    const keeping = keep(file.name);
    names.push(file.name);
    if (keeping) kept.set(file.name, chunks);
    file.ondata = (error, chunk) => {
      if (error) throw error;
      unpacked += chunk.byteLength;
      if (unpacked > MAX_UNPACKED_BYTES)
        throw new ExtractionProblem(`unpacks to more than ${MAX_UNPACKED_BYTES} bytes`);
      if (keeping) chunks.push(chunk);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.push(bytes, true);
  return { parts: new Map([...kept].map(([name, chunks]) => [name, Buffer.concat(chunks)])), names };
}

const withIgnored = (extracted: ExtractedText, ignored: IgnoredContent[]): ExtractedText =>
  ignored.length ? { ...extracted, ignored } : extracted;

/** A relationship to a file elsewhere that is not a hyperlink (a link is only an address in the text). */
const externalPart = /<Relationship\b(?=[^>]*\bTargetMode="External")(?![^>]*\/hyperlink")[^>]*>/u;

/**
 * What a DOCX holds besides its text: macros (a vbaProject part, as in a .docm renamed) and
 * references to outside files in its parts' relationships.
 */
function docxExtras(parts: Map<string, Uint8Array>, names: string[]): IgnoredContent[] {
  const ignored: IgnoredContent[] = [];
  if (names.some((name) => /(^|\/)vbaProject\.bin$|(^|\/)activeX\//iu.test(name))) ignored.push("macros");
  const decoder = new TextDecoder("utf-8");
  if ([...parts.values()].some((rels) => externalPart.test(decoder.decode(rels))))
    ignored.push("externalReferences");
  return ignored;
}

async function docxText(bytes: Uint8Array): Promise<{ text: string; ignored: IgnoredContent[] }> {
  // Measured first (mammoth would unpack whatever the archive holds), then read by mammoth,
  // which reads the text only: it runs nothing and fetches nothing a part refers to.
  const { parts, names } = unpack(bytes, (name) => name.endsWith(".rels"));
  const { default: mammoth } = await import("mammoth");
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
  return { text: value, ignored: docxExtras(parts, names) };
}

const xmlEntities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/giu, (whole, name: string) => {
    if (name[0] !== "#") return xmlEntities[name] ?? whole;
    const code =
      name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
  });
}

/** An image, object or section an ODT draws from elsewhere (an address, or a path out of the file), not a hyperlink. */
const linkedObject =
  /<(?:draw:image|draw:object|draw:object-ole|draw:plugin|text:section-source)\b[^>]*\bxlink:href="(?:[a-z][a-z0-9+.-]*:|\.\.\/|\/)/iu;

/**
 * An ODT's paragraphs and headings from its content.xml: paragraph and heading ends, line breaks
 * and tabs as such, `text:s` as its spaces; every other tag is dropped and its text kept. Its
 * macros and linked objects are noted, never run or fetched.
 */
function odtText(bytes: Uint8Array): { text: string; ignored: IgnoredContent[] } {
  const { parts, names } = unpack(bytes, (name) => name === "content.xml");
  const content = parts.get("content.xml");
  if (!content) throw new ExtractionProblem("no content.xml: not an OpenDocument text");
  const xml = new TextDecoder("utf-8").decode(content);
  const ignored: IgnoredContent[] = [];
  // LibreOffice keeps macros in Basic/ (and scripts in Scripts/); a linked image or object names an address.
  if (names.some((name) => /^(Basic|Scripts)\//u.test(name))) ignored.push("macros");
  if (linkedObject.test(xml)) ignored.push("externalReferences");
  const body = xml.slice(Math.max(0, xml.indexOf("<office:body")));
  const marked = body
    .replace(/<\/text:(?:p|h)>|<text:line-break\/>/gu, "\n")
    .replace(/<text:tab\/>/gu, "\t")
    .replace(/<text:s(?:\s+text:c="(\d+)")?\s*\/>/gu, (_, count?: string) =>
      " ".repeat(Math.min(Number(count ?? 1), 100)),
    )
    .replace(/<[^>]*>/gu, "");
  return { text: decodeXmlText(marked), ignored };
}

/** A text document's paragraphs, gathered into parts of at most PART_CHARACTERS. */
function textDocument(text: string): ExtractedText {
  const parts: ExtractedText["parts"] = [];
  let problem: string | undefined;
  let current = "";
  let characters = 0;
  const flush = () => {
    if (current) parts.push({ page: null, text: current });
    current = "";
  };
  for (const paragraph of text.split(/\n+/u).map(oneLine).filter(Boolean)) {
    if (characters + paragraph.length > MAX_TEXT_CHARACTERS) {
      problem = `text past ${MAX_TEXT_CHARACTERS} characters left out`;
      break;
    }
    characters += paragraph.length;
    for (const piece of piecesOf(paragraph)) {
      if (current && current.length + 1 + piece.length > PART_CHARACTERS) flush();
      current = current ? `${current}\n${piece}` : piece;
    }
  }
  flush();
  return { status: parts.length ? "extracted" : "no_text", parts, problem };
}

/** A paragraph longer than a part, cut at spaces (or anywhere, in a text without any). */
function* piecesOf(paragraph: string): Generator<string> {
  let rest = paragraph;
  while (rest.length > PART_CHARACTERS) {
    const space = rest.lastIndexOf(" ", PART_CHARACTERS);
    const cut = space > PART_CHARACTERS / 2 ? space : PART_CHARACTERS;
    yield rest.slice(0, cut).trim();
    rest = rest.slice(cut).trim();
  }
  if (rest) yield rest;
}
