import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onServer } from "../../test/migrated-databases.js";
import { childProcessIds, sharakaArgs } from "../../test/processes.js";
import { testSettings } from "../../test/settings.js";
import { until } from "../../test/until.js";
import {
  getFresh,
  refusesConnections,
  type ServingProcess,
  slowSignIn,
  startServing,
} from "./serve-process.test-support.js";
import { parseWorkerCount } from "./serve-workers.js";

const settings = testSettings();
const dataDir = () => mkdtempSync(path.join(os.tmpdir(), "sharaka-serve-"));

/** A request line's process and route, for the requests the server logged. */
const requestLines = (served: ServingProcess) =>
  served.logLines().filter((line) => line.msg === "request") as { pid?: number; route?: string }[];

/** The value of one sample in a /metrics text (0 when absent). */
const sample = (text: string, series: string) =>
  Number(
    text
      .split("\n")
      .find((line) => line.startsWith(series))
      ?.split(" ")
      .at(-1) ?? 0,
  );

describe("--workers", () => {
  it("takes a whole number, 0 meaning one per core, and WORKERS when it is not given", () => {
    expect(parseWorkerCount(undefined)).toBe(1);
    expect(parseWorkerCount(undefined, 4)).toBe(4);
    expect(parseWorkerCount("3", 4)).toBe(3);
    expect(parseWorkerCount("0")).toBe(0);
    for (const wrong of ["-1", "two", "1.5", "65", "", "0x2"])
      expect(() => parseWorkerCount(wrong)).toThrow(/--workers/);
  });

  // The command-line tests run in the PGlite pass (their processes use a data folder whatever
  // the driver); time limits guard against a hang on a busy machine, they assert no speed.
  it.runIf(settings.runsDriverFreeTests)(
    "is refused on the embedded database, whose folder one process holds, for any count but 1",
    { timeout: 120_000 },
    () => {
      const serve = (args: string[], env: Record<string, string> = {}) =>
        spawnSync(process.execPath, sharakaArgs("serve", ...args), {
          encoding: "utf8",
          env: { PATH: process.env.PATH, SHARAKA_DATA_DIR: dataDir(), LOG_LEVEL: "warn", ...env },
          timeout: 50_000,
        });
      for (const [args, env, asked] of [
        [["--workers", "2"], {}, "--workers 2"],
        [["--workers", "0"], {}, "--workers 0"],
        [[], { WORKERS: "3" }, "WORKERS=3"],
      ] as const) {
        const result = serve([...args], env);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain(`${asked} needs DATABASE_URL`);
      }
      const wrong = serve(["--workers", "many"]);
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toContain("--workers takes a whole number from 0 (one per core) to 64");
    },
  );
});

describe.runIf(settings.runsDriverFreeTests)("a serving process on SIGTERM", { timeout: 120_000 }, () => {
  it("stops accepting, finishes a request in flight, cuts one still open after SHUTDOWN_GRACE_SECONDS, and exits 0", async () => {
    // A grace of 3 s rather than the default 10: the cut is what is checked, not its length.
    const served = await startServing([], { SHARAKA_DATA_DIR: dataDir(), SHUTDOWN_GRACE_SECONDS: "3" });
    try {
      const finishing = slowSignIn(served.origin);
      const hanging = slowSignIn(served.origin);
      await Promise.all([finishing.received, hanging.received]);
      served.child.kill("SIGTERM");
      await until("new connections refused", async () =>
        (await refusesConnections(served.origin)) ? true : undefined,
      );
      finishing.finish();
      const answer = await finishing.outcome;
      expect(answer).toMatchObject({ status: 401 });
      expect("body" in answer && answer.body).toContain("</html>");
      // The other never sends the rest of its body: it is cut when the grace ends, and the
      // process still stops cleanly.
      expect(await served.exited).toEqual({ code: 0, signal: null });
      expect(await hanging.outcome).toHaveProperty("error");
      expect(requestLines(served)).toContainEqual(
        expect.objectContaining({ route: "/fr/workspace/sign-in", status: 401 }),
      );
    } finally {
      if (served.child.exitCode === null) served.child.kill("SIGKILL");
    }
  });
});

