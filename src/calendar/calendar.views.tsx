import { formatDateTime } from "../shared/i18n.js";
import { isLanguage } from "../shared/localized.js";
import { usePage } from "../web/page-context.js";
import type { CalendarFeedRow } from "./calendar.service.js";

/** The address just created: shown on this one answer only, ready to copy. */
export function NewFeedAddress({ url }: { url: string }) {
  const { t } = usePage();
  return (
    <section class="notice" role="status" aria-labelledby="new-calendar-feed">
      <h2 id="new-calendar-feed">{t("calendar.createdTitle")}</h2>
      <p>
        <strong>{t("calendar.copyNow")}</strong>
      </p>
      <div class="field">
        <label for="calendar-url">{t("calendar.urlLabel")}</label>
        <input
          id="calendar-url"
          type="url"
          readonly
          dir="ltr"
          value={url}
          aria-describedby="calendar-url-hint"
        />
      </div>
      <p id="calendar-url-hint">{t("calendar.howTo")}</p>
    </section>
  );
}

export function FeedState({
  feed,
  accountLocale,
}: {
  feed: CalendarFeedRow | undefined;
  accountLocale: string | undefined;
}) {
  const { lang, t } = usePage();
  const language =
    accountLocale && isLanguage(accountLocale) ? t(`languageNames.${accountLocale}`) : undefined;
  return (
    <section aria-labelledby="calendar-feed-state">
      <h2 id="calendar-feed-state">{t("calendar.stateTitle")}</h2>
      {feed ? (
        <>
          <p>{t("calendar.activeSince", { date: formatDateTime(lang, feed.createdAt) })}</p>
          <p>
            {feed.lastUsedAt
              ? t("calendar.lastUsed", { date: formatDateTime(lang, feed.lastUsedAt) })
              : t("calendar.neverUsed")}
          </p>
        </>
      ) : (
        <p>{t("calendar.noFeed")}</p>
      )}
      {language ? <p>{t("calendar.language", { language })}</p> : null}
      <form method="post" action={`/${lang}/workspace/calendar/feed`}>
        {feed ? <p id="calendar-replace-hint">{t("calendar.replaceHint")}</p> : null}
        <button type="submit" class="button" aria-describedby={feed ? "calendar-replace-hint" : undefined}>
          {feed ? t("calendar.replace") : t("calendar.create")}
        </button>
      </form>
      {feed ? (
        <form method="post" action={`/${lang}/workspace/calendar/feed/revoke`}>
          <button type="submit" class="button secondary">
            {t("calendar.revoke")}
          </button>
        </form>
      ) : null}
    </section>
  );
}
