import { createRequire } from "node:module";
import type { Writable } from "node:stream";
import type ExcelJS from "exceljs";
import type { Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import { numberFormat, xlsxCell } from "./spreadsheet-cells.js";
import { columnTypeLabel, enumLabels } from "./spreadsheet-dictionary.js";
import {
  listsSheet,
  readMeSheet,
  type SheetLayout,
  type SpreadsheetColumn,
  spreadsheetLayout,
} from "./spreadsheet-layout.js";
import type { SheetRow } from "./spreadsheet-rows.js";

/** Where a sheet's writer puts its rows: an XLSX, a zip of CSV files, or one CSV file. */
export interface WorkbookSink {
  startSheet(sheet: SheetLayout, columns: readonly SpreadsheetColumn[]): void;
  /** Writes these rows and lets them go (an XLSX commits them to its stream). */
  addRows(rows: readonly SheetRow[]): Promise<void>;
  endSheet(): Promise<void>;
  end(): Promise<void>;
}

/** The streaming worksheet has them (worksheet-writer.js), its type declaration does not. */
type WithValidations = {
  dataValidations: { add(address: string, validation: ExcelJS.DataValidation): void };
};

/**
 * The template's drop-down lists reach this many rows. Not Excel's last row: exceljs (and so any
 * import reading with it) turns a validated range into one entry per cell, and a million rows a
 * column took a minute to read. An export has none: its rows are already valid.
 */
const VALIDATED_ROWS = 1000;
const FIRST_DATA_ROW = 3;

const letterOf = (index: number): string => {
  let letter = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letter = String.fromCharCode(65 + ((n - 1) % 26)) + letter;
  return letter;
};

/** The validation list of a column: its enumeration's codes, a column of the "lists" sheet. */
interface ValidationList {
  name: string;
  codes: string[];
  letter: string;
}

function validationLists(): Map<string, ValidationList> {
  const lists = new Map<string, ValidationList>();
  for (const sheet of spreadsheetLayout)
    for (const column of sheet.columns) {
      if (column.list) continue;
      const name =
        column.type.kind === "enum"
          ? column.type.labels
          : column.type.kind === "boolean"
            ? "boolean"
            : undefined;
      if (!name || lists.has(name)) continue;
      const codes = column.type.kind === "enum" ? [...column.type.values] : ["yes", "no"];
      lists.set(name, { name, codes, letter: letterOf(lists.size) });
    }
  return lists;
}

const listOf = (column: SpreadsheetColumn): string | undefined =>
  column.list
    ? undefined
    : column.type.kind === "enum"
      ? column.type.labels
      : column.type.kind === "boolean"
        ? "boolean"
        : undefined;

const widthOf = (column: SpreadsheetColumn): number =>
  column.type.kind === "localized"
    ? 40
    : column.type.kind === "id"
      ? 38
      : column.type.kind === "date"
        ? 12
        : 18;

const require = createRequire(import.meta.url);
let excel: typeof ExcelJS | undefined;
/** exceljs, loaded by the first workbook written: 0.3 s of every start that writes none. */
const loadExcel = (): typeof ExcelJS => {
  excel ??= require("exceljs") as typeof ExcelJS;
  return excel;
};

/**
 * An XLSX written as it goes (exceljs's streaming writer): each sheet's rows are committed to the
 * output as they come and the next sheet starts when one ends, so the workbook is never whole in
 * memory. Every sheet has the stable keys in row 1 and the reader's headers in row 2; its
 * enumerations have a drop-down list in the template (from the sheet "lists"); a "read_me" sheet comes first.
 */
export function xlsxSink({
  output,
  t,
  lang,
  writtenOn,
  validations = false,
}: {
  output: Writable;
  t: Translate;
  lang: Language;
  writtenOn: string;
  /** drop-down lists on the enumerations' columns (the template) */
  validations?: boolean;
}): WorkbookSink {
  const workbook = new (loadExcel().stream.xlsx.WorkbookWriter)({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = "Sharaka";
  const lists = validationLists();
  const rightToLeft = lang === "ar";
  let sheet: ExcelJS.Worksheet | undefined;
  let columns: readonly SpreadsheetColumn[] = [];
  /**
   * One style object per column, shared by its cells: exceljs gives each new cell a style object of
   * its own and looks every one up by rendering it as XML (a third of the export's time at 558,000
   * rows); a style it has seen is found by identity.
   */
  let styles: Partial<ExcelJS.Style>[] = [];
  writeReadMe(workbook, t, lang, writtenOn, rightToLeft);

  return {
    startSheet(layout, chosen) {
      columns = chosen;
      styles = chosen.map((column) => {
        const numFmt = numberFormat(column);
        return numFmt ? { numFmt } : {};
      });
      sheet = workbook.addWorksheet(layout.key, {
        views: [{ state: "frozen", ySplit: 2, rightToLeft }],
      });
      sheet.columns = chosen.map((column) => ({ key: column.key, width: widthOf(column) }));
      const keys = sheet.addRow(chosen.map((column) => column.key));
      keys.font = { bold: true };
      keys.commit();
      const labels = sheet.addRow(chosen.map((column) => column.label[lang]));
      labels.font = { italic: true };
      labels.commit();
      chosen.forEach((column, index) => {
        const list = lists.get(listOf(column) ?? "");
        if (!list || !sheet || !validations) return;
        const letter = letterOf(index);
        (sheet as unknown as WithValidations).dataValidations.add(
          `${letter}${FIRST_DATA_ROW}:${letter}${FIRST_DATA_ROW + VALIDATED_ROWS - 1}`,
          {
            type: "list",
            allowBlank: true,
            showErrorMessage: true,
            formulae: [`${listsSheet}!$${list.letter}$2:$${list.letter}$${list.codes.length + 1}`],
          },
        );
      });
    },
    async addRows(rows) {
      if (!sheet) throw new Error("no sheet started");
      for (const values of rows) {
        const row = sheet.addRow(columns.map((column) => xlsxCell(column, values[column.key] ?? null)));
        columns.forEach((_, index) => {
          row.getCell(index + 1).style = styles[index] ?? {};
        });
        row.commit();
      }
    },
    async endSheet() {
      sheet?.commit();
      sheet = undefined;
    },
    async end() {
      const listSheet = workbook.addWorksheet(listsSheet);
      listSheet.addRow([...lists.values()].map((list) => list.name)).commit();
      const longest = Math.max(...[...lists.values()].map((list) => list.codes.length));
      for (let index = 0; index < longest; index++)
        listSheet.addRow([...lists.values()].map((list) => list.codes[index] ?? null)).commit();
      listSheet.commit();
      await workbook.commit();
    },
  };
}

/** The read-me sheet: how the workbook works, then the data dictionary in the reader's language. */
function writeReadMe(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  t: Translate,
  lang: Language,
  writtenOn: string,
  rightToLeft: boolean,
) {
  const sheet = workbook.addWorksheet(readMeSheet, { views: [{ rightToLeft }] });
  sheet.columns = [
    { width: 22 },
    { width: 24 },
    { width: 30 },
    { width: 30 },
    { width: 12 },
    { width: 40 },
    { width: 80 },
  ];
  const title = sheet.addRow([t("spreadsheets.readMe.title")]);
  title.font = { bold: true, size: 14 };
  title.commit();
  for (const key of ["rows", "links", "lists", "apostrophe"])
    sheet.addRow([t(`spreadsheets.readMe.${key}`)]).commit();
  sheet.addRow([t("spreadsheets.readMe.generated", { date: writtenOn })]).commit();
  sheet.addRow([]).commit();
  const header = sheet.addRow(
    ["sheet", "column", "label", "type", "required", "values", "meaning"].map((key) =>
      t(`spreadsheets.dictionary.${key}`),
    ),
  );
  header.font = { bold: true };
  header.commit();
  for (const layout of spreadsheetLayout)
    for (const column of layout.columns)
      sheet
        .addRow([
          layout.key,
          column.key,
          column.label[lang],
          columnTypeLabel(t, column),
          t(`spreadsheets.dictionary.${column.required ? "yes" : "no"}`),
          enumLabels(t, column)
            .map((value) => `${value.code} = ${value.label}`)
            .join("\n") || null,
          column.meaning[lang],
        ])
        .commit();
  sheet.commit();
}
