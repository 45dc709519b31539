import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { LoadResult, LoadRunner } from "./load.js";
import { int, ms, rate, seconds } from "./report.js";
import { type CommandRun, runCommand, type ServerProcess, startServerProcess } from "./server-process.js";

/**
 * The questions a side-by-side comparison with a generic CMS asks, put to a real `sharaka serve`
 * process (as people run it), each as JSON from /api/v1 and as the portal page:
 * (a) agreements in force, newest signature first, 25 a page with their parties, and the total;
 * (b) one agreement with its parties, objectives, indicators with approved values, activities;
 * (c) agreements whose text holds "Tourisme", 25 a page, and the total.
 * Each is measured from the public cache (the default) and on the uncached path (the cache
 * switched off: what the first request after a write meets), against a plain node:http server
 * answering bytes of the same size (the static-file ceiling), in the same run. Then cold start,
 * memory after the run, two workers (PostgreSQL only), and an export → import round trip.
 */

export interface PeerQuestion {
  name: string;
  paths: string[];
}

export function peerQuestions(agreementIds: string[]): PeerQuestion[] {
  const some = agreementIds.slice(0, 50);
  return [
    { name: "(a) API: in force, 25 a page", paths: ["/api/v1/agreements?status=in_force&limit=25"] },
    { name: "(a) portal: in force", paths: ["/fr/agreements?status=in_force"] },
    {
      name: `(b) API: agreement, its indicators and activities (${some.length} ids)`,
      paths: some.flatMap((id) => [
        `/api/v1/agreements/${id}`,
        `/api/v1/agreements/${id}/indicators`,
        `/api/v1/agreements/${id}/activities`,
      ]),
    },
    {
      name: `(b) portal: agreement page (${some.length} ids)`,
      paths: some.map((id) => `/fr/agreements/${id}`),
    },
    { name: '(c) API: "Tourisme", 25 a page', paths: ["/api/v1/agreements?q=Tourisme&limit=25"] },
    { name: '(c) portal: "Tourisme"', paths: ["/fr/agreements?q=Tourisme"] },
  ];
}

export interface PeerRow {
  question: string;
  setting: string;
  bytes: number;
  result: LoadResult;
  ceiling: LoadResult;
}

export interface PeerReport {
  coldStartMs: number[];
  rssAfterMiB: Record<string, number>;
  rows: PeerRow[];
  importRun?: { exportMs: number; fileMiB: number; import: CommandRun };
}

/** A plain node:http process answering `bytes` bytes to every request: what serving a file costs at best. */
async function startCeiling(bytes: number, type: string): Promise<{ origin: string; stop: () => void }> {
  const code = `const http=require("node:http");const body=Buffer.alloc(${bytes},"x");
    const s=http.createServer((q,r)=>{r.writeHead(200,{"content-type":${JSON.stringify(type)},"content-length":body.length});r.end(body)});
    s.keepAliveTimeout=30000;s.listen(0,"127.0.0.1",()=>console.log(s.address().port));`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  const [line] = (await once(child.stdout, "data")) as [Buffer];
  return { origin: `http://127.0.0.1:${line.toString().trim()}`, stop: () => child.kill() };
}

async function firstBody(origin: string, path: string): Promise<{ bytes: number; type: string }> {
  const response = await fetch(`${origin}${path}`);
  const body = await response.arrayBuffer();
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  return { bytes: body.byteLength, type: response.headers.get("content-type") ?? "text/plain" };
}

