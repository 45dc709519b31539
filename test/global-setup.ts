import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../src/db/client.js";
import buildIfStale from "./build-setup.js";
import { type MigratedDatabase, onServer } from "./migrated-databases.js";
import { testSettings } from "./settings.js";

declare module "vitest" {
  export interface ProvidedContext {
    migratedDatabase: MigratedDatabase;
    /** an embedded data folder with every migration and no data (in the suite that runs the driver-free tests), for the command-line tests to copy */
    migratedDataDir?: string;
  }
}

/**
 * Starts a database and migrates it once for the whole run instead of once per test file:
 * on PGlite a snapshot of its data folder that each file's database is loaded from, on
 * PostgreSQL a template database that each file's database is created from.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await buildIfStale();
  const settings = testSettings();
  if (settings.driver === "pglite") {
    const folder = mkdtempSync(path.join(tmpdir(), "sharaka-snapshot-"));
    // Uncompressed: each file's database loads it, and unpacking gzip took ~0.2 s of each ~0.55 s load.
    const snapshot = path.join(folder, "migrated.tar");
    const handle = await openDatabase({ driver: "pglite" });
    try {
      await handle.migrate();
      const client = (handle.db as unknown as { $client: PGlite }).$client;
      const tarball = await client.dumpDataDir("none");
      writeFileSync(snapshot, new Uint8Array(await tarball.arrayBuffer()));
    } finally {
      await handle.close();
    }
    project.provide("migratedDatabase", { driver: "pglite", snapshot });
    project.provide("migratedDataDir", await migratedDataFolder(folder));
    return async () => rmSync(folder, { recursive: true, force: true });
  }

  if (!settings.databaseUrl) throw new Error("TEST_DRIVER=pg needs TEST_DATABASE_URL");
  const serverUrl = settings.databaseUrl;
  const template = `sharaka_template_${randomBytes(6).toString("hex")}`;
  const drop = () => onServer(serverUrl, `drop database if exists ${template} with (force)`);
  await onServer(serverUrl, `create database ${template}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${template}`;
    // Two connections: migrate() holds one for its advisory lock while the migrator uses the
    // other. Closed before any test starts: `create database … template` refuses a template in use.
    const handle = await openDatabase({ driver: "pg", url: url.toString(), poolSize: 2 });
    try {
      await handle.migrate();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await drop();
    throw error;
  }
  project.provide("migratedDatabase", { driver: "pg", template });
  if (!settings.runsDriverFreeTests) return drop;
  // The commands started on an embedded data folder run in this suite (TEST_DRIVER_FREE_IN).
  const folder = mkdtempSync(path.join(tmpdir(), "sharaka-snapshot-"));
  project.provide("migratedDataDir", await migratedDataFolder(folder));
  return async () => {
    rmSync(folder, { recursive: true, force: true });
    await drop();
  };
}

/** An embedded data folder with every migration and no data, in `folder`, for the command-line tests to copy. */
async function migratedDataFolder(folder: string): Promise<string> {
  const dataDir = path.join(folder, "migrated-data-folder");
  const embedded = await openDatabase({ driver: "pglite", dataDir, command: "test setup" });
  try {
    await embedded.migrate();
  } finally {
    await embedded.close();
  }
  return dataDir;
}
