import type { AgreementListItem } from "../agreements/agreements.queries.js";
import type { HealthLevel } from "../progress/figures.js";
import { HealthBadge } from "../progress/progress.views.js";
import type { Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import { Localized, StatusBadge } from "../web/components.js";

/** Agreements as a table in the workspace, each linking to its workspace page, with its health when known. */
export function AgreementTable({
  lang,
  t,
  items,
  health,
}: {
  lang: Language;
  t: Translate;
  items: AgreementListItem[];
  health?: Map<string, HealthLevel>;
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
          {health ? <th scope="col">{t("progress.columns.health")}</th> : null}
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
            {health ? (
              <td>
                <HealthBadge level={health.get(item.id) ?? "not_applicable"} t={t} />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
