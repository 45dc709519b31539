import { Hono } from "hono";
import { z } from "zod";
import { agreementFilterSchema } from "../agreements/agreements.filters.js";
import {
  countAgreementFigures,
  getAgreementDetail,
  listAgreements,
  listSignatureYears,
} from "../agreements/agreements.queries.js";
import { PublicDocumentList, publicAgreementDocuments } from "../documents/documents.section.js";
import { todayInMorocco } from "../domain/figures.js";
import { renderIndicatorChart } from "../indicators/indicators.chart.js";
import { organizationListQuery } from "../partners/organizations.input.js";
import { pageOrganizations } from "../partners/organizations.queries.js";
import { readAssociation } from "../partners/organizations.service.js";
import { publicIndicatorChart, publicProgressSection } from "../progress/public-progress.section.js";
import { MAX_QUERY_LENGTH, parseSearchQuery } from "../search/query.js";
import { anonymous } from "../shared/actor.js";
import { notFound } from "../shared/errors.js";
import { translator } from "../shared/i18n.js";
import { isLanguage, type Language, languages } from "../shared/localized.js";
import { blankToUndefined } from "../shared/validation.js";
import { hcpCodeSchema, territoryListQuery } from "../territories/territories.input.js";
import { getTerritory, listTerritories } from "../territories/territories.service.js";
import type { AppEnv } from "../web/context.js";
import { renderFragment } from "../web/page.js";
import { redirectToPath } from "../web/redirects.js";
import { parsePageQuery } from "../web/validation.js";
import { AgreementPage } from "./agreement.views.js";
import { CATALOGUE_PAGE_SIZE, CataloguePage, queryString } from "./catalogue.views.js";
import { currentCoverage } from "./coverage.queries.js";
import { CoveragePage } from "./coverage.views.js";
import { currentPublicFigures } from "./figures.queries.js";
import { FiguresPage } from "./figures.views.js";
import { HomePage } from "./home.views.js";
import { PARTNERS_PAGE_SIZE, PartnersPage } from "./partners.views.js";
import { suggestAgreementsAndPartners } from "./suggestions.service.js";
import { PARTNER_SUGGESTIONS, SUGGESTIONS, SuggestionList } from "./suggestions.views.js";
import { TerritoriesPage, TerritoryPage } from "./territories.views.js";
import { chooseTerritories, isNarrowedTerritoryList } from "./territory-list.js";

const catalogueQuery = agreementFilterSchema.extend({
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
});
const coverageQuery = agreementFilterSchema.pick({ theme: true, status: true, year: true }).extend({
  show: z.preprocess(blankToUndefined, z.enum(["activities", "agreements"]).default("activities")),
});
const agreementIdSchema = z.object({ id: z.uuid() });
const chartParams = z.object({ agreementId: z.uuid(), indicatorId: z.uuid() });
const territoryCodeSchema = z.object({ id: hcpCodeSchema });
export const TERRITORY_LIST_LIMIT = 50;

/** The years an annual report exists for (as reports/annual.report.ts decides), latest first. */
function reportYears(signatureYears: number[]): number[] {
  const first = signatureYears.at(-1);
  if (first === undefined) return [];
  const last = Number(todayInMorocco().slice(0, 4));
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, index) => last - index);
}

/** Accept-Language's first supported language; Arabic when none is. */
export function preferredLanguage(header: string | undefined): Language {
  const ranked = (header ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = Number(params.find((param) => param.trim().startsWith("q="))?.split("=")[1] ?? 1);
      return { lang: tag.toLowerCase().split("-")[0] ?? "", q: Number.isNaN(q) ? 0 : q };
    })
    // q=0 means "not this one".
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return (ranked.find((entry) => isLanguage(entry.lang))?.lang as Language | undefined) ?? "ar";
}

