import { defineConfig } from "vitest/config";

// Real Chromium against a real server: one file at a time, each with its own server.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    // Each file starts `sharaka serve`: from a current build of dist/, never the sources through tsx.
    globalSetup: ["test/build-setup.ts"],
    // The server runs in the test's process, and only `sharaka`'s main applies LOG_LEVEL: without
    // this, every request the browser makes is an info line in the suite's output.
    setupFiles: ["test/quiet-logs.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // The server runs in the test's process: WebAssembly in V8's baseline tier, as in
    // vitest.config.ts (browser suite alone: 219 → ~185 CPU-seconds).
    execArgv: ["--liftoff-only"],
    fileParallelism: false,
  },
});
