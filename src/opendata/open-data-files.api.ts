import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Executor } from "../db/client.js";
import { keptPerGeneration } from "../db/registry-generation.js";
import { anonymous } from "../shared/actor.js";
import { notFound } from "../shared/errors.js";
import { type Language, languages } from "../shared/localized.js";
import { isSheetKey, type SheetKey } from "../spreadsheets/spreadsheet-layout.js";
import {
  exportSpreadsheet,
  type SpreadsheetFormat,
  sheetsFor,
  spreadsheetFile,
} from "../spreadsheets/spreadsheets.service.js";
import { type BuildSlots, takeSlot } from "../web/build-slots.js";
import type { AppEnv } from "../web/context.js";
import { answerKeptFile, type KeptFile, keepFile, keptFileSize } from "../web/kept-file.js";
import { errorOut, readSecurity } from "../web/openapi.js";
import { type PublicDataState, readOpenDataLicence, readPublicDataState } from "./open-data.queries.js";

/** The sheets the public export has: what may be published, one CSV each. */
export const publicSheets: SheetKey[] = sheetsFor(anonymous).map(({ sheet }) => sheet.key);

export const openDataPaths = {
  workbook: (lang: Language) => `/api/v1/open-data/registry.xlsx${lang === "fr" ? "" : `?lang=${lang}`}`,
  json: (lang: Language) => `/api/v1/open-data/registry.json${lang === "fr" ? "" : `?lang=${lang}`}`,
  csv: (sheet: SheetKey) => `/api/v1/open-data/csv/${sheet}.csv`,
  iati: "/api/v1/open-data/iati-activities.xml",
};

const langQuery = z.object({
  lang: z
    .enum(languages)
    .optional()
    .openapi({
      param: { name: "lang", in: "query" },
      description: "language of the headers and names (default fr)",
    }),
});

const conditionalNote =
  "Made once per change of the public registry and kept: its ETag (strong, the hash of the bytes) and Last-Modified (the last public change) answer `If-None-Match` or `If-Modified-Since` with 304 while it has not changed. CSV and JSON are sent gzipped to a client that takes gzip. While the server is busy making other exports it may answer 503 with Retry-After.";

const busyResponse = {
  description: "Too many exports being made at once; ask again after Retry-After seconds",
  content: { "application/json": { schema: errorOut } },
};

const workbookRoute = createRoute({
  method: "get",
  path: "/open-data/registry.xlsx",
  summary: "The public registry as one XLSX workbook (docs/spreadsheet-format.md)",
  description: `Every public agreement and what the public may read of it, a sheet per record kind. ${conditionalNote}`,
  security: readSecurity,
  request: { query: langQuery },
  responses: {
    200: {
      description: "XLSX workbook",
      content: {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: z.string() },
      },
    },
    304: { description: "Not changed" },
    503: busyResponse,
  },
});

const jsonRoute = createRoute({
  method: "get",
  path: "/open-data/registry.json",
  summary: "The public registry as one JSON document",
  description: `What the public may read, as the XLSX and CSV files hold it: \`tables\` has an array per table (the same tables and column keys, docs/spreadsheet-format.md and the data dictionary on /{lang}/open-data), each row an object; dates are YYYY-MM-DD, amounts decimal strings. Its first fields name the licence and \`dataChangedAt\`, the last public change. No internal agreement, contact or audit trail. ${conditionalNote}`,
  security: readSecurity,
  request: { query: langQuery },
  responses: {
    200: { description: "JSON", content: { "application/json": { schema: z.object({}).passthrough() } } },
    304: { description: "Not changed" },
    503: busyResponse,
  },
});

const csvRoute = createRoute({
  method: "get",
  path: "/open-data/csv/{sheet}",
  summary: "One table of the public registry as CSV (`{sheet}` is a sheet key ending with `.csv`)",
  description: `UTF-8 with a byte order mark, row 1 the column keys. ${conditionalNote}`,
  security: readSecurity,
  request: {
    params: z.object({
      sheet: z
        .string()
        .regex(/^[a-z_]+\.csv$/, "must be a sheet key ending with .csv")
        .openapi({ param: { name: "sheet", in: "path" } }),
    }),
    query: langQuery,
  },
  responses: {
    200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
    304: { description: "Not changed" },
    404: { description: "No such public table", content: { "application/json": { schema: errorOut } } },
    503: busyResponse,
  },
});

/** What a process keeps of the open-data files, at most (the least recently asked go first). */
export const OPEN_DATA_KEPT_BYTES = 256 * 1024 * 1024;

