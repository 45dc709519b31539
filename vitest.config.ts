import { readdirSync } from "node:fs";
import { defineConfig } from "vitest/config";
import { driverFreeTestFiles } from "./test/driver-free.js";
import { testSettings } from "./test/settings.js";

/** The files `include` below names, but the browser tests. */
const listTestFiles = () =>
  ["src", "test"].flatMap((folder) =>
    readdirSync(folder, { recursive: true, encoding: "utf8" })
      .map((file) => `${folder}/${file}`)
      .filter((file) => /\.test\.tsx?$/.test(file) && !file.startsWith("test/browser/")),
  );

// `npm test` runs the PGlite and PostgreSQL suites side by side; a test file that reaches no
// database driver would only run twice, so it runs in the suite TEST_DRIVER_FREE_IN names.
const skipDriverFree = !testSettings().runsDriverFreeTests;

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx", "test/**/*.test.ts"],
    exclude: [
      "test/browser/**",
      ...(skipDriverFree ? driverFreeTestFiles(listTestFiles(), process.cwd()) : []),
    ],
    // Migrates once for the run; each file's database starts from that snapshot or template.
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/quiet-logs.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // WebAssembly in V8's baseline tier only: optimising PGlite's functions did not pay for itself
    // in a suite of many small statements (PGlite suite alone: 372 → 339 CPU-seconds, 287 → 268 s).
    execArgv: ["--liftoff-only"],
    // Files share their worker's loaded modules instead of importing the whole app again for
    // each of the 86 files (~1.4 s each): each file still opens its own database (test/database.ts),
    // and no module keeps state a test relies on. Measured on src/meetings + src/activities
    // (16 files): 43.5 s → 30.8 s wall, 50 s → 30 s of CPU.
    isolate: false,
    // Workers: vitest's default, one fewer than the cores (one on the 2-core machine). Measured
    // there on 8 files, shared with other runs: 2 or 3 workers were no faster on PGlite (91 s
    // with 1, 101 s with 2 or 3) nor on PostgreSQL (36 s, 37 s); a core is busy with the
    // main process, and each PGlite worker takes ~300 MB.
  },
});
