import pg from "pg";

/**
 * What test/global-setup.ts migrated once for the whole run, as the test files receive it:
 * the path of a PGlite snapshot (a tarball of its data folder), or a template database's name.
 */
export type MigratedDatabase = { driver: "pglite"; snapshot: string } | { driver: "pg"; template: string };

/** One statement on its own connection, closed at once (a template must have none open). */
export async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
