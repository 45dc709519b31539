import type { Writable } from "node:stream";
import { agreementPolicy } from "../access/agreement-access.js";
import { type AgreementFilter, listExportedAgreements } from "../agreements/agreements.queries.js";
import type { Executor } from "../db/client.js";
import { todayInMorocco } from "../domain/periods.js";
import type { Actor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import { translator } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import { assertOpen, csvSink, csvZipSink } from "./spreadsheet-csv.js";
import { followUpReaders } from "./spreadsheet-follow-up.queries.js";
import { jsonSink } from "./spreadsheet-json.js";
import type { SheetKey, SheetLayout, SpreadsheetColumn } from "./spreadsheet-layout.js";
import { spreadsheetLayout } from "./spreadsheet-layout.js";
import { readContacts, readOrganizations, registryReaders } from "./spreadsheet-registry.queries.js";
import type { SheetBatch, SheetReader } from "./spreadsheet-rows.js";
import { type WorkbookSink, xlsxSink } from "./spreadsheet-xlsx.js";

export const spreadsheetFormats = ["xlsx", "csv"] as const;
export type SpreadsheetFormat = (typeof spreadsheetFormats)[number];

/**
 * Agreements read per batch, for each sheet. A batch's rows are held until written: 100
 * agreements with their follow-up is up to a few thousand rows (the bench's registry puts 200
 * activities on some agreements), as the IATI file's batches.
 */
export const EXPORT_BATCH_SIZE = 100;

const readers: Record<Exclude<SheetKey, "organizations" | "contacts">, SheetReader> = {
  ...registryReaders,
  ...followUpReaders,
};

export interface SpreadsheetExport {
  /** json: the workbook as one JSON document (spreadsheet-json.ts), `head` its first fields */
  format: SpreadsheetFormat | "json";
  head?: Record<string, unknown>;
  /** with the CSV format: this sheet alone, as one CSV file (else a zip of one CSV per sheet) */
  sheet?: SheetKey;
  /** the agreement list's filters (and the follow-up filters' answer, as `ids`) */
  filter?: AgreementFilter;
}

/** The sheets and columns this reader gets: the public none of the inside, contacts only the staff and viewers. */
export function sheetsFor(actor: Actor): { sheet: SheetLayout; columns: SpreadsheetColumn[] }[] {
  const publicOnly = actor.role === "anonymous";
  const seesContacts = agreementPolicy.seesEverything(actor);
  return spreadsheetLayout
    .filter((sheet) =>
      sheet.audience === "contacts" ? seesContacts : !(publicOnly && sheet.audience === "inside"),
    )
    .map((sheet) => ({
      sheet,
      columns: sheet.columns.filter((column) => !(publicOnly && column.audience === "inside")),
    }));
}

/** The file's media type and name for a format (and sheet). */
export function spreadsheetFile(format: SpreadsheetFormat, name: string, sheet?: SheetKey) {
  if (format === "xlsx")
    return {
      contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      fileName: `${name}.xlsx`,
    };
  if (sheet) return { contentType: "text/csv; charset=utf-8", fileName: `${name}-${sheet}.csv` };
  return { contentType: "application/zip", fileName: `${name}-csv.zip` };
}

/**
 * Writes the agreements this actor may read (the public's, for the anonymous public) with the
 * filter applied, and all their parts and follow-up it may see, in the workbook layout
 * (spreadsheet-layout.ts) to `output`, which it ends. Sheet after sheet, a batch of agreements at
 * a time: only the list of agreements' ids and references is held whole. Returns how many rows
 * each sheet got.
 */
export async function exportSpreadsheet({
  db,
  actor,
  lang,
  request,
  output,
  batchSize = EXPORT_BATCH_SIZE,
}: {
  db: Executor;
  actor: Actor;
  lang: Language;
  request: SpreadsheetExport;
  output: Writable;
  batchSize?: number;
}): Promise<{ agreements: number; rows: Partial<Record<SheetKey, number>> }> {
  const chosen = sheetsFor(actor).filter(({ sheet }) => !request.sheet || sheet.key === request.sheet);
  if (!chosen.length) throw new AppError("usage", `Sheet ${request.sheet} is not one this export may write`);
  const filter = request.filter ?? {};
  const agreements = await listExportedAgreements({ db, actor, filter });
  const unfiltered = Object.values(filter).every((value) => value === undefined);
  const publicOnly = actor.role === "anonymous";
  const sink = sinkFor({ request, output, lang });
  const rows: Partial<Record<SheetKey, number>> = {};

  let organizationIds: string[] = [];
  for (const { sheet, columns } of chosen) {
    sink.startSheet(sheet, columns);
    let count = 0;
    if (sheet.key === "organizations" || sheet.key === "contacts") {
      const organizations = await readOrganizations(
        db,
        agreementPolicy.seesEverything(actor) && unfiltered
          ? "all"
          : {
              agreementIds: agreements.map((agreement) => agreement.id),
              insideIds: publicOnly ? [] : agreements.filter((a) => a.seesInside).map((a) => a.id),
            },
      );
      organizationIds = organizations.map((organization) => organization.id);
      const sheetRows =
        sheet.key === "organizations" ? organizations : await readContacts(db, lang, organizationIds);
      await sink.addRows(sheetRows);
      count = sheetRows.length;
    } else {
      const read = readers[sheet.key];
      for (let start = 0; start < agreements.length; start += batchSize) {
        // Between batches whatever else waits runs: a large export never holds the process for long.
        if (start) await new Promise((resolve) => setImmediate(resolve));
        // Its reader gone (a client that gave up), the export stops: its slot is then free.
        assertOpen(output);
        const batch: SheetBatch = {
          db,
          actor,
          lang,
          agreements: agreements.slice(start, start + batchSize),
          publicOnly,
        };
        const sheetRows = await read(batch);
        await sink.addRows(sheetRows);
        count += sheetRows.length;
      }
    }
    await sink.endSheet();
    rows[sheet.key] = count;
  }
  await sink.end();
  return { agreements: agreements.length, rows };
}

function sinkFor({
  request,
  output,
  lang,
}: {
  request: SpreadsheetExport;
  output: Writable;
  lang: Language;
}): WorkbookSink {
  if (request.format === "xlsx")
    return xlsxSink({ output, t: translator(lang), lang, writtenOn: todayInMorocco() });
  if (request.format === "json") return jsonSink(output, request.head ?? {});
  return request.sheet ? csvSink(output) : csvZipSink(output);
}

/**
 * The empty workbook people fill in to import: every sheet with its two header rows and its
 * drop-down lists, the read-me sheet with the data dictionary, in the reader's language.
 */
export async function writeSpreadsheetTemplate({
  lang,
  output,
}: {
  lang: Language;
  output: Writable;
}): Promise<void> {
  const sink = xlsxSink({
    output,
    t: translator(lang),
    lang,
    writtenOn: todayInMorocco(),
    validations: true,
  });
  for (const sheet of spreadsheetLayout) {
    sink.startSheet(sheet, sheet.columns);
    await sink.endSheet();
  }
  await sink.end();
}
