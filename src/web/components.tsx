import type { Child } from "hono/jsx";
import type { AgreementStatus } from "../db/schema/index.js";
import { highlightParts, type TextPart } from "../search/highlight.js";
import type { SearchQuery } from "../search/query.js";
import { formatDateTime, formatNumber, type Translate } from "../shared/i18n.js";
import { type Language, type LocalizedText, pickText, textDirection } from "../shared/localized.js";
import { usePage } from "./page-context.js";

/** Text with the words a search matched in <mark>: the text is escaped like any other. */
export function Marked({ parts }: { parts: TextPart[] }) {
  return <>{parts.map((part) => (part.match ? <mark>{part.text}</mark> : part.text))}</>;
}

/** A text, with what a search matched in it marked when there was a search. */
function Searched({ text, highlight }: { text: string; highlight?: SearchQuery }) {
  return <Marked parts={highlight ? highlightParts(text, highlight) : [{ text, match: false }]} />;
}

/**
 * A multilingual text in the page's language, or visibly in another one when it is
 * missing: the text keeps its own lang/dir so screen readers and bidi stay right.
 */
export function Localized({
  value,
  lang,
  notice = "badge",
  highlight,
}: {
  value: LocalizedText | null | undefined;
  /** the language to pick the text in, when it is not the page's */
  lang?: Language;
  notice?: "badge" | "full";
  /** the search that found it: its matched words are marked */
  highlight?: SearchQuery;
}) {
  const page = usePage();
  lang ??= page.lang;
  const { t } = page;
  const picked = pickText(value, lang);
  if (!picked) return <span>—</span>;
  if (!picked.fallback)
    return (
      <span>
        <Searched text={picked.text} highlight={highlight} />
      </span>
    );
  const languageName = t(`languageNames.${picked.lang}`);
  return (
    <>
      <span lang={picked.lang} dir={textDirection(picked.lang)} class="fallback-text">
        <Searched text={picked.text} highlight={highlight} />
      </span>{" "}
      {notice === "full" ? (
        <small class="fallback">{t("agreement.fallbackNotice", { language: languageName })}</small>
      ) : (
        <small class="fallback">
          <span class="visually-hidden">{t("agreement.fallbackNotice", { language: languageName })}</span>
          <span aria-hidden="true" lang={picked.lang}>
            {picked.lang.toUpperCase()}
          </span>
        </small>
      )}
    </>
  );
}

export function StatusBadge({ status }: { status: AgreementStatus }) {
  const { t } = usePage();
  return <span class={`badge status-${status}`}>{t(`status.${status}`)}</span>;
}

export function ErrorBox({ title, messages }: { title: string; messages: string[] }) {
  return (
    <div class="error-box" role="alert">
      <h2>{title}</h2>
      <ul>
        {messages.map((message) => (
          <li>{message}</li>
        ))}
      </ul>
    </div>
  );
}

/** A moment, with the exact instant kept in the markup. */
/** A date and time in the page's language (`lang` only where it differs from the page's). */
export function DateTime({ lang, value }: { lang?: Language; value: Date | null | undefined }) {
  if (!value) return null;
  lang ??= usePage().lang;
  return <time datetime={value.toISOString()}>{formatDateTime(lang, value)}</time>;
}

/**
 * The map of Morocco's legend (its five colours, the largest count) and the credit its outlines
 * need (OpenStreetMap, ODbL): the coverage page's map and the dashboard's share it.
 */
export function MapLegend({ largest, lang, t }: { largest: number; lang: Language; t: Translate }) {
  return (
    <>
      <ul class="map-legend">
        <li>
          <span class="swatch map-bucket-0" aria-hidden="true" /> {t("coverage.none")}
        </li>
        <li>
          <span class="swatch map-bucket-1" aria-hidden="true" />
          <span class="swatch map-bucket-2" aria-hidden="true" />
          <span class="swatch map-bucket-3" aria-hidden="true" />
          <span class="swatch map-bucket-4" aria-hidden="true" />{" "}
          {t("coverage.legend", { largest: formatNumber(lang, largest) })}
        </li>
      </ul>
      <small>{t("coverage.mapCredit")}</small>
    </>
  );
}

/**
 * A list's pages: the previous and next ones and where the reader is, each link built by the
 * list (`hrefFor`) so that it keeps the list's filters and sort. Nothing when there is one page.
 */
export function Pager({
  page,
  pages,
  hrefFor,
  label,
}: {
  page: number;
  pages: number;
  hrefFor: (page: number) => string;
  /** what the pages are of, for screen readers (by default "Pages") */
  label?: string;
}) {
  const { lang, t } = usePage();
  if (pages <= 1) return null;
  return (
    <nav class="pagination" aria-label={label ?? t("pager.label")}>
      <ul>
        {page > 1 ? (
          <li>
            <a href={hrefFor(page - 1)} rel="prev">
              {t("pager.previous")}
            </a>
          </li>
        ) : null}
        <li aria-current="page">
          {t("pager.pageOf", { page: formatNumber(lang, page), pages: formatNumber(lang, pages) })}
        </li>
        {page < pages ? (
          <li>
            <a href={hrefFor(page + 1)} rel="next">
              {t("pager.next")}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/**
 * A table's own scrolling box, so a wide table scrolls sideways inside the page instead of
 * widening it on a phone. Focusable (a keyboard scrolls it) and named, as a scrolling box must
 * be; a named group rather than a region: a region is a landmark, and would double the one of
 * the section the table sits in (found by the same name).
 */
export function TableScroll({ label, children }: { label?: string; children: Child }) {
  const { t } = usePage();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset is for form controls; this groups a table
    <div
      class="table-scroll"
      role="group"
      tabindex={0}
      aria-label={label ? t("shell.tableScroll", { name: label }) : t("shell.table")}
    >
      {children}
    </div>
  );
}

/**
 * A list's filter form, folded behind a Filter button on a phone (so the list shows on the first
 * screen) and shown open on a wide screen (app.css); a <details>, so it works without JavaScript.
 */
export function FilterFold({ children }: { children: Child }) {
  const { t } = usePage();
  return (
    <details class="filter-fold">
      <summary class="button secondary">{t("shell.filter")}</summary>
      {children}
    </details>
  );
}
