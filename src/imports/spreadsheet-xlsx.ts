/**
 * Reads an XLSX workbook as a stream, never the whole file in memory: one pass over the zip
 * (fflate) keeps the small parts (workbook.xml and its relations, the shared strings, the styles)
 * and writes each worksheet's XML to a temporary file, since Excel stores the shared strings
 * after the sheets; then each sheet is read row by row from its file.
 *
 * Not exceljs' stream reader (exceljs 4.4.0): on workbooks exceljs itself writes (workbook.xml
 * last), it failed outright or, depending on timing, ended before the last worksheet, silently
 * leaving a sheet out. Merged cells, formulas and error values are found here as well.
 * A password-protected workbook is no zip but an OLE compound file: refused by name.
 */
import { createReadStream, mkdtempSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  columnLetter,
  isExtraSheet,
  type ReadSheet,
  readLimits,
  SheetCollector,
  type SheetProblem,
  StopReading,
  sheetKeyOf,
} from "./spreadsheet-sheets.js";
import type { RawCell } from "./spreadsheet-values.js";
import { readZipEntries } from "./zip-stream.js";

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** workbook.xml, its relations and the styles: small parts, refused beyond this */
const MAX_SMALL_PART = 10 * 1024 * 1024;

export async function fileKind(path: string): Promise<"zip" | "ole" | "other"> {
  const handle = await open(path, "r");
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    if (bytesRead >= 8 && head.equals(OLE_MAGIC)) return "ole";
    if (bytesRead >= 4 && head.subarray(0, 4).equals(ZIP_MAGIC)) return "zip";
    return "other";
  } finally {
    await handle.close();
  }
}

const entities: Record<string, string> = { lt: "<", gt: ">", quot: '"', apos: "'" };
function decodeXml(text: string): string {
  return text
    .replace(/&(lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) =>
      entity.startsWith("#x")
        ? String.fromCodePoint(Number.parseInt(entity.slice(2), 16))
        : entity.startsWith("#")
          ? String.fromCodePoint(Number(entity.slice(1)))
          : (entities[entity] ?? ""),
    )
    .replace(/&amp;/g, "&")
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

const attribute = (tag: string, name: string): string | undefined =>
  new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** The text of a shared string or an inline one: its runs' <t> joined, phonetic runs left out. */
function runsText(xml: string): string {
  const body = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, "");
  return [...body.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((t) => decodeXml(t[1] ?? "")).join("");
}

/** Takes every whole <si> of `text` into `strings` and answers the rest (the start of the next). */
function readSharedStrings(text: string, strings: string[]): string {
  const end = text.lastIndexOf("</si>");
  const selfClosed = text.lastIndexOf("<si/>");
  const cut = Math.max(end === -1 ? -1 : end + 5, selfClosed === -1 ? -1 : selfClosed + 5);
  if (cut === -1) return text;
  for (const item of text.slice(0, cut).matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g))
    strings.push(runsText(item[1] ?? ""));
  return text.slice(cut);
}

interface Unzipped {
  names: Set<string>;
  small: Map<string, string>;
  sharedStrings: string[];
  /** worksheet part → the temporary file holding its XML */
  sheetFiles: Map<string, string>;
}

async function unzipWorkbook(path: string, folder: string): Promise<Unzipped> {
  const result: Unzipped = { names: new Set(), small: new Map(), sharedStrings: [], sheetFiles: new Map() };
  await readZipEntries(path, (file, reading) => {
    result.names.add(file.name);
    if (/^xl\/worksheets\/sheet\d+\.xml$/.test(file.name)) {
      const target = join(folder, `${result.sheetFiles.size}.xml`);
      result.sheetFiles.set(file.name, target);
      reading.toFile(file, target);
      return;
    }
    const isSmall = ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"].includes(file.name);
    const isStrings = file.name === "xl/sharedStrings.xml";
    if (!isSmall && !isStrings) return;
    const decoder = new TextDecoder();
    let pending = "";
    file.ondata = (error, chunk, final) => {
      if (error) return reading.fail("corrupt");
      reading.count(chunk.length);
      const text = decoder.decode(chunk, { stream: !final });
      if (isStrings) pending = readSharedStrings(pending + text, result.sharedStrings);
      else {
        pending += text;
        if (pending.length > MAX_SMALL_PART) reading.fail("large");
        if (final) result.small.set(file.name, pending);
      }
    };
    file.start();
  });
  return result;
}

