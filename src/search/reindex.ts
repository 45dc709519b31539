import { asc, gt, inArray, sql } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import {
  activities,
  agreements,
  documents,
  meetings,
  organizations,
  searchFormat,
} from "../db/schema/index.js";
import { writeAgreementSearchText } from "./agreement-search-text.js";
import { writeOrganizationSearchText } from "./organization-search-text.js";
import { activitySearchText, documentSearchText, meetingSearchText } from "./record-search-text.js";

/**
 * The version of what a search row holds and how its words are made (words.ts, query.ts). Raise
 * it with any change to either: every database rebuilds its search rows once, on its next start.
 */
export const SEARCH_FORMAT = 3;
const ROWS_PER_BATCH = 1_000;

/** Calls `write` with every id of the table, a batch at a time in key order; answers how many. */
async function inBatches(
  db: Executor,
  table: typeof agreements | typeof organizations | typeof activities | typeof meetings | typeof documents,
  write: (ids: string[]) => Promise<void>,
  onProgress?: (done: number) => void,
): Promise<number> {
  let done = 0;
  let after: string | undefined;
  for (;;) {
    const batch = await db
      .select({ id: table.id })
      .from(table)
      .where(after ? gt(table.id, after) : undefined)
      .orderBy(asc(table.id))
      .limit(ROWS_PER_BATCH);
    if (!batch.length) return done;
    await write(batch.map((row) => row.id));
    done += batch.length;
    after = batch[batch.length - 1]?.id;
    onProgress?.(done);
  }
}

/**
 * The records searched by their own `search_text` column: which columns their words are made
 * from (record-search-text.ts), as the services write them.
 */
const recordSearchTexts = [
  {
    table: activities,
    read: { id: activities.id, title: activities.title },
    words: activitySearchText,
  },
  {
    table: meetings,
    read: { id: meetings.id, title: meetings.title, agenda: meetings.agenda, place: meetings.place },
    words: meetingSearchText,
  },
  {
    table: documents,
    read: { id: documents.id, title: documents.title, fileName: documents.fileName },
    words: documentSearchText,
  },
] as const;

/** Rewrites these records' `search_text` from their columns, one statement to read and one to write. */
async function writeRecordSearchTexts(
  db: Executor,
  { table, read, words }: (typeof recordSearchTexts)[number],
  ids: string[],
): Promise<void> {
  const rows = await db.select(read).from(table).where(inArray(table.id, ids));
  if (!rows.length) return;
  const values = rows.map((row) => ({ id: row.id, words: (words as (record: typeof row) => string)(row) }));
  // One JSON parameter for every row: ::text first, so that neither driver re-encodes it.
  await db.execute(sql`update ${table} set search_text = r.words
    from jsonb_to_recordset(${JSON.stringify(values)}::text::jsonb) as r(id uuid, words text)
    where ${table.id} = r.id`);
}

/**
 * Rebuilds the search words of every organisation, activity, meeting, document and agreement, a
 * thousand at a time (each batch its own statements, so a large registry never holds them all in
 * memory), then records the format they were built in. Answers how many agreements it rebuilt.
 */
export async function reindexSearch({
  db,
  onProgress,
}: {
  db: Executor;
  /** agreements rebuilt so far */
  onProgress?: (done: number) => void;
}): Promise<number> {
  await inBatches(db, organizations, (organizationIds) =>
    writeOrganizationSearchText({ db, organizationIds }),
  );
  for (const record of recordSearchTexts)
    await inBatches(db, record.table, (ids) => writeRecordSearchTexts(db, record, ids));
  const done = await inBatches(
    db,
    agreements,
    (agreementIds) => writeAgreementSearchText({ db, agreementIds }),
    onProgress,
  );
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
  await reindexSearch({ db });
}
