#!/usr/bin/env node
// `npm test`: every suite this machine allows, and a loud line for each one it cannot run.
// Under CI=true nothing may be skipped: a missing PostgreSQL URL or Chromium fails the run, and so
// does a test that ran in no suite (a PostgreSQL-only test skipped on PGlite runs on PostgreSQL).
// The suites run side by side: each is mostly one busy process (PGlite's WebAssembly, or Node
// waiting on PostgreSQL, or Chromium), so two cores finish them together sooner than in a row.
// Each suite's output is printed whole when it ends, so the lines of two never interleave.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const env = process.env;
const inCi = env.CI === "true";
const chromium = env.CHROMIUM_PATH || "/usr/bin/chromium";
const reports = mkdtempSync(path.join(tmpdir(), "sharaka-test-"));
const totals = { passed: 0, failed: 0, skipped: 0 };
const skipped = [];
/** "file > test" of every test that ran in some suite, and of those a suite skipped */
const ranTests = new Set();
const skippedTests = [];
/** per suite, the files that took longest: where the run's time goes */
const slowestFiles = [];
let failedSteps = 0;

/** Runs a command with its output kept, and prints it whole, under the step's name, once it ends. */
function step(name, command, args, extraEnv = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
    const output = [];
    child.stdout.on("data", (chunk) => output.push(chunk));
    child.stderr.on("data", (chunk) => output.push(chunk));
    child.on("close", (status) => {
      const seconds = Math.round((Date.now() - started) / 1000);
      process.stdout.write(`\n=== ${name} (${seconds} s)\n`);
      process.stdout.write(Buffer.concat(output));
      if (status !== 0) {
        failedSteps++;
        process.stdout.write(`=== ${name}: FAILED (exit ${status})\n`);
      }
      resolve(status === 0);
    });
  });
}

async function vitest(name, config, extraEnv = {}) {
  const report = path.join(reports, `${name.replace(/\W+/g, "-")}.json`);
  const passed = await step(
    name,
    "npx",
    [
      "vitest",
      "run",
      "--config",
      config,
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report}`,
    ],
    extraEnv,
  );
  if (existsSync(report)) {
    const summary = JSON.parse(readFileSync(report, "utf8"));
    totals.passed += summary.numPassedTests;
    // A file that fails before its tests run (in a hook, on import) counts as one failure.
    const brokenFiles = summary.testResults.filter(
      (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
    ).length;
    // An error outside any test (an unhandled rejection) fails the run without failing a test.
    const outsideTests = !passed && summary.numFailedTests + brokenFiles === 0 ? 1 : 0;
    totals.failed += summary.numFailedTests + brokenFiles + outsideTests;
    totals.skipped += summary.numPendingTests + summary.numTodoTests;
    const slowest = summary.testResults
      .map((file) => ({ file: path.relative(process.cwd(), file.name), ms: file.endTime - file.startTime }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5);
    slowestFiles.push(
      `${name}: ${slowest.map(({ file, ms }) => `${file} ${Math.round(ms / 1000)} s`).join(", ")}`,
    );
    for (const file of summary.testResults) {
      for (const test of file.assertionResults) {
        const id = `${path.relative(process.cwd(), file.name)} > ${test.fullName}`;
        if (test.status === "passed" || test.status === "failed") ranTests.add(id);
        else skippedTests.push({ suite: name, id });
      }
    }
    if (summary.numTotalTests === 0) {
      failedSteps++;
      process.stdout.write(`=== ${name}: ran no test\n`);
    }
  } else {
    failedSteps++;
  }
}

function skip(name, why) {
  skipped.push(`${name}: ${why}`);
  process.stdout.write(`\n!!! SKIPPED ${name}: ${why}\n`);
}

// The command-line, process and browser tests start the installed command, which runs dist/:
// built here once if a source changed, before the suites start (their setups then find it current).
await step("build (dist/, when a source changed)", "node", ["scripts/build.mjs", "--if-stale"]);

// The tests that do not depend on the suite's database (files that reach no driver, commands
// started on an embedded data folder: TEST_DRIVER_FREE_IN in test/settings.ts) run once: in the
// PostgreSQL suite when there is one, since the PGlite suite is the longest of the three.
const bothDatabases = Boolean(env.TEST_DATABASE_URL);
const driverFreeIn = bothDatabases ? { TEST_DRIVER_FREE_IN: "pg" } : {};
const suites = [
  step("typecheck (tsc --noEmit)", "npx", ["tsc", "--noEmit"]),
  step("lint and format (biome check)", "npx", ["biome", "check", "."]),
  step("dependency rules (npm run lint:deps)", "npm", ["run", "--silent", "lint:deps"]),
  vitest("service and route tests on PGlite", "vitest.config.ts", { TEST_DRIVER: "pglite", ...driverFreeIn }),
];

if (bothDatabases) {
  process.stdout.write("The tests that do not depend on the database run in the PostgreSQL suite only.\n");
  suites.push(
    vitest("service and route tests on PostgreSQL", "vitest.config.ts", {
      TEST_DRIVER: "pg",
      ...driverFreeIn,
    }),
  );
} else {
  skip(
    "service and route tests on PostgreSQL",
    "TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)",
  );
}

if (existsSync(chromium)) {
  suites.push(vitest("browser tests in Chromium", "vitest.browser.config.ts", { CHROMIUM_PATH: chromium }));
} else {
  skip("browser tests in Chromium", `${chromium} does not exist (apt-get install chromium)`);
}
await Promise.all(suites);

rmSync(reports, { recursive: true, force: true });
process.stdout.write("\n=== summary\n");
for (const line of slowestFiles) process.stdout.write(`slowest files in ${line}\n`);
for (const line of skipped) process.stdout.write(`SKIPPED ${line}\n`);
for (const { suite, id } of skippedTests) {
  const ranElsewhere = ranTests.has(id);
  process.stdout.write(`SKIPPED in ${suite}: ${id}${ranElsewhere ? " (ran in another suite)" : ""}\n`);
}
const ranNowhere = new Set(skippedTests.map(({ id }) => id).filter((id) => !ranTests.has(id)));
if (inCi && (skipped.length || ranNowhere.size)) {
  process.stdout.write(`CI must skip nothing: failing (${ranNowhere.size} tests ran in no suite).\n`);
  failedSteps++;
}
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(failedSteps || totals.failed ? 1 : 0);
