import fs from "node:fs";
import inspector from "node:inspector";
import { sql } from "drizzle-orm";
import { prepareDatabase } from "../src/cli/bootstrap.js";
import type { Database } from "../src/db/client.js";
import { getAssociation } from "../src/partners/organizations.service.js";
import { setLogLevel } from "../src/shared/logger.js";
import { createTestApp } from "../test/app.js";
import { loadFollowUp } from "./bulk.js";
import { openBenchDatabase } from "./database.js";
import { generateDocuments, loadDocuments } from "./documents.js";
import { type CapturedQuery, captureQueries, profileQueries, shortSql } from "./explain.js";
import { generateFollowUp } from "./followup.js";
import { generateRegistry, loadRegistry, Random } from "./generate.js";
import { loadHistory } from "./history.js";
import { parseBenchOptions } from "./options.js";
import { int, ms, seconds } from "./report.js";
import { benchTargets, type Target } from "./targets.js";
import { RARE_WORD } from "./vocabulary.js";

/**
 * The uncached path of the busiest reads, in this process and without HTTP: per request, how
 * many statements it sends, how long they take alone, which of them read a whole table (the
 * planner's choice after ANALYZE, as EXPLAIN says), and how long the request takes end to end
 * when repeated. Run it under `node --cpu-prof` to see where the time goes in our own code:
 *
 *   BENCH_AGREEMENTS=2000 npm run bench:requests -- --repeat 500
 *   node --cpu-prof --cpu-prof-dir=.bench/profiles --import tsx bench/requests.ts --repeat 2000 --only detail
 *   npx tsx bench/profile-top.ts .bench/profiles/<file>.cpuprofile
 */

const usage = `Usage: npm run bench:requests -- [--repeat N] [--only TEXT] [--workspace] [--statements] [--profile FILE]
  --repeat N       requests per target, after a warm-up of 20 (default 200; 0: statements only)
  --only TEXT      only the targets whose name holds TEXT
  --each-path      each path of a target measured alone (which of a list's orders or filters is slow)
  --workspace      also the bench's own targets (npm run bench), the workspace's pages among them,
                   each as the person it names (loads documents and an audit log too)
  --statements     print every statement of each target with its time alone
  --profile FILE   write a CPU profile of the repeated requests alone (not the loading) to FILE
                   (.cpuprofile: Chrome DevTools, or npx tsx bench/profile-top.ts FILE)
Environment: BENCH_DATABASE_URL (PostgreSQL server; PGlite when absent), BENCH_AGREEMENTS (10,000)`;

interface Arguments {
  repeat: number;
  only?: string;
  statements: boolean;
  workspace: boolean;
  eachPath: boolean;
  profile?: string;
}

function parseArguments(argv: string[]): Arguments | undefined {
  const out: Arguments = { repeat: 200, statements: false, workspace: false, eachPath: false };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === "--repeat") out.repeat = Number(argv[++i]);
    else if (argument === "--only") out.only = argv[++i];
    else if (argument === "--statements") out.statements = true;
    else if (argument === "--workspace") out.workspace = true;
    else if (argument === "--each-path") out.eachPath = true;
    else if (argument === "--profile") out.profile = argv[++i];
    else return undefined;
  }
  return Number.isInteger(out.repeat) && out.repeat >= 0 ? out : undefined;
}

/** A table this large, read whole on a request, is a defect (a smaller one may well be cheaper read whole). */
const LARGE_TABLE_ROWS = 1_000;

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Plan Rows"?: number;
  Plans?: PlanNode[];
}

function seqScans(node: PlanNode, large: Set<string>, out: string[]): string[] {
  const relation = node["Relation Name"];
  if (node["Node Type"] === "Seq Scan" && relation && large.has(relation)) out.push(relation);
  for (const child of node.Plans ?? []) seqScans(child, large, out);
  return out;
}

