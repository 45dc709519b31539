/**
 * Every cell of every row read by its column's type in the layout (spreadsheet-columns.ts):
 * a row becomes its values by column key, a multilingual field one `{ ar, fr, en }` by field
 * name, references left as the text typed (resolved against the database and the file later).
 * Every problem is collected: a row with one is kept out of the import.
 */

import type { LocalizedText } from "../shared/localized.js";
import type { ColumnType, SheetKey, SpreadsheetColumn } from "../spreadsheets/spreadsheet-layout.js";
import { sheetLayout } from "../spreadsheets/spreadsheet-layout.js";
import type { ImportRow, ReadSheet, SheetProblem } from "./spreadsheet-sheets.js";
import {
  cellText,
  isBlank,
  type Parsed,
  parseAmount,
  parseBoolean,
  parseDate,
  parseDateTime,
  parseDecimal,
  parseEnum,
  parseInteger,
  type RawCell,
  splitList,
} from "./spreadsheet-values.js";

export type CellValue = string | number | boolean | string[] | number[] | LocalizedText;

export interface TypedRow {
  sheet: SheetKey;
  number: number;
  /** by column key; a multilingual field by its field name */
  values: Map<string, CellValue>;
  /** false when a cell has a problem (reported): kept so that other sheets can still name the row */
  valid: boolean;
}

/** Control characters other than tab and new line, and bidi overrides, as the services refuse them. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;

function parseText(raw: RawCell, max: number): Parsed<string> {
  // The export writes a text that looks like a formula, or starts with an apostrophe, with one
  // more apostrophe in front (spreadsheet-cells.ts): exactly one is taken off again.
  const text = cellText(raw).normalize("NFC").replace(/^'/, "");
  if (text.length > max) return { ok: false, reason: "tooLongMax", values: { max } };
  if (forbidden.test(text)) return { ok: false, reason: "controlCharacters" };
  return { ok: true, value: text };
}

function parseOne(raw: RawCell, type: ColumnType): Parsed<string | number | boolean> {
  switch (type.kind) {
    case "text":
    case "localized":
      return parseText(raw, type.max);
    case "date":
      return parseDate(raw);
    case "datetime":
      return parseDateTime(raw);
    case "amount": {
      const amount = parseAmount(raw);
      return amount.ok && amount.value < 0 ? { ok: false, reason: "negative" } : amount;
    }
    case "decimal":
      return parseDecimal(raw);
    case "integer":
      return parseInteger(raw, type.min);
    case "boolean":
      return parseBoolean(raw);
    case "enum":
      return parseEnum(raw, type.values, type.labels);
    case "reference":
      return parseText(raw, 500);
    case "id": {
      const text = cellText(raw).toLowerCase();
      return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(text)
        ? { ok: true, value: text }
        : { ok: false, reason: "notAnId" };
    }
  }
}

function parseCell(raw: RawCell, column: SpreadsheetColumn): Parsed<CellValue> {
  if (!column.list) return parseOne(raw, column.type);
  const values: (string | number)[] = [];
  for (const part of splitList(raw)) {
    const parsed = parseOne(part, column.type);
    if (!parsed.ok) return parsed;
    values.push(parsed.value as string | number);
  }
  return { ok: true, value: values as string[] | number[] };
}

function typeRow(sheet: SheetKey, row: ImportRow, problems: SheetProblem[]): TypedRow {
  const layout = sheetLayout(sheet);
  const values = new Map<string, CellValue>();
  let valid = true;
  const report = (column: string, reason: string, extra?: Record<string, string | number>) => {
    problems.push({ sheet, row: row.number, column, reason, ...(extra ? { values: extra } : {}) });
    valid = false;
  };
  const localizedRequired = new Map<string, string>();
  for (const column of layout.columns) {
    const raw = row.cells.get(column.key) ?? null;
    if (column.type.kind === "localized" && column.required && !localizedRequired.has(column.type.field))
      localizedRequired.set(column.type.field, column.key);
    if (isBlank(raw)) {
      if (column.required && column.type.kind !== "localized") report(column.key, "required");
      continue;
    }
    const parsed = parseCell(raw, column);
    if (!parsed.ok) {
      report(column.key, parsed.reason, parsed.values);
      continue;
    }
    if (column.type.kind === "localized") {
      const field = column.type.field;
      const text = (values.get(field) as LocalizedText | undefined) ?? {};
      text[column.type.language] = parsed.value as string;
      values.set(field, text);
    } else values.set(column.key, parsed.value);
  }
  for (const [field, firstColumn] of localizedRequired)
    if (!values.has(field)) report(firstColumn, "atLeastOneLanguage", { field });
  return { sheet, number: row.number, values, valid };
}

/**
 * Every sheet's rows read by type; a row with a problem is reported and marked. Each sheet's raw
 * rows are taken out of it as they are typed: the import holds the typed rows to its end, and the
 * raw cells of a 10,000-agreement workbook (about a gigabyte) would otherwise stay beside them,
 * walked by every garbage collection.
 */
export function typeSheets(sheets: ReadSheet[], problems: SheetProblem[]): Map<SheetKey, TypedRow[]> {
  return new Map(
    sheets.map((sheet) => {
      const raw = sheet.rows.splice(0);
      return [sheet.key, raw.map((row) => typeRow(sheet.key, row, problems))];
    }),
  );
}

export const text = (row: TypedRow, key: string): string | undefined =>
  row.values.get(key) as string | undefined;
export const num = (row: TypedRow, key: string): number | undefined =>
  row.values.get(key) as number | undefined;
export const localizedOf = (row: TypedRow, field: string): LocalizedText =>
  (row.values.get(field) as LocalizedText | undefined) ?? {};
export const list = (row: TypedRow, key: string): string[] =>
  (row.values.get(key) as string[] | undefined) ?? [];
