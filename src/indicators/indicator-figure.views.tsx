import { raw } from "hono/html";
import type { IndicatorFigures } from "../domain/figures.js";
import { formatNumber, type Translate } from "../shared/i18n.js";
import { type Language, textOf } from "../shared/localized.js";
import { usePage } from "../web/page-context.js";
import {
  actualByPeriod,
  type ChartIndicator,
  chartPeriods,
  periodLabel,
  renderIndicatorChart,
} from "./indicators.chart.js";

/**
 * An indicator's chart in a <figure>, with its text alternative: a caption saying where the
 * indicator stands, and the chart's data as a table for screen readers (the SVG itself is
 * hidden from them). Reusable by the portal: it shows approved values only.
 */

export const formatValue = (lang: Language, value: number) =>
  formatNumber(lang, value, { maximumFractionDigits: 4 });

export const formatShare = (lang: Language, share: number) =>
  formatNumber(lang, share, { style: "percent", maximumFractionDigits: 0 });

/** "35 of a target of 100 people (35 %)", or that no value is approved yet. */
export function standingSentence(
  lang: Language,
  t: Translate,
  indicator: ChartIndicator,
  figures: IndicatorFigures,
): string {
  const unit = textOf(indicator.unit, lang);
  if (figures.actual === null)
    return t("indicators.chart.noValue", { target: formatValue(lang, indicator.targetValue), unit });
  return t("indicators.chart.standing", {
    actual: formatValue(lang, figures.actual),
    target: formatValue(lang, indicator.targetValue),
    unit,
    achievement: figures.achievement === null ? "—" : formatShare(lang, figures.achievement),
  });
}

export function IndicatorFigure({
  indicator,
  figures,
  today,
  chartSrc,
}: {
  indicator: ChartIndicator;
  figures: IndicatorFigures;
  today: string;
  /**
   * Where the chart is served as an image: a page showing many indicators (the agreement's)
   * lets the browser fetch and cache each chart instead of drawing them all before answering.
   */
  chartSrc?: string;
}) {
  const { lang, t } = usePage();
  const name = textOf(indicator.name, lang);
  const periods = chartPeriods(indicator, today);
  const actual = actualByPeriod(indicator, periods, today);
  const approved = new Map(
    indicator.values
      .filter((value) => value.status === "approved")
      .map((value) => [value.period, value.value]),
  );
  return (
    <figure class="indicator-figure">
      {chartSrc ? (
        // Decorative: the caption and the table below say what it shows.
        <img
          class="indicator-chart"
          src={chartSrc}
          alt=""
          width="560"
          height="280"
          loading="lazy"
          decoding="async"
        />
      ) : (
        raw(renderIndicatorChart({ lang, t, indicator, figures, today }))
      )}
      <figcaption>
        {t("indicators.chart.caption", { name })} {standingSentence(lang, t, indicator, figures)}
      </figcaption>
      <table class="visually-hidden">
        <caption>{t("indicators.chart.tableCaption", { name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("indicators.fields.period")}</th>
            <th scope="col">{t("indicators.chart.approved")}</th>
            <th scope="col">{t(`indicators.chart.actual.${indicator.aggregation}`)}</th>
          </tr>
        </thead>
        <tbody>
          {periods.map((period, index) => {
            const value = approved.get(period);
            const standing = actual[index];
            return (
              <tr>
                <th scope="row">{periodLabel(t, period)}</th>
                <td>{value === undefined ? "—" : formatValue(lang, value)}</td>
                <td>{standing === null || standing === undefined ? "—" : formatValue(lang, standing)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </figure>
  );
}
