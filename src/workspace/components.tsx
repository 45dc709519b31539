import type { AgreementListItem } from "../agreements/agreements.queries.js";
import type { Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import { Localized, StatusBadge } from "../web/components.js";

/** Agreements as a table in the workspace, each linking to its workspace page. */
export function AgreementTable({
  lang,
  t,
  items,
}: {
  lang: Language;
  t: Translate;
  items: AgreementListItem[];
}) {
  if (!items.length) return <p>{t("catalogue.noResults")}</p>;
  return (
    <table class="data">
      <thead>
        <tr>
          <th scope="col">{t("agreement.reference")}</th>
          <th scope="col">{t("fields.title")}</th>
          <th scope="col">{t("agreement.status")}</th>
          <th scope="col">{t("fields.visibility")}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr>
            <td>
              <a href={`/${lang}/workspace/agreements/${item.id}`}>{item.reference}</a>
            </td>
            <td>
              <Localized value={item.title} lang={lang} t={t} />
            </td>
            <td>
              <StatusBadge status={item.status} t={t} />
            </td>
            <td>{t(`visibility.${item.visibility}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
