import type { TableLoad } from "./bulk.js";
import { type PlanReport, type QueryProfile, shortSql } from "./explain.js";
import type { LoadResult } from "./load.js";

/** The console report: what was loaded, one row per target, then each page's statements. */

export interface MeasuredTarget {
  kind: "measured";
  name: string;
  path: string;
  bytes: { mean: number; min: number; max: number };
  contentType: string;
  target: LoadResult;
  ceiling: LoadResult;
  ratio: number;
  queries: QueryProfile[];
  plan?: PlanReport;
}

/** A target whose first request did not answer 2xx: nothing measured, and the report says why. */
export interface MissingTarget {
  kind: "missing";
  name: string;
  path: string;
  status: number | string;
  /** a page of issue 4 still being built, answering 404 */
  pending: boolean;
  reason: string;
}

export type TargetOutcome = MeasuredTarget | MissingTarget;

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const int = (value: number) => Math.round(value).toLocaleString("en-US");
export const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);
/** Requests per second: whole above ten, two digits below (a heavy page may do 0.45). */
export const rate = (value: number) => (value < 10 ? value.toPrecision(2) : int(value));

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(" | ")} |`;
  const rule = `|${widths.map((width, i) => (i === 0 ? "-".repeat(width + 2) : `${"-".repeat(width + 1)}:`)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** Why a target was not measured, in words the lead can act on. */
export function missingReason(status: number | string, pending: boolean, body: string): string {
  if (status === 404 && pending) return "answered 404: the page is not built yet (issue 4); rerun once it is";
  if (status === 404) return "answered 404";
  if (typeof status === "number" && status >= 300 && status < 400)
    return `answered ${status} (a redirect: is the session lost?)`;
  return `answered ${status}: ${body.replace(/\s+/g, " ").slice(0, 200)}`;
}

export function printFollowUpLoad(
  tables: TableLoad[],
  generateMs: number,
  notes: { valueCapacity: number; busyActivities: number; heavy: number; heavyActivities: number },
): void {
  const total = tables.reduce((sum, table) => sum + table.ms, 0);
  const rows = tables.reduce((sum, table) => sum + table.rows, 0);
  console.log(
    `Follow-up: ${int(rows)} rows in ${seconds(total)} (JSON batches of 5,000 rows; generated in ${seconds(generateMs)}):`,
  );
  console.log(
    `  ${tables.map((table) => `${table.table} ${int(table.rows)} (${seconds(table.ms)})`).join(", ")}`,
  );
  console.log(
    `  ${notes.heavy} agreements with ${notes.heavyActivities} activities; the focal point's organisation is ` +
      `responsible for ${int(notes.busyActivities)} activities; indicator periods already over: ${int(notes.valueCapacity)}`,
  );
}

export function printResults(outcomes: TargetOutcome[]): void {
  const rows = outcomes.map((r) =>
    r.kind === "measured"
      ? [
          r.name,
          int(r.bytes.mean),
          rate(r.target.requestsPerSecond),
          ms(r.target.p50Ms),
          ms(r.target.p95Ms),
          ms(r.target.p99Ms),
          String(r.target.errors),
          int(r.ceiling.requestsPerSecond),
          r.ratio.toPrecision(2),
        ]
      : [r.name, "—", "—", "—", "—", "—", "—", "—", `HTTP ${r.status}`],
  );
  console.log(
    table(
      ["target", "bytes", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "ceiling req/s", "ratio"],
      rows,
    ),
  );
  console.log(
    "bytes: response body (mean over a target's paths); ceiling: a fixed body of that size and type " +
      "from a route in the same app, asked without a session; ratio: req/s ÷ ceiling req/s",
  );
  for (const r of outcomes) {
    if (r.kind === "missing") console.log(`not measured: ${r.name} — GET ${r.path} ${r.reason}`);
    else if (r.ceiling.errors)
      console.log(`ceiling errors for ${r.name}: ${JSON.stringify(r.ceiling.outcomes)}`);
  }
}

export function printStatements(outcomes: TargetOutcome[]): void {
  console.log("\nStatements per page, each run alone (median of 15), slowest first:");
  for (const result of outcomes) {
    if (result.kind !== "measured") continue;
    const total = result.queries.reduce((sum, query) => sum + query.medianMs, 0);
    console.log(`  ${result.name}: ${result.queries.length} statements, ${ms(total)} ms in all`);
    for (const query of result.queries.slice(0, 3))
      console.log(`    ${ms(query.medianMs).padStart(6)} ms  ${shortSql(query.sql)}`);
    if (result.plan) {
      const nodes = result.plan.hot
        .slice(0, 2)
        .map((hot) => `${hot.node} ${ms(hot.selfMs)} ms (${int(hot.rows)} rows)`);
      console.log(
        `    slowest's plan: ${ms(result.plan.executionMs)} ms; most self time: ${nodes.join("; ")}`,
      );
    }
  }
}