describe.runIf(settings.driver === "pg")(
  "sharaka serve --workers 2 on PostgreSQL",
  { timeout: 120_000 },
  () => {
    const name = `sharaka_workers_${randomBytes(5).toString("hex")}`;
    const serverUrl = settings.databaseUrl as string;
    let served: ServingProcess;

    beforeAll(async () => {
      await onServer(serverUrl, `create database ${name}`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      served = await startServing(["--workers", "2"], {
        DATABASE_URL: url.toString(),
        AUTH_SECRET: "workers test secret, thirty-two characters at least",
      });
      // A worker may print its own "serving" line before the primary hears that it listens.
      await until("the primary's line", () =>
        /serving http:\/\/\S+ with 2 workers/.test(served.output()) ? true : undefined,
      );
    }, 120_000);

    afterAll(async () => {
      if (served?.child.exitCode === null) served.child.kill("SIGKILL");
      await onServer(serverUrl, `drop database if exists ${name} with (force)`);
    });

    it("answers from both workers, and /metrics sums what each counted", async () => {
      const workers = await until("two workers", () => {
        const pids = childProcessIds(served.child.pid as number);
        return pids.length === 2 ? pids : undefined;
      });
      // The primary names the address once the first worker listens; each worker says when it does.
      await until("both workers listening", () =>
        served.output().match(/serving \S+ \(data: /g)?.length === 2 ? true : undefined,
      );
      // New connections, as from new clients: the primary hands them to its workers in turn.
      for (let round = 0; round < 10; round++)
        expect((await getFresh(served.origin, "/healthz")).status).toBe(200);
      const answeredBy = new Set(
        requestLines(served)
          .filter((line) => line.route === "/healthz")
          .map((line) => line.pid),
      );
      expect([...answeredBy].sort()).toEqual([...workers].sort());
      // Each worker counted its own share; the answer, from either, is the sum.
      const metrics = await getFresh(served.origin, "/metrics");
      expect(metrics.status).toBe(200);
      expect(
        sample(metrics.body, 'sharaka_http_requests_total{method="GET",route="/healthz",status="200"}'),
      ).toBe(10);
    });

    it("replaces a worker that dies", async () => {
      const workers = childProcessIds(served.child.pid as number);
      expect(workers).toHaveLength(2);
      process.kill(workers[0] as number, "SIGKILL");
      const replaced = await until("a new worker", () => {
        const pids = childProcessIds(served.child.pid as number);
        return pids.length === 2 && !pids.includes(workers[0] as number) ? pids : undefined;
      });
      expect(replaced).toContain(workers[1]);
      const newcomer = replaced.find((pid) => pid !== workers[1]);
      // The newcomer takes its share of new connections once it listens.
      await until("an answer from the new worker", async () => {
        await getFresh(served.origin, "/fr/agreements");
        return requestLines(served).some((line) => line.pid === newcomer) ? true : undefined;
      });
      expect(served.output()).toContain(`worker ${workers[0]} stopped (SIGKILL); restarting it`);
    });

    it("on SIGTERM, lets a request in flight finish, stops every worker and exits 0", async () => {
      const workers = childProcessIds(served.child.pid as number);
      const slow = slowSignIn(served.origin);
      await slow.received;
      served.child.kill("SIGTERM");
      await until("new connections refused", async () =>
        (await refusesConnections(served.origin)) ? true : undefined,
      );
      slow.finish();
      const answer = await slow.outcome;
      expect(answer).toMatchObject({ status: 401 });
      expect("body" in answer && answer.body).toContain("</html>");
      expect(await served.exited).toEqual({ code: 0, signal: null });
      for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
    });
  },
);
