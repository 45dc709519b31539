import { randomBytes } from "node:crypto";
import pg from "pg";
import { prepareDatabase } from "../src/cli/bootstrap.js";
import { parseConfig } from "../src/config.js";
import { type DatabaseHandle, openDatabase } from "../src/db/client.js";

/**
 * A fresh, migrated database with its reference data, for one test file:
 * in-memory PGlite by default; with TEST_DRIVER=pg, a new database on the server
 * named by TEST_DATABASE_URL, dropped again on close.
 */
export async function createTestDatabase(options: { referenceData?: boolean } = {}): Promise<DatabaseHandle> {
  const config = parseConfig();
  if (config.testDriver === "pglite") {
    const handle = await openDatabase({ driver: "pglite" });
    await prepareDatabase(handle, options);
    return handle;
  }
  if (!config.testDatabaseUrl) throw new Error("TEST_DRIVER=pg needs TEST_DATABASE_URL");
  const name = `sharaka_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: config.testDatabaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(config.testDatabaseUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ driver: "pg", url: url.toString(), poolSize: 4 });
  await prepareDatabase(handle, options);
  return {
    ...handle,
    async close() {
      await handle.close();
      const dropper = new pg.Client({ connectionString: config.testDatabaseUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
