import { PassThrough, Readable } from "node:stream";
import type { Context } from "hono";
import { Hono } from "hono";
import {
  agreementFilterSchema,
  type FollowUpFilter,
  followUpFilterShape,
} from "../agreements/agreements.filters.js";
import type { AgreementFilter } from "../agreements/agreements.queries.js";
import { todayInMorocco } from "../domain/periods.js";
import { agreementsMatchingFollowUp } from "../progress/dashboard.queries.js";
import { type Actor, anonymous } from "../shared/actor.js";
import { translator } from "../shared/i18n.js";
import { type Language, languages } from "../shared/localized.js";
import { logger } from "../shared/logger.js";
import { takeSlot } from "../web/build-slots.js";
import type { AppEnv } from "../web/context.js";
import { parsePageQuery } from "../web/validation.js";
import {
  exportSpreadsheet,
  type SpreadsheetExport,
  type SpreadsheetFormat,
  spreadsheetFile,
  writeSpreadsheetTemplate,
} from "./spreadsheets.service.js";

const workspaceQuery = agreementFilterSchema.extend(followUpFilterShape);

/**
 * Streams a workbook as the answer: the rows are written as they are read, so a large export
 * starts at once and is never whole in memory. A failure once the answer has started can only
 * cut it short (the file is then incomplete and will not open); it is logged. `release` (an
 * export slot's) is called once the writing is over: sent whole, failed, or stopped because its
 * client went away (the export stops at its next batch), never while work goes on.
 */
export function streamWorkbook(
  c: Context<AppEnv>,
  file: { contentType: string; fileName: string },
  write: (output: PassThrough) => Promise<unknown>,
  headers: Record<string, string> = {},
  release: () => void = () => {},
): Response {
  const output = new PassThrough();
  write(output)
    .catch((error: unknown) => {
      // A client that went away is no failure of ours.
      if (output.destroyed) logger.info("spreadsheet export given up by its client", { path: c.req.path });
      else logger.error("spreadsheet export failed", { path: c.req.path, error: String(error) });
      output.destroy(error as Error);
    })
    .finally(release);
  return c.body(Readable.toWeb(output) as ReadableStream<Uint8Array>, 200, {
    "content-type": file.contentType,
    "content-disposition": `attachment; filename="${file.fileName}"`,
    ...headers,
  });
}

/**
 * A filtered export, made for this request alone (its filters make keeping it pointless): it holds
 * one of the process's export slots (`release`) while it is made, so that a few concurrent
 * requests cannot take the server's CPU and memory; with none free the request is answered 503.
 */
function answerExport(
  c: Context<AppEnv>,
  {
    actor,
    lang,
    format,
    filter,
    release,
  }: {
    actor: Actor;
    lang: Language;
    format: SpreadsheetFormat;
    filter: AgreementFilter;
    release: () => void;
  },
) {
  const request: SpreadsheetExport = { format, filter };
  return streamWorkbook(
    c,
    spreadsheetFile(format, `sharaka-agreements-${todayInMorocco()}`),
    (output) => exportSpreadsheet({ db: c.var.db, actor, lang, request, output }),
    {},
    release,
  );
}

/**
 * /{lang}/workspace/agreements.xlsx|csv: the workspace list as the reader may read it, with the
 * list's filters (the follow-up ones too); /{lang}/workspace/spreadsheet-template.xlsx. Mounted
 * inside the workspace, behind its sign-in guard.
 */
export function spreadsheetWorkspaceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  for (const format of ["xlsx", "csv"] as const)
    routes.get(`/agreements.${format}`, async (c) => {
      const { db, actor, lang, t } = c.var;
      const { health, due, late, mine, ...filter } = parsePageQuery(workspaceQuery, c.req.query(), t);
      const release = takeSlot(c.var.services.exportSlots);
      try {
        const followUp: FollowUpFilter = { health, deadlineWithin: due, late };
        const ids = Object.values(followUp).some((value) => value !== undefined)
          ? await agreementsMatchingFollowUp({ db, actor, filter: followUp })
          : undefined;
        return answerExport(c, {
          actor,
          lang,
          format,
          filter: { ...filter, ids, inside: mine ? true : undefined },
          release,
        });
      } catch (error) {
        release();
        throw error;
      }
    });
  routes.get("/spreadsheet-template.xlsx", (c) =>
    streamWorkbook(c, spreadsheetFile("xlsx", "sharaka-template"), (output) =>
      writeSpreadsheetTemplate({ lang: c.var.lang, output }),
    ),
  );
  return routes;
}

/**
 * /{lang}/agreements.xlsx|csv: the portal's catalogue as a workbook, public data only (read as the
 * public even when signed in, as the portal is), with the catalogue's filters. Mounted before the
 * portal; no middleware, which would run for every /{lang}/ address.
 */
export function spreadsheetPublicRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const lang of languages)
    for (const format of ["xlsx", "csv"] as const)
      app.get(`/${lang}/agreements.${format}`, (c) => {
        const filter = parsePageQuery(agreementFilterSchema, c.req.query(), translator(lang));
        const release = takeSlot(c.var.services.exportSlots);
        return answerExport(c, { actor: anonymous, lang, format, filter, release });
      });
  return app;
}
