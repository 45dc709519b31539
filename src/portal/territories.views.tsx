import { AgreementCard } from "../agreements/agreement-card.views.js";
import type { AgreementListItem } from "../agreements/agreements.queries.js";
import { formatNumber, type Translate } from "../shared/i18n.js";
import { type Language, sortByName, textOf } from "../shared/localized.js";
import type { TerritoryRow } from "../territories/territories.service.js";
import { Localized } from "../web/components.js";
import { Page } from "../web/layout.js";
import type { Coverage } from "./coverage.queries.js";
import { CoverageMap } from "./coverage.views.js";

export function TerritoriesPage({
  lang,
  t,
  territories,
  coverage,
}: {
  lang: Language;
  t: Translate;
  territories: TerritoryRow[];
  coverage: Coverage;
}) {
  const regions = territories.filter((territory) => territory.kind === "region");
  return (
    <Page lang={lang} t={t} title={t("territories.title")} section="territories" here="/territories">
      <h1>{t("territories.title")}</h1>
      <p>{t("territories.intro")}</p>
      <CoverageMap lang={lang} t={t} coverage={coverage} measure="agreements" />
      {regions.map((region) => (
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
      ))}
    </Page>
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
  associationId?: string;
  coverage: Coverage;
}) {
  const title = textOf(territory.fullName, lang, territory.code);
  const cards = (items: AgreementListItem[]) => (
    <ul class="cards">
      {items.map((agreement) => (
        <AgreementCard agreement={agreement} associationId={associationId} />
      ))}
    </ul>
  );
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
        {specific.length ? cards(specific) : <p>{t("territories.none")}</p>}
      </section>
      {national.length ? (
        <section aria-labelledby="national-heading">
          <h2 id="national-heading">{t("territories.nationalOnes")}</h2>
          {cards(national)}
        </section>
      ) : null}
    </Page>
  );
}
