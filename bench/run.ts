import fs from "node:fs";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { serve } from "@hono/node-server";
import { sql } from "drizzle-orm";
import { prepareDatabase } from "../src/cli/bootstrap.js";
import {
  followGenerationWith,
  type GenerationWatch,
  watchRegistryGeneration,
} from "../src/db/registry-generation.js";
import { getAssociation } from "../src/partners/organizations.service.js";
import { setLogLevel } from "../src/shared/logger.js";
import { createTestApp } from "../test/app.js";
import { measureDashboardAfterWrites, printAfterWrites } from "./after-writes.js";
import { measureAlertEvaluation } from "./alerts.js";
import { loadFollowUp } from "./bulk.js";
import { type BenchDatabase, emptyBenchTarget, openBenchDatabase } from "./database.js";
import { generateDocuments, loadDocuments, RARE_DOCUMENT_WORD } from "./documents.js";
import { type CapturedQuery, captureQueries, explainQuery, profileQueries } from "./explain.js";
import { generateFollowUp } from "./followup.js";
import { generateRegistry, loadRegistry, Random } from "./generate.js";
import { loadHistory } from "./history.js";
import { LoadRunner } from "./load.js";
import { parseBenchOptions } from "./options.js";
import { printPeerReport, runPeerComparison } from "./peer.js";
import {
  int,
  type MeasuredTarget,
  missingReason,
  printFollowUpLoad,
  printResults,
  printStatements,
  rate,
  seconds,
  type TargetOutcome,
} from "./report.js";
import { benchTargets } from "./targets.js";
import { RARE_WORD } from "./vocabulary.js";

const WARMUP_SECONDS = 1;
const CEILING_WARMUP_SECONDS = 0.5;
const MAX_REQUESTS = 250_000;
// Long enough for the heaviest workspace pages under 10 connections on one PGlite, so their latency is measured, not cut off.
const TIMEOUT_MS = 30_000;
const SLOW_PAGE_MS = 250;

type Probe =
  | {
      ok: true;
      bytes: MeasuredTarget["bytes"];
      contentType: string;
      ceiling: Uint8Array<ArrayBuffer>;
      /** mean time of one request, alone */
      meanMs: number;
      /** the longest the event loop (the server's too: it shares this process) was held while they were answered */
      longestBlockMs: number;
      /** the longest garbage collection meanwhile: on the bench's heap (the generated registry), not only the server's */
      longestGcMs: number;
    }
  | { ok: false; path: string; status: number; body: string };

/**
 * Fetches every path once: sizes, content type, and a 2xx check before any load is put on.
 * Redirects are not followed: a lost session must not measure the sign-in page instead.
 */
async function probe(origin: string, paths: string[], headers: Record<string, string> = {}): Promise<Probe> {
  const bodies: Buffer[] = [];
  let contentType = "";
  const started = performance.now();
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  let longestGcMs = 0;
  const collections = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longestGcMs = Math.max(longestGcMs, entry.duration);
  });
  collections.observe({ entryTypes: ["gc"] });
  try {
    for (const path of paths) {
      const response = await fetch(`${origin}${path}`, { headers, redirect: "manual" });
      const body = Buffer.from(await response.arrayBuffer());
      if (!response.ok) return { ok: false, path, status: response.status, body: body.toString("utf8") };
      contentType = response.headers.get("content-type") ?? "application/octet-stream";
      bodies.push(body);
    }
  } finally {
    loopDelay.disable();
    collections.disconnect();
  }
  const meanMs = (performance.now() - started) / paths.length;
  const sizes = bodies.map((body) => body.length);
  const mean = Math.round(sizes.reduce((sum, size) => sum + size, 0) / sizes.length);
  // The ceiling answers with bytes of the target's own (mean) size and type.
  const first = bodies[0] ?? Buffer.alloc(0);
  const ceiling = new Uint8Array(Buffer.alloc(mean, first.length ? first : " "));
  return {
    ok: true,
    bytes: { mean, min: Math.min(...sizes), max: Math.max(...sizes) },
    contentType,
    ceiling,
    meanMs,
    longestBlockMs: loopDelay.max / 1e6,
    longestGcMs,
  };
}

