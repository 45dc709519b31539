import { once } from "node:events";
import type { Writable } from "node:stream";
import { write } from "./spreadsheet-csv.js";
import type { SpreadsheetColumn } from "./spreadsheet-layout.js";
import type { SheetRow } from "./spreadsheet-rows.js";
import type { WorkbookSink } from "./spreadsheet-xlsx.js";

/**
 * The workbook as one JSON document: `head`'s fields, then `tables`, an array of objects per
 * sheet keyed by the sheet's column keys, each value as the readers give it (text, a
 * YYYY-MM-DD date, an amount as its decimal string, a number, a boolean, a list, or null). A
 * JSON reader takes no value for a formula, so texts are written as they are. Written a batch
 * of rows at a time, as the other sinks.
 */
export function jsonSink(output: Writable, head: Record<string, unknown>): WorkbookSink {
  let columns: readonly SpreadsheetColumn[] = [];
  let sheets = 0;
  let rowsInSheet = 0;
  const opening = JSON.stringify(head).slice(0, -1);
  output.write(`${opening}${opening.length > 1 ? "," : ""}"tables":{`);
  const objectOf = (row: SheetRow) =>
    Object.fromEntries(columns.map((column) => [column.key, row[column.key] ?? null]));
  return {
    startSheet(sheet, chosen) {
      columns = chosen;
      rowsInSheet = 0;
      output.write(`${sheets ? "," : ""}${JSON.stringify(sheet.key)}:[`);
      sheets += 1;
    },
    async addRows(rows) {
      if (!rows.length) return;
      const text = rows.map((row) => JSON.stringify(objectOf(row))).join(",");
      await write(output, `${rowsInSheet ? "," : ""}${text}`);
      rowsInSheet += rows.length;
    },
    async endSheet() {
      await write(output, "]");
    },
    async end() {
      output.end("}}\n");
      if (!output.writableFinished) await once(output, "finish");
    },
  };
}
