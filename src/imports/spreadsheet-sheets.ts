/**
 * What the XLSX and CSV readers share: the problems they report (sheet, row, column, reason),
 * the bounds they keep, and how a sheet's header row is read back to the layout's column keys
 * (the keys themselves, or their labels in ar, fr or en), with an optional second header row
 * (labels or meanings, as the export writes) recognised and skipped.
 */
import {
  isSheetKey,
  listsSheet,
  readMeSheet,
  type SheetKey,
  type SheetLayout,
  sheetLayout,
} from "../spreadsheets/spreadsheet-layout.js";
import { foldLabel, isBlank, type RawCell } from "./spreadsheet-values.js";

/** A problem of the file, reported with every other before anything is saved. */
export interface SheetProblem {
  /** the sheet (its key, or the name found in the file); absent for the file as a whole */
  sheet?: string;
  /** the row number as the spreadsheet shows it (1 is the header) */
  row?: number;
  /** the column's key (or the header found in the file when it is unknown) */
  column?: string;
  /** a key under `spreadsheetImport.reasons` in the catalogues */
  reason: string;
  values?: Record<string, string | number>;
}

export interface ImportRow {
  /** as the spreadsheet shows it */
  number: number;
  cells: Map<string, RawCell>;
}

export interface ReadSheet {
  key: SheetKey;
  rows: ImportRow[];
}

/** Bounds that keep a hostile file from taking the memory or the time of the process. */
export const readLimits = {
  /** a 10,000-agreement registry with its follow-up is about 49 MB as XLSX */
  maxFileBytes: 100 * 1024 * 1024,
  /** XML read out of an XLSX, all sheets together: a zip bomb stops here */
  maxUnzippedBytes: 1024 * 1024 * 1024,
  /**
   * the same registry: 200,000 rows in its largest sheet (indicator values) and 5.4 million filled
   * cells, whose import holds under 2.6 GB of heap to its end (it completes with
   * --max-old-space-size=2600); a fifth more cells stays under Node's default heap limit (4.3 GB
   * on this machine), so a larger file is refused with a reason rather than ending the process
   */
  maxRowsPerSheet: 300_000,
  maxCells: 6_500_000,
  /**
   * a run of empty rows this long ends the reading of the file with a refusal: a sheet "used" down
   * to row 1,048,576 is named at once rather than read to its end
   */
  maxEmptyRun: 10_000,
  maxColumns: 200,
};

/** Thrown to stop reading at once; the reader turns it into the problems found so far. */
export class StopReading extends Error {
  constructor(readonly problem: SheetProblem) {
    super(problem.reason);
  }
}

const headerTables = new Map<SheetKey, Map<string, string>>();

/** A sheet's column keys and labels in every language, folded, each pointing to its key. */
function headerTable(layout: SheetLayout): Map<string, string> {
  let table = headerTables.get(layout.key);
  if (!table) {
    table = new Map();
    for (const column of layout.columns) table.set(column.key.toLowerCase(), column.key);
    for (const column of layout.columns)
      for (const label of Object.values(column.label))
        if (!table.has(foldLabel(label))) table.set(foldLabel(label), column.key);
    headerTables.set(layout.key, table);
  }
  return table;
}

/** Whether a sheet of this name is skipped without a word (the export's read-me and lists). */
export const isExtraSheet = (name: string) => name === readMeSheet || name === listsSheet;

/**
 * Reads the rows of one sheet as they come: the first non-empty row is the header, a second one
 * made only of labels or meanings is skipped, the others become `ImportRow`s by column key.
 */
export class SheetCollector {
  readonly rows: ImportRow[] = [];
  /** per column: its key, null when its header was already reported, undefined when it has none */
  private columns: (string | null | undefined)[] | undefined;
  private headerRow = 0;
  private secondChecked = false;
  private lastFilled = 0;
  private readonly layout: SheetLayout;

  constructor(
    readonly key: SheetKey,
    private readonly problems: SheetProblem[],
    private readonly budget: { cells: number },
  ) {
    this.layout = sheetLayout(key);
  }

  /** One row's cells by column number (index 0 is column A). */
  add(number: number, values: RawCell[]): void {
    const filled = values.some((value) => !isBlank(value));
    if (!filled) {
      if (number - this.lastFilled > readLimits.maxEmptyRun) this.stopOnEmptyRun();
      return;
    }
    if (number - this.lastFilled > readLimits.maxEmptyRun && this.columns) this.stopOnEmptyRun();
    this.lastFilled = number;
    if (!this.columns) {
      this.readHeader(number, values);
      return;
    }
    if (!this.secondChecked) {
      this.secondChecked = true;
      if (number === this.headerRow + 1 && this.isLabelRow(values)) return;
    }
    if (this.rows.length >= readLimits.maxRowsPerSheet)
      throw new StopReading({
        sheet: this.key,
        row: number,
        reason: "tooManyRows",
        values: { max: readLimits.maxRowsPerSheet },
      });
    const cells = new Map<string, RawCell>();
    values.forEach((value, index) => {
      if (isBlank(value)) return;
      const key = this.columns?.[index];
      if (key) cells.set(key, value);
      else if (key === undefined && this.columns) {
        // Once per column: the whole column lacks its header.
        this.problems.push({
          sheet: this.key,
          row: number,
          column: columnLetter(index),
          reason: "valueWithoutHeader",
        });
        this.columns[index] = null;
      }
    });
    this.budget.cells -= cells.size;
    if (this.budget.cells < 0)
      throw new StopReading({
        sheet: this.key,
        row: number,
        reason: "tooManyCells",
        values: { max: readLimits.maxCells },
      });
    this.rows.push({ number, cells });
  }

  private stopOnEmptyRun(): never {
    throw new StopReading({
      sheet: this.key,
      row: this.lastFilled + 1,
      reason: "tooManyEmptyRows",
      values: { max: readLimits.maxEmptyRun },
    });
  }

  private readHeader(number: number, values: RawCell[]) {
    this.headerRow = number;
    const table = headerTable(this.layout);
    const seen = new Set<string>();
    this.columns = values.map((value) => {
      if (isBlank(value)) return undefined;
      const text = String(value).trim();
      const key = table.get(text.toLowerCase()) ?? table.get(foldLabel(text));
      if (!key) {
        this.problems.push({ sheet: this.key, row: number, column: text, reason: "unknownColumn" });
        return null;
      }
      if (seen.has(key)) {
        this.problems.push({ sheet: this.key, row: number, column: key, reason: "columnTwice" });
        return null;
      }
      seen.add(key);
      return key;
    });
  }

  /** The export's second header row: each filled cell is its column's label or meaning in some language. */
  private isLabelRow(values: RawCell[]): boolean {
    return values.every((value, index) => {
      if (isBlank(value)) return true;
      const column = this.layout.columns.find((candidate) => candidate.key === this.columns?.[index]);
      if (!column) return false;
      const text = foldLabel(String(value));
      return [...Object.values(column.label), ...Object.values(column.meaning)].some(
        (known) => foldLabel(known) === text,
      );
    });
  }

  /** Called at the end of the sheet: a sheet with no header at all is reported. */
  finish(): ReadSheet {
    return { key: this.key, rows: this.rows };
  }
}

/** The sheet a worksheet's name or a CSV file's base name stands for; undefined when none. */
export function sheetKeyOf(name: string): SheetKey | undefined {
  const key = name.trim().toLowerCase();
  return isSheetKey(key) ? key : undefined;
}

export function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
