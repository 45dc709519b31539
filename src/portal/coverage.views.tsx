import { raw } from "hono/html";
import { themes } from "../agreements/agreements.input.js";
import { agreementStatuses } from "../db/schema/index.js";
import { formatNumber, type Translate } from "../shared/i18n.js";
import { type Language, textOf } from "../shared/localized.js";
import { bucketOf, type MapArea, territoryMap } from "../territories/territories.map.js";
import { FilterFold, Localized, MapLegend, TableScroll } from "../web/components.js";
import { Select } from "../web/forms.js";
import { Page } from "../web/layout.js";
import type { Coverage, CoverageFilter } from "./coverage.queries.js";

/**
 * /{lang}/coverage: which prefectures and provinces the public agreements and their activities
 * reach, the least reached first, with their population, so that who is left out is plain.
 */
export type CoverageMeasure = "activities" | "agreements";

/**
 * The map, each prefecture or province coloured by the chosen count and linked to its page; the
 * territories page and a territory's page show it too (with their provinces outlined).
 */
export const largestOf = (coverage: Coverage, measure: CoverageMeasure): number =>
  Math.max(0, ...coverage.territories.map((row) => row[measure]));

/** Each prefecture or province on the map: its link, its label and figure, its colour. */
export function coverageAreas({
  lang,
  t,
  coverage,
  measure,
  highlight,
}: {
  lang: Language;
  t: Translate;
  coverage: Coverage;
  measure: CoverageMeasure;
  highlight?: ReadonlySet<string>;
}): MapArea[] {
  const largest = largestOf(coverage, measure);
  return coverage.territories.flatMap((row) =>
    row.iso
      ? [
          {
            iso: row.iso,
            href: `/${lang}/territories/${row.code}`,
            label: t(`coverage.mapLabel.${measure}`, {
              name: textOf(row.name, lang, row.code),
              count: row[measure],
            }),
            bucket: bucketOf(row[measure], largest),
            highlighted: highlight?.has(row.code) ?? false,
          },
        ]
      : [],
  );
}

export function CoverageMap({
  lang,
  t,
  coverage,
  measure,
  query,
  highlight,
}: {
  lang: Language;
  t: Translate;
  coverage: Coverage;
  measure: CoverageMeasure;
  /** the coverage page's filters, kept by the link that changes the measure; elsewhere, none */
  query?: URLSearchParams;
  /** prefectures and provinces outlined (a territory's page: itself, or a region's provinces) */
  highlight?: ReadonlySet<string>;
}) {
  const areas = coverageAreas({ lang, t, coverage, measure, highlight });
  const largest = largestOf(coverage, measure);
  const other: CoverageMeasure = measure === "activities" ? "agreements" : "activities";
  const otherQuery = new URLSearchParams(query);
  otherQuery.set("show", other);
  const elsewhere = query === undefined;
  return (
    <figure class="coverage-map">
      {raw(territoryMap({ areas, label: t(`coverage.map.${measure}`) }))}
      <figcaption>
        {t(`coverage.map.${measure}`)}{" "}
        {elsewhere ? (
          <a href={`/${lang}/coverage`}>{t("coverage.link")}</a>
        ) : (
          <a href={`/${lang}/coverage?${otherQuery.toString()}`}>{t(`coverage.show.${other}`)}</a>
        )}
        <MapLegend largest={largest} lang={lang} t={t} />
      </figcaption>
    </figure>
  );
}

export function CoveragePage({
  lang,
  t,
  filter,
  measure,
  years,
  coverage,
}: {
  lang: Language;
  t: Translate;
  filter: CoverageFilter;
  measure: CoverageMeasure;
  years: number[];
  coverage: Coverage;
}) {
  const query = new URLSearchParams();
  if (filter.theme) query.set("theme", filter.theme);
  if (filter.status) query.set("status", filter.status);
  if (filter.year) query.set("year", String(filter.year));
  const n = (value: number) => formatNumber(lang, value);
  const share = (part: number) =>
    formatNumber(lang, coverage.population ? part / coverage.population : 0, {
      style: "percent",
      maximumFractionDigits: 1,
    });
  const none = <span class="left-out">{t("coverage.none")}</span>;
  return (
    <Page lang={lang} t={t} title={t("coverage.title")} section="figures" here="/coverage">
      <h1>{t("coverage.title")}</h1>
      <p>{t("coverage.intro")}</p>
      <FilterFold>
        <form
          method="get"
          action={`/${lang}/coverage`}
          class="filters inline"
          aria-label={t("catalogue.filters")}
        >
          <Select
            name="theme"
            label={t("figures.theme")}
            value={filter.theme ?? ""}
            blank={t("coverage.any")}
            options={themes.map((theme) => ({ value: theme, label: t(`theme.${theme}`) }))}
          />
          <Select
            name="status"
            label={t("agreement.status")}
            value={filter.status ?? ""}
            blank={t("coverage.any")}
            options={agreementStatuses.map((status) => ({ value: status, label: t(`status.${status}`) }))}
          />
          <Select
            name="year"
            label={t("figures.year")}
            value={filter.year ? String(filter.year) : ""}
            blank={t("coverage.any")}
            options={years.map((year) => ({ value: String(year), label: String(year) }))}
          />
          <input type="hidden" name="show" value={measure} />
          <button type="submit" class="button secondary">
            {t("catalogue.apply")}
          </button>
        </form>
      </FilterFold>
      <p role="status">
        {t("coverage.withoutAgreement", {
          count: coverage.withoutAgreement.count,
          total: n(coverage.territories.length),
          population: n(coverage.withoutAgreement.population),
          share: share(coverage.withoutAgreement.population),
        })}{" "}
        {t("coverage.withoutActivity", {
          count: coverage.withoutActivity.count,
          total: n(coverage.territories.length),
          population: n(coverage.withoutActivity.population),
          share: share(coverage.withoutActivity.population),
        })}
      </p>
      <CoverageMap lang={lang} t={t} coverage={coverage} measure={measure} query={query} />
      <TableScroll label={t("coverage.caption")}>
        <table class="data coverage">
          <caption>{t("coverage.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("coverage.territory")}</th>
              <th scope="col">{t("figures.region")}</th>
              <th scope="col" class="number">
                {t("coverage.population")}
              </th>
              <th scope="col" class="number">
                {t("coverage.agreements")}
              </th>
              <th scope="col" class="number">
                {t("coverage.activities")}
              </th>
            </tr>
          </thead>
          <tbody>
            {coverage.territories.map((row) => (
              <tr>
                <th scope="row">
                  <a href={`/${lang}/territories/${row.code}`}>
                    <Localized value={row.name} />
                  </a>
                </th>
                <td>
                  <Localized value={row.regionName} />
                </td>
                <td class="number">{row.population === null ? "—" : n(row.population)}</td>
                <td class="number">{row.agreements ? n(row.agreements) : none}</td>
                <td class="number">{row.activities ? n(row.activities) : none}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p>
        <small>{t("coverage.source")}</small>
      </p>
    </Page>
  );
}
