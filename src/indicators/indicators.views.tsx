import type { IndicatorFigures } from "../domain/figures.js";
import { formatDate, joinList, type Translate } from "../shared/i18n.js";
import { type Language, type LocalizedText, textOf } from "../shared/localized.js";
import { Localized } from "../web/components.js";
import { usePage } from "../web/page-context.js";
import { noticeText } from "../web/params.js";
import { formatShare, formatValue, IndicatorFigure } from "./indicator-figure.views.js";
import type { ChartIndicator } from "./indicators.chart.js";
import { periodLabel } from "./indicators.chart.js";
import type { IndicatorWithValues, Measured } from "./indicators.types.js";

/** Views shared by the agreement page's section and the indicator page. */

export const indicatorPath = (lang: Language, id: string) => `/${lang}/workspace/indicators/${id}`;

export const noticeKeys: Record<string, string> = {
  "indicator-created": "indicators.notices.created",
  "indicator-saved": "indicators.notices.saved",
  "indicator-deleted": "indicators.notices.deleted",
  "value-entered": "indicators.notices.valueEntered",
  "value-submitted": "indicators.notices.valueSubmitted",
  "value-approved": "indicators.notices.valueApproved",
  "value-returned": "indicators.notices.valueReturned",
};

export function indicatorNotice(t: Translate, notice: string | undefined): string | undefined {
  return noticeText(t, notice, noticeKeys);
}

export function measuredText(lang: Language, t: Translate, measures: Measured): string {
  const text = textOf(measures.text, lang);
  return measures.kind === "objective"
    ? t("indicators.groups.objective", { n: (measures.position ?? 0) + 1, text })
    : t("indicators.groups.activity", { text });
}

export function chartIndicatorOf(indicator: IndicatorWithValues): ChartIndicator {
  return {
    id: indicator.id,
    name: indicator.name,
    unit: indicator.unit,
    direction: indicator.direction,
    baselineValue: Number(indicator.baselineValue),
    baselineOn: indicator.baselineOn,
    targetValue: Number(indicator.targetValue),
    targetOn: indicator.targetOn,
    frequency: indicator.frequency,
    aggregation: indicator.aggregation,
    values: indicator.values.map((value) => ({
      period: value.period,
      value: value.value,
      status: value.status,
    })),
  };
}

const withUnit = (lang: Language, value: number, unit: LocalizedText) =>
  `${formatValue(lang, value)} ${textOf(unit, lang)}`.trim();

/** Where an indicator stands: baseline → target, actual, achievement, what is missing or waiting. */
export function IndicatorFacts({
  indicator,
  figures,
}: {
  indicator: IndicatorWithValues;
  figures: IndicatorFigures;
}) {
  const { lang, t } = usePage();
  const date = (value: string | null) => (value ? formatDate(lang, value) : "—");
  return (
    <dl class="facts">
      <dt>{t("indicators.figures.baselineToTarget")}</dt>
      <dd>
        {t("indicators.figures.range", {
          baseline: withUnit(lang, Number(indicator.baselineValue), indicator.unit),
          baselineOn: date(indicator.baselineOn),
          target: withUnit(lang, Number(indicator.targetValue), indicator.unit),
          targetOn: date(indicator.targetOn),
        })}
      </dd>
      <dt>{t("indicators.figures.actual")}</dt>
      <dd>
        {figures.actual === null
          ? t("indicators.figures.noActual")
          : withUnit(lang, figures.actual, indicator.unit)}
      </dd>
      <dt>{t("indicators.figures.achievement")}</dt>
      <dd>
        {figures.achievement === null ? "—" : formatShare(lang, figures.achievement)}
        {figures.expected === null
          ? null
          : ` (${t("indicators.figures.expected", { share: formatShare(lang, figures.expected) })})`}
      </dd>
      <dt>{t("indicators.figures.state")}</dt>
      <dd>{t(`indicators.figureStatus.${figures.status}`)}</dd>
      <dt>{t("indicators.figures.missing")}</dt>
      <dd>
        {figures.missingPeriods.length
          ? joinList(
              lang,
              figures.missingPeriods.map((period) => periodLabel(t, period)),
            )
          : t("indicators.figures.missingNone")}
      </dd>
      {indicator.internal ? (
        <>
          <dt>{t("indicators.figures.awaitingReview")}</dt>
          <dd>{t("indicators.figures.awaitingCount", { count: figures.awaitingReview })}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** Changes whenever a value does, so that a cached chart is never shown after an edit. */
export function chartStamp(values: { id: string; version: number; status: string }[]): string {
  let hash = 0;
  for (const value of values) {
    for (const char of `${value.id}:${value.version}:${value.status};`)
      hash = (hash * 31 + char.charCodeAt(0)) | 0;
  }
  return (hash >>> 0).toString(36);
}

/** One indicator on the agreement page: its name (a link), where it stands, and its chart. */
export function IndicatorSummary({
  indicator,
  figures,
  today,
}: {
  indicator: IndicatorWithValues;
  figures: IndicatorFigures;
  today: string;
}) {
  const { lang } = usePage();
  return (
    <article class="indicator" aria-labelledby={`indicator-${indicator.id}-name`}>
      <h4 id={`indicator-${indicator.id}-name`}>
        <a href={indicatorPath(lang, indicator.id)}>
          <Localized value={indicator.name} />
        </a>{" "}
        <small>
          (<Localized value={indicator.unit} />)
        </small>
      </h4>
      <IndicatorFacts indicator={indicator} figures={figures} />
      <IndicatorFigure
        indicator={chartIndicatorOf(indicator)}
        figures={figures}
        today={today}
        chartSrc={`${indicatorPath(lang, indicator.id)}/chart.svg?v=${indicator.version}.${chartStamp(indicator.values)}`}
      />
    </article>
  );
}

/** Indicators grouped by what they measure: the objectives in their order, then the activities. */
export function groupByMeasured<T extends { measures: Measured }>(
  items: T[],
): { measures: Measured; items: T[] }[] {
  const groups = new Map<string, { measures: Measured; items: T[] }>();
  for (const item of items) {
    const key = `${item.measures.kind}:${item.measures.id}`;
    const group = groups.get(key) ?? { measures: item.measures, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  return [...groups.values()];
}