interface OpenDataFile {
  format: SpreadsheetFormat | "json";
  sheet?: SheetKey;
  lang: Language;
  /** the process's export slots: making a file takes one */
  slots: BuildSlots;
}

/**
 * The public registry's files, each made once per registry generation and language, then kept
 * as bytes: anyone may ask for them, and one takes tens of seconds of CPU and hundreds of MB at
 * 10,000 agreements. Requests that arrive while a file is being made wait for it; making one takes
 * an export slot (503 when none is free, and then nothing is kept). CSV and JSON are kept gzipped
 * (an XLSX is already a zip), bounded by OPEN_DATA_KEPT_BYTES in memory: every language's files
 * of a large registry fit, and a file that alone does not is made again when asked, a slot at a
 * time. In memory rather than in the data folder: a PostgreSQL install may have none that every
 * process shares, and a generation's files would then need sweeping.
 */
const keptOpenDataFile = keptPerGeneration(
  async (db: Executor, { format, sheet, lang, slots }: OpenDataFile): Promise<KeptFile> => {
    const release = takeSlot(slots);
    try {
      const head = format === "json" ? await jsonHead(db, lang) : undefined;
      return await keepFile(
        (output) =>
          exportSpreadsheet({ db, actor: anonymous, lang, request: { format, sheet, head }, output }),
        { gzip: format !== "xlsx", tag: "open-data" },
      );
    } finally {
      release();
    }
  },
  ({ format, sheet, lang }) => `${format}|${sheet ?? ""}|${lang}`,
  { maxSize: OPEN_DATA_KEPT_BYTES, sizeOf: keptFileSize },
);

/** The JSON file's first fields: what it is, under which licence, and of when. */
async function jsonHead(db: Executor, lang: Language): Promise<Record<string, unknown>> {
  const [licence, state] = await Promise.all([readOpenDataLicence(db), readPublicDataState(db, "state")]);
  return {
    format: "sharaka-open-data",
    version: 1,
    language: lang,
    licence: { name: licence.name, url: licence.url },
    dataChangedAt: state.changedAt?.toISOString() ?? null,
  };
}

/** Whether the client's copy is as new as the last public change, by If-Modified-Since alone. */
function unmodifiedSince(c: Context<AppEnv>, state: PublicDataState): boolean {
  if (c.req.header("if-none-match") !== undefined) return false;
  const since = Date.parse(c.req.header("if-modified-since") ?? "");
  return Boolean(state.changedAt && !Number.isNaN(since) && state.changedAt.getTime() <= since);
}

const fileTypes = {
  xlsx: spreadsheetFile("xlsx", "sharaka-public-registry"),
  json: { contentType: "application/json; charset=utf-8", fileName: "sharaka-public-registry.json" },
};

/**
 * An open-data file: 304 when the client's copy is current (its ETag, the hash of the kept bytes,
 * or Last-Modified, the last public write); else the kept bytes.
 */
async function answerFile(c: Context<AppEnv>, file: Omit<OpenDataFile, "slots">) {
  const { db, services } = c.var;
  const state = await readPublicDataState(db, "state");
  const lastModified: Record<string, string> = state.changedAt
    ? { "last-modified": state.changedAt.toUTCString() }
    : {};
  if (unmodifiedSince(c, state))
    return c.body(null, 304, { ...lastModified, "cache-control": "public, no-cache" });
  const kept = await keptOpenDataFile(db, { ...file, slots: services.exportSlots });
  const type = file.format === "csv" ? spreadsheetFile("csv", "", file.sheet) : fileTypes[file.format];
  return answerKeptFile(c, kept, {
    "content-type": type.contentType,
    "content-disposition": `attachment; filename="${file.sheet ? `${file.sheet}.csv` : type.fileName}"`,
    ...lastModified,
  });
}

/** /api/v1/open-data/registry.xlsx|json and /api/v1/open-data/csv/{sheet}.csv: the public registry's files. */
export function registerOpenDataFiles(api: OpenAPIHono<AppEnv>): void {
  api.openapi(workbookRoute, (c) =>
    answerFile(c, { format: "xlsx", lang: c.req.valid("query").lang ?? "fr" }),
  );
  api.openapi(jsonRoute, (c) => answerFile(c, { format: "json", lang: c.req.valid("query").lang ?? "fr" }));
  api.openapi(csvRoute, (c) => {
    const sheet = c.req.valid("param").sheet.replace(/\.csv$/, "");
    if (!isSheetKey(sheet) || !publicSheets.includes(sheet)) throw notFound("Public table", sheet);
    return answerFile(c, { format: "csv", sheet, lang: c.req.valid("query").lang ?? "fr" });
  });
}
