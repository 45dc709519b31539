import { chartEngine } from "../indicators/chart-engine.js";
import { madeSafeForPage } from "../indicators/indicators.chart.js";
import { formatNumber } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";

/**
 * A horizontal bar chart of one breakdown, drawn on the server as SVG (hidden from assistive
 * technology: the table beside it says the same). Drawings are kept by their inputs: the page's
 * figures change only when the registry does.
 */
const drawings = new Map<string, string>();
const KEPT_DRAWINGS = 200;

export function renderBarChart({
  lang,
  id,
  bars,
  width = 560,
}: {
  lang: Language;
  /** unique on the page: the SVG's ids start with it */
  id: string;
  bars: { label: string; value: number }[];
  width?: number;
}): string {
  const key = JSON.stringify([lang, id, width, bars]);
  const kept = drawings.get(key);
  if (kept !== undefined) return kept;
  const fontFamily = lang === "ar" ? "Noto Sans Arabic, Noto Sans, sans-serif" : "Noto Sans, sans-serif";
  const height = 40 + bars.length * 28;
  const chart = chartEngine().init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily, color: "#1f2328" },
      grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
      xAxis: {
        type: "value",
        minInterval: 1,
        axisLabel: { formatter: (value: number) => formatNumber(lang, value), color: "#1f2328" },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: bars.map((bar) => bar.label),
        axisLabel: { interval: 0, color: "#1f2328", width: 240, overflow: "truncate" },
      },
      series: [
        {
          type: "bar",
          data: bars.map((bar) => bar.value),
          itemStyle: { color: "#2f6fb0" },
          label: {
            show: true,
            position: "right",
            color: "#1f2328",
            formatter: (params: { value: number }) => formatNumber(lang, params.value),
          },
        },
      ],
    });
    const svg = madeSafeForPage(chart.renderToSVGString(), `figure-${id}`, "figure-chart");
    drawings.set(key, svg);
    if (drawings.size > KEPT_DRAWINGS) drawings.delete(drawings.keys().next().value as string);
    return svg;
  } finally {
    chart.dispose();
  }
}
