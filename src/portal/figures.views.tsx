import { raw } from "hono/html";
import { countedPhrase, formatNumber, type Translate } from "../shared/i18n.js";
import { type Language, textOf } from "../shared/localized.js";
import { TableScroll } from "../web/components.js";
import { Page } from "../web/layout.js";
import { renderBarChart } from "./figures.chart.js";
import type { PublicFigures } from "./figures.queries.js";

interface Row {
  label: string;
  value: number;
}

/**
 * One breakdown: its chart (decorative, drawn on the server) and, beside it, the same figures
 * as a table, for screen readers and for copying.
 */
function Breakdown({
  id,
  heading,
  column,
  rows,
  lang,
  t,
}: {
  id: string;
  heading: string;
  /** the header of the table's first column */
  column: string;
  rows: Row[];
  lang: Language;
  t: Translate;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} class="figure-block">
      <h2 id={`${id}-heading`}>{heading}</h2>
      {rows.length ? (
        <div class="figure-pair">
          {raw(renderBarChart({ lang, id, bars: rows }))}
          <TableScroll label={heading}>
            <table class="data">
              <caption class="visually-hidden">{heading}</caption>
              <thead>
                <tr>
                  <th scope="col">{column}</th>
                  <th scope="col" class="number">
                    {t("figures.count")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr>
                    <th scope="row">{row.label}</th>
                    <td class="number">{formatNumber(lang, row.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </div>
      ) : (
        <p>{t("figures.nothingYet")}</p>
      )}
    </section>
  );
}

const money = (lang: Language, value: number) =>
  formatNumber(lang, value, { style: "currency", currency: "MAD", maximumFractionDigits: 0 });

/** "12 public agreements; 1 activity carried out, in 3 regions.", each number with its own plural form. */
export function figuresSummary(
  lang: Language,
  t: Translate,
  figures: Pick<PublicFigures, "agreements" | "activitiesDone" | "activitiesByRegion">,
): string {
  const counted = (key: string, count: number) => countedPhrase(lang, t, key, count);
  return t("figures.summary", {
    agreements: counted("figures.publicAgreements", figures.agreements),
    activities: counted("figures.activitiesDone", figures.activitiesDone),
    regions: counted("figures.regions", figures.activitiesByRegion.length),
  });
}

/** /{lang}/figures: the public agreements and their activities in figures, charts and tables. */
export function FiguresPage({
  lang,
  t,
  figures,
  reportYears,
}: {
  lang: Language;
  t: Translate;
  figures: PublicFigures;
  /** the years whose annual report can be printed, latest first */
  reportYears: number[];
}) {
  const n = (value: number) => formatNumber(lang, value);
  const execution = figures.budget.planned > 0 ? figures.budget.spent / figures.budget.planned : null;
  return (
    <Page lang={lang} t={t} title={t("figures.title")} section="figures" here="/figures">
      <h1>{t("figures.title")}</h1>
      <p>
        <a href={`/${lang}/coverage`}>{t("coverage.link")}</a>
      </p>
      {reportYears.length ? (
        <nav aria-labelledby="annual-reports">
          <h2 id="annual-reports">{t("reports.annualReports")}</h2>
          <ul class="inline-list">
            {reportYears.map((year) => (
              <li>
                <a href={`/${lang}/reports/${year}.pdf`} type="application/pdf">
                  {t("reports.annualReportOf", { year })}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <p>
        {figuresSummary(lang, t, figures)}{" "}
        {figures.budget.planned > 0
          ? t("figures.summaryBudget", {
              spent: money(lang, figures.budget.spent),
              planned: money(lang, figures.budget.planned),
              share: formatNumber(lang, execution ?? 0, { style: "percent", maximumFractionDigits: 0 }),
            })
          : null}{" "}
        {t("figures.summaryPresidents", {
          territories: n(figures.presidents.territories),
          of: n(figures.presidents.of),
        })}
      </p>
      <Breakdown
        id="by-theme"
        heading={t("figures.byTheme")}
        column={t("figures.theme")}
        rows={figures.byTheme.map((row) => ({ label: t(`theme.${row.key}`), value: row.count }))}
        lang={lang}
        t={t}
      />
      <Breakdown
        id="by-kind"
        heading={t("figures.byKind")}
        column={t("figures.kind")}
        rows={figures.byKind.map((row) => ({ label: t(`kind.${row.key}`), value: row.count }))}
        lang={lang}
        t={t}
      />
      <Breakdown
        id="by-partner-kind"
        heading={t("figures.byPartnerKind")}
        column={t("figures.partnerKind")}
        rows={figures.byPartnerKind.map((row) => ({ label: t(`orgKind.${row.key}`), value: row.count }))}
        lang={lang}
        t={t}
      />
      <Breakdown
        id="by-year"
        heading={t("figures.byYear")}
        column={t("figures.year")}
        rows={figures.byYear.map((row) => ({ label: String(row.year), value: row.count }))}
        lang={lang}
        t={t}
      />
      <Breakdown
        id="activities-by-region"
        heading={t("figures.activitiesByRegion")}
        column={t("figures.region")}
        rows={figures.activitiesByRegion.map((row) => ({
          label: textOf(row.name, lang, row.code),
          value: row.count,
        }))}
        lang={lang}
        t={t}
      />
      <section aria-labelledby="budget-heading">
        <h2 id="budget-heading">{t("figures.budget")}</h2>
        <TableScroll label={t("figures.budget")}>
          <table class="data">
            <caption class="visually-hidden">{t("figures.budget")}</caption>
            <tbody>
              <tr>
                <th scope="row">{t("figures.budgetPlanned")}</th>
                <td class="number">{money(lang, figures.budget.planned)}</td>
              </tr>
              <tr>
                <th scope="row">{t("figures.budgetSpent")}</th>
                <td class="number">{money(lang, figures.budget.spent)}</td>
              </tr>
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section aria-labelledby="presidents-heading">
        <h2 id="presidents-heading">{t("figures.presidents")}</h2>
        <p>
          {t("figures.presidentsText", {
            territories: n(figures.presidents.territories),
            of: n(figures.presidents.of),
            attendances: n(figures.presidents.attendances),
          })}
        </p>
      </section>
      <p>
        <small>{t("figures.source")}</small>
      </p>
    </Page>
  );
}
