import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from "node:fs";
import { basename } from "node:path";
import { PassThrough } from "node:stream";
import { count } from "drizzle-orm";
import { runAlerts } from "../alerts/alerts.run.js";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { agreements } from "../db/schema/index.js";
import { readMissingDocumentTexts } from "../documents/document-text.service.js";
import { copyDocumentFilesIntoDatabase } from "../documents/documents.storage.js";
import { describeOutcomes, importAgreementsPage } from "../imports/page-import.service.js";
import { describePlan, readAgreementsPage } from "../imports/page-reader.js";
import {
  describeRegistrySummary,
  importRegistry,
  opensAsJsonObject,
  type RegistryDocument,
  readRegistryDocument,
} from "../imports/registry-json.js";
import { notUtf8Error } from "../imports/registry-json.read.js";
import { writeRegistryJson } from "../imports/registry-json.write.js";
import {
  describeSpreadsheetSummary,
  importSpreadsheet,
  problemsError,
} from "../imports/spreadsheet-import.service.js";
import { spreadsheetFormat } from "../imports/spreadsheet-read.js";
import { createMailer } from "../mail/mail.service.js";
import { reindexSearch } from "../search/reindex.js";
import { anonymous, cliActor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import { isLanguage, type Language } from "../shared/localized.js";
import { write } from "../spreadsheets/spreadsheet-csv.js";
import { isSheetKey, type SheetKey, sheetKeys } from "../spreadsheets/spreadsheet-layout.js";
import {
  exportSpreadsheet,
  type SpreadsheetFormat,
  writeSpreadsheetTemplate,
} from "../spreadsheets/spreadsheets.service.js";
import { documentsFolder, normalizePublicUrl } from "./app-options.js";
import { prepareDatabase } from "./bootstrap.js";
import { openForCommand } from "./open.js";
import { standardOutputLost } from "./output.js";
import { openPartialFile } from "./partial-file.js";
import { progressBar } from "./progress-bar.js";

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function migrateCommand(config: Config, io: Output): Promise<void> {
  const handle = await openForCommand(config, "migrate");
  try {
    io.out(`Database ${handle.location} is migrated and holds its reference data.`);
    if (handle.driver === "pg") {
      // Documents live in the server's database: those an embedded install kept in its folder move in.
      const folder = documentsFolder(config);
      const { copied, alreadyThere, damaged } = await copyDocumentFilesIntoDatabase({
        db: handle.db,
        uploadsDir: folder,
      });
      if (copied || alreadyThere || damaged.length) {
        io.out(
          `Documents: ${copied} files copied from ${folder} into the database, ${alreadyThere} were there already` +
            (copied ? "; the folder is no longer read and may be deleted." : "."),
        );
      }
      for (const file of damaged)
        io.err(`Not copied: ${file} does not hold the content its name says (damaged).`);
    }
    await readDocumentTexts(handle.db, documentsFolder(config), io, { again: false });
  } finally {
    await handle.close();
  }
}

/** Reads the documents' text (those never read, or all `again`), with a progress bar. */
export async function readDocumentTexts(
  db: Database,
  uploadsDir: string,
  io: Output,
  { again }: { again: boolean },
) {
  const bar = progressBar("Documents' text");
  let total = 0;
  const read = await readMissingDocumentTexts({
    db,
    uploadsDir,
    again,
    onProgress: (done, all) => {
      total = all;
      if (all > 0) bar.update(done, all);
    },
  });
  bar.finish();
  if (total > 0 || again) io.out(`Documents: the text of ${read} files read.`);
}

/**
 * Rebuilds every search row (agreements, organisations, activities, meetings, documents' titles) and reads
 * the text of the documents never read, or of all with `again`; progress on standard error.
 */
export async function reindexCommand(
  config: Config,
  io: Output,
  { again }: { again: boolean },
): Promise<void> {
  const handle = await openForCommand(config, "reindex");
  try {
    const bar = progressBar("Agreements");
    const [counted] = await handle.db.select({ total: count() }).from(agreements);
    const rebuilt = await reindexSearch({
      db: handle.db,
      onProgress: (done) => bar.update(done, counted?.total ?? done),
    });
    bar.finish();
    io.out(
      `Search: ${rebuilt} agreements and every organisation, activity, meeting and document title reindexed.`,
    );
    await readDocumentTexts(handle.db, documentsFolder(config), io, { again });
  } finally {
    await handle.close();
  }
}

const fileErrorReasons: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EISDIR: "it is a folder",
  ENOTDIR: "a part of the path is not a folder",
};

/** The import file's size, or a clear refusal: no such file, a folder. */
function importFileSize(file: string): number {
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new AppError("usage", `${file} is not a file`);
    return stat.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const reason = fileErrorReasons[code] ?? String(error);
    throw new AppError("usage", `Cannot read ${file}: ${reason}${code ? ` (${code})` : ""}`);
  }
}

