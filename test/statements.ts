import type { Database } from "../src/db/client.js";

/** One statement as the application sent it. */
export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * The statements `run` sends through `db`, recorded by drizzle's logger hook on the shared
 * session (drizzle asks the session for its logger each time it prepares a query).
 */
export async function statementsOf(db: Database, run: () => Promise<unknown>): Promise<Statement[]> {
  const session = (db as unknown as { session: { logger: unknown } }).session;
  const previous = session.logger;
  const captured: Statement[] = [];
  session.logger = {
    logQuery(query: string, params: unknown[]) {
      captured.push({ sql: query, params: [...params] });
    },
  };
  try {
    await run();
  } finally {
    session.logger = previous;
  }
  return captured;
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

type RawClient = { query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }> };

/** The planner's plan for a statement (EXPLAIN, not run), as "Seq Scan on agreements", "Index Scan using …". */
export async function planNodes(db: Database, statement: Statement): Promise<string[]> {
  const client = (db as unknown as { $client: RawClient }).$client;
  const result = await client.query(`explain (format json) ${statement.sql}`, statement.params);
  let plan = Object.values(result.rows[0] ?? {})[0];
  if (typeof plan === "string") plan = JSON.parse(plan);
  const nodes: string[] = [];
  const walk = (node: PlanNode) => {
    let text = node["Node Type"];
    if (node["Relation Name"]) text += ` on ${node["Relation Name"]}`;
    if (node["Index Name"]) text += ` using ${node["Index Name"]}`;
    nodes.push(text);
    for (const child of node.Plans ?? []) walk(child);
  };
  const root = (plan as { Plan: PlanNode }[])[0];
  if (root) walk(root.Plan);
  return nodes;
}
