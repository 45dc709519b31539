import cluster, { type Worker } from "node:cluster";
import { createServer } from "node:net";
import os from "node:os";
import { type Config, MAX_WORKERS } from "../config.js";
import { AppError } from "../shared/errors.js";
import { logger, logProcessId } from "../shared/logger.js";
import { relayClusterMetrics } from "../web/metrics.js";
import type { Output } from "./commands.js";
import { openForCommand } from "./open.js";
import { exitWhenWritten } from "./output.js";
import { seedDemoIfEmpty, serveCommand } from "./serve-command.js";

const FIRST_RESTART_MS = 1000;
const LONGEST_RESTART_MS = 30_000;
/** How long the primary waits for its workers to finish their requests before stopping them hard. */
const WORKERS_STOP_MS = 12_000;

/** A port the system has just handed out and taken back. */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** `--workers N`: a whole number from 0 (one per core) to MAX_WORKERS; without it, WORKERS. */
export function parseWorkerCount(text: string | undefined, fallback = 1): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim()) || Number(text) > MAX_WORKERS)
    throw new AppError("usage", `--workers takes a whole number from 0 (one per core) to ${MAX_WORKERS}`, {
      issues: [{ field: "--workers", message: `must be a whole number from 0 to ${MAX_WORKERS}` }],
    });
  return Number(text);
}

/**
 * `sharaka serve [--workers N]`: one process, or a primary and N workers. A worker the primary
 * started runs `sharaka serve` as a single process does. Anything but one process needs
 * PostgreSQL, whatever the number of cores `0` would come to: the embedded database is a folder
 * that one process holds.
 */
export async function serveFromCommandLine(config: Config, io: Output, workersFlag?: string): Promise<void> {
  if (cluster.isWorker) {
    // Several processes write to one standard error: each line says which one wrote it.
    logProcessId();
    await serveCommand(config, io);
    return;
  }
  const requested = parseWorkerCount(workersFlag, config.workers);
  const asked = workersFlag === undefined ? `WORKERS=${requested}` : `--workers ${requested}`;
  if (requested !== 1 && !config.databaseUrl)
    throw new AppError(
      "usage",
      `${asked} needs DATABASE_URL (a PostgreSQL server): the embedded database is a folder that one process holds`,
      {
        issues: [
          { field: workersFlag === undefined ? "WORKERS" : "--workers", message: "needs DATABASE_URL" },
        ],
      },
    );
  const count = requested === 0 ? os.availableParallelism() : requested;
  if (count > 1) {
    logProcessId();
    await serveWithWorkers(config, io, count);
  } else await serveCommand(config, io);
}

/**
 * The primary of `sharaka serve --workers N` (N > 1): migrates once, then starts N workers that
 * each run the very same `sharaka serve` and share the port; restarts one that dies (waiting
 * longer each time it keeps dying), and on SIGTERM or SIGINT asks each to finish its requests
 * and stop. Only on PostgreSQL: the embedded database is one folder one process holds.
 */
async function serveWithWorkers(config: Config, io: Output, count: number): Promise<void> {
  // Migrate, load the reference data and the demo content once, before the workers race to do it.
  const handle = await openForCommand(config, "serve");
  try {
    await seedDemoIfEmpty(handle.db, io);
  } finally {
    await handle.close();
  }

  // Workers that each listened on port 0 would each get a port of their own: the primary picks one for all.
  const port = config.port === 0 ? await freePort(config.host) : config.port;
  let stopping = false;
  let restartDelay = FIRST_RESTART_MS;
  let announced = false;
  const start = () => {
    const worker = cluster.fork({ PORT: String(port) });
    worker.once("listening", (address) => {
      restartDelay = FIRST_RESTART_MS;
      if (announced) return;
      announced = true;
      const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
      io.out(
        `Sharaka is serving ${config.publicUrl ?? `http://${host}:${address.port}`} with ${count} workers`,
      );
    });
    return worker;
  };
  cluster.on("exit", (worker: Worker, code, signal) => {
    if (stopping) return;
    logger.warn(`worker ${worker.process.pid} stopped (${signal ?? `exit ${code}`}); restarting it`, {
      inMs: restartDelay,
    });
    setTimeout(() => {
      if (!stopping) start();
    }, restartDelay).unref();
    restartDelay = Math.min(restartDelay * 2, LONGEST_RESTART_MS);
  });
  relayClusterMetrics();
  for (let index = 0; index < count; index++) start();

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      stopping = true;
      logger.info(`${signal}: stopping ${count} workers`);
      const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker =>
        Boolean(worker),
      );
      const stopped = workers.map(
        (worker) =>
          new Promise<void>((resolve) =>
            worker.isDead() ? resolve() : worker.once("exit", () => resolve()),
          ),
      );
      for (const worker of workers) worker.process.kill("SIGTERM");
      const hard = setTimeout(() => {
        for (const worker of workers) if (!worker.isDead()) worker.process.kill("SIGKILL");
      }, WORKERS_STOP_MS);
      void Promise.all(stopped).then(() => {
        clearTimeout(hard);
        exitWhenWritten(0);
      });
    });
  }
}
