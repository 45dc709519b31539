import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onServer } from "../../test/migrated-databases.js";
import { childProcessIds } from "../../test/processes.js";
import { testSettings } from "../../test/settings.js";
import { parseWorkerCount } from "./serve-workers.js";

const root = path.resolve(import.meta.dirname, "../..");
const command = path.join(root, "bin/sharaka.js");
const settings = testSettings();

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 60_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - started > ms) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("--workers", () => {
  it("takes a whole number, 0 meaning one per core", () => {
    expect(parseWorkerCount(undefined)).toBe(1);
    expect(parseWorkerCount("3")).toBe(3);
    expect(parseWorkerCount("0")).toBe(os.availableParallelism());
    for (const wrong of ["-1", "two", "1.5", "65", ""])
      expect(() => parseWorkerCount(wrong)).toThrow(/--workers/);
  });

  it.runIf(settings.driver === "pglite")(
    "is refused on the embedded database, whose folder one process holds",
    { timeout: 60_000 },
    () => {
      const result = spawnSync(process.execPath, [command, "serve", "--workers", "2"], {
        encoding: "utf8",
        env: {
          PATH: process.env.PATH,
          SHARAKA_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "sharaka-workers-")),
          LOG_LEVEL: "warn",
        },
        timeout: 50_000,
      });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain("--workers needs DATABASE_URL");
    },
  );
});

describe.runIf(settings.driver === "pg")(
  "sharaka serve --workers 2 on PostgreSQL",
  { timeout: 120_000 },
  () => {
    const name = `sharaka_workers_${randomBytes(5).toString("hex")}`;
    const serverUrl = settings.databaseUrl as string;
    let primary: ChildProcess;
    let origin = "";
    let exited: Promise<number | null>;

    beforeAll(async () => {
      await onServer(serverUrl, `create database ${name}`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      primary = spawn(process.execPath, [command, "serve", "--workers", "2"], {
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: url.toString(),
          AUTH_SECRET: "workers test secret, thirty-two characters at least",
          PORT: "0",
          HOST: "127.0.0.1",
          LOG_LEVEL: "warn",
          ALERTS_DAILY_AT: "off",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      exited = new Promise((resolve) => primary.once("exit", (code) => resolve(code)));
      let output = "";
      primary.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      primary.stderr?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      origin = await until(
        "the serving line",
        () => /serving (http:\/\/\S+) with 2 workers/.exec(output)?.[1],
      );
    }, 120_000);

    afterAll(async () => {
      if (primary.exitCode === null) primary.kill("SIGKILL");
      await onServer(serverUrl, `drop database if exists ${name} with (force)`);
    });

    it("answers from two worker processes, and replaces one that dies", async () => {
      const health = await fetch(`${origin}/healthz`);
      expect(health.status).toBe(200);
      const workers = await until("two workers", () => {
        const pids = childProcessIds(primary.pid as number);
        return pids.length === 2 ? pids : undefined;
      });
      process.kill(workers[0] as number, "SIGKILL");
      const replaced = await until("a new worker", () => {
        const pids = childProcessIds(primary.pid as number);
        return pids.length === 2 && !pids.includes(workers[0] as number) ? pids : undefined;
      });
      expect(replaced).toContain(workers[1]);
      const portal = await fetch(`${origin}/fr/agreements`);
      expect(portal.status).toBe(200);
      // /metrics speaks for every worker (the primary sums them), once the new one has loaded.
      const metrics = await until("the metrics of both workers", async () => {
        const response = await fetch(`${origin}/metrics`);
        const text = await response.text();
        return response.status === 200 ? text : undefined;
      });
      // Which worker answered which request is the primary's choice: some route was counted.
      expect(metrics).toMatch(/sharaka_http_requests_total\{[^}]*status="200"[^}]*\} [1-9]/);
    });

    it("stops every worker and exits 0 on SIGTERM", async () => {
      const workers = childProcessIds(primary.pid as number);
      primary.kill("SIGTERM");
      expect(await exited).toBe(0);
      for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
    });
  },
);