/** Refuses an import file over IMPORT_MAX_MB (a bound on what a registry or page import reads). */
function assertImportFileSize(file: string, maxBytes: number): void {
  const size = importFileSize(file);
  if (size > maxBytes) {
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    throw new AppError(
      "import_invalid",
      `${file} is ${mb(size)} MB; the importer reads files up to IMPORT_MAX_MB=${mb(maxBytes)} MB (raise it to import this one)`,
    );
  }
}

/** A page's text as strict UTF-8, or a clear refusal naming the file. */
function readUtf8(file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(file));
  } catch {
    throw notUtf8Error(file);
  }
}

/**
 * The file to import: a registry document (a JSON object), read a record at a time as the file
 * streams in, never held whole; or a page's text.
 */
async function readImportSource(
  file: string,
  maxBytes: number,
): Promise<
  { registry: RegistryDocument; pageText?: undefined } | { registry?: undefined; pageText: string }
> {
  assertImportFileSize(file, maxBytes);
  const head = new Uint8Array(4096);
  const handle = openSync(file, "r");
  let headBytes: number;
  try {
    headBytes = readSync(handle, head, 0, head.length, 0);
  } finally {
    closeSync(handle);
  }
  if (!opensAsJsonObject(new TextDecoder("utf-8").decode(head.subarray(0, headBytes))))
    return { pageText: readUtf8(file) };
  return { registry: await readRegistryDocument(createReadStream(file), { name: file }) };
}

/**
 * `sharaka import FILE.xlsx|FILE.csv`: the workbook layout (docs/spreadsheet-format.md). Every
 * problem is printed (sheet, row, column, reason in `lang`) and nothing saved: exit code 2.
 */
async function importSpreadsheetCommand(
  config: Config,
  io: Output,
  file: string,
  { dryRun, lang }: { dryRun: boolean; lang: Language },
): Promise<void> {
  importFileSize(file);
  // The reference territories and the association, as on a first start: names in the file are found among them.
  const handle = await openForCommand(config, "import");
  try {
    const result = await importSpreadsheet({
      db: handle.db,
      actor: cliActor("import"),
      path: file,
      fileName: basename(file),
      dryRun,
    });
    if (!result.ok) throw problemsError(result.file, result.problems, lang);
    io.out(describeSpreadsheetSummary(result.summary, lang));
  } finally {
    await handle.close();
  }
}

export async function importCommand(
  config: Config,
  io: Output,
  file: string,
  dryRun: boolean,
  lang?: string,
): Promise<void> {
  if (spreadsheetFormat(file)) {
    if (lang !== undefined && !isLanguage(lang)) throw new AppError("usage", "--lang takes ar, fr or en");
    await importSpreadsheetCommand(config, io, file, {
      dryRun,
      lang: (lang as Language | undefined) ?? "en",
    });
    return;
  }
  // Validate the file before touching the database, so a bad file never waits on a lock.
  const { registry, pageText: text } = await readImportSource(file, config.importMaxBytes);
  if (text !== undefined) io.out(describePlan(readAgreementsPage(text)));
  // A restore brings its own reference data, and a dry run saves nothing, not even that:
  // the page import creates the association it needs inside its own (rolled back) transaction.
  const handle = await openForCommand(config, "import", { referenceData: !registry && !dryRun });
  try {
    if (registry) {
      const actor = cliActor("import");
      const summary = await importRegistry({ db: handle.db, actor, document: registry, dryRun });
      // Whatever the file lacked (territories, the association) is loaded now, as on a first start.
      if (!dryRun) await prepareDatabase(handle);
      io.out(describeRegistrySummary(summary));
    } else if (text !== undefined) {
      const result = await importAgreementsPage({ db: handle.db, actor: cliActor("import"), text, dryRun });
      io.out("");
      io.out(describeOutcomes(result));
    }
  } finally {
    await handle.close();
  }
}

export interface SpreadsheetOptions {
  sheet?: string;
  lang?: string;
  /** only what the public may read: the open data */
  public?: boolean;
  /** the empty workbook people fill in to import */
  template?: boolean;
}

