import { createHash } from "node:crypto";
import { type IndicatorFacts, type IndicatorFigures, indicatorFigures } from "../domain/figures.js";
import { periodBounds, periodKey, periodsBetween } from "../domain/periods.js";
import { formatNumber, type Translate } from "../shared/i18n.js";
import { type Language, type LocalizedText, textOf } from "../shared/localized.js";
import { chartEngine } from "./chart-engine.js";

/**
 * A small server-rendered chart of one indicator: the approved value of each period as bars,
 * the actual (cumulative or latest) as a line, the baseline and the target as marked lines.
 * The SVG is inlined in pages, so it is made safe for them here: every text is escaped by
 * ECharts, its inline styles become presentation attributes (the CSP allows no `style`), its
 * ids are made unique per chart, and it is hidden from assistive technology — the figure
 * around it (IndicatorFigure) carries the text alternative.
 */

export interface ChartIndicator extends IndicatorFacts {
  id: string;
  name: LocalizedText;
  unit: LocalizedText;
}

export interface IndicatorChartOptions {
  lang: Language;
  t: Translate;
  indicator: ChartIndicator;
  /** the indicator's figures (from figures.ts); the line ends at their `actual` */
  figures: IndicatorFigures;
  today: string;
  width?: number;
  height?: number;
}

/** A period as people read it: "Q3 2026", "H1 2026", "2026". */
export function periodLabel(t: Translate, period: string): string {
  const [year = period, part] = period.split("-");
  if (!part) return year;
  return t(part.startsWith("Q") ? "indicators.period.quarter" : "indicators.period.half", {
    year,
    n: part.slice(1),
  });
}

/** The periods the chart spans: from the baseline's to the target's (or today's), and every one with a value. */
export function chartPeriods(indicator: IndicatorFacts, today: string): string[] {
  const approved = indicator.values
    .filter((value) => value.status === "approved")
    .map((value) => value.period);
  const keys = new Set(approved);
  if (indicator.baselineOn) {
    const end = indicator.targetOn ?? today;
    for (const period of periodsBetween(indicator.frequency, indicator.baselineOn, end)) keys.add(period);
  }
  if (!keys.size) keys.add(periodKey(indicator.frequency, today));
  return [...keys].sort((a, b) => periodBounds(a).start.localeCompare(periodBounds(b).start));
}

/**
 * The actual as it stood at the end of each period: figures.ts's own computation over the
 * approved values up to that period (never a second way of computing it).
 */
export function actualByPeriod(
  indicator: IndicatorFacts,
  periods: string[],
  today: string,
): (number | null)[] {
  const approved = indicator.values.filter((value) => value.status === "approved");
  const first = approved.map((value) => periodBounds(value.period).start).sort()[0];
  const last = approved
    .map((value) => periodBounds(value.period).start)
    .sort()
    .at(-1);
  return periods.map((period) => {
    const start = periodBounds(period).start;
    if (!first || !last || start < first || start > last) return null;
    const upTo = approved.filter((value) => periodBounds(value.period).start <= start);
    return indicatorFigures({ ...indicator, values: upTo }, today).actual;
  });
}

const palette = {
  bar: "#2f6fb0",
  actual: "#a04f00",
  target: "#1b7f3b",
  baseline: "#5f6368",
  text: "#1f2328",
};

/** A round axis end beyond `value` (137 → 150, 0.83 → 0.85), so that the ticks stay round too. */
export function niceBound(value: number, direction: "up" | "down"): number {
  if (value === 0) return 0;
  const step = 10 ** Math.floor(Math.log10(Math.abs(value))) / 2;
  const rounded = (direction === "up" ? Math.ceil(value / step) : Math.floor(value / step)) * step;
  return Number(rounded.toPrecision(12));
}

/** Turns `style="a:b;c:d"` into `a="b" c="d"`: the same look, allowed by a strict CSP. */
function styleToAttributes(svg: string): string {
  return svg.replace(/\sstyle="([^"]*)"/g, (_match, declarations: string) =>
    declarations
      .split(";")
      .map((declaration) => declaration.split(":"))
      .filter(
        (parts): parts is [string, string] => parts.length === 2 && /^[a-z-]+$/.test(parts[0]?.trim() ?? ""),
      )
      .map(([property, value]) => ` ${property.trim()}="${value.trim()}"`)
      .join(""),
  );
}

/** An ECharts SVG made safe to inline in a page (see above); `className` is its class. */
export function madeSafeForPage(svg: string, idPrefix: string, className = "indicator-chart"): string {
  const cleaned = styleToAttributes(
    svg
      // Hover styles only: a <style> element would be refused by the CSP anyway.
      .replace(/<style[\s\S]*?<\/style>/g, "")
      .replace(/\secmeta_[a-z_]+="[^"]*"/g, ""),
  ).replace(/\bzr\d+-/g, `${idPrefix}-`);
  // An Arabic page's direction would otherwise flow into the SVG and flip its text anchors.
  return cleaned.replace(
    /^<svg\b/,
    `<svg aria-hidden="true" focusable="false" class="${className}" direction="ltr"`,
  );
}

