import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { freePort } from "../src/cli/serve-workers.js";
import { childProcessIds } from "../test/processes.js";

/**
 * The real command, as people run it: `sharaka serve` in its own process (or `sharaka import`),
 * so that start-up, memory and worker processes are measured as they are in production, not
 * inside the bench's own process.
 */

const command = new URL("../bin/sharaka.js", import.meta.url).pathname;
const STARTUP_LIMIT_MS = 60_000;

export interface ServerProcess {
  origin: string;
  /** from spawning the process to the first 200 on /healthz */
  coldStartMs: number;
  /** resident memory of the process and of its workers, in MiB */
  rssMiB(): number;
  stop(): Promise<void>;
}

function residentKiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Starts `sharaka serve` with `env` (the database's settings) and waits for its first 200 on /healthz. */
export async function startServerProcess(
  env: Record<string, string>,
  args: string[] = [],
): Promise<ServerProcess> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [command, "serve", ...args], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let coldStartMs = Number.NaN;
  while (performance.now() - started < STARTUP_LIMIT_MS) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${origin}/healthz`);
      await response.arrayBuffer();
      if (response.status === 200) {
        coldStartMs = performance.now() - started;
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  if (Number.isNaN(coldStartMs)) {
    child.kill("SIGKILL");
    throw new Error(`sharaka serve did not answer /healthz: ${output.join("").slice(-2000)}`);
  }
  const pid = child.pid as number;
  return {
    origin,
    coldStartMs,
    rssMiB: () => [pid, ...childProcessIds(pid)].reduce((sum, each) => sum + residentKiB(each), 0) / 1024,
    async stop() {
      child.kill("SIGTERM");
      const stopped = await Promise.race([
        exited,
        new Promise((resolve) => setTimeout(resolve, 15_000, "late")),
      ]);
      if (stopped === "late") {
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
}

export interface CommandRun {
  ms: number;
  /** the largest resident memory the command reached, when /usr/bin/time can tell */
  maxRssMiB?: number;
  status: number | null;
  output: string;
}

/** Runs one `sharaka …` command to its end: wall time and, through /usr/bin/time, peak memory. */
export function runCommand(env: Record<string, string>, args: string[]): CommandRun {
  const timed = existsSync("/usr/bin/time");
  const argv = timed
    ? ["/usr/bin/time", "-f", "MAXRSS_KIB=%M", process.execPath, command, ...args]
    : [process.execPath, command, ...args];
  const started = performance.now();
  const result = spawnSync(argv[0] as string, argv.slice(1), {
    env: { ...process.env, ...env, LOG_LEVEL: "warn" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  const kib = /MAXRSS_KIB=(\d+)/.exec(output)?.[1];
  return { ms, maxRssMiB: kib ? Number(kib) / 1024 : undefined, status: result.status, output };
}
