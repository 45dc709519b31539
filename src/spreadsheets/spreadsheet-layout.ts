import { type SheetKey, type SheetLayout, sheetKeys } from "./spreadsheet-columns.js";
import { followUpSheets } from "./spreadsheet-layout.follow-up.js";
import { registrySheets } from "./spreadsheet-layout.registry.js";

export * from "./spreadsheet-columns.js";

/** Every sheet, in the order of a workbook (a sheet only points to sheets before it). */
export const spreadsheetLayout: readonly SheetLayout[] = [...registrySheets(), ...followUpSheets()];

export function sheetLayout(key: SheetKey): SheetLayout {
  const sheet = spreadsheetLayout.find((candidate) => candidate.key === key);
  if (!sheet) throw new Error(`no sheet ${key}`);
  return sheet;
}

export const isSheetKey = (value: string): value is SheetKey =>
  (sheetKeys as readonly string[]).includes(value);
