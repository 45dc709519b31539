import { and, eq, gt, lte, sql } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { logger } from "../shared/logger.js";
import {
  type Database,
  databaseClosed,
  type Executor,
  isEmbeddedDatabase,
  listenForNotices,
} from "./client.js";
import { queryRows } from "./rows.js";
import { auditEvents, registryGeneration } from "./schema/index.js";

/**
 * Records no public change: accounts, API tokens, personal calendar addresses, alert rules and
 * settings are never shown to the public. Every other audited write may be (a superset is safe:
 * it only costs the cache a refill).
 */
const PRIVATE_RECORDS = new Set(["user", "api_token", "calendar_feed", "alert_rule", "setting"]);

export const changesPublicOutput = (entityType: string): boolean => !PRIVATE_RECORDS.has(entityType);

/** The channel every process listens on for a new generation (its number as the payload). */
export const GENERATION_CHANNEL = "sharaka_registry_generation";

/**
 * Raises the generation, in the caller's transaction (once however many writes it holds), and announces the new number: PostgreSQL
 * delivers the notice to every listening process when, and only if, the write commits. The row
 * stays locked until then, so generations are handed out in the order writes commit: once a
 * process reads generation g, every write numbered g or lower has committed.
 */
export async function bumpRegistryGeneration(db: Executor): Promise<number> {
  // Raised once per transaction, the number kept in a transaction-local setting (a rolled-back
  // savepoint forgets it with the raise): every write of one transaction commits together, and
  // updating the one row again and again in a transaction lengthens its chain of row versions,
  // each update walking it (an import of 100,000 records spent most of its time here).
  const [raised] = await queryRows<{ generation: string | number; database: string }>(
    db,
    sql`
    with known as (
      select nullif(current_setting('sharaka.raised_generation', true), '')::bigint as generation
    ), raised as (
      insert into ${registryGeneration} (id, generation) values (1, 2)
      on conflict (id) do update set generation = ${registryGeneration}.generation + 1
      where (select generation from known) is null
      returning generation
    ), current as (
      select coalesce((select generation from raised), (select generation from known)) as generation
    )
    select generation, current_database() as database,
      set_config('sharaka.raised_generation', generation::text, true),
      pg_notify(${GENERATION_CHANNEL}, generation::text)
    from current`,
  );
  const generation = Number(raised?.generation);
  if (raised) raisedHere.set(raised.database, Math.max(raisedHere.get(raised.database) ?? 0, generation));
  return generation;
}

/**
 * By database: the highest generation a write of this process has raised, committed or not.
 * Until a watch has heard of it, kept values read the row, so that whoever wrote sees the write
 * at once (a transaction does not know its pool, so the database is named by the server).
 */
const raisedHere = new Map<string, number>();

/** The committed generation (1 before any write). One primary-key read. */
export async function readRegistryGeneration(db: Executor): Promise<number> {
  const [row] = await db
    .select({ generation: registryGeneration.generation })
    .from(registryGeneration)
    .where(eq(registryGeneration.id, 1));
  return row?.generation ?? 1;
}

const embeddedWatches = new WeakMap<Database, GenerationWatch>();
const serverWatches = new WeakMap<Executor, { watch: GenerationWatch; database?: string }>();

/**
 * Kept values on this PostgreSQL database follow the generation from `watch` (LISTEN/NOTIFY)
 * instead of reading its row on each call: `sharaka serve` gives its watch. A write of another
 * process is then heard one round trip after it commits, as the public cache hears it; a write of
 * this one is seen at once (the row is read until the watch has heard it).
 */
export function followGenerationWith(db: Database, watch: GenerationWatch): () => void {
  const followed: { watch: GenerationWatch; database?: string } = { watch };
  serverWatches.set(db, followed);
  // Followed once its name is known (the writes of this process are counted by it).
  queryRows<{ database: string }>(db, sql`select current_database() as database`).then(
    ([row]) => {
      followed.database = row?.database;
    },
    () => {},
  );
  return () => {
    if (serverWatches.get(db) === followed) serverWatches.delete(db);
  };
}

/**
 * The committed generation, for values kept per generation. The embedded database is held by one
 * process, and PGlite hands a commit's notices to its listeners before the commit returns, so a
 * watch there knows every raise as soon as the write's caller does: no read (a third of the
 * statements of a kept page). On a server, the row is read, unless the process follows the
 * generation with a watch (followGenerationWith) that has heard of every raise it made itself.
 */
export async function committedGeneration(db: Executor): Promise<number> {
  if (isEmbeddedDatabase(db) && !databaseClosed(db)) {
    let watch = embeddedWatches.get(db);
    if (!watch) {
      watch = watchRegistryGeneration(db);
      embeddedWatches.set(db, watch);
    }
    const known = watch.known();
    if (known !== undefined) return known;
  }
  const followed = serverWatches.get(db);
  if (followed?.database !== undefined) {
    const heard = followed.watch.known();
    if (heard !== undefined && heard >= (raisedHere.get(followed.database) ?? 0)) return heard;
  }
  return readOnceThisTick(db);
}

const readsThisTick = new WeakMap<Executor, Promise<number>>();

/**
 * The generation's row, read once for all who ask in one run of microtasks: a page asking for
 * three kept values together reads it once, not three times. Safe: a commit is heard only in an
 * I/O callback, never inside a run of microtasks, so none of them can have seen a write that a
 * read sent in this run would miss. The next run reads again.
 */