/** Runs the bench; resolves to the exit code (1 when a target that should answer did not). */
async function main(): Promise<number> {
  const options = parseBenchOptions();
  // A log line per request would be the bench's own bottleneck; the served process logs at warn too.
  setLogLevel("warn");
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
  const runStarted = performance.now();

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
  let watch: GenerationWatch | undefined;
  try {
    let started = performance.now();
    await prepareDatabase(handle);
    const migrateMs = performance.now() - started;
    const association = await getAssociation({ db });
    if (!association) throw new Error("prepareDatabase left no association");

    started = performance.now();
    const registry = generateRegistry({ seed: options.seed, count: options.agreements, association });
    const generateMs = performance.now() - started;
    started = performance.now();
    const followUp = generateFollowUp({
      seed: options.followUpSeed,
      registry,
      association,
      size: options.followUp,
    });
    const followUpGenerateMs = performance.now() - started;
    const times = await loadRegistry(db, registry);
    const followUpTables = await loadFollowUp(db, followUp);
    const generatedDocuments = generateDocuments(new Random(options.seed + 1), registry, options.documents);
    const documentTables = await loadDocuments(db, generatedDocuments);
    console.log(
      `Documents: ${int(generatedDocuments.rows.length)} with ${int(generatedDocuments.parts.length)} pages of text ` +
        `in ${seconds(documentTables.reduce((sum, table) => sum + table.ms, 0))}; "${RARE_DOCUMENT_WORD}" in ${generatedDocuments.rare}`,
    );
    started = performance.now();
    const historyEvents = await loadHistory(db);
    console.log(`History: ${int(historyEvents)} audit events in ${seconds(performance.now() - started)}`);
    started = performance.now();
    await db.execute(sql`analyze`);
    const analyzeMs = performance.now() - started;
    const busyActivities = followUp.activities.filter(
      (activity) => activity.responsibleOrganizationId === followUp.busyOrganizationId,
    ).length;
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
      followUp: {
        generateMs: followUpGenerateMs,
        loadMs: followUpTables.reduce((sum, table) => sum + table.ms, 0),
        tables: followUpTables,
        valueCapacity: followUp.valueCapacity,
        busyOrganizationId: followUp.busyOrganizationId,
        busyActivities,
        heavyIds: followUp.heavyIds,
      },
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
    printFollowUpLoad(followUpTables, followUpGenerateMs, {
      valueCapacity: followUp.valueCapacity,
      busyActivities,
      heavy: followUp.heavyIds.length,
      heavyActivities: options.followUp.heavyActivities,
    });

    const app = createTestApp(db);
    // As `sharaka serve` runs: on PostgreSQL, values kept per generation follow its notices.
    if (handle.driver === "pg") {
      watch = watchRegistryGeneration(db);
      followGenerationWith(db, watch);
    }
    const ceilings = new Map<string, { body: Uint8Array<ArrayBuffer>; type: string }>();
    // Same process, same middleware, no database and no rendering: what the server can do at best.
    app.get("/__bench/ceiling/:slot", (c) => {
      const ceiling = ceilings.get(c.req.param("slot"));
      if (!ceiling) return c.text("no such ceiling", 404);
      return c.body(ceiling.body, 200, { "content-type": ceiling.type });
    });
    const { targets, pages } = await benchTargets({
      db,
      app,
      registry,
      followUp,
      heavyActivities: options.followUp.heavyActivities,
    });
    // After the accounts exist, so that the digests have their readers, and before the alert centre is measured.
    const alertEvaluation = await measureAlertEvaluation(db);
    const address = await new Promise<AddressInfo>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, resolve);
    });
    // A heavy page can block the event loop for seconds; with Node's 5 s keep-alive timeout the
    // server then closes connections the runner has already reused (ECONNRESET), an artefact
    // of the harness rather than an error of the page.
    (server as unknown as http.Server).keepAliveTimeout = TIMEOUT_MS;
    const origin = `http://127.0.0.1:${address.port}`;
    runner = await LoadRunner.start();
    console.log(
      `Load: ${options.connections} keep-alive connections from a ${runner.where}, ` +
        `${options.seconds} s per measurement after ${WARMUP_SECONDS} s warm-up (pages slower than ${SLOW_PAGE_MS} ms: ` +
        `warmed by one request per path), cap ${int(MAX_REQUESTS)} requests\n`,
    );

    const load$ = (
      paths: string[],
      duration: number,
      headers?: Record<string, string>,
      connections?: number,
    ) =>
      (runner as LoadRunner).run({
        origin,
        paths,
        headers,
        connections: connections ?? options.connections,
        seconds: duration,
        maxRequests: MAX_REQUESTS,
        timeoutMs: TIMEOUT_MS,
      });

    const outcomes: TargetOutcome[] = [];
    const captured = new Map<string, CapturedQuery[]>();
    const chosen = targets.filter(
      (target) => !options.targetNames || options.targetNames.some((name) => target.name.includes(name)),
    );
    for (const [slot, target] of options.parts.has("targets") ? chosen.entries() : []) {
      const capture = captureQueries(db);
      const first = await probe(origin, target.paths.slice(0, 1), target.headers);
      captured.set(target.name, capture.stop());
      // A page that computes synchronously stalls every other request of the server.
      if (first.ok)
        console.log(
          `  ${target.name}: first request ${first.meanMs.toFixed(0)} ms, longest event-loop block ${first.longestBlockMs.toFixed(0)} ms (longest GC ${first.longestGcMs.toFixed(0)} ms)`,
        );
      const probed =
        first.ok && target.paths.length > 1 ? await probe(origin, target.paths, target.headers) : first;
      if (!probed.ok) {
        const pending = target.pending === true && probed.status === 404;
        const reason = missingReason(probed.status, pending, probed.body);
        outcomes.push({
          kind: "missing",
          name: target.name,
          path: probed.path,
          status: probed.status,
          pending,
          reason,
        });
        console.log(`  ${target.name}: not measured — GET ${probed.path} ${reason}`);
        continue;
      }
      ceilings.set(String(slot), { body: probed.ceiling, type: probed.contentType });
      const ceilingPaths = [`/__bench/ceiling/${slot}`];

      // A slow page was warmed by the probe's own requests (one per path); a warm-up under full
      // load would only make the run wait for ten slow answers.
      if (probed.meanMs < SLOW_PAGE_MS)
        await load$(target.paths, WARMUP_SECONDS, target.headers, target.connections);
      const measured = await load$(target.paths, options.seconds, target.headers, target.connections);
      await load$(ceilingPaths, CEILING_WARMUP_SECONDS);
      const ceiling = await load$(ceilingPaths, options.seconds);
      outcomes.push({
        kind: "measured",
        name: target.name,
        path: target.paths[0] ?? "",
        bytes: probed.bytes,
        contentType: probed.contentType,
        target: measured,
        ceiling,
        ratio: measured.requestsPerSecond / ceiling.requestsPerSecond,
        queries: [],
      });
      console.log(
        `  ${target.name}: ${rate(measured.requestsPerSecond)} req/s, ${int(measured.requests)} requests (p50 ${measured.p50Ms.toFixed(1)} ms, p95 ${measured.p95Ms.toFixed(1)} ms, ` +
          `p99 ${measured.p99Ms.toFixed(1)} ms, ${measured.errors} errors); ceiling ${int(ceiling.requestsPerSecond)} req/s`,
      );
      for (const run of [measured, ceiling]) {
        if (run.errors) console.log(`    errors: ${JSON.stringify(run.outcomes)}`);
        if (run.capped) console.log(`    stopped at the cap of ${int(MAX_REQUESTS)} requests`);
      }
    }

    // After the targets: the writes raise the generation that the targets' kept pages depend on.
    const dashboardHeaders = targets.find((target) => target.name === "dashboard, secretariat")?.headers;
    const afterWrites =
      options.parts.has("writes") && dashboardHeaders
        ? await measureDashboardAfterWrites({ db, app, followUp, headers: dashboardHeaders })
        : undefined;

    // Each statement of each page, alone: which one dominates, and where its plan spends the time.
    for (const outcome of outcomes) {
      if (outcome.kind !== "measured") continue;
      outcome.queries = await profileQueries(db, captured.get(outcome.name) ?? []);
      const slowest = outcome.queries[0];
      if (slowest) outcome.plan = await explainQuery(db, slowest);
    }

    // The peer questions against a real `sharaka serve`: the bench's own handle lets go first
    // (PGlite allows one process in a folder).
    await handle.close();
    console.log("\nPeer questions, against `sharaka serve` in its own process:");
    const peer =
      options.parts.has("peer") || options.parts.has("import")
        ? await runPeerComparison({
            serverEnv: bench.serverEnv,
            agreementIds: pages.typical.filter((id) => registry.publicIds.includes(id)),
            runner,
            seconds: options.seconds,
            connections: options.connections,
            workers: handle.driver === "pg",
            questions: options.parts.has("peer"),
            freshImportEnv: options.parts.has("import")
              ? () => emptyBenchTarget(options.databaseUrl)
              : undefined,
          })
        : undefined;

    console.log(
      `\nSharaka bench — ${handle.driver}, ${options.connections} connections, ${options.seconds} s per run`,
    );
    console.log(
      `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}; driver ${handle.driver}: ${bench.description}`,
    );
    console.log(
      `Load time: ${int(load.agreements)} agreements in ${seconds(times.agreementsMs)} (+ ${int(load.organizations)} organisations in ${seconds(times.organizationsMs)}); ` +
        `follow-up (${int(followUp.activities.length)} activities, ${int(followUp.indicatorValues.length)} indicator values…) in ${seconds(load.followUp.loadMs)}\n`,
    );
    printResults(outcomes);
    printStatements(outcomes);
    if (afterWrites) printAfterWrites(afterWrites);
    if (peer) printPeerReport(peer);
    const runMs = performance.now() - runStarted;
    console.log(`\nWhole run: ${seconds(runMs)}`);

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
        followUpSeed: options.followUpSeed,
        followUpSize: options.followUp,
        loadFrom: runner.where,
      },
      load,
      pages,
      alertEvaluation,
      runMs,
      results: outcomes,
      afterWrites,
      peer,
    };
    const folder = new URL("../.bench/", import.meta.url);
    fs.mkdirSync(folder, { recursive: true });
    const json = `${JSON.stringify(output, null, 2)}\n`;
    fs.writeFileSync(new URL("results.json", folder), json);
    fs.writeFileSync(new URL(`results-${handle.driver}.json`, folder), json);
    console.log(`Wrote .bench/results.json (and .bench/results-${handle.driver}.json)`);
    const failed = outcomes.filter((outcome) => outcome.kind === "missing" && !outcome.pending);
    if (failed.length)
      console.error(`\n${failed.length} target(s) failed: ${failed.map((f) => f.name).join(", ")}`);
    return failed.length ? 1 : 0;
  } finally {
    await runner?.close();
    await watch?.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
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
