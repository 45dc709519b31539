import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { serve } from "@hono/node-server";
import { sql } from "drizzle-orm";
import { prepareDatabase } from "../src/db/bootstrap.js";
import { getAssociation } from "../src/partners/organizations.service.js";
import { createTestApp } from "../test/app.js";
import { type BenchDatabase, openBenchDatabase } from "./database.js";
import {
  type CapturedQuery,
  captureQueries,
  explainQuery,
  type PlanReport,
  profileQueries,
  type QueryProfile,
  shortSql,
} from "./explain.js";
import { generateRegistry, loadRegistry } from "./generate.js";
import { type LoadResult, LoadRunner } from "./load.js";
import { parseBenchOptions } from "./options.js";
import { RARE_WORD } from "./vocabulary.js";

const WARMUP_SECONDS = 1;
const CEILING_WARMUP_SECONDS = 0.5;
const MAX_REQUESTS = 250_000;
const TIMEOUT_MS = 10_000;
const AGREEMENT_PAGES = 200;

interface Target {
  name: string;
  paths: string[];
}

interface TargetResult {
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

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const int = (value: number) => Math.round(value).toLocaleString("en-US");
const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(" | ")} |`;
  const rule = `|${widths.map((width, i) => (i === 0 ? "-".repeat(width + 2) : `${"-".repeat(width + 1)}:`)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** Fetches every path once: sizes, content type, and a 2xx check before any load is put on. */
async function probe(origin: string, paths: string[]) {
  const bodies: Buffer[] = [];
  let contentType = "";
  for (const path of paths) {
    const response = await fetch(`${origin}${path}`);
    const body = Buffer.from(await response.arrayBuffer());
    if (!response.ok) {
      throw new Error(`${path} answered ${response.status}: ${body.toString("utf8").slice(0, 300)}`);
    }
    contentType = response.headers.get("content-type") ?? "application/octet-stream";
    bodies.push(body);
  }
  const sizes = bodies.map((body) => body.length);
  const mean = Math.round(sizes.reduce((sum, size) => sum + size, 0) / sizes.length);
  // The ceiling answers with bytes of the target's own (mean) size and type.
  const first = bodies[0] ?? Buffer.alloc(0);
  const ceiling = new Uint8Array(Buffer.alloc(mean, first.length ? first : " "));
  return { bytes: { mean, min: Math.min(...sizes), max: Math.max(...sizes) }, contentType, ceiling };
}

async function main(): Promise<void> {
  const options = parseBenchOptions();
  const cpus = os.cpus();
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
  console.log(
    `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}`,
  );

  let bench: BenchDatabase | undefined;
  const disposeOnSignal = () => {
    console.error("Interrupted: removing the bench database.");
    void (bench?.dispose() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once("SIGINT", disposeOnSignal);
  process.once("SIGTERM", disposeOnSignal);

  bench = await openBenchDatabase(options.databaseUrl);
  const { handle } = bench;
  const db = handle.db;
  console.log(`Driver: ${handle.driver} — ${bench.description}: ${bench.location}`);
  let server: ReturnType<typeof serve> | undefined;
  let runner: LoadRunner | undefined;
  try {
    let started = performance.now();
    await prepareDatabase(handle);
    const migrateMs = performance.now() - started;
    const association = await getAssociation({ db });
    if (!association) throw new Error("prepareDatabase left no association");

    started = performance.now();
    const registry = generateRegistry({ seed: options.seed, count: options.agreements, association });
    const generateMs = performance.now() - started;
    const times = await loadRegistry(db, registry);
    started = performance.now();
    await db.execute(sql`analyze`);
    const analyzeMs = performance.now() - started;
    const load = {
      agreements: registry.agreements.length,
      organizations: registry.organizations.length,
      parties: registry.parties.length,
      territoryLinks: registry.territories.length,
      objectives: registry.objectives.length,
      public: registry.publicIds.length,
      national: registry.agreements.filter((row) => row.national).length,
      rareTitles: registry.rareTitles,
      migrateMs,
      generateMs,
      ...times,
      analyzeMs,
    };
    console.log(
      `Loaded ${int(load.agreements)} agreements in ${seconds(times.agreementsMs)} ` +
        `(${int(load.parties)} parties, ${int(load.objectives)} objectives, ${int(load.territoryLinks)} territory links; ` +
        `batches of 500, one transaction each), ${int(load.organizations)} organisations in ${seconds(times.organizationsMs)}; ` +
        `migrate ${seconds(migrateMs)}, generate ${seconds(generateMs)}, ANALYZE ${seconds(analyzeMs)}`,
    );
    console.log(
      `Registry: ${int(load.public)} public, ${int(load.national)} national; "${RARE_WORD}" in ${load.rareTitles.all} titles (${load.rareTitles.public} public)`,
    );

    const app = createTestApp(db);
    const ceilings = new Map<string, { body: Uint8Array<ArrayBuffer>; type: string }>();
    // Same process, same middleware, no database and no rendering: what the server can do at best.
    app.get("/__bench/ceiling/:slot", (c) => {
      const ceiling = ceilings.get(c.req.param("slot"));
      if (!ceiling) return c.text("no such ceiling", 404);
      return c.body(ceiling.body, 200, { "content-type": ceiling.type });
    });
    const address = await new Promise<AddressInfo>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, resolve);
    });
    const origin = `http://127.0.0.1:${address.port}`;
    runner = await LoadRunner.start();
    console.log(
      `Load: ${options.connections} keep-alive connections from a ${runner.where}, ` +
        `${options.seconds} s per measurement after ${WARMUP_SECONDS} s warm-up, cap ${int(MAX_REQUESTS)} requests\n`,
    );

    const step = Math.max(1, Math.floor(registry.publicIds.length / AGREEMENT_PAGES));
    const pageIds = registry.publicIds.filter((_, index) => index % step === 0).slice(0, AGREEMENT_PAGES);
    const targets: Target[] = [
      { name: "catalogue", paths: ["/fr/agreements"] },
      { name: "catalogue search", paths: [`/fr/agreements?q=${RARE_WORD}`] },
      { name: `agreement page (${pageIds.length} ids)`, paths: pageIds.map((id) => `/fr/agreements/${id}`) },
      { name: "API list", paths: ["/api/v1/agreements?limit=20"] },
      { name: "API search", paths: [`/api/v1/agreements?q=${RARE_WORD}`] },
    ];
    const load$ = (paths: string[], duration: number) =>
      (runner as LoadRunner).run({
        origin,
        paths,
        connections: options.connections,
        seconds: duration,
        maxRequests: MAX_REQUESTS,
        timeoutMs: TIMEOUT_MS,
      });

    const results: TargetResult[] = [];
    const captured = new Map<string, CapturedQuery[]>();
    for (const [slot, target] of targets.entries()) {
      const capture = captureQueries(db);
      const first = await probe(origin, target.paths.slice(0, 1));
      captured.set(target.name, capture.stop());
      const probed = target.paths.length > 1 ? await probe(origin, target.paths) : first;
      ceilings.set(String(slot), { body: probed.ceiling, type: probed.contentType });
      const ceilingPaths = [`/__bench/ceiling/${slot}`];

      await load$(target.paths, WARMUP_SECONDS);
      const measured = await load$(target.paths, options.seconds);
      await load$(ceilingPaths, CEILING_WARMUP_SECONDS);
      const ceiling = await load$(ceilingPaths, options.seconds);
      const result: TargetResult = {
        name: target.name,
        path: target.paths[0] ?? "",
        bytes: probed.bytes,
        contentType: probed.contentType,
        target: measured,
        ceiling,
        ratio: measured.requestsPerSecond / ceiling.requestsPerSecond,
        queries: [],
      };
      results.push(result);
      console.log(
        `  ${target.name}: ${int(measured.requestsPerSecond)} req/s (p50 ${ms(measured.p50Ms)} ms, ` +
          `p99 ${ms(measured.p99Ms)} ms, ${measured.errors} errors); ceiling ${int(ceiling.requestsPerSecond)} req/s`,
      );
      for (const run of [measured, ceiling]) {
        if (run.errors) console.log(`    errors: ${JSON.stringify(run.outcomes)}`);
        if (run.capped) console.log(`    stopped at the cap of ${int(MAX_REQUESTS)} requests`);
      }
    }

    // Each statement of each page, alone: which one dominates, and where its plan spends the time.
    for (const result of results) {
      result.queries = await profileQueries(db, captured.get(result.name) ?? []);
      const slowest = result.queries[0];
      if (slowest) result.plan = await explainQuery(db, slowest);
    }

    console.log(
      `\nSharaka bench — ${handle.driver}, ${options.connections} connections, ${options.seconds} s per run`,
    );
    console.log(
      `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}; driver ${handle.driver}: ${bench.description}`,
    );
    console.log(
      `Load time: ${int(load.agreements)} agreements in ${seconds(times.agreementsMs)} (+ ${int(load.organizations)} organisations in ${seconds(times.organizationsMs)})\n`,
    );
    console.log(
      table(
        ["target", "bytes", "req/s", "p50 ms", "p99 ms", "errors", "ceiling req/s", "ratio"],
        results.map((r) => [
          r.name,
          int(r.bytes.mean),
          int(r.target.requestsPerSecond),
          ms(r.target.p50Ms),
          ms(r.target.p99Ms),
          String(r.target.errors),
          int(r.ceiling.requestsPerSecond),
          r.ratio.toPrecision(2),
        ]),
      ),
    );
    console.log(
      `bytes: response body (agreement page: mean of ${pageIds.length}); ceiling: a fixed body of that size and type ` +
        "from a route in the same app; ratio: req/s ÷ ceiling req/s",
    );
    for (const r of results.filter((result) => result.ceiling.errors)) {
      console.log(`ceiling errors for ${r.name}: ${JSON.stringify(r.ceiling.outcomes)}`);
    }

    console.log("\nStatements per page, each run alone (median of 15), slowest first:");
    for (const result of results) {
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

    const output = {
      at: new Date().toISOString(),
      machine,
      driver: handle.driver,
      database: bench.description,
      settings: {
        connections: options.connections,
        seconds: options.seconds,
        warmupSeconds: WARMUP_SECONDS,
        maxRequests: MAX_REQUESTS,
        seed: options.seed,
        loadFrom: runner.where,
      },
      load,
      results,
    };
    const folder = new URL("../.bench/", import.meta.url);
    fs.mkdirSync(folder, { recursive: true });
    const json = `${JSON.stringify(output, null, 2)}\n`;
    fs.writeFileSync(new URL("results.json", folder), json);
    fs.writeFileSync(new URL(`results-${handle.driver}.json`, folder), json);
    console.log(`\nWrote .bench/results.json (and .bench/results-${handle.driver}.json)`);
  } finally {
    await runner?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await bench.dispose();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