interface WorkbookParts {
  /** in the workbook's order: each sheet's name and its part */
  sheets: { name: string; part: string }[];
  date1904: boolean;
  /** per style index (a cell's s="…"): whether its number format shows a date */
  dateStyles: boolean[];
}

const builtInDateFormats = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

function workbookParts(unzipped: Unzipped): WorkbookParts {
  const targets = new Map<string, string>();
  for (const match of (unzipped.small.get("xl/_rels/workbook.xml.rels") ?? "").matchAll(
    /<Relationship\b[^>]*>/g,
  )) {
    const id = attribute(match[0], "Id");
    const target = attribute(match[0], "Target");
    if (id && target) targets.set(id, `xl/${target.replace(/^\/?xl\//, "")}`);
  }
  const workbookXml = unzipped.small.get("xl/workbook.xml") ?? "";
  const sheets: WorkbookParts["sheets"] = [];
  for (const match of workbookXml.matchAll(/<sheet\b[^>]*>/g)) {
    const name = attribute(match[0], "name");
    const id = attribute(match[0], "r:id");
    const part = id ? targets.get(id) : undefined;
    if (name !== undefined && part) sheets.push({ name: decodeXml(name), part });
  }
  const styles = unzipped.small.get("xl/styles.xml") ?? "";
  const customDates = new Set<number>();
  for (const match of styles.matchAll(/<numFmt\b[^>]*>/g)) {
    const code = decodeXml(attribute(match[0], "formatCode") ?? "").replace(/"[^"]*"|\[[^\]]*\]|\\./g, "");
    if (/[dmyhs]/i.test(code)) customDates.add(Number(attribute(match[0], "numFmtId")));
  }
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? "";
  const dateStyles = [...cellXfs.matchAll(/<xf\b[^>]*>/g)].map((xf) => {
    const format = Number(attribute(xf[0], "numFmtId") ?? 0);
    return builtInDateFormats.has(format) || customDates.has(format);
  });
  return { sheets, date1904: /<workbookPr\b[^>]*\sdate1904="(1|true)"/.test(workbookXml), dateStyles };
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** A cell's value, or the problem it is (a formula, an error value). */
function cellValue(
  attributes: string,
  body: string,
  strings: string[],
  parts: WorkbookParts,
): RawCell | { problem: "formula" | "errorValue" } {
  if (/<f[\s>/]/.test(body)) return { problem: "formula" };
  const type = attribute(attributes, "t");
  if (type === "inlineStr") return runsText(body);
  const raw = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
  if (raw === undefined) return null;
  switch (type) {
    case "s":
      return strings[Number(raw)] ?? null;
    case "str":
      return decodeXml(raw);
    case "b":
      return raw === "1";
    case "e":
      return { problem: "errorValue" };
    default: {
      const number = Number(raw);
      if (!Number.isFinite(number)) return decodeXml(raw);
      const style = Number(attribute(attributes, "s") ?? 0);
      if (!parts.dateStyles[style]) return number;
      // A date cell: the serial read as a date (Excel's calendar, or the 1904 one).
      return new Date((parts.date1904 ? EPOCH_1904 : EXCEL_EPOCH) + Math.round(number * 86_400_000));
    }
  }
}

function columnIndex(reference: string | undefined, fallback: number): number {
  const letters = /^([A-Z]+)/.exec(reference ?? "")?.[1];
  if (!letters) return fallback;
  let index = 0;
  for (const letter of letters) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

async function readSheetFile(
  file: string,
  key: string,
  collector: SheetCollector,
  problems: SheetProblem[],
  strings: string[],
  parts: WorkbookParts,
): Promise<void> {
  const decoder = new TextDecoder();
  let pending = "";
  let lastRow = 0;
  let merged = false;
  const takeRows = (final: boolean) => {
    let end = final ? pending.length : pending.lastIndexOf("</row>") + 6;
    if (!final)
      for (const empty of pending.slice(Math.max(end, 0)).matchAll(/<row\b[^>]*\/>/g))
        end = Math.max(end, empty.index + empty[0].length + Math.max(end, 0));
    if (end < 0) end = 0;
    const chunk = pending.slice(0, end);
    for (const row of chunk.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
      const number = Number(attribute(row[1] ?? "", "r") ?? lastRow + 1);
      lastRow = number;
      if (number > readLimits.maxRowsPerSheet + readLimits.maxEmptyRun + 2)
        throw new StopReading({
          sheet: key,
          row: number,
          reason: "tooManyRows",
          values: { max: readLimits.maxRowsPerSheet },
        });
      const values: RawCell[] = [];
      let next = 0;
      for (const cell of (row[2] ?? "").matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const index = columnIndex(attribute(cell[1] ?? "", "r"), next);
        next = index + 1;
        if (index >= readLimits.maxColumns)
          throw new StopReading({
            sheet: key,
            row: number,
            reason: "tooManyColumns",
            values: { max: readLimits.maxColumns },
          });
        const value = cellValue(cell[1] ?? "", cell[2] ?? "", strings, parts);
        while (values.length < index) values.push(null);
        if (value !== null && typeof value === "object" && !(value instanceof Date)) {
          problems.push({ sheet: key, row: number, column: columnLetter(index), reason: value.problem });
          values.push(null);
        } else values.push(value);
      }
      collector.add(number, values);
    }
    const merge = /<mergeCell\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"/.exec(chunk);
    if (merge?.[1] && !merged) {
      merged = true;
      problems.push({ sheet: key, column: merge[1], reason: "mergedCells", values: { range: merge[1] } });
    }
    // What is left is the start of the next row.
    pending = pending.slice(chunk.length);
    if (pending.length > 32 * 1024 * 1024)
      throw new StopReading({
        sheet: key,
        row: lastRow + 1,
        reason: "tooManyCells",
        values: { max: readLimits.maxCells },
      });
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
    pending += decoder.decode(chunk as Uint8Array, { stream: true });
    takeRows(false);
  }
  pending += decoder.decode();
  takeRows(true);
}

export async function readXlsx(path: string, problems: SheetProblem[]): Promise<ReadSheet[]> {
  const kind = await fileKind(path);
  if (kind === "ole") throw new StopReading({ reason: "protectedWorkbook" });
  if (kind !== "zip") throw new StopReading({ reason: "notAWorkbook" });
  const folder = mkdtempSync(join(tmpdir(), "sharaka-xlsx-"));
  try {
    const unzipped = await unzipWorkbook(path, folder);
    if (!unzipped.names.has("xl/workbook.xml")) throw new StopReading({ reason: "notAWorkbook" });
    const parts = workbookParts(unzipped);
    const sheets: ReadSheet[] = [];
    const budget = { cells: readLimits.maxCells };
    for (const { name, part } of parts.sheets) {
      if (isExtraSheet(name)) continue;
      const key = sheetKeyOf(name);
      if (!key) {
        problems.push({ sheet: name, reason: "unknownSheet" });
        continue;
      }
      if (sheets.some((sheet) => sheet.key === key)) {
        problems.push({ sheet: name, reason: "sheetTwice" });
        continue;
      }
      const file = unzipped.sheetFiles.get(part);
      if (!file) throw new StopReading({ reason: "corruptWorkbook" });
      const collector = new SheetCollector(key, problems, budget);
      await readSheetFile(file, key, collector, problems, unzipped.sharedStrings, parts);
      sheets.push(collector.finish());
    }
    return sheets;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