/** The public portal: /{lang}/… for ar, fr and en. Reads only, as the anonymous public (even when signed in). */
export function portalRoutes(): Hono<AppEnv> {
  const portal = new Hono<AppEnv>();

  portal.get("/", (c) => {
    c.header("vary", "Accept-Language");
    return c.redirect(`/${preferredLanguage(c.req.header("accept-language"))}`, 302);
  });
  // "/FR/agreements" is a typed address; send it to "/fr/agreements".
  portal.on(["GET", "HEAD"], "*", async (c, next) => {
    const [, first = "", ...rest] = c.req.path.split("/");
    const lower = first.toLowerCase();
    if (first === lower || !isLanguage(lower)) return next();
    return redirectToPath(c, ["", lower, ...rest].join("/"));
  });

  const localized = new Hono<AppEnv>();
  localized.use(async (c, next) => {
    const lang = c.req.path.split("/")[1] ?? "";
    if (!isLanguage(lang)) throw notFound("Page", c.req.path);
    c.set("lang", lang);
    c.set("t", translator(lang));
    // The portal is the public face: a signed-in person sees it as the public does.
    c.set("actor", anonymous);
    await next();
  });

  localized.get("/", async (c) => {
    const { db, actor, lang, t } = c.var;
    const [figures, latest, association] = await Promise.all([
      countAgreementFigures({ db, actor }),
      listAgreements({ db, actor, limit: 5 }),
      readAssociation({ db }),
    ]);
    return c.html(
      <HomePage lang={lang} t={t} figures={figures} latest={latest.items} association={association} />,
    );
  });

  // Suggestions as you type, for the catalogue's search box: an htmx fragment. A query too
  // long or too short to search by suggests nothing.
  localized.get("/search/suggestions", async (c) => {
    const { db, actor } = c.var;
    const q = c.req.query("q") ?? "";
    const query = q.length <= MAX_QUERY_LENGTH ? parseSearchQuery(q) : undefined;
    const suggestions = query
      ? await suggestAgreementsAndPartners({
          db,
          actor,
          q,
          limits: { agreements: SUGGESTIONS, partners: PARTNER_SUGGESTIONS },
        })
      : { agreements: [], partners: [] };
    return renderFragment(c, <SuggestionList suggestions={suggestions} query={query} />);
  });

  localized.get("/agreements", async (c) => {
    const { db, actor, lang, t } = c.var;
    const { page, ...filter } = parsePageQuery(catalogueQuery, c.req.query(), t);
    const [result, territories, years, association] = await Promise.all([
      listAgreements({
        db,
        actor,
        filter,
        limit: CATALOGUE_PAGE_SIZE,
        offset: (page - 1) * CATALOGUE_PAGE_SIZE,
      }),
      listTerritories({ db }),
      listSignatureYears({ db, actor }),
      readAssociation({ db }),
    ]);
    const lastPage = Math.max(1, Math.ceil(result.total / CATALOGUE_PAGE_SIZE));
    if (page > lastPage) return c.redirect(`/${lang}/agreements${queryString(filter, lastPage)}`, 302);
    return c.html(
      <CataloguePage
        lang={lang}
        t={t}
        filter={filter}
        page={page}
        result={result}
        territories={territories}
        years={years}
        associationId={association?.id}
      />,
    );
  });

  localized.get("/agreements/:id", async (c) => {
    const { db, actor, lang, t } = c.var;
    const parsed = agreementIdSchema.safeParse({ id: c.req.param("id") });
    if (!parsed.success) throw notFound("Agreement", c.req.param("id"));
    const [agreement, documents, progress] = await Promise.all([
      getAgreementDetail({ db, actor, id: parsed.data.id }),
      // In parallel: if the agreement is not public, its "not found" rejects them all and nothing is shown.
      publicAgreementDocuments(c, parsed.data.id),
      publicProgressSection(c, parsed.data.id),
    ]);
    return c.html(
      <AgreementPage
        lang={lang}
        t={t}
        agreement={agreement}
        extra={
          <>
            {progress}
            <PublicDocumentList items={documents} />
          </>
        }
      />,
    );
  });

  // One indicator's chart on a public agreement's page: an image the browser fetches when it
  // comes into view, and revalidates by its ETag.
  localized.get("/agreements/:id/indicators/:indicatorId/chart.svg", async (c) => {
    const { db, lang, t } = c.var;
    const parsed = chartParams.safeParse({
      agreementId: c.req.param("id"),
      indicatorId: c.req.param("indicatorId"),
    });
    if (!parsed.success) throw notFound("Indicator", c.req.param("indicatorId"));
    const today = todayInMorocco();
    const { indicator, figures, tag } = await publicIndicatorChart({ db, ...parsed.data, today });
    const etag = `"${lang}.${tag}"`;
    c.header("cache-control", "public, no-cache");
    c.header("etag", etag);
    if (c.req.header("if-none-match") === etag) return c.body(null, 304);
    c.header("content-type", "image/svg+xml; charset=utf-8");
    return c.body(renderIndicatorChart({ lang, t, indicator, figures, today }));
  });

  localized.get("/figures", async (c) => {
    const { db, actor, lang, t } = c.var;
    const [figures, years] = await Promise.all([
      currentPublicFigures({ db }),
      listSignatureYears({ db, actor }),
    ]);
    return c.html(<FiguresPage lang={lang} t={t} figures={figures} reportYears={reportYears(years)} />);
  });

  localized.get("/coverage", async (c) => {
    const { db, actor, lang, t } = c.var;
    const { show, ...filter } = parsePageQuery(coverageQuery, c.req.query(), t);
    const [found, years] = await Promise.all([
      currentCoverage({ db, filter }),
      listSignatureYears({ db, actor }),
    ]);
    // A year no public agreement was signed in is outside the data: not a page, as elsewhere.
    if (filter.year !== undefined && !years.includes(filter.year))
      throw notFound("Year", String(filter.year));
    return c.html(
      <CoveragePage lang={lang} t={t} filter={filter} measure={show} years={years} coverage={found} />,
    );
  });

  localized.get("/partners", async (c) => {
    const { db, actor, lang, t } = c.var;
    const { page, ...filter } = parsePageQuery(organizationListQuery, c.req.query(), t);
    const found = await pageOrganizations({
      db,
      actor,
      lang,
      ...filter,
      excludeAssociation: true,
      limit: PARTNERS_PAGE_SIZE,
      offset: (page - 1) * PARTNERS_PAGE_SIZE,
    });
    const pages = Math.max(1, Math.ceil(found.total / PARTNERS_PAGE_SIZE));
    if (page > pages) throw notFound("Page", page);
    return c.html(
      <PartnersPage
        lang={lang}
        t={t}
        partners={found.items}
        total={found.total}
        filter={filter}
        page={page}
        pages={pages}
      />,
    );
  });

  localized.get("/territories", async (c) => {
    const { db, lang, t } = c.var;
    const filter = parsePageQuery(territoryListQuery, c.req.query(), t);
    const [territories, coverage] = await Promise.all([listTerritories({ db }), currentCoverage({ db })]);
    const regionCodes = new Set(territories.filter((row) => row.kind === "region").map((row) => row.code));
    const listed = isNarrowedTerritoryList(filter)
      ? chooseTerritories(coverage.territories, filter, regionCodes, lang)
      : undefined;
    return c.html(
      <TerritoriesPage
        lang={lang}
        t={t}
        territories={territories}
        coverage={coverage}
        filter={filter}
        listed={listed}
      />,
    );
  });

  localized.get("/territories/:code", async (c) => {
    const { db, actor, lang, t } = c.var;
    const parsed = territoryCodeSchema.safeParse({ id: c.req.param("code") });
    if (!parsed.success) throw notFound("Territory", c.req.param("code"));
    const territory = await getTerritory({ db, code: parsed.data.id });
    const [region, provinces, specific, national, association, coverage] = await Promise.all([
      territory.regionCode ? getTerritory({ db, code: territory.regionCode }) : Promise.resolve(undefined),
      territory.kind === "region" ? listTerritories({ db, regionCode: territory.code }) : Promise.resolve([]),
      listAgreements({
        db,
        actor,
        filter: { territory: territory.code, national: false },
        limit: TERRITORY_LIST_LIMIT,
      }),
      listAgreements({ db, actor, filter: { national: true }, limit: TERRITORY_LIST_LIMIT }),
      readAssociation({ db }),
      currentCoverage({ db }),
    ]);
    return c.html(
      <TerritoryPage
        lang={lang}
        t={t}
        territory={territory}
        region={region}
        provinces={provinces}
        specific={specific.items}
        national={national.items}
        totals={{ specific: specific.total, national: national.total }}
        associationId={association?.id}
        coverage={coverage}
      />,
    );
  });

  for (const lang of languages) portal.route(`/${lang}`, localized);
  return portal;
}
