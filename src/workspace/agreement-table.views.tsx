import { agreementPaths } from "../agreements/agreements.paths.js";
import type { AgreementListItem } from "../agreements/agreements.queries.js";
import type { HealthLevel } from "../domain/figures.js";
import { HealthBadge } from "../progress/progress.views.js";
import type { SearchQuery } from "../search/query.js";
import type { Translate } from "../shared/i18n.js";
import { Localized, StatusBadge, TableScroll } from "../web/components.js";
import { fieldHeading } from "../web/forms.js";
import { usePage } from "../web/page-context.js";

/** Outside the reader's scope an agreement's health is not shown: a dash, not a level. */
const healthCell = (level: HealthLevel | undefined, t: Translate) =>
  level ? (
    <HealthBadge level={level} />
  ) : (
    <>
      <span aria-hidden="true">—</span>
      <span class="visually-hidden">{t("progress.health.notShown")}</span>
    </>
  );

/** Agreements as a table in the workspace, each linking to its workspace page, with its health when known. */
export function AgreementTable({
  items,
  health,
  highlight,
  empty,
}: {
  items: AgreementListItem[];
  health?: Map<string, HealthLevel>;
  /** a search: the words it matched are marked in the titles */
  highlight?: SearchQuery;
  /** what to say when there is none (by default: nothing matches the filters) */
  empty?: string;
}) {
  const { lang, t } = usePage();
  if (!items.length) return <p>{empty ?? t("catalogue.noResults")}</p>;
  return (
    <TableScroll label={t("workspace.nav.agreements")}>
      <table class="data">
        <thead>
          <tr>
            <th scope="col">{t("agreement.reference")}</th>
            <th scope="col">{fieldHeading(t, "title")}</th>
            <th scope="col">{t("agreement.status")}</th>
            <th scope="col">{fieldHeading(t, "visibility")}</th>
            {health ? <th scope="col">{t("progress.columns.health")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr>
              <td>
                <a href={agreementPaths.workspace(lang, item.id)}>{item.reference}</a>
              </td>
              <td>
                <Localized value={item.title} highlight={highlight} />
              </td>
              <td>
                <StatusBadge status={item.status} />
              </td>
              <td>{t(`visibility.${item.visibility}`)}</td>
              {health ? <td>{healthCell(health.get(item.id), t)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
