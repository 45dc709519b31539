#!/usr/bin/env node
// Compiles the application (src/main.ts and everything it imports) into dist/ with esbuild:
// one ECMAScript module per entry, a chunk per module loaded lazily (`import()`), the npm
// packages bundled in but for those that must stay in node_modules (`keptExternal`). Node 20
// cannot run TypeScript, and loading it through tsx made every start pay for the compilation
// (~3 s of a 5 s start); loading the packages' ~1,400 files one by one cost ~0.35 s more.
//   node scripts/build.mjs             build now
//   node scripts/build.mjs --if-stale  build only when a source changed since the last build
// `npm install` (prepare), `npm start` and `npm run sharaka` (their pre-scripts) run it;
// bin/sharaka.js asks buildIsCurrent() and runs the sources through tsx when the build is not.
// Files the code reads at run time (locales, migrations, static assets, reference data) are
// not copied: src/shared/package-files.ts finds them in src/ from the package root.
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const stateFile = "build.json";
/** Besides the sources esbuild read, what changes the output (the lock files: the packages). */
const configFiles = [
  "scripts/build.mjs",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
  // npm rewrites it whenever it changes node_modules, with or without package-lock.json.
  "node_modules/.package-lock.json",
];

/**
 * npm packages loaded from node_modules at run time rather than bundled: those that find their
 * own files next to their code (PGlite's WebAssembly and file-system bundle, Typst's native
 * module, pdf.js's worker, pino's transport workers), the build tools, optional natives a
 * package tries to load, and the heavy ones loaded with their first use (`require` at run time).
 */
const keptExternal = [
  "@electric-sql/pglite",
  "@electric-sql/pglite/*",
  "@myriaddreamin/typst-ts-node-compiler",
  "unpdf",
  "pino",
  "esbuild",
  "tsx",
  "tsx/*",
  "pg-native",
  "echarts",
  "echarts/*",
  "exceljs",
];

/** A file's identity for staleness: its modification time and size, as the build saw them. */
function stamp(file) {
  try {
    const stat = statSync(path.join(root, file));
    return `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return "missing";
  }
}

/**
 * True when dist/ holds a complete build of the current sources: every file that went into it
 * (recorded by the build) is unchanged. A new source file only matters once an existing one
 * imports it, and that one has changed. Costs a stat per source file (a few milliseconds).
 */
export function buildIsCurrent() {
  let state;
  try {
    state = JSON.parse(readFileSync(path.join(dist, stateFile), "utf8"));
  } catch {
    return false;
  }
  return Object.entries(state.inputs).every(([file, seen]) => stamp(file) === seen);
}

/**
 * Builds into a fresh folder, then puts it in place of dist/ by renaming, so that a process
 * starting meanwhile finds a whole build or none (bin/sharaka.js then runs the sources). Two
 * builders racing both finish; the second finds the first's build in place and keeps it.
 */
export async function build() {
  const { build: esbuild } = await import("esbuild");
  const started = performance.now();
  const next = `${dist}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: { main: "src/main.ts" },
    outdir: next,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: keptExternal,
    // Bundled CommonJS packages `require` Node's modules; an ES module has no `require` of its own.
    banner: {
      js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
    },
    // hono/jsx as tsconfig.json says (jsx: react-jsx, jsxImportSource: hono/jsx).
    tsconfig: "tsconfig.json",
    jsx: "automatic",
    jsxImportSource: "hono/jsx",
    chunkNames: "chunks/[name]-[hash]",
    // Error messages and logs that name a class or a function read as in the sources.
    keepNames: true,
    // For stack traces in the sources' lines: NODE_OPTIONS=--enable-source-maps.
    sourcemap: true,
    metafile: true,
    logLevel: "warning",
  });
  // The packages' files are not stamped one by one (a stat each at every start): the lock file
  // stands for them.
  const sources = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith("node_modules/"));
  const inputs = Object.fromEntries([...sources, ...configFiles].sort().map((file) => [file, stamp(file)]));
  writeFileSync(path.join(next, stateFile), `${JSON.stringify({ inputs }, null, 2)}\n`);
  const old = `${dist}.old-${process.pid}`;
  if (existsSync(dist)) renameSync(dist, old);
  try {
    renameSync(next, dist);
  } catch (error) {
    // Another build put its own in place between the two renames: it is as current as ours.
    if (!existsSync(dist)) throw error;
    rmSync(next, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
  return { files: Object.keys(result.metafile.inputs).length, ms: Math.round(performance.now() - started) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--if-stale") && buildIsCurrent()) process.exit(0);
  const { files, ms } = await build();
  // Standard error: `npm run sharaka -- export` writes its JSON to standard output.
  process.stderr.write(`Built dist/ from ${files} source files in ${ms} ms\n`);
}
