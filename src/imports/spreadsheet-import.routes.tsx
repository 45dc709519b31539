/**
 * /{lang}/workspace/import/spreadsheet: staff upload a workbook or a CSV, see its dry run (what
 * would be created, changed, unchanged) or every problem, then confirm. Between the two steps the
 * file is kept in the system's temporary folder under a random id (128 bits), for its uploader
 * only and for an hour: the confirmation names the id, never a path.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Context } from "hono";
import { Hono } from "hono";
import { assertCanWriteAgreements } from "../access/agreement-access.js";
import type { AppEnv } from "../web/context.js";
import { readFormBody, textField } from "../web/forms.js";
import { guard } from "../web/guards.js";
import { renderWorkspace } from "../web/page.js";
import { importSpreadsheet, type SpreadsheetImportResult } from "./spreadsheet-import.service.js";
import { ConfirmForm, ProblemsTable, SummaryTable, UploadForm } from "./spreadsheet-import.views.js";

type Ctx = Context<AppEnv>;
const KEEP_MS = 60 * 60 * 1000;
const uploadsRoot = () => join(tmpdir(), "sharaka-spreadsheet-uploads");
const isUploadId = (id: string) => /^[0-9a-f]{32}$/.test(id);

export const isSpreadsheetUploadPath = (path: string): boolean =>
  /^\/(ar|fr|en)\/workspace\/import\/spreadsheet$/.test(path);

/** Forgets uploads older than an hour: a dry run never confirmed leaves nothing behind for long. */
function sweep(): void {
  let entries: string[];
  try {
    entries = readdirSync(uploadsRoot());
  } catch {
    return;
  }
  for (const entry of entries) {
    const folder = join(uploadsRoot(), entry);
    try {
      if (Date.now() - statSync(folder).mtimeMs > KEEP_MS) rmSync(folder, { recursive: true, force: true });
    } catch {
      // Another process swept it first.
    }
  }
}

interface Kept {
  id: string;
  path: string;
  name: string;
}

function keep(actorId: string, name: string, bytes: Uint8Array): Kept {
  sweep();
  const id = randomBytes(16).toString("hex");
  const folder = join(uploadsRoot(), id);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, "upload");
  writeFileSync(path, bytes, { mode: 0o600 });
  writeFileSync(join(folder, "meta.json"), JSON.stringify({ actor: actorId, name }));
  return { id, path, name };
}

function kept(actorId: string, id: string): Kept | undefined {
  if (!isUploadId(id)) return undefined;
  const folder = join(uploadsRoot(), id);
  try {
    if (Date.now() - statSync(folder).mtimeMs > KEEP_MS) return undefined;
    const meta = JSON.parse(readFileSync(join(folder, "meta.json"), "utf8")) as {
      actor: string;
      name: string;
    };
    if (meta.actor !== actorId) return undefined;
    return { id, path: join(folder, "upload"), name: meta.name };
  } catch {
    return undefined;
  }
}

function page(
  c: Ctx,
  parts: { result?: SpreadsheetImportResult; upload?: string; message?: string; status?: number },
) {
  const { lang, t } = c.var;
  const { result } = parts;
  return renderWorkspace(c, {
    title: t("spreadsheetImport.page.title"),
    section: "spreadsheet-import",
    status: parts.status ?? (result && !result.ok ? 422 : 200),
    children: (
      <>
        <h1>{t("spreadsheetImport.page.title")}</h1>
        <p>{t("spreadsheetImport.page.intro")}</p>
        {parts.message ? <p role="alert">{parts.message}</p> : null}
        {result?.ok ? <SummaryTable summary={result.summary} t={t} /> : null}
        {result && !result.ok ? (
          <ProblemsTable problems={result.problems} lang={lang} t={t} file={result.file} />
        ) : null}
        {result?.ok && parts.upload ? <ConfirmForm lang={lang} t={t} upload={parts.upload} /> : null}
        <UploadForm lang={lang} t={t} />
      </>
    ),
  });
}

export function spreadsheetImportRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const staffOnly = guard((actor) => assertCanWriteAgreements(actor));
  routes.use("/import/spreadsheet", staffOnly);
  routes.use("/import/spreadsheet/*", staffOnly);

  routes.get("/import/spreadsheet", (c) => page(c, {}));

  routes.post("/import/spreadsheet", async (c) => {
    const { db, actor, t } = c.var;
    const body = (await readFormBody(c)) as Record<string, unknown>;
    const file = body.file;
    // A file of another kind is read, and refused by name like any other problem of the file.
    if (!(file instanceof File) || (file.size === 0 && file.name === ""))
      return page(c, { message: t("spreadsheetImport.page.missingFile"), status: 400 });
    const upload = keep(actor.id, basename(file.name), new Uint8Array(await file.arrayBuffer()));
    const result = await importSpreadsheet({
      db,
      actor,
      path: upload.path,
      fileName: upload.name,
      dryRun: true,
    });
    if (!result.ok) rmSync(join(uploadsRoot(), upload.id), { recursive: true, force: true });
    return page(c, { result, upload: upload.id });
  });

  routes.post("/import/spreadsheet/confirm", async (c) => {
    const { db, actor, t } = c.var;
    const body = (await readFormBody(c)) as Record<string, unknown>;
    const upload = kept(actor.id, textField(body, "upload") ?? "");
    if (!upload) return page(c, { message: t("spreadsheetImport.page.expired"), status: 410 });
    try {
      const result = await importSpreadsheet({ db, actor, path: upload.path, fileName: upload.name });
      return page(c, { result });
    } finally {
      rmSync(join(uploadsRoot(), upload.id), { recursive: true, force: true });
    }
  });

  return routes;
}
