import type { AppError } from "../shared/errors.js";
import type { Translate } from "../shared/i18n.js";
import { type Language, textOf } from "../shared/localized.js";
import { DateTime, ErrorBox, Localized, Pager } from "../web/components.js";
import { capitalized } from "../web/issue-text.js";
import { Notice } from "../web/page.js";
import { usePage } from "../web/page-context.js";
import { entityTypeLabel } from "./audit.labels.js";
import { parentOfRefusal, type RecentlyDeletedItem } from "./recently-deleted.service.js";

export const recentlyDeletedPath = (lang: string) => `/${lang}/workspace/recently-deleted`;

/**
 * Why a restore was refused, in the reader's language. When what the record hangs on was deleted
 * too, it is named (its kind and label), to be restored first.
 */
function restoreRefusalText(t: Translate, lang: Language, error: AppError): string {
  const parent = parentOfRefusal(error);
  if (parent) {
    return t("undo.reasons.parentGoneNamed", {
      kind: entityTypeLabel(t, parent.kind),
      name: textOf(parent.label, lang),
    });
  }
  const reason = error.issues[0]?.reason;
  return reason ? capitalized(t(reason, { defaultValue: error.message })) : error.message;
}

/** The recently deleted list: each entry named in words, with its Restore button (a plain form). */
export function RecentlyDeletedPage({
  items,
  page,
  pages,
  notice,
  refused,
}: {
  items: RecentlyDeletedItem[];
  page: number;
  pages: number;
  notice?: string;
  /** why the restore just asked for was refused */
  refused?: AppError;
}) {
  const { lang, t } = usePage();
  const base = recentlyDeletedPath(lang);
  return (
    <>
      <h1>{t("undo.recentlyDeleted.title")}</h1>
      <Notice text={notice} />
      {refused ? (
        <ErrorBox
          title={t("undo.recentlyDeleted.notRestored")}
          messages={[restoreRefusalText(t, lang, refused)]}
        />
      ) : null}
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
