import { createRequire } from "node:module";

type ECharts = typeof import("echarts/core");

const require = createRequire(import.meta.url);
let engine: ECharts | undefined;

/**
 * ECharts with the parts Sharaka draws (bars, lines, their axes, legend, marked lines, titles,
 * the SVG renderer), loaded by the first chart drawn: loading it took 0.7 s of every start,
 * of the server and of every command, though most never draw a chart. Loaded synchronously
 * (require of its ES modules) so that drawing stays a plain function call.
 */
export function chartEngine(): ECharts {
  if (!engine) {
    const echarts = require("echarts/core") as ECharts;
    const charts = require("echarts/charts") as typeof import("echarts/charts");
    const components = require("echarts/components") as typeof import("echarts/components");
    const renderers = require("echarts/renderers") as typeof import("echarts/renderers");
    echarts.use([
      charts.BarChart,
      charts.LineChart,
      components.GridComponent,
      components.LegendComponent,
      components.MarkLineComponent,
      components.TitleComponent,
      renderers.SVGRenderer,
    ]);
    engine = echarts;
  }
  return engine;
}
