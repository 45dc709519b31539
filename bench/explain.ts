import type { Database } from "../src/db/client.js";

/** One statement as the application sent it. */
export interface CapturedQuery {
  sql: string;
  params: unknown[];
}

export interface QueryProfile {
  sql: string;
  params: unknown[];
  /** median wall time of the statement alone, run from this process */
  medianMs: number;
}

export interface HotNode {
  /** e.g. "Sort (top-N heapsort)" or "Seq Scan on agreements" */
  node: string;
  /** time in this node itself, children excluded, summed over loops */
  selfMs: number;
  rows: number;
  loops: number;
}

export interface PlanReport {
  executionMs: number;
  hot: HotNode[];
  text: string;
}

interface RawClient {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}
interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Sort Method"?: string;
  "Join Type"?: string;
  "Actual Total Time"?: number;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  Plans?: PlanNode[];
}

const rawClient = (db: Database) => (db as unknown as { $client: RawClient }).$client;

/**
 * Records the statements the application issues, through drizzle's logger hook on the
 * shared session (drizzle asks the session for its logger each time it prepares a query).
 */
export function captureQueries(db: Database): { stop(): CapturedQuery[] } {
  const session = (db as unknown as { session: { logger: unknown } }).session;
  const previous = session.logger;
  const captured: CapturedQuery[] = [];
  session.logger = {
    logQuery(query: string, params: unknown[]) {
      captured.push({ sql: query, params: [...params] });
    },
  };
  return {
    stop() {
      session.logger = previous;
      return captured;
    },
  };
}

/** Each statement alone, several times over: which one dominates a page? */
export async function profileQueries(
  db: Database,
  queries: CapturedQuery[],
  runs = 15,
): Promise<QueryProfile[]> {
  const client = rawClient(db);
  const profiles: QueryProfile[] = [];
  for (const query of queries) {
    const times: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      const started = performance.now();
      await client.query(query.sql, query.params);
      if (i >= 2) times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    profiles.push({ ...query, medianMs: times[Math.floor(times.length / 2)] ?? Number.NaN });
  }
  return profiles.sort((a, b) => b.medianMs - a.medianMs);
}

function describe(node: PlanNode): string {
  let text = node["Node Type"];
  if (node["Join Type"] && !text.includes(node["Join Type"])) text = `${node["Join Type"]} ${text}`;
  if (node["Relation Name"]) text += ` on ${node["Relation Name"]}`;
  if (node["Index Name"]) text += ` using ${node["Index Name"]}`;
  if (node["Sort Method"]) text += ` (${node["Sort Method"]})`;
  return text;
}

function selfTimes(node: PlanNode, out: HotNode[]): number {
  const loops = node["Actual Loops"] ?? 1;
  const total = (node["Actual Total Time"] ?? 0) * loops;
  const children = (node.Plans ?? []).reduce((sum, child) => sum + selfTimes(child, out), 0);
  out.push({
    node: describe(node),
    selfMs: Math.max(0, total - children),
    rows: (node["Actual Rows"] ?? 0) * loops,
    loops,
  });
  return total;
}

function firstValue(row: Record<string, unknown> | undefined): unknown {
  return row ? Object.values(row)[0] : undefined;
}

/** EXPLAIN ANALYZE of one statement: the nodes with the most time of their own, and the text plan. */
export async function explainQuery(db: Database, query: CapturedQuery): Promise<PlanReport> {
  const client = rawClient(db);
  const json = await client.query(`explain (analyze, format json) ${query.sql}`, query.params);
  let plan = firstValue(json.rows[0]);
  if (typeof plan === "string") plan = JSON.parse(plan);
  const root = (plan as { Plan: PlanNode; "Execution Time": number }[])[0];
  if (!root) throw new Error("EXPLAIN returned no plan");
  const nodes: HotNode[] = [];
  selfTimes(root.Plan, nodes);
  const text = await client.query(`explain (analyze, buffers, costs off) ${query.sql}`, query.params);
  return {
    executionMs: root["Execution Time"],
    hot: nodes.sort((a, b) => b.selfMs - a.selfMs).slice(0, 3),
    text: text.rows.map((row) => String(firstValue(row))).join("\n"),
  };
}

/** A statement on one line, shortened for the console. */
export function shortSql(text: string, max = 110): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
