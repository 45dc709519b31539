import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { type DatabaseHandle, migrationsFolder, openDatabase } from "../src/db/client.js";
import { onServer } from "./migrated-databases.js";
import { testSettings } from "./settings.js";

/** A database as it was before a migration landed, to test that migration on data it finds. */
export interface EarlierDatabase {
  handle: DatabaseHandle;
  /** closes the database, drops it on the server, removes the shortened migrations */
  dispose(): Promise<void>;
}

/**
 * A new database (PGlite, or on the test server with TEST_DRIVER=pg) migrated up to, not
 * including, the migration whose tag ends with `tagSuffix`; `handle.migrate()` then runs the rest.
 */
export async function databaseBefore(tagSuffix: string): Promise<EarlierDatabase> {
  const folder = mkdtempSync(path.join(tmpdir(), "sharaka-migrations-"));
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalPath = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((entry) => entry.tag.endsWith(tagSuffix));
  if (cut <= 0) throw new Error(`no migration ending with ${tagSuffix} after the first`);
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(journalPath, JSON.stringify(journal));
  const removeFolder = () => rmSync(folder, { recursive: true, force: true });

  const settings = testSettings();
  if (settings.driver === "pglite") {
    const handle = await openDatabase({ driver: "pglite" });
    await migratePglite(handle.db as never, { migrationsFolder: folder });
    return {
      handle,
      dispose: async () => {
        await handle.close();
        removeFolder();
      },
    };
  }
  const serverUrl = settings.databaseUrl as string;
  const name = `sharaka_test_${randomBytes(6).toString("hex")}`;
  await onServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ driver: "pg", url: url.toString(), poolSize: 2 });
  await migratePg(handle.db as never, { migrationsFolder: folder });
  return {
    handle,
    dispose: async () => {
      await handle.close();
      await onServer(serverUrl, `drop database if exists ${name} with (force)`);
      removeFolder();
    },
  };
}
