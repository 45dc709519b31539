import { once } from "node:events";
import type { Writable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { Zip, ZipDeflate } from "fflate";
import { csvCell } from "./spreadsheet-cells.js";
import type { SpreadsheetColumn } from "./spreadsheet-layout.js";
import type { SheetRow } from "./spreadsheet-rows.js";
import type { WorkbookSink } from "./spreadsheet-xlsx.js";

/** Excel reads a CSV as UTF-8 (Arabic included) only when it begins with the byte order mark. */
const BOM = "\uFEFF";
const encoder = new TextEncoder();

/** RFC 4180: CRLF between records, fields quoted when they must be. */
const toCsv = (records: string[][]) => stringify(records, { record_delimiter: "\r\n" });

/**
 * Writes, and waits when the output asks to (a slow client, a full pipe); throws once the output
 * is closed (its reader went away), so that the export stops rather than wait for ever.
 */
export async function write(output: Writable, chunk: Uint8Array | string): Promise<void> {
  assertOpen(output);
  if (output.write(chunk)) return;
  const stop = new AbortController();
  try {
    await Promise.race([
      once(output, "drain", { signal: stop.signal }),
      once(output, "close", { signal: stop.signal }),
    ]);
  } finally {
    stop.abort();
  }
  assertOpen(output);
}

/** Throws when the output was closed before the export was written whole. */
export function assertOpen(output: Writable): void {
  if (output.destroyed)
    throw new Error("the export's output was closed before its end (its reader went away)");
}

async function finish(output: Writable): Promise<void> {
  output.end();
  if (!output.writableFinished) await once(output, "finish");
}

const rowsOf = (columns: readonly SpreadsheetColumn[], rows: readonly SheetRow[]) =>
  rows.map((row) => columns.map((column) => csvCell(column, row[column.key] ?? null)));

/**
 * One sheet as one CSV file: UTF-8 with its byte order mark, row 1 the stable column keys (no
 * second row of headers, so that any CSV reader takes row 1 as the header), a record per row.
 */
export function csvSink(output: Writable): WorkbookSink {
  let columns: readonly SpreadsheetColumn[] = [];
  let started = false;
  return {
    startSheet(_sheet, chosen) {
      if (started) throw new Error("a CSV file holds one sheet");
      started = true;
      columns = chosen;
      output.write(BOM + toCsv([chosen.map((column) => column.key)]));
    },
    async addRows(rows) {
      if (rows.length) await write(output, toCsv(rowsOf(columns, rows)));
    },
    async endSheet() {},
    async end() {
      await finish(output);
    },
  };
}

/** Every sheet as `<sheet>.csv` in one zip archive, compressed as it is written. */
export function csvZipSink(output: Writable): WorkbookSink {
  let pending: Uint8Array[] = [];
  let failure: Error | null = null;
  let done: () => void = () => {};
  const ended = new Promise<void>((resolve) => {
    done = resolve;
  });
  const zip = new Zip((error, chunk, final) => {
    if (error) failure = error;
    else pending.push(chunk);
    if (final || error) done();
  });
  const flush = async () => {
    if (failure) throw failure;
    const chunks = pending;
    pending = [];
    for (const chunk of chunks) await write(output, chunk);
  };
  let file: ZipDeflate | undefined;
  let columns: readonly SpreadsheetColumn[] = [];
  return {
    startSheet(sheet, chosen) {
      columns = chosen;
      file = new ZipDeflate(`${sheet.key}.csv`, { level: 6 });
      zip.add(file);
      file.push(encoder.encode(BOM + toCsv([chosen.map((column) => column.key)])));
    },
    async addRows(rows) {
      if (rows.length) file?.push(encoder.encode(toCsv(rowsOf(columns, rows))));
      await flush();
    },
    async endSheet() {
      file?.push(new Uint8Array(0), true);
      file = undefined;
      await flush();
    },
    async end() {
      zip.end();
      await ended;
      await flush();
      await finish(output);
    },
  };
}