function readOnceThisTick(db: Executor): Promise<number> {
  const reading = readsThisTick.get(db);
  if (reading) return reading;
  const read = readRegistryGeneration(db);
  readsThisTick.set(db, read);
  queueMicrotask(() => readsThisTick.delete(db));
  return read;
}

export interface RegistryChanges {
  /** false when some generation in the range was raised by no audited event (an import): the events do not tell all */
  complete: boolean;
  /** each audited write in the range: the kind of record and the agreement it belongs to, if any */
  changes: { entityType: string; agreementId: string | null }[];
}

/** What the writes that raised the generation above `from`, up to `to`, touched (committed, by the order above). */
export async function changesBetween(db: Executor, from: number, to: number): Promise<RegistryChanges> {
  const rows = await db
    .select({
      generation: auditEvents.generation,
      entityType: auditEvents.entityType,
      agreementId: auditEvents.agreementId,
    })
    .from(auditEvents)
    .where(and(gt(auditEvents.generation, from), lte(auditEvents.generation, to)));
  const raised = new Set(rows.map((row) => row.generation));
  return {
    complete: raised.size === to - from,
    changes: rows.map(({ entityType, agreementId }) => ({ entityType, agreementId })),
  };
}

/** Where kept values wait: a Map, or a least-recently-used cache when the values are bounded. */
type KeptValues<V> = Pick<Map<string, Promise<V>>, "get" | "delete"> & {
  set(key: string, value: Promise<V>, options?: { size: number }): unknown;
};

/**
 * A value computed from the registry, kept per database and key until the generation changes:
 * every audited write that may change what the public sees raises it, in every process sharing
 * the database, so no process answers from a value older than its last read of the generation
 * (one row, read by key, per call). Calls arriving while a value is being computed wait for that
 * computation; a failed one is not kept. With `bound`, at most `maxSize` (as `sizeOf` measures
 * the values) is kept per database, the least recently used going first.
 */
export function keptPerGeneration<K, V>(
  compute: (db: Executor, key: K, generation: number) => Promise<V>,
  keyOf: (key: K) => string,
  bound?: { maxSize: number; sizeOf: (value: V) => number },
): (db: Executor, key: K) => Promise<V> {
  const kept = new WeakMap<Executor, { generation: number; byKey: KeptValues<V> }>();
  const emptyValues = (): KeptValues<V> =>
    bound ? new LRUCache<string, Promise<V>>({ maxSize: bound.maxSize }) : new Map<string, Promise<V>>();
  return async (db, key) => {
    const generation = await committedGeneration(db);
    let entry = kept.get(db);
    if (entry?.generation !== generation) {
      entry = { generation, byKey: emptyValues() };
      kept.set(db, entry);
    }
    const id = keyOf(key);
    const known = entry.byKey.get(id);
    if (known) return known;
    // Settled once, whatever compute returns: a query builder is a thenable that runs its
    // statement again each time it is awaited (kept as it was, it was read on every request).
    const value = Promise.resolve(compute(db, key, generation));
    const byKey = entry.byKey;
    // A value being computed counts 1 until its size is known.
    byKey.set(id, value, bound ? { size: 1 } : undefined);
    value.then(
      (done) => {
        // Measured once known (set again: the cache measures a value when it is added); a value
        // larger than the bound is not kept at all.
        if (bound && byKey.get(id) === value) {
          byKey.delete(id);
          byKey.set(id, value, { size: Math.max(1, bound.sizeOf(done)) });
        }
      },
      () => {
        if (byKey.get(id) === value) byKey.delete(id);
      },
    );
    return value;
  };
}

export interface GenerationWatch {
  /** the newest committed generation this process has heard of; undefined while not listening (then read it) */
  known(): number | undefined;
  stop(): Promise<void>;
}

const LISTEN_AGAIN_MS = 1000;

/**
 * Keeps the committed generation in memory from the notices of every write (LISTEN/NOTIFY), so
 * that a cached answer costs no database round trip. A process hears another's write one round
 * trip after it commits. While the listening connection is down (a server restart), known() is
 * undefined and the cache reads the row on each request, until listening holds again.
 */
export function watchRegistryGeneration(db: Database): GenerationWatch {
  let known: number | undefined;
  let heardWhileReading = 0;
  let stopped = false;
  let unlisten: (() => Promise<void>) | undefined;
  let retry: NodeJS.Timeout | undefined;

  const heard = (payload: string) => {
    const generation = Number(payload);
    if (!Number.isSafeInteger(generation)) return;
    if (known === undefined) heardWhileReading = Math.max(heardWhileReading, generation);
    else known = Math.max(known, generation);
  };
  const listenAgainLater = () => {
    known = undefined;
    unlisten = undefined;
    clearTimeout(retry);
    if (stopped || databaseClosed(db)) return;
    retry = setTimeout(start, LISTEN_AGAIN_MS);
    retry.unref();
  };
  async function start() {
    try {
      heardWhileReading = 0;
      unlisten = await listenForNotices(db, GENERATION_CHANNEL, {
        onNotice: heard,
        onLost: listenAgainLater,
      });
      // Listening first, then reading: a write that commits in between is in the read or in a notice.
      const read = await readRegistryGeneration(db);
      if (stopped) return void (await unlisten());
      known = Math.max(read, heardWhileReading);
    } catch (error) {
      if (!stopped && !databaseClosed(db)) {
        logger.warn(
          `The public cache reads the registry's generation per request: ${(error as Error).message}`,
        );
      }
      await unlisten?.().catch(() => {});
      listenAgainLater();
    }
  }
  void start();

  return {
    known: () => known,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      known = undefined;
      await unlisten?.();
    },
  };
}
