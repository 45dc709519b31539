import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readdir, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { and, eq, sql } from "drizzle-orm";
import { type Executor, isServerDatabase } from "../db/client.js";
import { documentChunks } from "../db/schema/index.js";
import { AppError } from "../shared/errors.js";

/**
 * The bytes of documents, kept by content (their SHA-256): the same content is stored once,
 * whatever its name or owner; a soft-deleted document keeps its bytes. An uploaded name never
 * reaches a path or a key: only the hash does.
 *
 * Where: on a PostgreSQL server, in the database itself (document_chunks), so that every
 * process of `serve --workers` reaches every file; on the embedded database, in the data
 * folder, `<uploadsDir>/<first two hex digits>/<sha256>`. Either way a file is read as a
 * stream, a piece at a time, never whole.
 */
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** The size of a piece in the database: large enough to be few, small enough to hold many at once. */
export const CHUNK_BYTES = 512 * 1024;

export const sha256Hex = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

export function storedPath(uploadsDir: string, sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
  return path.join(uploadsDir, sha256.slice(0, 2), sha256);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

const unavailable = (cause: unknown) =>
  new AppError("storage_unavailable", "The document could not be stored; try again later", { cause });

async function storedInDatabase(db: Executor, sha256: string): Promise<boolean> {
  const [first] = await db
    .select({ seq: documentChunks.seq })
    .from(documentChunks)
    .where(and(eq(documentChunks.sha256, sha256), eq(documentChunks.seq, 0)));
  return first !== undefined;
}

/** Writes pieces in one transaction: a reader never meets half a file. */
async function writeChunks(
  db: Executor,
  sha256: string,
  pieces: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
) {
  await db.transaction(async (tx) => {
    let seq = 0;
    for await (const bytes of pieces) {
      // Two uploads of the same content may race: the second finds the pieces there.
      await tx.insert(documentChunks).values({ sha256, seq, bytes }).onConflictDoNothing();
      seq++;
    }
    // An empty file is one empty piece: its first piece says it is stored.
    if (seq === 0)
      await tx.insert(documentChunks).values({ sha256, seq, bytes: new Uint8Array() }).onConflictDoNothing();
  });
}

function* piecesOf(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.byteLength; at += CHUNK_BYTES) yield bytes.subarray(at, at + CHUNK_BYTES);
}

/**
 * Stores the bytes under their hash. In a folder: a temporary file in the same folder, synced
 * then renamed, so a reader never sees half a file and a crash leaves at worst a stray file.
 */
export async function storeBytes({
  db,
  uploadsDir,
  bytes,
}: {
  db: Executor;
  uploadsDir: string;
  bytes: Uint8Array;
}): Promise<{ sha256: string; created: boolean }> {
  const sha256 = sha256Hex(bytes);
  if (isServerDatabase(db)) {
    try {
      if (await storedInDatabase(db, sha256)) return { sha256, created: false };
      await writeChunks(db, sha256, piecesOf(bytes));
    } catch (error) {
      throw unavailable(error);
    }
    return { sha256, created: true };
  }
  const target = storedPath(uploadsDir, sha256);
  if (await exists(target)) return { sha256, created: false };
  const folder = path.dirname(target);
  try {
    await mkdir(folder, { recursive: true, mode: 0o750 });
    const temporary = path.join(folder, `.${sha256}.${randomBytes(8).toString("hex")}.tmp`);
    const handle = await open(temporary, "wx", 0o640);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      // Two uploads of the same content may race here: both renames leave identical bytes.
      await rename(temporary, target);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  } catch (error) {
    throw unavailable(error);
  }
  return { sha256, created: true };
}

/** The stored bytes as a stream, a piece at a time; refused before any byte if they are missing. */
export async function openStoredBytes({
  db,
  uploadsDir,
  sha256,
}: {
  db: Executor;
  uploadsDir: string;
  sha256: string;
}): Promise<ReadableStream<Uint8Array>> {
  const missing = (cause?: unknown) =>
    new AppError("storage_unavailable", "The document's file cannot be read from storage", { cause });
  if (!isServerDatabase(db)) {
    const file = storedPath(uploadsDir, sha256);
    if (!(await exists(file).catch(() => false))) throw missing();
    return Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  }
  if (!(await storedInDatabase(db, sha256).catch((error) => Promise.reject(missing(error))))) throw missing();
  let seq = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const [piece] = await db
        .select({ bytes: documentChunks.bytes })
        .from(documentChunks)
        .where(and(eq(documentChunks.sha256, sha256), eq(documentChunks.seq, seq)));
      seq++;
      if (piece) controller.enqueue(new Uint8Array(piece.bytes));
      else controller.close();
    },
  });
}

/** A file whose content is not its name (damaged on disk): not copied under that name. */
class DamagedFile extends Error {}

