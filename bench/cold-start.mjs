#!/usr/bin/env node
// Cold start: from spawning `sharaka serve` to its first 200 on GET /healthz, several times in a
// row on the same data (an existing folder, or DATABASE_URL when set), and the median.
//   node bench/cold-start.mjs [--runs N] [-- COMMAND ARGS…]   (default: node bin/sharaka.js serve)
// The first run on an empty folder creates the database; it is not counted.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const args = process.argv.slice(2);
const split = args.indexOf("--");
const own = split < 0 ? args : args.slice(0, split);
const command =
  split < 0
    ? [process.execPath, path.join(import.meta.dirname, "../bin/sharaka.js"), "serve"]
    : args.slice(split + 1);
const runs = Number(own[own.indexOf("--runs") + 1] ?? 7) || 7;

/** A port the system has just handed out, free again once this returns. */
function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function once(dataDir) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command[0], command.slice(1), {
    env: {
      ...process.env,
      SHARAKA_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let ready;
  while (!ready) {
    if (child.exitCode !== null) throw new Error(`the command exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.status === 200) ready = performance.now() - started;
    } catch {
      // not listening yet
    }
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  child.kill("SIGTERM");
  await exited;
  return ready;
}

const dataDir = mkdtempSync(path.join(tmpdir(), "sharaka-cold-start-"));
try {
  const first = await once(dataDir);
  process.stdout.write(`first start (creates the data, not counted): ${Math.round(first)} ms\n`);
  const times = [];
  for (let run = 0; run < runs; run++) times.push(await once(dataDir));
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  process.stdout.write(
    `${command.join(" ")}${process.env.DATABASE_URL ? " (DATABASE_URL)" : " (embedded)"}\n`,
  );
  process.stdout.write(`runs: ${times.map((time) => Math.round(time)).join(", ")} ms\n`);
  process.stdout.write(`median of ${runs}: ${Math.round(median)} ms\n`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
