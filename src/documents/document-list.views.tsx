import type { AgreementRef } from "../agreements/agreements.queries.js";
import { documentKinds, documentTextStatuses, visibilities } from "../db/schema/index.js";
import type { Language } from "../shared/localized.js";
import { Pager } from "../web/components.js";
import { FilterButtons, FilterChoice, SortChoice } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import { addressQuery, workspacePath } from "../web/paths.js";
import { type DocumentListFilter, documentOwnerTypes, documentSorts } from "./documents.input.js";
import type { pageDocuments } from "./documents.queries.js";
import { DocumentList } from "./documents.views.js";

export const documentListPath = (lang: Language) => workspacePath(lang, "/documents");

/**
 * Every document the person may read, a page at a time, with its filters and order in one GET
 * form: a filtered list is an address, kept by the pager and the language switcher. Narrowed to
 * one agreement, it is that agreement's documents (its page shows only the latest).
 */
export function DocumentListView({
  filter,
  found,
  page,
  pages,
  agreement,
  canManage,
}: {
  filter: DocumentListFilter;
  found: Awaited<ReturnType<typeof pageDocuments>>;
  page: number;
  pages: number;
  /** the agreement the list is narrowed to, if it is */
  agreement?: AgreementRef;
  canManage: boolean;
}) {
  const { lang, t } = usePage();
  const action = documentListPath(lang);
  const title = agreement
    ? t("documents.list.ofAgreement", { reference: agreement.reference })
    : t("documents.list.title");
  return (
    <>
      <h1>{title}</h1>
      <search>
        <form class="filters inline" method="get" action={action} aria-label={t("documents.list.filters")}>
          {agreement ? <input type="hidden" name="agreement" value={agreement.id} /> : null}
          <label>
            {t("documents.list.q")}
            <input type="search" name="q" value={filter.q ?? ""} maxlength={200} />
          </label>
          {agreement ? null : (
            <FilterChoice
              name="owner"
              label={t("documents.list.owner")}
              values={documentOwnerTypes}
              selected={filter.owner}
              labelKey="documents.list.owners"
            />
          )}
          <FilterChoice
            name="kind"
            label={t("documents.columns.kind")}
            values={documentKinds}
            selected={filter.kind}
            labelKey="documents.kinds"
          />
          <FilterChoice
            name="visibility"
            label={t("documents.columns.visibility")}
            values={visibilities}
            selected={filter.visibility}
            labelKey="visibility"
          />
          <FilterChoice
            name="text"
            label={t("documents.list.text")}
            values={documentTextStatuses}
            selected={filter.text}
            labelKey="documents.list.texts"
          />
          <SortChoice
            label={t("documents.list.sort")}
            sorts={documentSorts}
            selected={filter.sort ?? "newest"}
            labelKey="documents.list.sorts"
          />
          <FilterButtons
            resetHref={agreement ? `${action}${addressQuery({ agreement: agreement.id })}` : action}
          />
        </form>
      </search>
      <p>{t("documents.list.count", { count: found.total })}</p>
      <DocumentList documents={found.items} canManage={canManage} showOwner={!agreement} />
      <Pager page={page} pages={pages} hrefFor={(page) => `${action}${addressQuery({ ...filter, page })}`} />
    </>
  );
}
