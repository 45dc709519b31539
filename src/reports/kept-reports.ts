import { LRUCache } from "lru-cache";
import type { Executor } from "../db/client.js";
import { readRegistryGeneration } from "../db/registry-generation.js";

/** At most this many bytes of laid-out reports per process and database (an agreement's sheet is ~100 KB). */
const KEPT_REPORT_BYTES = 32 * 1024 * 1024;

interface Kept {
  generation: number;
  pdf: Uint8Array;
}

interface Store {
  done: LRUCache<string, Kept>;
  /** reports being laid out, by generation and key: a second reader waits for the first's */
  making: Map<string, Promise<Kept>>;
}

const stores = new WeakMap<Executor, Store>();

function storeOf(db: Executor): Store {
  let store = stores.get(db);
  if (!store) {
    store = {
      done: new LRUCache<string, Kept>({
        maxSize: KEPT_REPORT_BYTES,
        sizeCalculation: (kept) => Math.max(1, kept.pdf.byteLength),
      }),
      making: new Map(),
    };
    stores.set(db, store);
  }
  return store;
}

/**
 * A report laid out once per registry generation and key (the caller's key names everything the
 * report depends on besides the registry: address, reader's scope, day), then answered from
 * memory until a write raises the generation — in any process sharing the database, since
 * every process reads the committed generation first (one row by key). A failed report is not kept.
 */
export async function keptReport(
  db: Executor,
  key: string,
  make: () => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const generation = await readRegistryGeneration(db);
  const store = storeOf(db);
  const done = store.done.get(key);
  if (done?.generation === generation) return done.pdf;
  const makingKey = `${generation}|${key}`;
  let making = store.making.get(makingKey);
  if (!making) {
    const started = make().then((pdf) => ({ generation, pdf }));
    making = started;
    store.making.set(makingKey, started);
    started
      .then(
        (kept) => {
          const current = store.done.get(key);
          if (!current || current.generation <= kept.generation) store.done.set(key, kept);
        },
        () => {},
      )
      .finally(() => store.making.delete(makingKey));
  }
  return (await making).pdf;
}
