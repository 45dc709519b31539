import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { AppError } from "../shared/errors.js";
import { logger } from "../shared/logger.js";
import { sourceFile } from "../shared/package-files.js";
import { acquireDataDirLock, type DataDirLock } from "./lock.js";
import * as schema from "./schema/index.js";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Services accept either, so that an import can run many of them in one transaction. */
export type Executor = Database | Transaction;

export const migrationsFolder = sourceFile("db/migrations");

/** Any key: it only has to be the same in every process that migrates. */
const MIGRATION_LOCK_KEY = 7_356_001;

export interface DatabaseHandle {
  db: Database;
  driver: "pglite" | "pg";
  /** where the data lives, for messages: a folder or a server URL without its password */
  location: string;
  lock?: DataDirLock;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export type OpenOptions =
  | {
      driver: "pglite";
      dataDir?: string;
      command?: string;
      /** an in-memory database starts from this dumped data folder (dumpDataDir), skipping initdb */
      loadDataDir?: Blob;
    }
  | { driver: "pg"; url: string; poolSize?: number };

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.driver === "pg") return openServer(options.url, options.poolSize ?? 10);
  return openEmbedded(options.dataDir, options.command ?? "serve", options.loadDataDir);
}

async function openEmbedded(
  dataDir: string | undefined,
  command: string,
  loadDataDir?: Blob,
): Promise<DatabaseHandle> {
  // No folder: an in-memory database, used by the tests.
  const lock = dataDir ? acquireDataDirLock(dataDir, command) : undefined;
  let client: PGlite;
  try {
    if (dataDir) fs.mkdirSync(`${dataDir}/pg`, { recursive: true });
    // pg_trgm (typo-tolerant search) must be loaded on every open of a folder that created it.
    const extensions = { pg_trgm };
    client = dataDir
      ? await PGlite.create(`${dataDir}/pg`, { extensions })
      : await PGlite.create({ loadDataDir, extensions });
  } catch (error) {
    lock?.release();
    throw new AppError(
      "storage_unavailable",
      `Could not open the embedded database in ${dataDir}: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  return {
    db,
    driver: "pglite",
    location: dataDir ?? "(in memory)",
    lock,
    async migrate() {
      await migratePglite(db as never, { migrationsFolder });
    },
    async close() {
      await client.close();
      lock?.release();
    },
  };
}

async function openServer(url: string, poolSize: number): Promise<DatabaseHandle> {
  // JIT compilation pays off for long analytical queries, not for a page's: measured on the
  // bench's 100,000 activities, the territory view's query took 924 ms with it, 343 ms without.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: "-c jit=off" });
  // An idle connection the server drops (a restart, a terminated backend) must not crash the
  // process: the pool replaces it on the next query.
  pool.on("error", (error) => logger.warn(`PostgreSQL connection lost: ${error.message}`));
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (error) {
    await pool.end();
    throw new AppError(
      "storage_unavailable",
      `Could not connect to the PostgreSQL server ${redactUrl(url)}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const db = drizzlePg(pool, { schema }) as unknown as Database;
  return {
    db,
    driver: "pg",
    location: redactUrl(url),
    async migrate() {
      // Several application processes may start together: one migrates, the others wait.
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
        await migratePg(db as never, { migrationsFolder });
      } finally {
        await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
        client.release();
      }
    },
    async close() {
      await Promise.all([...(listeners.get(pool) ?? [])].map((client) => client.end().catch(() => {})));
      await pool.end();
    },
  };
}

/** The connections that LISTEN beside each pool, closed with it. */
const listeners = new WeakMap<pg.Pool, Set<pg.Client>>();

export interface NoticeHandlers {
  onNotice: (payload: string) => void;
  /** the connection that listened is gone (a server restart, a terminated backend): notices may be missed until the caller listens again */
  onLost: () => void;
}

/**
 * Calls onNotice with the payload of each NOTIFY on `channel`, from the moment the returned
 * promise resolves. On PostgreSQL one connection of its own listens beside the pool (a pooled
 * connection would be handed to queries); on the embedded database the one connection does.
 * Resolves to a function that stops listening.
 */
export async function listenForNotices(
  db: Database,
  channel: string,
  { onNotice, onLost }: NoticeHandlers,
): Promise<() => Promise<void>> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof PGlite) return client.listen(channel, onNotice);
  if (!(client instanceof pg.Pool)) throw new Error("listenForNotices: not a database of openDatabase");
  if (client.ended) throw new AppError("storage_unavailable", "The database is closed");
  const listener = new pg.Client({ connectionString: client.options.connectionString });
  let lost = false;
  const loseOnce = () => {
    if (lost) return;
    lost = true;
    listeners.get(client)?.delete(listener);
    onLost();
  };
  listener.on("error", (error) => {
    logger.warn(`PostgreSQL listening connection lost: ${error.message}`);
    loseOnce();
  });
  listener.on("end", loseOnce);
  listener.on("notification", (message) => {
    if (message.channel === channel) onNotice(message.payload ?? "");
  });
  await listener.connect();
  const set = listeners.get(client) ?? new Set();
  listeners.set(client, set);
  set.add(listener);
  try {
    await listener.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
  } catch (error) {
    set.delete(listener);
    await listener.end().catch(() => {});
    throw error;
  }
  return async () => {
    lost = true;
    set.delete(listener);
    await listener.end().catch(() => {});
  };
}

/** Whether this database (or a transaction on it) is a PostgreSQL server's, which several processes share. */
export function isServerDatabase(db: Executor): boolean {
  const holder = db as unknown as { $client?: unknown; session?: { client?: unknown } };
  const client = holder.$client ?? holder.session?.client;
  return client instanceof pg.Pool || client instanceof pg.Client;
}

/** Whether this is the embedded database itself (not a transaction on it): one process holds its folder. */
export function isEmbeddedDatabase(db: Executor): db is Database {
  return (db as unknown as { $client?: unknown }).$client instanceof PGlite;
}

/** Whether the database was closed (a listener stops trying to listen again). */
export function databaseClosed(db: Database): boolean {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof pg.Pool) return client.ended;
  if (client instanceof PGlite) return client.closed;
  return false;
}

/** The PostgreSQL pool's connections (for metrics); undefined on the embedded database or once the pool is closed. */
export function poolStatistics(db: Database): { total: number; idle: number; waiting: number } | undefined {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (!(client instanceof pg.Pool) || client.ended) return undefined;
  return { total: client.totalCount, idle: client.idleCount, waiting: client.waitingCount };
}
