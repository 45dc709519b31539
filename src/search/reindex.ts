import { asc, gt } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { agreements, searchFormat } from "../db/schema/index.js";
import { writeAgreementSearchText } from "./agreement-search-text.js";

/**
 * The version of what a search row holds and how its words are made (words.ts, query.ts). Raise
 * it with any change to either: every database rebuilds its search rows once, on its next start.
 */
export const SEARCH_FORMAT = 2;
const AGREEMENTS_PER_BATCH = 1_000;

/**
 * Rebuilds every agreement's search row, a thousand at a time (each batch its own statements,
 * so a large registry never holds them all in memory), then records the format it was built in.
 */
export async function reindexAgreementSearch({
  db,
  onProgress,
}: {
  db: Executor;
  onProgress?: (done: number) => void;
}): Promise<number> {
  let done = 0;
  let after: string | undefined;
  for (;;) {
    const batch = await db
      .select({ id: agreements.id })
      .from(agreements)
      .where(after ? gt(agreements.id, after) : undefined)
      .orderBy(asc(agreements.id))
      .limit(AGREEMENTS_PER_BATCH);
    if (!batch.length) break;
    await writeAgreementSearchText({ db, agreementIds: batch.map((row) => row.id) });
    done += batch.length;
    after = batch[batch.length - 1]?.id;
    onProgress?.(done);
  }
  await db
    .insert(searchFormat)
    .values({ format: SEARCH_FORMAT })
    .onConflictDoUpdate({ target: searchFormat.only, set: { format: SEARCH_FORMAT } });
  return done;
}

/** Rebuilds the search rows if they were made in an earlier format (see SEARCH_FORMAT). */
export async function ensureSearchIndexCurrent({ db }: { db: Executor }): Promise<void> {
  const [stored] = await db.select({ format: searchFormat.format }).from(searchFormat);
  if (stored?.format === SEARCH_FORMAT) return;
  await reindexAgreementSearch({ db });
}
