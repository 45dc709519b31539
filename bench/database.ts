import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { type DatabaseHandle, openDatabase } from "../src/db/client.js";

export interface BenchDatabase {
  handle: DatabaseHandle;
  /** e.g. "PGlite 0.5.17 (PostgreSQL 17.5 as WASM …)" or "PostgreSQL 16.4 (fresh database …)" */
  description: string;
  /** the temp folder or the server database's name */
  location: string;
  /** the settings that point a `sharaka` process at this database (close the handle first on PGlite) */
  serverEnv: Record<string, string>;
  /** closes the database and removes it: the temp folder, or the server database */
  dispose(): Promise<void>;
}

/** Shared by every process of one bench database (DATABASE_URL requires one). */
const BENCH_AUTH_SECRET = "bench-only secret, not a secret: 0123456789abcdef";

/** A fresh, empty database: PGlite in a temp folder, or a new `sharaka_bench_<n>` on the server. */
export async function openBenchDatabase(serverUrl: string | undefined): Promise<BenchDatabase> {
  if (!serverUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sharaka-bench-"));
    const handle = await openDatabase({ driver: "pglite", dataDir, command: "bench" });
    const shown = (await handle.db.execute(sql`show server_version`)) as unknown as {
      rows: { server_version?: string }[];
    };
    const version = shown.rows[0]?.server_version;
    let disposed = false;
    return {
      handle,
      description: `PGlite ${pgliteVersion()} (PostgreSQL ${version ?? "?"} as WASM in this process, temp folder)`,
      location: dataDir,
      serverEnv: { SHARAKA_DATA_DIR: dataDir, ALERTS_DAILY_AT: "off" },
      async dispose() {
        if (disposed) return;
        disposed = true;
        await handle.close().catch(() => {});
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `sharaka_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const version = (await admin.query<{ server_version: string }>("show server_version")).rows[0]
    ?.server_version;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let handle: DatabaseHandle;
  try {
    // The pool size `sharaka serve` uses.
    handle = await openDatabase({ driver: "pg", url: url.toString() });
  } catch (error) {
    await dropDatabase(serverUrl, name);
    throw error;
  }
  let disposed = false;
  return {
    handle,
    description: `PostgreSQL ${version ?? "?"} (fresh database on ${url.host}, pool of 10)`,
    location: name,
    serverEnv: { DATABASE_URL: url.toString(), AUTH_SECRET: BENCH_AUTH_SECRET, ALERTS_DAILY_AT: "off" },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await handle.close().catch(() => {});
      await dropDatabase(serverUrl, name);
    },
  };
}

function pgliteVersion(): string {
  try {
    const manifest = JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    return manifest.dependencies?.["@electric-sql/pglite"] ?? "?";
  } catch {
    return "?";
  }
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const dropper = new pg.Client({ connectionString: serverUrl });
  await dropper.connect();
  try {
    await dropper.query(`drop database if exists ${name} with (force)`);
  } finally {
    await dropper.end();
  }
}

/** An empty database a command can fill (the import of an export), and its removal. */
export async function emptyBenchTarget(
  serverUrl: string | undefined,
): Promise<{ env: Record<string, string>; dispose: () => Promise<void> }> {
  if (!serverUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sharaka-bench-import-"));
    return {
      env: { SHARAKA_DATA_DIR: dataDir },
      dispose: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `sharaka_bench_import_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString(), AUTH_SECRET: BENCH_AUTH_SECRET },
    dispose: () => dropDatabase(serverUrl, name),
  };
}