export async function exportCommand(
  config: Config,
  io: Output,
  format: string,
  output?: string,
  spreadsheet: SpreadsheetOptions = {},
): Promise<void> {
  if (format === "xlsx" || format === "csv")
    return spreadsheetExportCommand(config, io, format, output, spreadsheet);
  if (format !== "json") throw new AppError("usage", `Unknown export format "${format}": json, xlsx or csv`);
  if (Object.values(spreadsheet).some((value) => value !== undefined))
    throw new AppError("usage", "--sheet, --lang, --public and --template go with --format xlsx or csv");
  // Written as it is read (at 10,000 agreements with their follow-up, about 400 MB of text), to
  // FILE under another name until it is whole, or to standard output (never ended).
  const file = output ? await openPartialFile(output) : undefined;
  const target = file?.stream ?? process.stdout;
  let handle: Awaited<ReturnType<typeof openForCommand>>;
  try {
    handle = await openForCommand(config, "export");
  } catch (error) {
    await file?.discard();
    throw error;
  }
  try {
    const written = await writeRegistryJson({ db: handle.db, write: (text) => write(target, text) });
    if (file) {
      await file.commit();
      io.err(
        `Exported ${written.counts.agreements ?? 0} agreements and ${written.counts.organizations ?? 0} organisations to ${output}`,
      );
    }
  } catch (error) {
    // The reader of standard output went away: the export stops, and the exit says why (output.ts).
    if (!file && standardOutputLost()) return;
    await file?.discard();
    throw file ? file.reason(error) : error;
  } finally {
    await handle.close();
  }
}

/**
 * The registry in the workbook layout (docs/spreadsheet-format.md), streamed to FILE or to
 * standard output: XLSX, or CSV as a zip of one file per sheet (one CSV with --sheet).
 */
async function spreadsheetExportCommand(
  config: Config,
  io: Output,
  format: SpreadsheetFormat,
  output: string | undefined,
  options: SpreadsheetOptions,
): Promise<void> {
  const lang = options.lang ?? "fr";
  if (!isLanguage(lang)) throw new AppError("usage", `--lang must be ar, fr or en, not "${lang}"`);
  if (options.sheet !== undefined && !isSheetKey(options.sheet))
    throw new AppError("usage", `Unknown sheet "${options.sheet}": one of ${sheetKeys.join(", ")}`);
  if (options.sheet && format !== "csv") throw new AppError("usage", "--sheet goes with --format csv");
  if (options.template && format !== "xlsx")
    throw new AppError("usage", "--template goes with --format xlsx");
  // FILE is written under another name until it is whole. Standard output is never ended by a
  // writer: a pass-through carries the bytes to it.
  const file = output ? await openPartialFile(output) : undefined;
  const target = file?.stream ?? new PassThrough();
  if (!file) target.pipe(process.stdout, { end: false });
  try {
    if (options.template) {
      await writeSpreadsheetTemplate({ lang, output: target });
      await file?.commit();
      if (output) io.err(`Wrote the empty workbook to ${output}`);
      return;
    }
    const handle = await openForCommand(config, "export");
    let summary: Awaited<ReturnType<typeof exportSpreadsheet>>;
    try {
      summary = await exportSpreadsheet({
        db: handle.db,
        actor: options.public ? anonymous : cliActor("export"),
        lang,
        request: { format, sheet: options.sheet as SheetKey | undefined },
        output: target,
      });
    } finally {
      await handle.close();
    }
    await file?.commit();
    const rows = Object.values(summary.rows).reduce((sum, count) => sum + (count ?? 0), 0);
    io.err(`Exported ${summary.agreements} agreements (${rows} rows)${output ? ` to ${output}` : ""}`);
  } catch (error) {
    if (!file) {
      target.destroy();
      throw error;
    }
    await file.discard();
    throw file.reason(error);
  }
}

/**
 * `sharaka alerts run`: evaluates today's alerts now and sends the digests, as the daily run
 * does. When another process is evaluating, it leaves the work to it.
 */
export async function alertsRunCommand(config: Config, io: Output): Promise<void> {
  const handle = await openForCommand(config, "alerts");
  try {
    const { evaluation, sending } = await runAlerts({
      db: handle.db,
      mailer: createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom }),
      now: new Date(),
      publicUrl: normalizePublicUrl(config.publicUrl ?? `http://localhost:${config.port}`),
      trigger: "cli",
      readBeforeLocking: handle.driver === "pglite",
    });
    if (evaluation.status === "busy") {
      io.out(`Another process is evaluating the alerts of ${evaluation.today}; it sends the digests.`);
    } else {
      io.out(
        `Alerts of ${evaluation.today}: ${evaluation.open} open (${evaluation.opened} new, ${evaluation.resolved} resolved); ${evaluation.digests} digests written.`,
      );
    }
    const delivered = config.smtpUrl
      ? `${sending.sent} sent`
      : `${sending.kept} kept in the outbox (no SMTP_URL)`;
    io.out(`Digests: ${delivered}, ${sending.failed} failed, ${sending.interrupted} interrupted.`);
    if (sending.failed) {
      // A cron job must notice: the mail server refused some digests (they are tried again later).
      throw new AppError(
        "storage_unavailable",
        `${sending.failed} digests could not be sent; they are tried again later`,
      );
    }
  } finally {
    await handle.close();
  }
}
