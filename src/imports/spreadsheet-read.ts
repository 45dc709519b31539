/**
 * Reads a spreadsheet file (XLSX or CSV) into rows by sheet and column key, streaming, within
 * `readLimits`. A file-wide refusal (not a workbook, protected, too large…) ends the reading;
 * every other problem is collected so that the person sees them all at once.
 *
 * A CSV holds one sheet, known by the file's name (`agreements.csv`, `Agreements (2).csv`: the
 * first word of letters and _ that is a sheet key), else by its header: the one sheet whose
 * columns hold every header cell. UTF-8 with or without BOM; `,` or `;` as separator (whichever
 * the header row holds more of); quoted fields may hold separators, quotes and line breaks.
 */
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import { type SheetKey, spreadsheetLayout } from "../spreadsheets/spreadsheet-layout.js";
import { readCsvZip } from "./spreadsheet-csv-zip.js";
import {
  type ReadSheet,
  readLimits,
  SheetCollector,
  type SheetProblem,
  StopReading,
  sheetKeyOf,
} from "./spreadsheet-sheets.js";
import { foldLabel } from "./spreadsheet-values.js";
import { readXlsx } from "./spreadsheet-xlsx.js";

/** A workbook, one sheet as CSV, or a zip of CSV files (one per sheet, as the CSV export writes them). */
export type SpreadsheetFormat = "xlsx" | "csv" | "zip";

export function spreadsheetFormat(fileName: string): SpreadsheetFormat | undefined {
  const extension = extname(fileName).toLowerCase();
  return extension === ".xlsx"
    ? "xlsx"
    : extension === ".csv"
      ? "csv"
      : extension === ".zip"
        ? "zip"
        : undefined;
}

export interface ReadResult {
  sheets: ReadSheet[];
  problems: SheetProblem[];
}

/**
 * Reads `path` as the format its `fileName` says. Never throws for the file's content: a refusal
 * is the problem the result holds.
 */
export async function readSpreadsheet(path: string, fileName: string): Promise<ReadResult> {
  const problems: SheetProblem[] = [];
  try {
    const format = spreadsheetFormat(fileName);
    if (!format) throw new StopReading({ reason: "unknownFormat" });
    const size = (await stat(path)).size;
    if (size > readLimits.maxFileBytes)
      throw new StopReading({
        reason: "fileTooLarge",
        values: { size: Math.ceil(size / 1024 / 1024), max: readLimits.maxFileBytes / 1024 / 1024 },
      });
    const sheets =
      format === "xlsx"
        ? await readXlsx(path, problems)
        : format === "zip"
          ? await readCsvZip(path, problems, readCsv)
          : [await readCsv(path, fileName, problems)];
    return { sheets, problems };
  } catch (error) {
    if (error instanceof StopReading) return { sheets: [], problems: [...problems, error.problem] };
    throw error;
  }
}

/** The sheet a CSV file stands for: its name, else the one sheet whose columns hold its whole header. */
function csvSheet(fileName: string, header: string[]): SheetKey | undefined {
  const stem = basename(fileName, extname(fileName)).toLowerCase();
  const byName = sheetKeyOf(stem) ?? sheetKeyOf(/^[a-z_]+/.exec(stem)?.[0] ?? "");
  if (byName) return byName;
  const cells = header.map((cell) => foldLabel(cell)).filter(Boolean);
  const fits = spreadsheetLayout.filter((sheet) =>
    cells.every((cell) =>
      sheet.columns.some(
        (column) =>
          column.key === cell || Object.values(column.label).some((label) => foldLabel(label) === cell),
      ),
    ),
  );
  return fits.length === 1 ? fits[0]?.key : undefined;
}

async function firstLine(path: string): Promise<string> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer
      .subarray(0, bytesRead)
      .toString("utf8")
      .replace(/^\uFEFF/, "");
    return text.split(/\r?\n/)[0] ?? "";
  } finally {
    await handle.close();
  }
}

async function readCsv(path: string, fileName: string, problems: SheetProblem[]): Promise<ReadSheet> {
  const header = await firstLine(path);
  const count = (mark: string) => header.split(mark).length - 1;
  const delimiter = count(";") > count(",") ? ";" : ",";
  const key = csvSheet(
    fileName,
    header.split(delimiter).map((cell) => cell.replace(/^"|"$/g, "").trim()),
  );
  if (!key) throw new StopReading({ sheet: basename(fileName), reason: "csvSheetUnknown" });
  const collector = new SheetCollector(key, problems, { cells: readLimits.maxCells });
  const { parse } = await import("csv-parse");
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      delimiter,
      relax_column_count: true,
      max_record_size: 1_000_000,
      skip_empty_lines: false,
    }),
  );
  let number = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      number++;
      if (record.length > readLimits.maxColumns)
        throw new StopReading({
          sheet: key,
          row: number,
          reason: "tooManyColumns",
          values: { max: readLimits.maxColumns },
        });
      if (record.some((cell) => cell.includes("\uFFFD")))
        throw new StopReading({ sheet: key, row: number, reason: "notUtf8" });
      collector.add(number, record);
    }
  } catch (error) {
    if (error instanceof StopReading) throw error;
    // csv-parse names the line where the quoting broke.
    const line = (error as { lines?: number }).lines;
    throw new StopReading({ sheet: key, row: line ?? number + 1, reason: "csvSyntax" });
  }
  return collector.finish();
}