type RawClient = {
  query: (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
};
const rawClient = (db: Database) => (db as unknown as { $client: RawClient }).$client;

async function largeTables(db: Database): Promise<Set<string>> {
  const result = await rawClient(db).query(
    `select relname from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace and reltuples >= ${LARGE_TABLE_ROWS}`,
  );
  return new Set(result.rows.map((row) => String(row.relname)));
}

/** The large tables a statement's plan reads whole (EXPLAIN without running it). */
async function fullScans(db: Database, query: CapturedQuery, large: Set<string>): Promise<string[]> {
  const result = await rawClient(db).query(`explain (format json) ${query.sql}`, query.params);
  let plan = Object.values(result.rows[0] ?? {})[0];
  if (typeof plan === "string") plan = JSON.parse(plan);
  const root = (plan as { Plan: PlanNode }[])[0];
  return root ? seqScans(root.Plan, large, []) : [];
}

/**
 * The V8 profiler of this process, sampling only while resumed: the requests, not the loading
 * of the registry or the EXPLAINs between them (--cpu-prof would take the whole run).
 */
async function startProfiler() {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post("Profiler.enable");
  await post("Profiler.setSamplingInterval", { interval: 200 });
  let profile: { nodes: unknown[]; samples: number[]; timeDeltas: number[] } | undefined;
  const merged = {
    nodes: [] as unknown[],
    samples: [] as number[],
    timeDeltas: [] as number[],
    startTime: 0,
    endTime: 0,
  };
  let offset = 0;
  return {
    resume: () => post("Profiler.start"),
    async pause() {
      profile = ((await post("Profiler.stop")) as { profile: typeof profile }).profile;
      if (!profile) return;
      // Each pause ends one profile: renumber its nodes so they can be kept side by side in one.
      const nodes = profile.nodes as { id: number; children?: number[] }[];
      for (const node of nodes) {
        node.id += offset;
        node.children = node.children?.map((child) => child + offset);
      }
      merged.nodes.push(...nodes);
      merged.samples.push(...profile.samples.map((sample) => sample + offset));
      merged.timeDeltas.push(...profile.timeDeltas);
      offset = Math.max(...nodes.map((node) => node.id)) + 1;
    },
    async stop() {
      session.disconnect();
      merged.endTime = merged.timeDeltas.reduce((sum, delta) => sum + delta, 0);
      return merged;
    },
  };
}

async function main(): Promise<number> {
  // As `npm run bench` measures: a request line written a request is not the page's own time.
  setLogLevel("warn");
  const args = parseArguments(process.argv.slice(2));
  if (!args) {
    console.log(usage);
    return process.argv.includes("--help") ? 0 : 2;
  }
  const options = parseBenchOptions();
  const bench = await openBenchDatabase(options.databaseUrl);
  const db = bench.handle.db;
  try {
    await prepareDatabase(bench.handle);
    const association = await getAssociation({ db });
    if (!association) throw new Error("prepareDatabase left no association");
    const registry = generateRegistry({ seed: options.seed, count: options.agreements, association });
    const followUp = generateFollowUp({
      seed: options.followUpSeed,
      registry,
      association,
      size: options.followUp,
    });
    const started = performance.now();
    await loadRegistry(db, registry);
    await loadFollowUp(db, followUp);
    if (args.workspace) {
      await loadDocuments(db, generateDocuments(new Random(options.seed + 1), registry, options.documents));
      await loadHistory(db);
    }
    await db.execute(sql`analyze`);
    console.log(
      `${bench.description}: ${int(registry.agreements.length)} agreements (${int(registry.publicIds.length)} public) ` +
        `and their follow-up loaded in ${seconds(performance.now() - started)}`,
    );

    const large = await largeTables(db);
    const app = createTestApp(db);
    const ids = registry.publicIds.filter((_, index) => index % 97 === 0).slice(0, 20);
    const publicTargets: Target[] = [
      { name: "portal catalogue", paths: ["/fr/agreements"] },
      { name: "portal catalogue, in force", paths: ["/fr/agreements?status=in_force"] },
      { name: "portal search Tourisme", paths: ["/fr/agreements?q=Tourisme"] },
      { name: `portal search ${RARE_WORD}`, paths: [`/fr/agreements?q=${RARE_WORD}`] },
      { name: "portal agreement page", paths: ids.map((id) => `/fr/agreements/${id}`) },
      { name: "portal home", paths: ["/fr"] },
      { name: "API list", paths: ["/api/v1/agreements?limit=20"] },
      { name: "API list in force, 25", paths: ["/api/v1/agreements?status=in_force&limit=25"] },
      { name: "API search Tourisme, 25", paths: ["/api/v1/agreements?q=Tourisme&limit=25"] },
      { name: "API search développement", paths: ["/api/v1/agreements?q=d%C3%A9veloppement"] },
      { name: "API agreement detail", paths: ids.map((id) => `/api/v1/agreements/${id}`) },
    ];
    const benchOwn = args.workspace
      ? (
          await benchTargets({
            db,
            app,
            registry,
            followUp,
            heavyActivities: options.followUp.heavyActivities,
          })
        ).targets.filter((target) => !target.pending)
      : [];
    const chosen = [...publicTargets, ...benchOwn].filter(
      (target) => !args.only || target.name.includes(args.only),
    );
    const targets = args.eachPath
      ? chosen.flatMap((target) =>
          target.paths.map((path) => ({ ...target, name: `${target.name}: ${path}`, paths: [path] })),
        )
      : chosen;
    const request = (target: Target, path: string) => app.request(path, { headers: target.headers });

    const rows: string[][] = [];
    const profiler = args.profile ? await startProfiler() : undefined;
    for (const target of targets) {
      const capture = captureQueries(db);
      const first = await request(target, target.paths[0] ?? "/");
      const captured = capture.stop();
      await first.arrayBuffer();
      if (first.status !== 200)
        throw new Error(`${target.name}: ${target.paths[0]} answered ${first.status}`);
      const profiles = await profileQueries(db, captured, 5);
      const scans = new Set<string>();
      for (const query of captured) for (const table of await fullScans(db, query, large)) scans.add(table);
      let perRequest = Number.NaN;
      if (args.repeat > 0) {
        for (let i = 0; i < 20; i++)
          await (await request(target, target.paths[i % target.paths.length] ?? "/")).arrayBuffer();
        await profiler?.resume();
        const begun = performance.now();
        for (let i = 0; i < args.repeat; i++) {
          const response = await request(target, target.paths[i % target.paths.length] ?? "/");
          await response.arrayBuffer();
        }
        perRequest = (performance.now() - begun) / args.repeat;
        await profiler?.pause();
      }
      const sqlMs = profiles.reduce((sum, profile) => sum + profile.medianMs, 0);
      rows.push([
        target.name,
        String(captured.length),
        ms(sqlMs),
        Number.isNaN(perRequest) ? "—" : ms(perRequest),
        [...scans].join(", ") || "none",
      ]);
      if (args.statements) {
        console.log(`\n${target.name}: ${captured.length} statements`);
        for (const profile of profiles)
          console.log(`  ${ms(profile.medianMs).padStart(6)} ms  ${shortSql(profile.sql, 150)}`);
      }
    }
    if (profiler && args.profile) {
      fs.writeFileSync(args.profile, JSON.stringify(await profiler.stop()));
      console.log(`CPU profile of the repeated requests: ${args.profile}`);
    }
    const header = [
      "target",
      "statements",
      "their SQL alone, ms",
      "request in-process, ms",
      "full scans (EXPLAIN)",
    ];
    const widths = header.map((cell, i) =>
      Math.max(cell.length, ...rows.map((row) => (row[i] ?? "").length)),
    );
    const line = (cells: string[]) =>
      `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
    console.log(`\n${line(header)}\n|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`);
    for (const row of rows) console.log(line(row));
    console.log(
      `\nstatements: sent by the first request; SQL alone: each statement's median of 5 runs, summed; ` +
        `request: mean of ${int(args.repeat)} sequential app.request calls (no HTTP, no cache)`,
    );
    return 0;
  } finally {
    await bench.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
