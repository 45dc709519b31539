/**
 * `sharaka backup`: the whole installation in one tar archive (see backup.input.ts), read in one
 * snapshot (a read-only REPEATABLE READ transaction), so a backup taken while a server writes is
 * consistent. The registry part is written as it is read into a scratch file (a tar entry and the
 * manifest before it need its size and hash), then copied into the archive; the other JSON parts
 * (accounts, documents' records, alerts' state) are made in memory; each document's bytes are
 * streamed from storage into the archive a piece at a time, never held whole.
 */
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createReadStream } from "node:fs";
import { open, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import tar from "tar-stream";
import type { Database, Executor } from "../db/client.js";
import { openStoredBytes } from "../documents/documents.storage.js";
import { inOneSnapshot } from "../imports/registry-json.export.js";
import { type RegistryWritten, writeRegistryJson } from "../imports/registry-json.write.js";
import { AppError } from "../shared/errors.js";
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  FILES_FOLDER,
  leftOut,
  MANIFEST,
  type Manifest,
  orderSql,
  REGISTRY_PART,
  tableParts,
} from "./backup.input.js";
import { dumpTable, type Row } from "./backup.rows.js";

/** Each content once (documents may share one), with its size. */
function filesOf(documentRows: Row[]): { sha256: string; size: number }[] {
  const sizes = new Map<string, number>();
  for (const row of documentRows) sizes.set(String(row.sha256), Number(row.size_bytes));
  return [...sizes]
    .map(([sha256, size]) => ({ sha256, size }))
    .sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
}

/**
 * The registry part written into the scratch file `file`, with its size and SHA-256 taken on
 * the way. The caller deletes the file.
 */
async function writeRegistryPart(
  tx: Executor,
  file: string,
): Promise<{ registry: RegistryWritten; bytes: number; sha256: string }> {
  const handle = await open(file, "wx", 0o600);
  const stream = handle.createWriteStream();
  // Kept, not thrown as an unhandled 'error' event: a full disk stops the backup with its reason.
  let failure: Error | undefined;
  stream.on("error", (error) => {
    failure ??= error;
  });
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    const registry = await writeRegistryJson({
      db: tx,
      write: async (text) => {
        if (failure) throw failure;
        const piece = Buffer.from(text);
        hash.update(piece);
        bytes += piece.byteLength;
        if (!stream.write(piece)) await once(stream, "drain");
      },
    });
    stream.end();
    await finished(stream);
    return { registry, bytes, sha256: hash.digest("hex") };
  } catch (error) {
    stream.destroy();
    throw error;
  }
}

