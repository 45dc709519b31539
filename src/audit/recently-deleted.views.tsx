import { DateTime, Localized, Pager } from "../web/components.js";
import { Notice } from "../web/page.js";
import { usePage } from "../web/page-context.js";
import { entityTypeLabel } from "./audit.labels.js";
import type { RecentlyDeletedItem } from "./recently-deleted.service.js";

export const recentlyDeletedPath = (lang: string) => `/${lang}/workspace/recently-deleted`;

/** The recently deleted list: each entry named in words, with its Restore button (a plain form). */
export function RecentlyDeletedPage({
  items,
  page,
  pages,
  notice,
}: {
  items: RecentlyDeletedItem[];
  page: number;
  pages: number;
  notice?: string;
}) {
  const { lang, t } = usePage();
  const base = recentlyDeletedPath(lang);
  return (
    <>
      <h1>{t("undo.recentlyDeleted.title")}</h1>
      <Notice text={notice} />
      <p>{t("undo.recentlyDeleted.intro")}</p>
      {items.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("undo.recentlyDeleted.kind")}</th>
              <th scope="col">{t("undo.recentlyDeleted.record")}</th>
              <th scope="col">{t("undo.recentlyDeleted.agreement")}</th>
              <th scope="col">{t("undo.recentlyDeleted.deletedBy")}</th>
              <th scope="col">{t("undo.recentlyDeleted.deletedAt")}</th>
              <th scope="col">{t("undo.recentlyDeleted.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr>
                <td>{entityTypeLabel(t, item.kind)}</td>
                <td>
                  <Localized value={item.label} />
                  {item.dependants ? (
                    <small> ({t("undo.recentlyDeleted.dependants", { count: item.dependants })})</small>
                  ) : null}
                </td>
                <td>
                  {item.agreementReference && item.agreementId ? (
                    <a href={`/${lang}/workspace/agreements/${item.agreementId}`}>
                      <bdi>{item.agreementReference}</bdi>
                    </a>
                  ) : (
                    t("undo.recentlyDeleted.noAgreement")
                  )}
                </td>
                <td>
                  <bdi>{item.deletedByName ?? item.deletedBy}</bdi>
                </td>
                <td>
                  <DateTime value={item.deletedAt} />
                </td>
                <td>
                  <form method="post" action={`${base}/${item.id}/restore`}>
                    <button
                      type="submit"
                      class="button secondary"
                      aria-label={t("undo.recentlyDeleted.restoreLabel", {
                        name: `${entityTypeLabel(t, item.kind)} ${item.label[lang] ?? item.label.fr ?? item.label.ar ?? item.label.en ?? ""}`,
                      })}
                    >
                      {t("undo.recentlyDeleted.restore")}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t("undo.recentlyDeleted.empty")}</p>
      )}
      <Pager page={page} pages={pages} hrefFor={(n) => `${base}?page=${n}`} />
    </>
  );
}
