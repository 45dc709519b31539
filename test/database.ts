import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { prepareDatabase } from "../src/cli/bootstrap.js";
import { type DatabaseHandle, openDatabase } from "../src/db/client.js";
import { onServer } from "./migrated-databases.js";
import { testSettings } from "./settings.js";

/**
 * A fresh, migrated database with its reference data, for one test file:
 * in-memory PGlite by default; with TEST_DRIVER=pg, a new database on the server
 * named by TEST_DATABASE_URL, dropped again on close.
 *
 * Starting a bare PGlite and migrating cost seconds per file: test/global-setup.ts does both
 * once per run, and this starts from its snapshot or template. The reference data is still
 * loaded here, so that each database has its own association (ids, timestamps), as before.
 * Run without that setup (another vitest config), it migrates here.
 */
export async function createTestDatabase(options: { referenceData?: boolean } = {}): Promise<DatabaseHandle> {
  const settings = testSettings();
  const migrated = inject("migratedDatabase");
  if (settings.driver === "pglite") {
    const handle =
      migrated?.driver === "pglite"
        ? await openSnapshot(migrated.snapshot)
        : await openDatabase({ driver: "pglite" });
    await prepareDatabase(handle, options);
    return handle;
  }
  if (!settings.databaseUrl) throw new Error("TEST_DRIVER=pg needs TEST_DATABASE_URL");
  const serverUrl = settings.databaseUrl;
  const name = `sharaka_test_${randomBytes(6).toString("hex")}`;
  await onServer(
    serverUrl,
    migrated?.driver === "pg"
      ? `create database ${name} template ${migrated.template}`
      : `create database ${name}`,
  );
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ driver: "pg", url: url.toString(), poolSize: 4 });
  await prepareDatabase(handle, options);
  return {
    ...handle,
    async close() {
      await handle.close();
      await onServer(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/** Read once per test file, however many databases the file opens. */
const snapshots = new Map<string, Blob>();

/** An in-memory PGlite started from the run's migrated snapshot (skipping initdb and the migrations). */
async function openSnapshot(file: string): Promise<DatabaseHandle> {
  let snapshot = snapshots.get(file);
  if (!snapshot) {
    snapshot = new Blob([readFileSync(file)]);
    snapshots.set(file, snapshot);
  }
  return openDatabase({ driver: "pglite", loadDataDir: snapshot });
}
