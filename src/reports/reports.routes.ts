import { type Context, Hono } from "hono";
import { z } from "zod";
import { readingScopeKey } from "../access/agreement-access.js";
import { todayInMorocco } from "../domain/figures.js";
import { anonymous } from "../shared/actor.js";
import { notFound } from "../shared/errors.js";
import { translator } from "../shared/i18n.js";
import { languages } from "../shared/localized.js";
import { hcpCodeSchema } from "../territories/territories.input.js";
import type { AppEnv } from "../web/context.js";
import { agreementSheet } from "./agreement-sheet.report.js";
import { annualReport } from "./annual.report.js";
import { keptReport } from "./kept-reports.js";
import { meetingMinutes } from "./minutes.report.js";
import { partnerReport, territoryReport } from "./registry-extract.report.js";
import type { ReportDocument } from "./report.document.js";
import { type ReportRequest, reportFileName } from "./report-kit.js";
import { renderReportPdf } from "./typst.js";

/** The last segment of a report's address, "<subject>.pdf": the route only matches that ending. */
const PDF = "{.+\\.pdf}";
const uuid = z.uuid();
const year = z
  .string()
  .regex(/^\d{4}$/)
  .transform(Number);

/** The subject of "<subject>.pdf", checked by `schema`; anything else is an unknown page. */
function subject<T>(c: Context<AppEnv>, name: string, schema: z.ZodType<T, string>, what: string): T {
  const raw = (c.req.param(name) ?? "").replace(/\.pdf$/, "");
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw notFound(what, raw);
  return parsed.data;
}

/**
 * Builds the report, lays it out and answers it as a PDF shown in the browser. Reports that read
 * nothing but the registry, the reader's scope and the day are kept per registry generation
 * (kept-reports.ts): the next reader of the same report gets it without laying it out again.
 */
async function answerPdf(
  c: Context<AppEnv>,
  build: (request: ReportRequest) => Promise<ReportDocument>,
  fileName: string,
  reader: Reader,
  workspace: boolean,
  keep: boolean,
): Promise<Response> {
  const db = c.var.db;
  const read = reader(c);
  const today = todayInMorocco();
  const make = async () => renderReportPdf(await build({ db, ...read, today, workspace }));
  const key = `${c.req.path}|${read.actor.role}|${readingScopeKey(read.actor)}|${today}`;
  const pdf = keep ? await keptReport(db, key, make) : await make();
  return c.body(new Uint8Array(pdf), 200, {
    "content-type": "application/pdf",
    "content-disposition": `inline; filename="${fileName}"`,
  });
}

/** Who reads a report, in which language: the public in the portal, the signed-in person in the workspace. */
type Reader = (c: Context<AppEnv>) => Pick<ReportRequest, "actor" | "lang" | "t">;

/** The reports' routes, the same in the portal and in the workspace (which adds meetings' minutes). */
function reportRoutes(reader: Reader, workspace: boolean): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const pdf = (
    c: Context<AppEnv>,
    build: (request: ReportRequest) => Promise<ReportDocument>,
    fileName: string,
    keep = true,
  ) => answerPdf(c, build, fileName, reader, workspace, keep);
  routes.get(`/agreements/:id${PDF}`, (c) => {
    const id = subject(c, "id", uuid, "Agreement");
    return pdf(c, (request) => agreementSheet(request, id), reportFileName("agreement", id));
  });
  routes.get(`/reports/:year${PDF}`, (c) => {
    const chosen = subject(c, "year", year, "Report");
    return pdf(c, (request) => annualReport(request, chosen), reportFileName("report", String(chosen)));
  });
  routes.get(`/${workspace ? "organizations" : "partners"}/:id${PDF}`, (c) => {
    const id = subject(c, "id", uuid, "Organization");
    return pdf(c, (request) => partnerReport(request, id), reportFileName("partner", id));
  });
  routes.get(`/territories/:code${PDF}`, (c) => {
    const code = subject(c, "code", hcpCodeSchema, "Territory");
    return pdf(c, (request) => territoryReport(request, code), reportFileName("territory", code));
  });
  if (workspace)
    routes.get(`/meetings/:meetingId${PDF}`, (c) => {
      const id = subject(c, "meetingId", uuid, "Meeting");
      // Not kept: who may read a committee's minutes is decided per person, not per reading scope.
      return pdf(c, (request) => meetingMinutes(request, id), reportFileName("minutes", id), false);
    });
  return routes;
}

/**
 * /{lang}/…pdf: the public reports, read as the public even when signed in (as the portal is).
 * No middleware: mounted beside the portal, a `use` would run for every /{lang}/ address.
 */
export function reportPublicRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const lang of languages) {
    const t = translator(lang);
    app.route(
      `/${lang}`,
      reportRoutes(() => ({ actor: anonymous, lang, t }), false),
    );
  }
  return app;
}

/** /{lang}/workspace/…pdf: the same reports as the signed-in reader may read them, and meeting minutes. */
export const reportWorkspaceRoutes = (): Hono<AppEnv> =>
  reportRoutes((c) => ({ actor: c.var.actor, lang: c.var.lang, t: c.var.t }), true);
