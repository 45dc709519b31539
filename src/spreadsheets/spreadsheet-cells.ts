import { booleanValues, LIST_SEPARATOR, type SpreadsheetColumn } from "./spreadsheet-columns.js";
import type { CellValue } from "./spreadsheet-rows.js";

/**
 * A text a spreadsheet program could take for a formula (= + - @) or that begins with a tab or a
 * carriage return (which some read as a new cell): written with a leading apostrophe, so that
 * opening the file or editing the cell never runs it. A text that already begins with an
 * apostrophe gets one too, so that an import removes exactly one leading apostrophe from every
 * text and gets the value back (docs/spreadsheet-format.md).
 */
const formulaStart = /^[=+\-@\t\r']/;

export function neutralizeFormula(text: string): string {
  return formulaStart.test(text) ? `'${text}` : text;
}

/** What a cell of an XLSX holds: text, a number, a date (at UTC midnight), or nothing. */
export type XlsxCell = string | number | Date | null;

/**
 * An amount or a measure as a number cell when the number says exactly the same (up to 15
 * significant digits); beyond, the digits as text, so that nothing is rounded.
 */
function decimalCell(value: string): number | string {
  const number = Number(value);
  const [whole = "", fraction = ""] = value.replace("-", "").split(".");
  const digits = `${whole}${fraction}`.replace(/^0+/, "").replace(/0+$/, "");
  return Number.isFinite(number) && digits.length <= 15 ? number : neutralizeFormula(value);
}

function textOf(column: SpreadsheetColumn, value: CellValue): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.length ? neutralizeFormula(value.join(LIST_SEPARATOR)) : null;
  if (typeof value === "boolean") return value ? booleanValues.yes : booleanValues.no;
  if (typeof value === "number") return String(value);
  const text = String(value);
  if (column.type.kind === "date" || column.type.kind === "datetime") return text;
  if (column.type.kind === "amount" || column.type.kind === "decimal") return text;
  return text === "" ? null : neutralizeFormula(text);
}

export function xlsxCell(column: SpreadsheetColumn, value: CellValue): XlsxCell {
  if (value === null || value === undefined) return null;
  switch (column.type.kind) {
    case "date":
      return typeof value === "string" ? new Date(`${value}T00:00:00Z`) : null;
    case "amount":
    case "decimal":
      return typeof value === "string" ? decimalCell(value) : textOf(column, value);
    case "integer":
    case "reference":
      // A row number (plan_number…) is a number cell like the `number` it points to.
      return typeof value === "number" ? value : textOf(column, value);
    default:
      return textOf(column, value);
  }
}

/** A CSV field: every value as text (dates YYYY-MM-DD, amounts with their decimals as stored). */
export const csvCell = (column: SpreadsheetColumn, value: CellValue): string => textOf(column, value) ?? "";

/** The number format of a column's cells in an XLSX, when it has one. */
export function numberFormat(column: SpreadsheetColumn): string | undefined {
  if (column.type.kind === "date") return "yyyy-mm-dd";
  if (column.type.kind === "amount") return "#,##0.00";
  if (column.type.kind === "decimal") return "0.####";
  return undefined;
}
