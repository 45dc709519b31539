import type { Child } from "hono/jsx";
import { organizationKinds } from "../db/schema/index.js";
import { formatDateTime, formatNumber, joinList, type Translate } from "../shared/i18n.js";
import { type Language, languages, textDirection } from "../shared/localized.js";
import { ErrorBox, FilterFold, Localized, Pager, StatusBadge, TableScroll } from "../web/components.js";
import { SelectControl, SortChoice } from "../web/forms.js";
import { Notice } from "../web/page.js";
import { usePage } from "../web/page-context.js";
import { addressQuery, workspacePath } from "../web/paths.js";
import { type OrganizationSort, organizationSorts } from "./organizations.input.js";
import type { listOrganizations } from "./organizations.queries.js";
import type { listOrganizationAgreements, OrganizationDetail } from "./organizations.service.js";

type OrganizationItem = Awaited<ReturnType<typeof listOrganizations>>[number];
type OrganizationAgreement = Awaited<ReturnType<typeof listOrganizationAgreements>>[number];

/** The list with its filters: a plain GET form, so the filtered list has an address. */
export function OrganizationList({
  items,
  total,
  page,
  pages,
  filter,
  canCreate,
  notice,
}: {
  items: OrganizationItem[];
  total: number;
  page: number;
  pages: number;
  filter: { kind?: string; q?: string; sort?: OrganizationSort };
  canCreate: boolean;
  notice?: string;
}) {
  const { lang, t } = usePage();
  const listed = (page: number) => workspacePath(lang, `/organizations${addressQuery({ ...filter, page })}`);
  return (
    <>
      <h1>{t("orgs.title")}</h1>
      <Notice text={notice} />
      <p>{t("orgs.intro")}</p>
      {canCreate ? (
        <p class="actions">
          <a class="button" href={workspacePath(lang, "/organizations/new")}>
            {t("orgs.new")}
          </a>
        </p>
      ) : null}
      <FilterFold>
        <form
          method="get"
          action={workspacePath(lang, "/organizations")}
          class="filters"
          aria-label={t("orgs.filters.label")}
        >
          <div class="field">
            <label for="filter-kind">{t("orgs.filters.kind")}</label>{" "}
            <SelectControl
              id="filter-kind"
              name="kind"
              blank={t("orgs.filters.allKinds")}
              value={filter.kind}
              options={organizationKinds.map((kind) => ({ value: kind, label: t(`orgKind.${kind}`) }))}
            />
          </div>
          <div class="field">
            <label for="filter-q">{t("orgs.filters.q")}</label>{" "}
            <input id="filter-q" name="q" type="search" value={filter.q ?? ""} maxlength={200} />
          </div>
          <div class="field">
            <SortChoice
              id="filter-sort"
              label={t("orgs.filters.sort")}
              sorts={organizationSorts}
              selected={filter.sort ?? "name"}
              labelKey="orgs.filters.sorts"
            />
          </div>
          <button type="submit" class="button">
            {t("orgs.filters.submit")}
          </button>
        </form>
      </FilterFold>
      <div id="results">
        <p>{t("orgs.filters.count", { count: total })}</p>
        {items.length ? (
          <TableScroll>
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{t("orgs.columns.name")}</th>
                  <th scope="col">{t("orgs.columns.acronym")}</th>
                  <th scope="col">{t("orgs.columns.kind")}</th>
                  <th scope="col" class="number">
                    {t("orgs.columns.agreements")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr>
                    <td>
                      <a href={workspacePath(lang, `/organizations/${item.id}`)}>
                        <Localized value={item.name} />
                      </a>
                    </td>
                    <td>{item.acronym ?? ""}</td>
                    <td>{t(`orgKind.${item.kind}`)}</td>
                    <td class="number">{formatNumber(lang, item.agreementCount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p>{t("orgs.noResults")}</p>
        )}
        <Pager page={page} pages={pages} hrefFor={listed} />
      </div>
    </>
  );
}

const webLink = (website: string | null) => (website && /^https?:\/\//i.test(website) ? website : undefined);

function Contacts({ people }: { people: NonNullable<OrganizationDetail["contacts"]> }) {
  const { t } = usePage();
  if (!people.length) return <p>{t("orgs.contacts.none")}</p>;
  return (
    <TableScroll>
      <table class="data">
        <thead>
          <tr>
            <th scope="col">{t("orgs.fields.fullName")}</th>
            <th scope="col">{t("orgs.fields.role")}</th>
            <th scope="col">{t("orgs.fields.email")}</th>
            <th scope="col">{t("orgs.fields.phone")}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr>
              <td>{person.fullName}</td>
              <td>{person.role ?? ""}</td>
              <td dir="ltr">{person.email ? <a href={`mailto:${person.email}`}>{person.email}</a> : ""}</td>
              <td dir="ltr">
                {person.phone ? (
                  <a href={`tel:${person.phone.replace(/[^0-9+]/g, "")}`}>{person.phone}</a>
                ) : (
                  ""
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function Agreements({ items }: { items: OrganizationAgreement[] }) {
  const { lang, t } = usePage();
  if (!items.length) return <p>{t("orgs.agreements.none")}</p>;
  return (
    <TableScroll>
      <table class="data">
        <thead>
          <tr>
            <th scope="col">{t("orgs.agreements.reference")}</th>
            <th scope="col">{t("orgs.agreements.name")}</th>
            <th scope="col">{t("orgs.agreements.status")}</th>
            <th scope="col">{t("orgs.agreements.roles")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr>
              <td>
                <a href={workspacePath(lang, `/agreements/${item.id}`)}>{item.reference}</a>
              </td>
              <td>
                <Localized value={item.title} />
              </td>
              <td>
                <StatusBadge status={item.status} />
              </td>
              <td>
                {joinList(
                  lang,
                  item.roles.map((role) => t(`role.${role}`)),
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export interface OrganizationDetailProps {
  lang: Language;
  t: Translate;
  org: OrganizationDetail;
  agreements: OrganizationAgreement[];
  canEdit: boolean;
  /** staff, and not the association itself */
  canDelete: boolean;
  notice?: string;
  /** why a deletion was refused, in the page's language */
  deleteErrors?: string[];
  /**
   * DOCUMENTS SLOT: the lead embeds here the organisation's document list and upload form
   * (src/documents); nothing is shown when it is not given.
   */
  documents?: Child;
}

export function OrganizationDetailView(props: OrganizationDetailProps) {
  const { lang, t, org } = props;
  const path = `/organizations/${org.id}`;
  const website = webLink(org.website);
  return (
    <>
      <p>
        <a href={workspacePath(lang, "/organizations")}>{t("orgs.backToList")}</a>
      </p>
      <h1>
        <Localized value={org.name} notice="full" />
        {org.acronym ? ` (${org.acronym})` : ""}
      </h1>
      <Notice text={props.notice} />
      {props.deleteErrors ? (
        <ErrorBox title={t("orgs.delete.refusedTitle")} messages={props.deleteErrors} />
      ) : null}
      <p class="actions">
        <a href={workspacePath(lang, `${path}.pdf`)} type="application/pdf">
          {t("reports.printReport")}
        </a>
        {props.canEdit ? (
          <a class="button" href={workspacePath(lang, `${path}/edit`)}>
            {t("orgs.edit")}
          </a>
        ) : null}
        <a href={workspacePath(lang, `/history/organization/${org.id}`)}>{t("orgs.history")}</a>
      </p>
      <dl class="facts">
        {languages
          .filter((language) => org.name[language])
          .map((language) => (
            <>
              <dt>{`${t("orgs.fields.name")} (${t(`languageNames.${language}`)})`}</dt>
              <dd lang={language} dir={textDirection(language)}>
                {org.name[language]}
              </dd>
            </>
          ))}
        <dt>{t("orgs.facts.kind")}</dt>
        <dd>{t(`orgKind.${org.kind}`)}</dd>
        <dt>{t("orgs.facts.acronym")}</dt>
        <dd>{org.acronym ?? "—"}</dd>
        <dt>{t("orgs.facts.website")}</dt>
        <dd dir="ltr">
          {website ? (
            <a href={website} rel="noopener noreferrer external">
              {website}
            </a>
          ) : (
            "—"
          )}
        </dd>
        <dt>{t("orgs.facts.updatedAt")}</dt>
        <dd>
          {formatDateTime(lang, org.updatedAt)} · {t("orgs.facts.version")} {formatNumber(lang, org.version)}
        </dd>
      </dl>
      {org.contacts ? (
        <section aria-labelledby="contacts-title">
          <h2 id="contacts-title">{t("orgs.contacts.title")}</h2>
          <Contacts people={org.contacts} />
        </section>
      ) : null}
      <section aria-labelledby="agreements-title">
        <h2 id="agreements-title">{t("orgs.agreements.title")}</h2>
        <Agreements items={props.agreements} />
      </section>
      {props.documents ? (
        <section aria-labelledby="documents-title">
          <h2 id="documents-title">{t("orgs.documents")}</h2>
          {props.documents}
        </section>
      ) : null}
      {props.canDelete ? (
        <details class="danger-zone" open={props.deleteErrors ? true : undefined}>
          <summary>{t("orgs.delete.summary")}</summary>
          <p>{t("orgs.delete.warning")}</p>
          <p>
            <a class="button secondary" href={workspacePath(lang, `${path}/delete`)}>
              {t("orgs.delete.submit")}
            </a>
          </p>
        </details>
      ) : null}
    </>
  );
}
