import { AgreementCard } from "../agreements/agreement-card.views.js";
import type { AgreementListItem } from "../agreements/agreements.queries.js";
import { formatNumber, type Translate } from "../shared/i18n.js";
import { type Language, sortByName, textOf } from "../shared/localized.js";
import { type TerritoryListFilter, territorySorts } from "../territories/territories.input.js";
import type { TerritoryRow } from "../territories/territories.service.js";
import { Localized, TableScroll } from "../web/components.js";
import { FilterButtons, FilterChoice, SortChoice } from "../web/forms.js";
import { Page } from "../web/layout.js";
import { addressQuery } from "../web/paths.js";
import type { Coverage, TerritoryCoverage } from "./coverage.queries.js";
import { CoverageMap } from "./coverage.views.js";

export function TerritoriesPage({
  lang,
  t,
  territories,
  coverage,
  filter,
  listed,
}: {
  lang: Language;
  t: Translate;
  territories: TerritoryRow[];
  coverage: Coverage;
  filter: TerritoryListFilter;
  /** the prefectures and provinces found, in their order, when the list is narrowed or sorted */
  listed?: TerritoryCoverage[];
}) {
  const regions = territories.filter((territory) => territory.kind === "region");
  const action = `/${lang}/territories`;
  return (
    <Page lang={lang} t={t} title={t("territories.title")} section="territories" here="/territories">
      <h1>{t("territories.title")}</h1>
      <p>{t("territories.intro")}</p>
      <CoverageMap lang={lang} t={t} coverage={coverage} measure="agreements" />
      <search>
        <form class="filters inline" method="get" action={action} aria-label={t("territories.list.filters")}>
          <label>
            {t("territories.list.q")}
            <input type="search" name="q" value={filter.q ?? ""} maxlength={200} />
          </label>
          <FilterChoice
            name="region"
            label={t("territories.region")}
            values={regions.map((region) => region.code)}
            selected={filter.region}
            labelOf={(code) => textOf(regions.find((region) => region.code === code)?.name, lang, code)}
          />
          <SortChoice
            label={t("territories.list.sort")}
            sorts={territorySorts}
            selected={filter.sort ?? "name"}
            labelKey="territories.list.sorts"
          />
          <FilterButtons resetHref={action} />
        </form>
      </search>
      {listed ? (
        <TerritoryTable lang={lang} t={t} territories={listed} />
      ) : (
        regions.map((region) => (
          <section aria-labelledby={`region-${region.code}`}>
            <h2 id={`region-${region.code}`}>
              <a href={`/${lang}/territories/${region.code}`}>
                <Localized value={region.fullName} />
              </a>
            </h2>
            <ul class="columns">
              {sortByName(
                territories.filter((territory) => territory.regionCode === region.code),
                lang,
                (territory) => territory.name,
              ).map((territory) => (
                <li>
                  <a href={`/${lang}/territories/${territory.code}`}>
                    <Localized value={territory.fullName} />
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </Page>
  );
}

/** The prefectures and provinces found, with what reaches each and how many people live there. */
function TerritoryTable({
  lang,
  t,
  territories,
}: {
  lang: Language;
  t: Translate;
  territories: TerritoryCoverage[];
}) {
  if (!territories.length) return <p>{t("territories.list.none")}</p>;
  return (
    <>
      <p>{t("territories.list.count", { count: territories.length })}</p>
      <TableScroll label={t("territories.title")}>
        <table class="data">
          <caption class="visually-hidden">{t("territories.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("territories.list.territory")}</th>
              <th scope="col">{t("territories.region")}</th>
              <th scope="col">{t("territories.list.sorts.agreements")}</th>
              <th scope="col">{t("territories.list.sorts.activities")}</th>
              <th scope="col">{t("territories.population")}</th>
            </tr>
          </thead>
          <tbody>
            {territories.map((territory) => (
              <tr>
                <td>
                  <a href={`/${lang}/territories/${territory.code}`}>
                    <Localized value={territory.name} />
                  </a>
                </td>
                <td>
                  <a href={`/${lang}/territories/${territory.regionCode}`}>
                    <Localized value={territory.regionName} />
                  </a>
                </td>
                <td class="number">{formatNumber(lang, territory.agreements)}</td>
                <td class="number">{formatNumber(lang, territory.activities)}</td>
                <td class="number">
                  {territory.population === null ? "" : formatNumber(lang, territory.population)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

export function TerritoryPage({
  lang,
  t,
  territory,
  region,
  provinces,
  specific,
  national,
  totals,
  associationId,
  coverage,
}: {
  lang: Language;
  t: Translate;
  territory: TerritoryRow;
  region?: TerritoryRow;
  provinces: TerritoryRow[];
  specific: AgreementListItem[];
  national: AgreementListItem[];
  /** how many there are of each: the page shows the latest only, the catalogue every one */
  totals: { specific: number; national: number };
  associationId?: string;
  coverage: Coverage;
}) {
  const title = textOf(territory.fullName, lang, territory.code);
  const cards = (items: AgreementListItem[], total: number) => (
    <>
      {items.length < total ? (
        <p>{t("territories.latestOf", { shown: formatNumber(lang, items.length), count: total })}</p>
      ) : null}
      <ul class="cards">
        {items.map((agreement) => (
          <AgreementCard agreement={agreement} associationId={associationId} />
        ))}
      </ul>
    </>
  );
  const cut = specific.length < totals.specific || national.length < totals.national;
  return (
    <Page lang={lang} t={t} title={title} section="territories" here={`/territories/${territory.code}`}>
      <h1>
        <Localized value={territory.fullName} />
      </h1>
      <p>
        <a href={`/${lang}/territories/${territory.code}.pdf`} type="application/pdf">
          {t("reports.printReport")}
        </a>
      </p>
      <dl class="facts">
        <dt>{t(`territoryKind.${territory.kind}`)}</dt>
        <dd>
          <bdi>{territory.code}</bdi>
        </dd>
        {region ? (
          <>
            <dt>{t("territories.region")}</dt>
            <dd>
              <a href={`/${lang}/territories/${region.code}`}>
                <Localized value={region.name} />
              </a>
            </dd>
          </>
        ) : null}
        {territory.population2024 !== null ? (
          <>
            <dt>{t("territories.population")}</dt>
            <dd>{formatNumber(lang, territory.population2024)}</dd>
          </>
        ) : null}
      </dl>
      <CoverageMap
        lang={lang}
        t={t}
        coverage={coverage}
        measure="agreements"
        highlight={
          new Set(territory.kind === "region" ? provinces.map((province) => province.code) : [territory.code])
        }
      />
      {provinces.length ? (
        <section aria-labelledby="provinces-heading">
          <h2 id="provinces-heading">{t("territories.inRegion")}</h2>
          <ul class="columns">
            {sortByName(provinces, lang, (province) => province.name).map((province) => (
              <li>
                <a href={`/${lang}/territories/${province.code}`}>
                  <Localized value={province.fullName} />
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="specific-heading">
        <h2 id="specific-heading">{t("territories.specific")}</h2>
        {specific.length ? cards(specific, totals.specific) : <p>{t("territories.none")}</p>}
      </section>
      {national.length ? (
        <section aria-labelledby="national-heading">
          <h2 id="national-heading">{t("territories.nationalOnes")}</h2>
          {cards(national, totals.national)}
        </section>
      ) : null}
      {cut ? (
        <p>
          <a href={`/${lang}/agreements${addressQuery({ territory: territory.code })}`}>
            {t("territories.seeAllInCatalogue")}
          </a>
        </p>
      ) : null}
    </Page>
  );
}