/**
 * `sharaka migrate` on a PostgreSQL server: copies the files an embedded installation kept in
 * its folder into the database, each read a piece at a time and checked against its name.
 * Files already there are skipped; the folder is left as it was (its owner may delete it).
 */
export async function copyDocumentFilesIntoDatabase({
  db,
  uploadsDir,
}: {
  db: Executor;
  uploadsDir: string;
}): Promise<{ copied: number; alreadyThere: number; damaged: string[] }> {
  const outcome = { copied: 0, alreadyThere: 0, damaged: [] as string[] };
  const prefixes = await readdir(uploadsDir).catch(() => [] as string[]);
  for (const prefix of prefixes.filter((name) => /^[0-9a-f]{2}$/.test(name)).sort()) {
    const names = await readdir(path.join(uploadsDir, prefix));
    for (const sha256 of names.filter((name) => SHA256_HEX.test(name) && name.startsWith(prefix)).sort()) {
      if (await storedInDatabase(db, sha256)) {
        outcome.alreadyThere++;
        continue;
      }
      const file = storedPath(uploadsDir, sha256);
      const hash = createHash("sha256");
      const pieces = (async function* () {
        for await (const piece of createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
          hash.update(piece as Buffer);
          yield new Uint8Array(piece as Buffer);
        }
      })();
      try {
        await db.transaction(async (tx) => {
          await writeChunks(tx, sha256, pieces);
          if (hash.digest("hex") !== sha256) throw new DamagedFile(file);
        });
        outcome.copied++;
      } catch (error) {
        if (!(error instanceof DamagedFile)) throw error;
        outcome.damaged.push(file);
      }
    }
  }
  return outcome;
}

/** The total of the pieces kept for a content (for tests and checks). */
export async function storedDatabaseBytes(db: Executor, sha256: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(length(${documentChunks.bytes})), 0)::int` })
    .from(documentChunks)
    .where(eq(documentChunks.sha256, sha256));
  return row?.total ?? 0;
}

/** Bytes that are not what their name says: refused before they are kept. */
export class ContentMismatch extends Error {}

/**
 * Stores bytes that arrive as a stream under the SHA-256 they must have (a restore), never
 * holding them whole: in the database, pieces of CHUNK_BYTES inside the caller's transaction (a
 * failure later rolls them back); in a folder, a temporary file renamed only once its hash and
 * size are checked. `ContentMismatch` if they differ; `created` is the file a folder now holds
 * that it did not before (for the caller to remove should its transaction fail).
 */
export async function storeStreamedBytes({
  db,
  uploadsDir,
  sha256,
  size,
  pieces,
}: {
  db: Executor;
  uploadsDir: string;
  sha256: string;
  size: number;
  pieces: AsyncIterable<Uint8Array>;
}): Promise<{ created?: string }> {
  const hash = createHash("sha256");
  let total = 0;
  const checked = async function* () {
    for await (const piece of pieces) {
      hash.update(piece);
      total += piece.byteLength;
      yield piece;
    }
    if (total !== size || hash.digest("hex") !== sha256)
      throw new ContentMismatch(`${sha256}: ${total} bytes that are not this content`);
  };
  if (isServerDatabase(db)) {
    let buffered: Uint8Array[] = [];
    let length = 0;
    // Pieces of CHUNK_BYTES, as an upload makes them, whatever size the stream hands over.
    const regrouped = async function* () {
      for await (const piece of checked()) {
        buffered.push(piece);
        length += piece.byteLength;
        if (length >= CHUNK_BYTES) {
          const whole = Buffer.concat(buffered, length);
          for (let at = 0; at + CHUNK_BYTES <= whole.byteLength; at += CHUNK_BYTES)
            yield new Uint8Array(whole.subarray(at, at + CHUNK_BYTES));
          const rest = whole.subarray(whole.byteLength - (whole.byteLength % CHUNK_BYTES));
          buffered = rest.byteLength ? [rest] : [];
          length = rest.byteLength;
        }
      }
      if (length) yield new Uint8Array(Buffer.concat(buffered, length));
    };
    if (await storedInDatabase(db, sha256)) {
      for await (const _ of checked());
      return {};
    }
    await writeChunks(db, sha256, regrouped());
    return {};
  }
  const target = storedPath(uploadsDir, sha256);
  const folder = path.dirname(target);
  await mkdir(folder, { recursive: true, mode: 0o750 });
  const temporary = path.join(folder, `.${sha256}.${randomBytes(8).toString("hex")}.tmp`);
  const handle = await open(temporary, "wx", 0o640);
  try {
    try {
      for await (const piece of checked()) await handle.write(piece);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (await exists(target)) {
      await unlink(temporary);
      return {};
    }
    await rename(temporary, target);
    return { created: target };
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
