import { AgreementCard } from "../agreements/agreement-card.views.js";
import { ExportLinks, TerritoryFilter } from "../agreements/agreement-list.views.js";
import type { AgreementFilterInput } from "../agreements/agreements.filters.js";
import { themes } from "../agreements/agreements.input.js";
import { agreementPaths } from "../agreements/agreements.paths.js";
import type { AgreementListItem, AgreementPage } from "../agreements/agreements.queries.js";
import { agreementKinds, agreementStatuses, organizationKinds } from "../db/schema/index.js";
import { MAX_QUERY_LENGTH, parseSearchQuery } from "../search/query.js";
import type { Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import type { TerritoryRow } from "../territories/territories.service.js";
import { FilterFold, Localized, Pager } from "../web/components.js";
import { FilterButtons, FilterChoice, SelectControl } from "../web/forms.js";
import { Page } from "../web/layout.js";
import { addressQuery } from "../web/paths.js";

export const CATALOGUE_PAGE_SIZE = 20;

export const queryString = (filter: AgreementFilterInput, page?: number): string =>
  addressQuery({ ...filter, page });

export function CataloguePage({
  lang,
  t,
  filter,
  page,
  result,
  territories,
  years,
  associationId,
}: {
  lang: Language;
  t: Translate;
  filter: AgreementFilterInput;
  page: number;
  result: AgreementPage<AgreementListItem>;
  territories: TerritoryRow[];
  years: number[];
  associationId?: string;
}) {
  const action = `/${lang}/agreements`;
  const selectedPartner = result.items
    .flatMap((agreement) => agreement.parties)
    .find((party) => party.organization.id === filter.partner)?.organization.name;
  const pages = Math.max(1, Math.ceil(result.total / CATALOGUE_PAGE_SIZE));
  const searched = filter.q ? parseSearchQuery(result.closeMatchesFor ?? filter.q) : undefined;
  return (
    <Page
      lang={lang}
      t={t}
      title={t("catalogue.title")}
      section="agreements"
      here={`/agreements${queryString(filter, page)}`}
    >
      <h1>{t("catalogue.title")}</h1>
      <div class="catalogue">
        <FilterFold>
          <form
            class="filters"
            method="get"
            action={action}
            aria-label={t("catalogue.filters")}
            hx-get={action}
            hx-target="#results"
            hx-select="#results"
            hx-swap="outerHTML"
            hx-push-url="true"
            hx-trigger="submit, change, keyup changed delay:400ms from:find input[type=search]"
          >
            <h2 class="visually-hidden">{t("catalogue.filters")}</h2>
            <label>
              {t("catalogue.search")}
              {/* The form's own hx-select, hx-target and hx-push-url are inherited: each is set here. */}
              <input
                type="search"
                name="q"
                maxlength={MAX_QUERY_LENGTH}
                value={filter.q ?? ""}
                placeholder={t("catalogue.searchPlaceholder")}
                autocomplete="off"
                hx-get={`/${lang}/search/suggestions`}
                hx-trigger="input changed delay:150ms, search"
                hx-target="#search-suggestions"
                hx-select="#search-suggestions"
                hx-swap="outerHTML"
                hx-push-url="false"
                /* The last keystroke's request waits for the one in flight rather than aborting it:
                   an aborted request is an error in the browser's console, and answers are quick. */
                hx-sync="this:queue last"
              />
            </label>
            <div id="search-suggestions" class="suggestions" />
            <FilterChoice
              name="status"
              label={t("catalogue.status")}
              values={agreementStatuses}
              selected={filter.status}
              labelKey="status"
            />
            <FilterChoice
              name="kind"
              label={t("catalogue.kind")}
              values={agreementKinds}
              selected={filter.kind}
              labelKey="kind"
            />
            <FilterChoice
              name="theme"
              label={t("catalogue.theme")}
              values={themes}
              selected={filter.theme}
              labelKey="theme"
            />
            <FilterChoice
              name="partnerKind"
              label={t("catalogue.partnerKind")}
              values={organizationKinds}
              selected={filter.partnerKind}
              labelKey="orgKind"
            />
            <TerritoryFilter territories={territories} selected={filter.territory} />
            {years.length ? (
              <label>
                {t("catalogue.year")}
                <SelectControl
                  name="year"
                  blank={t("catalogue.any")}
                  value={filter.year === undefined ? undefined : String(filter.year)}
                  options={years.map((year) => ({ value: String(year), label: String(year) }))}
                />
              </label>
            ) : null}
            {filter.partner ? (
              <p>
                <input type="hidden" name="partner" value={filter.partner} />
                {t("catalogue.partner")}{" "}
                <strong>
                  {/* The name comes from a listed agreement, so an internal partner's name never shows. */}
                  {selectedPartner ? <Localized value={selectedPartner} /> : "—"}
                </strong>{" "}
                <a href={`${action}${queryString({ ...filter, partner: undefined })}`}>
                  {t("catalogue.removePartner")}
                </a>{" "}
                <a href={`/${lang}/partners/${filter.partner}.pdf`} type="application/pdf">
                  {t("reports.printReport")}
                </a>
              </p>
            ) : null}
            <FilterButtons resetHref={action} />
          </form>
        </FilterFold>
        <section id="results" aria-labelledby="results-heading">
          <h2 id="results-heading" aria-live="polite">
            {t("catalogue.results", { count: result.total })}
          </h2>
          {result.closeMatchesFor ? (
            <p class="notice" role="status">
              {t("catalogue.closeMatches", { typed: filter.q, query: result.closeMatchesFor })}
            </p>
          ) : null}
          {result.total ? (
            <ExportLinks
              xlsx={agreementPaths.publicExport(lang, "xlsx", queryString(filter).slice(1))}
              csv={agreementPaths.publicExport(lang, "csv", queryString(filter).slice(1))}
            />
          ) : null}
          {result.items.length ? (
            <ul class="cards">
              {result.items.map((agreement) => (
                <AgreementCard agreement={agreement} associationId={associationId} highlight={searched} />
              ))}
            </ul>
          ) : (
            <p>{t("catalogue.noResults")}</p>
          )}
          <Pager
            page={page}
            pages={pages}
            hrefFor={(page) => `${action}${queryString(filter, page)}`}
            label={t("catalogue.pagination")}
          />
        </section>
      </div>
    </Page>
  );
}
