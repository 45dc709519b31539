import { describe, expect, it } from "vitest";
import { all, one, parse, textOf } from "../../test/html.js";
import { markupPayloads } from "../../test/payloads.js";
import { indicatorFigures } from "../domain/figures.js";
import { translator } from "../shared/i18n.js";
import {
  actualByPeriod,
  type ChartIndicator,
  chartPeriods,
  niceBound,
  periodLabel,
  renderIndicatorChart,
} from "./indicators.chart.js";

const today = "2026-11-20";

function indicator(overrides: Partial<ChartIndicator> = {}): ChartIndicator {
  return {
    id: "7d0c1a52-1111-4a4a-9999-000000000001",
    name: { fr: "Élus formés", ar: "المنتخبون المكونون", en: "Councillors trained" },
    unit: { fr: "personnes", ar: "أشخاص", en: "people" },
    direction: "increase",
    baselineValue: 10,
    baselineOn: "2026-01-01",
    targetValue: 110,
    targetOn: "2026-12-31",
    frequency: "quarterly",
    aggregation: "cumulative",
    values: [
      { period: "2026-Q1", value: 20, status: "approved" },
      { period: "2026-Q2", value: 15, status: "approved" },
      { period: "2026-Q3", value: 99, status: "submitted" },
    ],
    ...overrides,
  };
}

const render = (subject: ChartIndicator, lang: "ar" | "fr" | "en" = "fr") =>
  renderIndicatorChart({
    lang,
    t: translator(lang),
    indicator: subject,
    figures: indicatorFigures(subject, today),
    today,
  });

const fr = translator("fr");
const texts = (svg: string) => all(parse(svg), "text").map(textOf);

describe("the indicator chart", () => {
  it("spans the periods from the baseline's to the target's, labelled in the page's language", () => {
    expect(chartPeriods(indicator(), today)).toEqual(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
    const labels = texts(render(indicator()));
    // Every period keeps its label (server rendering drops every other one unless told not to).
    expect(labels).toEqual(expect.arrayContaining(["T1 2026", "T2 2026", "T3 2026", "T4 2026"]));
    expect(texts(render(indicator(), "ar"))).toEqual(
      expect.arrayContaining(["الفصل 1 من 2026", "الفصل 4 من 2026"]),
    );
    expect(periodLabel(translator("en"), "2026-H2")).toBe("H2 2026");
    expect(periodLabel(translator("en"), "2027")).toBe("2027");
  });

  it("draws the actual as figures.ts computes it, from approved values only", () => {
    const subject = indicator();
    expect(actualByPeriod(subject, chartPeriods(subject, today), today)).toEqual([30, 45, null, null]);
    const latest = indicator({ aggregation: "latest" });
    expect(actualByPeriod(latest, chartPeriods(latest, today), today)).toEqual([20, 15, null, null]);
    expect(indicatorFigures(subject, today).actual).toBe(45);
  });

  it("shows the target and the baseline, with the axis stretched to hold them", () => {
    const labels = texts(render(indicator()));
    expect(labels).toEqual(
      expect.arrayContaining([
        fr("indicators.chart.target", { value: "110" }),
        fr("indicators.chart.baseline", { value: "10" }),
        "personnes",
        "Élus formés",
      ]),
    );
    expect(labels).toContain("120");
    expect([niceBound(137, "up"), niceBound(0.83, "up"), niceBound(-12, "down"), niceBound(0, "up")]).toEqual(
      [150, 0.85, -15, 0],
    );
  });

  it("is safe to inline: escaped texts, no style, unique ids, hidden from screen readers", () => {
    for (const payload of markupPayloads) {
      const svg = render(indicator({ name: { fr: payload }, unit: { fr: payload } }));
      // The payload is text of the chart, never markup: no element or attribute comes from it.
      const chart = parse(svg);
      expect(all(chart, "script, img, [onerror], [onload]")).toEqual([]);
      expect(texts(svg)).toContain(payload);
    }
    const svg = render(indicator());
    const chart = parse(svg);
    const root = one(chart, "svg");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(root.getAttribute("aria-hidden")).toBe("true");
    expect(root.getAttribute("focusable")).toBe("false");
    expect(root.getAttribute("class")).toBe("indicator-chart");
    expect(root.getAttribute("direction")).toBe("ltr");
    expect(all(chart, "style, [style]")).toEqual([]);
    expect(svg).not.toContain("ecmeta_");
    expect(all(chart, '[font-size="12px"]').length).toBeGreaterThan(0);
    const ids = all(chart, "[id]").map((element) => element.id);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^chart-7d0c1a52-1111-4a4a-9999-000000000001-/);
    const other = render(indicator({ id: "another" }));
    expect(other).not.toContain("chart-7d0c1a52");
  });

  it("draws an indicator without any value", () => {
    const svg = render(indicator({ values: [] }));
    expect(all(parse(svg), "svg")).toHaveLength(1);
    expect(texts(svg)).toContain(fr("indicators.chart.target", { value: "110" }));
  });
});