/**
 * A short tag of everything a chart is drawn from: the version in a chart's address (a change
 * makes a new address) and its ETag (an unchanged chart is never sent twice).
 */
export const chartTag = (...inputs: unknown[]): string =>
  createHash("sha256").update(JSON.stringify(inputs)).digest("base64url").slice(0, 27);

/**
 * Drawing a chart costs ECharts some tens of milliseconds; the same indicator is drawn again
 * on every view of its pages, so the drawings of the latest inputs are kept (a few MB at most).
 */
const drawings = new Map<string, string>();
const KEPT_DRAWINGS = 500;

export function renderIndicatorChart(options: IndicatorChartOptions): string {
  const { lang, indicator, figures, today, width, height } = options;
  const key = JSON.stringify([lang, width, height, today, figures.actual, indicator]);
  const kept = drawings.get(key);
  if (kept !== undefined) {
    // Most recently used last: the first key is the one to forget.
    drawings.delete(key);
    drawings.set(key, kept);
    return kept;
  }
  const svg = drawIndicatorChart(options);
  drawings.set(key, svg);
  if (drawings.size > KEPT_DRAWINGS) drawings.delete(drawings.keys().next().value as string);
  return svg;
}

function drawIndicatorChart({
  lang,
  t,
  indicator,
  figures,
  today,
  width = 560,
  height = 280,
}: IndicatorChartOptions): string {
  const periods = chartPeriods(indicator, today);
  const approved = new Map(
    indicator.values
      .filter((value) => value.status === "approved")
      .map((value) => [value.period, value.value]),
  );
  const actual = actualByPeriod(indicator, periods, today);
  // The last point is figures.ts's actual: the chart and the figures never disagree.
  const lastIndex = actual.reduce<number>((found, value, index) => (value === null ? found : index), -1);
  if (lastIndex >= 0) actual[lastIndex] = figures.actual;
  const number = (value: number) => formatNumber(lang, value, { maximumFractionDigits: 2 });
  const unit = textOf(indicator.unit, lang);
  const fontFamily = lang === "ar" ? "Noto Sans Arabic, Noto Sans, sans-serif" : "Noto Sans, sans-serif";

  // With no value, ECharts gives the functions below an extent that is not a number.
  const finite = (value: number) => (Number.isFinite(value) ? [value] : []);
  const bounds = [indicator.baselineValue, indicator.targetValue, 0];
  const labels = periods.map((period) => periodLabel(t, period));
  // Labels that would not fit side by side (roughly 7px a character at 12px) are slanted.
  const longest = Math.max(...labels.map((label) => label.length));
  const slanted = labels.length * (longest * 7 + 12) > width - 80;
  const chartHeight = slanted ? height + 40 : height;
  const chart = chartEngine().init(null, null, { renderer: "svg", ssr: true, width, height: chartHeight });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily, color: palette.text },
      title: {
        text: textOf(indicator.name, lang),
        left: "center",
        textStyle: { fontSize: 13, fontWeight: "bold", color: palette.text },
      },
      legend: { bottom: 0, textStyle: { color: palette.text } },
      grid: { left: 16, right: 24, top: 48, bottom: slanted ? 90 : 48 },
      xAxis: {
        type: "category",
        data: labels,
        // SSR drops every other label unless told to keep them all.
        axisLabel: { interval: 0, rotate: slanted ? 35 : 0, color: palette.text },
      },
      yAxis: {
        type: "value",
        name: unit,
        nameTextStyle: { color: palette.text },
        // Marked lines do not stretch the axis: the target and the baseline must stay in view.
        min: (extent: { min: number }) => niceBound(Math.min(...finite(extent.min), ...bounds), "down"),
        max: (extent: { max: number }) => niceBound(Math.max(...finite(extent.max), ...bounds), "up"),
        axisLabel: { formatter: number, color: palette.text },
      },
      series: [
        {
          type: "bar",
          name: t("indicators.chart.approved"),
          data: periods.map((period) => approved.get(period) ?? null),
          itemStyle: { color: palette.bar },
          markLine: {
            symbol: "none",
            silent: true,
            data: [
              {
                yAxis: indicator.targetValue,
                lineStyle: { color: palette.target, type: "dashed", width: 2 },
                label: {
                  formatter: t("indicators.chart.target", { value: number(indicator.targetValue) }),
                  color: palette.target,
                  position: "insideEndTop",
                },
              },
              {
                yAxis: indicator.baselineValue,
                lineStyle: { color: palette.baseline, type: "dotted", width: 1 },
                label: {
                  formatter: t("indicators.chart.baseline", { value: number(indicator.baselineValue) }),
                  color: palette.baseline,
                  position: "insideEndTop",
                },
              },
            ],
          },
        },
        {
          type: "line",
          name: t(`indicators.chart.actual.${indicator.aggregation}`),
          data: actual,
          connectNulls: false,
          itemStyle: { color: palette.actual },
          lineStyle: { color: palette.actual, width: 2 },
        },
      ],
    });
    return madeSafeForPage(chart.renderToSVGString(), `chart-${indicator.id}`);
  } finally {
    chart.dispose();
  }
}