export async function runPeerComparison({
  serverEnv,
  agreementIds,
  runner,
  seconds: duration,
  connections,
  workers,
  questions: ask,
  freshImportEnv,
}: {
  /** the settings that point `sharaka serve` at the bench database */
  serverEnv: Record<string, string>;
  agreementIds: string[];
  runner: LoadRunner;
  seconds: number;
  connections: number;
  /** whether `--workers 2` can run (PostgreSQL) */
  workers: boolean;
  /** whether to ask the questions (and measure cold start and memory), or only round-trip the export */
  questions: boolean;
  /** settings of an empty database to import the export into; undefined skips the round trip */
  freshImportEnv?: () => Promise<{ env: Record<string, string>; dispose: () => Promise<void> }>;
}): Promise<PeerReport> {
  const load = (origin: string, paths: string[], time: number) =>
    runner.run({ origin, paths, connections, seconds: time, maxRequests: 250_000, timeoutMs: 30_000 });
  const report: PeerReport = { coldStartMs: [], rssAfterMiB: {}, rows: [] };
  const questions = peerQuestions(agreementIds);

  // Cold start: three starts on the existing database, each to its first 200 on /healthz.
  for (let run = 0; run < (ask ? 3 : 0); run++) {
    const server = await startServerProcess(serverEnv);
    report.coldStartMs.push(server.coldStartMs);
    await server.stop();
  }
  if (ask)
    console.log(
      `  cold start to the first 200 on /healthz: ${report.coldStartMs.map((each) => `${int(each)} ms`).join(", ")}`,
    );

  const settings: { name: string; env: Record<string, string>; args: string[] }[] = [
    { name: "cached", env: {}, args: [] },
    { name: "uncached", env: { PUBLIC_CACHE_MB: "0" }, args: [] },
  ];
  if (workers) settings.push({ name: "cached, 2 workers", env: {}, args: ["--workers", "2"] });
  for (const setting of ask ? settings : []) {
    let server: ServerProcess;
    try {
      server = await startServerProcess({ ...serverEnv, ...setting.env }, setting.args);
    } catch (error) {
      console.log(`  ${setting.name}: not measured — ${(error as Error).message.slice(0, 300)}`);
      continue;
    }
    try {
      for (const question of questions) {
        const first = await firstBody(server.origin, question.paths[0] as string);
        await load(server.origin, question.paths, 1);
        const result = await load(server.origin, question.paths, duration);
        const ceilingServer = await startCeiling(first.bytes, first.type);
        await load(ceilingServer.origin, ["/"], 0.5);
        const ceiling = await load(ceilingServer.origin, ["/"], duration);
        ceilingServer.stop();
        report.rows.push({
          question: question.name,
          setting: setting.name,
          bytes: first.bytes,
          result,
          ceiling,
        });
        console.log(
          `  ${setting.name} ${question.name}: ${rate(result.requestsPerSecond)} req/s (p50 ${ms(result.p50Ms)} ms, p99 ${ms(result.p99Ms)} ms, ` +
            `${result.errors} errors), ${((100 * result.requestsPerSecond) / ceiling.requestsPerSecond).toFixed(1)} % of the static ceiling (${int(ceiling.requestsPerSecond)} req/s)`,
        );
      }
      report.rssAfterMiB[setting.name] = server.rssMiB();
    } finally {
      await server.stop();
    }
  }

  if (freshImportEnv) {
    const folder = mkdtempSync(path.join(os.tmpdir(), "sharaka-bench-export-"));
    const file = path.join(folder, "registry.json");
    try {
      const exported = runCommand(serverEnv, ["export", "--format", "json", "-o", file]);
      if (exported.status !== 0) throw new Error(`export failed: ${exported.output.slice(-1000)}`);
      const fileMiB = statSync(file).size / 2 ** 20;
      const target = await freshImportEnv();
      try {
        const imported = runCommand(target.env, ["import", file]);
        report.importRun = { exportMs: exported.ms, fileMiB, import: imported };
        console.log(
          `  export ${seconds(exported.ms)} (${fileMiB.toFixed(1)} MiB); import into an empty database: ${seconds(imported.ms)}` +
            `${imported.maxRssMiB ? `, peak RSS ${int(imported.maxRssMiB)} MiB` : ""}, exit ${imported.status}` +
            (imported.status === 0 ? "" : `: ${imported.output.slice(-500)}`),
        );
      } finally {
        await target.dispose();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  return report;
}

export function printPeerReport(report: PeerReport): void {
  const median =
    [...report.coldStartMs].sort((a, b) => a - b)[Math.floor(report.coldStartMs.length / 2)] ?? Number.NaN;
  console.log(`\nPeer questions against \`sharaka serve\` (median cold start ${int(median)} ms)`);
  console.log(
    "| question | setting | bytes | req/s | p50 ms | p99 ms | static ceiling req/s | % of ceiling |",
  );
  console.log("|---|---|--:|--:|--:|--:|--:|--:|");
  for (const row of report.rows) {
    console.log(
      `| ${row.question} | ${row.setting} | ${int(row.bytes)} | ${rate(row.result.requestsPerSecond)} | ${ms(row.result.p50Ms)} | ` +
        `${ms(row.result.p99Ms)} | ${int(row.ceiling.requestsPerSecond)} | ${((100 * row.result.requestsPerSecond) / row.ceiling.requestsPerSecond).toFixed(1)} |`,
    );
  }
  for (const [setting, mib] of Object.entries(report.rssAfterMiB))
    console.log(`RSS after the run (${setting}): ${int(mib)} MiB`);
}