export async function writeBackup({
  db,
  uploadsDir,
  output,
  scratchDir = tmpdir(),
  onProgress,
}: {
  db: Database | Executor;
  uploadsDir: string;
  output: Writable;
  /** where the registry part waits while it is written (about the size of the backup without its files) */
  scratchDir?: string;
  /** bytes of documents written so far, of the total */
  onProgress?: (done: number, total: number) => void;
}): Promise<Manifest> {
  const scratch = path.join(scratchDir, `.sharaka-backup-${randomBytes(6).toString("hex")}.json`);
  const read = async (tx: Executor): Promise<Manifest> => {
    const written = await writeRegistryPart(tx, scratch);
    const createdAt = written.registry.exportedAt;
    const counts: Record<string, number> = { ...written.registry.counts };
    const parts: { name: string; bytes: Buffer }[] = [];
    let documentRows: Row[] = [];
    for (const { part, tables } of tableParts) {
      const content: Record<string, Row[]> = {};
      for (const { name, table, orderBy } of tables) {
        content[name] = await dumpTable(tx, table, orderSql(orderBy));
        counts[name] = content[name].length;
      }
      if (content.documents) documentRows = content.documents;
      parts.push({ name: part, bytes: Buffer.from(`${JSON.stringify(content, null, 2)}\n`) });
    }
    const files = filesOf(documentRows);
    const total = files.reduce((sum, f) => sum + f.size, 0);
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt,
      registryFormatVersion: written.registry.formatVersion,
      parts: [
        { name: REGISTRY_PART, bytes: written.bytes, sha256: written.sha256 },
        ...parts.map((p) => ({
          name: p.name,
          bytes: p.bytes.byteLength,
          sha256: createHash("sha256").update(p.bytes).digest("hex"),
        })),
      ],
      files: { count: files.length, bytes: total },
      counts,
      leftOut,
    };

    const pack = tar.pack();
    const packed = pipeline(pack, output);
    // A failure while packing must not leave the pipeline waiting: the archive is abandoned.
    packed.catch(() => undefined);
    const mtime = new Date(createdAt);
    const add = (name: string, bytes: Buffer) =>
      new Promise<void>((resolve, reject) => {
        const entry = pack.entry({ name, size: bytes.byteLength, mtime, mode: 0o640 }, bytes, (error) =>
          error ? reject(error) : resolve(),
        );
        // The callback reports a failure (the output gone, the disk full): no unhandled 'error' event.
        entry.on("error", () => undefined);
      });
    /** An entry copied from a stream a piece at a time; `wrongSize` says why when it is not `size` long. */
    const addStreamed = async (
      name: string,
      size: number,
      source: Readable,
      {
        onPiece,
        wrongSize = (error: Error) => error,
      }: { onPiece?: (n: number) => void; wrongSize?: (error: Error) => Error } = {},
    ) => {
      let settle: { ok: () => void; fail: (error: Error) => void } | undefined;
      const finished = new Promise<void>((ok, fail) => {
        settle = { ok, fail };
      });
      const entry = pack.entry({ name, size, mtime, mode: 0o640 }, (error) =>
        error ? settle?.fail(error) : settle?.ok(),
      );
      entry.on("error", () => undefined);
      for await (const piece of source as AsyncIterable<Uint8Array>) {
        if (!entry.write(piece)) {
          // A destroyed archive (its output gone) never drains: its close, or the entry's, ends the wait.
          const stop = new AbortController();
          const events = entry as unknown as NodeJS.EventEmitter;
          try {
            await Promise.race([
              once(events, "drain", { signal: stop.signal }),
              once(events, "close", { signal: stop.signal }),
              once(pack, "close", { signal: stop.signal }),
            ]);
          } finally {
            stop.abort();
          }
          if (pack.destroyed || (entry as unknown as { destroyed: boolean }).destroyed)
            throw new Error(`the archive was closed while ${name} was written into it`);
        }
        onPiece?.(piece.byteLength);
      }
      (entry as unknown as NodeJS.WritableStream).end();
      await finished.catch((error: Error) => {
        throw wrongSize(error);
      });
    };
    try {
      await add(MANIFEST, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
      await addStreamed(REGISTRY_PART, written.bytes, createReadStream(scratch));
      for (const part of parts) await add(part.name, part.bytes);
      let done = 0;
      onProgress?.(0, total);
      for (const file of files) {
        const stream = await openStoredBytes({ db: tx, uploadsDir, sha256: file.sha256 }).catch((error) => {
          throw new AppError(
            "storage_unavailable",
            `The backup stopped: the file ${file.sha256} of a document cannot be read from storage (${(error as Error).message})`,
            { cause: error },
          );
        });
        await addStreamed(`${FILES_FOLDER}${file.sha256}`, file.size, stream as unknown as Readable, {
          onPiece: (n) => {
            done += n;
            onProgress?.(done, total);
          },
          wrongSize: (error) =>
            new AppError(
              "storage_unavailable",
              `The backup stopped: the file ${file.sha256} in storage is not the size its documents say (${error.message})`,
              { cause: error },
            ),
        });
      }
      pack.finalize();
      await packed;
    } catch (error) {
      pack.destroy(error as Error);
      throw error;
    }
    return manifest;
  };
  try {
    // One snapshot: the records and the files they name are those of one moment.
    return await inOneSnapshot(db, read);
  } finally {
    await unlink(scratch).catch(() => undefined);
  }
}
