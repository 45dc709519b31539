import { and, asc, eq, gt, inArray, isNull, notExists, sql } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { type DocumentTextStatus, documents, documentTextParts, documentTexts } from "../db/schema/index.js";
import { indexWords } from "../search/words.js";
import { logger } from "../shared/logger.js";
import { extractDocumentText, hasReadableText } from "./document-text.extract.js";
import { openStoredBytes } from "./documents.storage.js";

/**
 * A document's text, read from its stored bytes and kept by content (document_texts and its
 * parts), so that the workspace's search finds documents by what they say. A file up to
 * INLINE_TEXT_BYTES is read before its upload answers (it is searchable at once); a larger one
 * is read after, in the background, one at a time; `sharaka migrate` and `sharaka reindex`
 * read those an earlier version (or a stopped process) left unread.
 */
export const INLINE_TEXT_BYTES = 2 * 1024 * 1024;
/** The parts written by one statement. */
const PARTS_PER_STATEMENT = 50;

interface StoredContent {
  sha256: string;
  mediaType: string;
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Reads the text of a stored content and keeps it, replacing what was kept before. Never
 * throws on the file's account: a file that cannot be read is kept as "failed", with why.
 */
export async function readDocumentText({
  db,
  uploadsDir,
  content,
}: {
  db: Executor;
  uploadsDir: string;
  content: StoredContent;
}): Promise<DocumentTextStatus> {
  const read = hasReadableText(content.mediaType)
    ? await extractDocumentText(
        content.mediaType,
        await bytesOf(await openStoredBytes({ db, uploadsDir, sha256: content.sha256 })),
      )
    : await extractDocumentText(content.mediaType, new Uint8Array());
  if (read.status === "failed")
    logger.warn("document text not read", { sha256: content.sha256, problem: read.problem });
  await db.transaction(async (tx) => {
    await tx.delete(documentTextParts).where(eq(documentTextParts.sha256, content.sha256));
    const values = { status: read.status, pageCount: read.pageCount ?? null, problem: read.problem ?? null };
    await tx
      .insert(documentTexts)
      .values({ sha256: content.sha256, ...values })
      .onConflictDoUpdate({ target: documentTexts.sha256, set: { ...values, readAt: new Date() } });
    const parts = read.parts.map((part, index) => ({
      sha256: content.sha256,
      part: index + 1,
      page: part.page,
      text: part.text,
      search_text: indexWords(part.text).join(" "),
    }));
    for (let start = 0; start < parts.length; start += PARTS_PER_STATEMENT) {
      // One JSON parameter for every part: ::text first, so that neither driver re-encodes it.
      const batch = JSON.stringify(parts.slice(start, start + PARTS_PER_STATEMENT));
      await tx.execute(sql`insert into ${documentTextParts} (sha256, part, page, text, search_text)
        select sha256, part, page, text, search_text
        from jsonb_to_recordset(${batch}::text::jsonb) as r(sha256 text, part int, page int, text text, search_text text)`);
    }
  });
  return read.status;
}

/**
 * The text of a just-uploaded document: read now if small, else marked pending and read in the
 * background. The upload is already saved: nothing here may undo it or fail it.
 */
export async function readTextAfterUpload({
  db,
  uploadsDir,
  content,
  sizeBytes,
}: {
  db: Executor;
  uploadsDir: string;
  content: StoredContent;
  sizeBytes: number;
}): Promise<void> {
  try {
    const [known] = await db
      .select({ status: documentTexts.status })
      .from(documentTexts)
      .where(eq(documentTexts.sha256, content.sha256));
    if (known && known.status !== "pending") return;
    if (sizeBytes <= INLINE_TEXT_BYTES) {
      await readDocumentText({ db, uploadsDir, content });
      return;
    }
    await db
      .insert(documentTexts)
      .values({ sha256: content.sha256, status: "pending" })
      .onConflictDoNothing();
    backgroundReading.add({ db, uploadsDir, content });
  } catch (error) {
    logger.error("document text not read after upload", { sha256: content.sha256, error: String(error) });
  }
}

/**
 * The contents read in the background, one at a time (reading a PDF takes the processor: two
 * at once would only slow the pages being served). A stopped process leaves them "pending", for
 * `sharaka reindex` or the next `migrate` to read.
 */
const backgroundReading = (() => {
  const queued = new Map<string, { db: Executor; uploadsDir: string; content: StoredContent }>();
  let running: Promise<void> | undefined;
  async function drain() {
    for (const [sha256, job] of queued) {
      queued.delete(sha256);
      await readDocumentText(job).catch((error) =>
        logger.error("document text not read in the background", { sha256, error: String(error) }),
      );
    }
    running = undefined;
  }
  return {
    add(job: { db: Executor; uploadsDir: string; content: StoredContent }) {
      queued.set(job.content.sha256, job);
      running ??= drain();
    },
    /** Resolves once every queued content is read (for tests and a stopping server). */
    idle: async () => {
      while (running) await running;
    },
  };
})();

export const documentTextsReadInBackground = (): Promise<void> => backgroundReading.idle();

/**
 * Reads the text of every stored content that has none (or, with `again`, of all), a content
 * at a time in key order; answers how many it read. `onProgress` hears (done, total).
 */
export async function readMissingDocumentTexts({
  db,
  uploadsDir,
  again = false,
  onProgress,
}: {
  db: Executor;
  uploadsDir: string;
  again?: boolean;
  onProgress?: (done: number, total: number) => void;
}): Promise<number> {
  const unread = again
    ? undefined
    : notExists(
        db
          .select({ one: sql`1` })
          .from(documentTexts)
          .where(and(eq(documentTexts.sha256, documents.sha256), sql`${documentTexts.status} <> 'pending'`)),
      );
  const [counted] = await db
    .select({ total: sql<number>`count(distinct ${documents.sha256})::int` })
    .from(documents)
    .where(and(isNull(documents.deletedAt), unread));
  const total = counted?.total ?? 0;
  let done = 0;
  let after = "";
  onProgress?.(0, total);
  for (;;) {
    const batch = await db
      .selectDistinctOn([documents.sha256], { sha256: documents.sha256, mediaType: documents.mediaType })
      .from(documents)
      .where(and(isNull(documents.deletedAt), gt(documents.sha256, after), unread))
      .orderBy(asc(documents.sha256))
      .limit(100);
    if (!batch.length) return done;
    for (const content of batch) {
      await readDocumentText({ db, uploadsDir, content }).catch((error) =>
        logger.error("document text not read", { sha256: content.sha256, error: String(error) }),
      );
      done++;
      onProgress?.(done, Math.max(total, done));
    }
    after = batch[batch.length - 1]?.sha256 ?? after;
  }
}

/** What reading each content's text came to, for listing documents. */
export async function textStatusesOf(
  db: Executor,
  sha256s: readonly string[],
): Promise<Map<string, DocumentTextStatus>> {
  if (!sha256s.length) return new Map();
  const rows = await db
    .select({ sha256: documentTexts.sha256, status: documentTexts.status })
    .from(documentTexts)
    .where(inArray(documentTexts.sha256, [...new Set(sha256s)]));
  return new Map(rows.map((row) => [row.sha256, row.status]));
}
