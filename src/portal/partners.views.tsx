import { organizationKinds } from "../db/schema/index.js";
import { type OrganizationSort, organizationSorts } from "../partners/organizations.input.js";
import type { pageOrganizations } from "../partners/organizations.queries.js";
import type { Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import { FilterFold, Localized, Pager } from "../web/components.js";
import { FilterButtons, FilterChoice, SortChoice } from "../web/forms.js";
import { Page } from "../web/layout.js";
import { addressQuery } from "../web/paths.js";

type PartnerItem = Awaited<ReturnType<typeof pageOrganizations>>["items"][number];

export const PARTNERS_PAGE_SIZE = 30;

interface PartnerFilter {
  kind?: string;
  q?: string;
  sort?: OrganizationSort;
}

/** The public partners, a page at a time, found by name or acronym and kind, by name or most agreements first. */
export function PartnersPage({
  lang,
  t,
  partners,
  total,
  filter,
  page,
  pages,
}: {
  lang: Language;
  t: Translate;
  partners: PartnerItem[];
  total: number;
  filter: PartnerFilter;
  page: number;
  pages: number;
}) {
  const action = `/${lang}/partners`;
  return (
    <Page
      lang={lang}
      t={t}
      title={t("partners.title")}
      section="partners"
      here={`/partners${addressQuery({ ...filter, page })}`}
    >
      <h1>{t("partners.title")}</h1>
      <search>
        <FilterFold>
          <form class="filters inline" method="get" action={action} aria-label={t("partners.filters")}>
            <label>
              {t("partners.q")}
              <input name="q" type="search" value={filter.q ?? ""} maxlength={200} />
            </label>
            <FilterChoice
              name="kind"
              label={t("partners.kind")}
              values={organizationKinds}
              selected={filter.kind}
              labelKey="orgKind"
            />
            <SortChoice
              label={t("orgs.filters.sort")}
              sorts={organizationSorts}
              selected={filter.sort ?? "name"}
              labelKey="orgs.filters.sorts"
            />
            <FilterButtons resetHref={action} />
          </form>
        </FilterFold>
      </search>
      <p>{t("orgs.filters.count", { count: total })}</p>
      {partners.length ? (
        <ul class="cards">
          {partners.map((partner) => (
            <li class="card">
              <h2>
                <Localized value={partner.name} />
                {partner.acronym ? (
                  <>
                    {" "}
                    (<bdi>{partner.acronym}</bdi>)
                  </>
                ) : null}
              </h2>
              <ul class="meta">
                <li>{t(`orgKind.${partner.kind}`)}</li>
                <li>
                  <a href={`/${lang}/agreements?partner=${partner.id}`}>
                    {t("partners.agreements", { count: partner.agreementCount })}
                  </a>
                </li>
              </ul>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("partners.none")}</p>
      )}
      <Pager page={page} pages={pages} hrefFor={(page) => `${action}${addressQuery({ ...filter, page })}`} />
    </Page>
  );
}
