import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { anonymous } from "../shared/actor.js";
import { notFound } from "../shared/errors.js";
import { type Language, languages } from "../shared/localized.js";
import { isSheetKey, type SheetKey } from "../spreadsheets/spreadsheet-layout.js";
import { streamWorkbook } from "../spreadsheets/spreadsheets.routes.js";
import {
  exportSpreadsheet,
  type SpreadsheetFormat,
  sheetsFor,
  spreadsheetFile,
} from "../spreadsheets/spreadsheets.service.js";
import type { AppEnv } from "../web/context.js";
import { errorOut, readSecurity } from "../web/openapi.js";
import { type PublicDataState, readPublicDataState } from "./open-data.queries.js";

/** The sheets the public export has: what may be published, one CSV each. */
export const publicSheets: SheetKey[] = sheetsFor(anonymous).map(({ sheet }) => sheet.key);

export const openDataPaths = {
  workbook: (lang: Language) => `/api/v1/open-data/registry.xlsx${lang === "fr" ? "" : `?lang=${lang}`}`,
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
  "An ETag (weak: the file is made again, alike) and Last-Modified say which state of the public registry it holds; `If-None-Match` or `If-Modified-Since` answer 304 while it has not changed.";

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
  },
});

const sameTag = (header: string, etag: string) =>
  header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag.replace(/^W\//, ""));

/**
 * The validators of an open-data file: its ETag names the registry's generation (every public
 * write raises it) with the file, Last-Modified the last public write. Undefined when the client's
 * copy is still good, which then gets 304.
 */
function validators(c: Context<AppEnv>, state: PublicDataState, file: string) {
  const etag = `W/"open-data-${state.generation}-${file}"`;
  const headers: Record<string, string> = { etag, "cache-control": "public, no-cache" };
  if (state.changedAt) headers["last-modified"] = state.changedAt.toUTCString();
  const ifNoneMatch = c.req.header("if-none-match");
  const ifModifiedSince = Date.parse(c.req.header("if-modified-since") ?? "");
  const fresh =
    ifNoneMatch !== undefined
      ? sameTag(ifNoneMatch, etag)
      : Boolean(
          state.changedAt && !Number.isNaN(ifModifiedSince) && state.changedAt.getTime() <= ifModifiedSince,
        );
  return { headers, fresh };
}

async function answerFile(
  c: Context<AppEnv>,
  { format, sheet, lang }: { format: SpreadsheetFormat; sheet?: SheetKey; lang: Language },
) {
  const state = await readPublicDataState(c.var.db, "state");
  const { headers, fresh } = validators(c, state, `${sheet ?? "registry"}.${format}-${lang}`);
  if (fresh) return c.body(null, 304, headers);
  const file = spreadsheetFile(format, "sharaka-public-registry", sheet);
  return streamWorkbook(
    c,
    sheet ? { ...file, fileName: `${sheet}.csv` } : file,
    (output) =>
      exportSpreadsheet({ db: c.var.db, actor: anonymous, lang, request: { format, sheet }, output }),
    headers,
  );
}

/** /api/v1/open-data/registry.xlsx and /api/v1/open-data/csv/{sheet}.csv: the public registry's files. */
export function registerOpenDataFiles(api: OpenAPIHono<AppEnv>): void {
  api.openapi(workbookRoute, (c) =>
    answerFile(c, { format: "xlsx", lang: c.req.valid("query").lang ?? "fr" }),
  );
  api.openapi(csvRoute, (c) => {
    const sheet = c.req.valid("param").sheet.replace(/\.csv$/, "");
    if (!isSheetKey(sheet) || !publicSheets.includes(sheet)) throw notFound("Public table", sheet);
    return answerFile(c, { format: "csv", sheet, lang: c.req.valid("query").lang ?? "fr" });
  });
}
