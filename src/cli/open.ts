import type { Config } from "../config.js";
import { type DatabaseHandle, openDatabase } from "../db/client.js";
import { prepareDatabase } from "./bootstrap.js";

/**
 * Opens the configured database for a command: the PostgreSQL server when DATABASE_URL is
 * set, otherwise the embedded folder under its exclusive lock (refused, naming the holder,
 * while `sharaka serve` or another command has it).
 */
export async function openForCommand(
  config: Config,
  command: string,
  options: { referenceData?: boolean } = {},
): Promise<DatabaseHandle> {
  const handle = config.databaseUrl
    ? await openDatabase({ driver: "pg", url: config.databaseUrl })
    : await openDatabase({ driver: "pglite", dataDir: config.dataDir, command });
  try {
    await prepareDatabase(handle, options);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}
