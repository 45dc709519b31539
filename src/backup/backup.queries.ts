/**
 * `sharaka backup`: the whole installation in one tar archive (see backup.input.ts), read in one
 * snapshot (a read-only REPEATABLE READ transaction), so a backup taken while a server writes is
 * consistent. The JSON parts are made in memory (they are records, not files); each document's
 * bytes are streamed from storage into the archive a piece at a time, never held whole.
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PgTransaction } from "drizzle-orm/pg-core";
import tar from "tar-stream";
import type { Database, Executor } from "../db/client.js";
import { openStoredBytes } from "../documents/documents.storage.js";
import { exportRegistry, type RegistryDocument } from "../imports/registry-json.js";
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

/** How many records of each kind the registry holds, for the manifest. */
function registryCounts(registry: RegistryDocument): Record<string, number> {
  const counts: Record<string, number> = {
    settings: registry.settings.length,
    territories: registry.territories.length,
    organizations: registry.organizations.length,
    agreements: registry.agreements.length,
    auditEvents: registry.auditEvents.length,
  };
  for (const list of [
    "actionPlans",
    "activities",
    "indicators",
    "committeeMembers",
    "meetings",
    "followUpActions",
  ] as const)
    counts[list] = registry.agreements.reduce((sum, a) => sum + a[list].length, 0);
  return counts;
}

/** Each content once (documents may share one), with its size. */
function filesOf(documentRows: Row[]): { sha256: string; size: number }[] {
  const sizes = new Map<string, number>();
  for (const row of documentRows) sizes.set(String(row.sha256), Number(row.size_bytes));
  return [...sizes]
    .map(([sha256, size]) => ({ sha256, size }))
    .sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
}

export async function writeBackup({
  db,
  uploadsDir,
  output,
  onProgress,
}: {
  db: Database | Executor;
  uploadsDir: string;
  output: Writable;
  /** bytes of documents written so far, of the total */
  onProgress?: (done: number, total: number) => void;
}): Promise<Manifest> {
  const read = async (tx: Executor): Promise<Manifest> => {
    const registry = await exportRegistry({ db: tx });
    const createdAt = registry.exportedAt;
    const parts: { name: string; bytes: Buffer }[] = [
      { name: REGISTRY_PART, bytes: Buffer.from(`${JSON.stringify(registry, null, 2)}\n`) },
    ];
    const counts = registryCounts(registry);
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
      registryFormatVersion: registry.formatVersion,
      parts: parts.map((p) => ({
        name: p.name,
        bytes: p.bytes.byteLength,
        sha256: createHash("sha256").update(p.bytes).digest("hex"),
      })),
      files: { count: files.length, bytes: total },
      counts,
      leftOut,
    };

    const pack = tar.pack();
    const written = pipeline(pack, output);
    // A failure while packing must not leave the pipeline waiting: the archive is abandoned.
    written.catch(() => undefined);
    const mtime = new Date(createdAt);
    const add = (name: string, bytes: Buffer) =>
      new Promise<void>((resolve, reject) => {
        const entry = pack.entry({ name, size: bytes.byteLength, mtime, mode: 0o640 }, bytes, (error) =>
          error ? reject(error) : resolve(),
        );
        // The callback reports a failure (the output gone, the disk full): no unhandled 'error' event.
        entry.on("error", () => undefined);
      });
    try {
      await add(MANIFEST, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
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
        let settle: { ok: () => void; fail: (error: Error) => void } | undefined;
        const finished = new Promise<void>((ok, fail) => {
          settle = { ok, fail };
        });
        const header = { name: `${FILES_FOLDER}${file.sha256}`, size: file.size, mtime, mode: 0o640 };
        const entry = pack.entry(header, (error) => (error ? settle?.fail(error) : settle?.ok()));
        entry.on("error", () => undefined);
        for await (const piece of stream as unknown as AsyncIterable<Uint8Array>) {
          if (!entry.write(piece)) await once(entry as unknown as NodeJS.EventEmitter, "drain");
          done += piece.byteLength;
          onProgress?.(done, total);
        }
        (entry as unknown as NodeJS.WritableStream).end();
        await finished.catch((error) => {
          throw new AppError(
            "storage_unavailable",
            `The backup stopped: the file ${file.sha256} in storage is not the size its documents say (${(error as Error).message})`,
            { cause: error },
          );
        });
      }
      pack.finalize();
      await written;
    } catch (error) {
      pack.destroy(error as Error);
      throw error;
    }
    return manifest;
  };
  // One snapshot: the records and the files they name are those of one moment.
  if (db instanceof PgTransaction) return read(db);
  return (db as Database).transaction(read, { isolationLevel: "repeatable read", accessMode: "read only" });
}
