/**
 * `sharaka restore`: a backup archive (backup.input.ts) back into an empty database, in one
 * transaction: the registry through the import's own rules, accounts and documents' records
 * before the follow-up that points at them, the alerts' state, then each document's bytes,
 * streamed into storage and checked against their SHA-256. Anything wrong (a truncated or
 * damaged archive, a missing part, bytes that are not their name, a newer format) refuses the
 * whole restore: the transaction rolls back and the files it added to a folder are removed.
 */
import { createHash } from "node:crypto";
import { unlink } from "node:fs/promises";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream";
import tar from "tar-stream";
import type { Database, Executor } from "../db/client.js";
import {
  agreements,
  auditEvents,
  documents,
  organizations,
  settings,
  territories,
  users,
} from "../db/schema/index.js";
import { ContentMismatch, storeStreamedBytes } from "../documents/documents.storage.js";
import {
  applyRegistryDocument,
  type RegistryDocument,
  registryDocumentReader,
} from "../imports/registry-json.js";
import type { Actor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import {
  FILES_FOLDER,
  invalidBackup,
  MANIFEST,
  type Manifest,
  REGISTRY_PART,
  readManifest,
  tableParts,
} from "./backup.input.js";
import { checkRows, loadTable, type Row } from "./backup.rows.js";

type Entry = AsyncIterable<Uint8Array> & {
  header: { name: string; size?: number | null; type?: string | null };
};

/** An archive being read: its manifest, then its entries one at a time. */
export interface BackupArchive {
  manifest: Manifest;
  next(): Promise<Entry | undefined>;
  /** stops reading (the input is closed) */
  close(): void;
}

/** What tar-stream says of a cut or damaged archive, in words a person can act on. */
function damaged(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const reason = (error as Error)?.message ?? String(error);
  if (/unexpected end/i.test(reason))
    return invalidBackup(`The backup is truncated (it ends in the middle of an entry: ${reason})`, error);
  return invalidBackup(`The backup is damaged or not a tar archive (${reason})`, error);
}

/** Opens an archive and reads its manifest, before anything touches a database. */
export async function openBackupArchive(input: Readable): Promise<BackupArchive> {
  const extract = tar.extract();
  pipeline(input, extract as unknown as NodeJS.WritableStream, (error) => {
    if (error) (extract as unknown as { destroy: (e: Error) => void }).destroy(error);
  });
  const entries = (extract as unknown as AsyncIterable<Entry>)[Symbol.asyncIterator]();
  const next = async (): Promise<Entry | undefined> => {
    try {
      const { value, done } = await entries.next();
      return done ? undefined : value;
    } catch (error) {
      throw damaged(error);
    }
  };
  const close = () => {
    input.destroy();
    void entries.return?.();
  };
  try {
    const first = await next();
    if (!first) throw invalidBackup("The backup is empty (no manifest.json)");
    if (first.header.name !== MANIFEST)
      throw invalidBackup(
        `This is not a Sharaka backup: its first entry is "${first.header.name}", not ${MANIFEST}`,
      );
    const manifest = readManifest(
      (await readWhole(first, { name: MANIFEST }, 16 * 1024 * 1024)).toString("utf8"),
    );
    return { manifest, next, close };
  } catch (error) {
    close();
    throw error;
  }
}

type ExpectedPart = Manifest["parts"][number];

/**
 * Reads one entry, up to `max` bytes, handing each piece to `take`. With the manifest's `expected`
 * size and hash, the whole is checked against them; a piece `take` refuses is still read to its end,
 * so that a damaged part is named as damaged rather than by the first problem its damage makes.
 */
async function readPart(
  entry: Entry,
  { name, expected }: { name: string; expected?: ExpectedPart },
  max: number,
  take: (piece: Uint8Array) => void,
): Promise<void> {
  if ((entry.header.size ?? 0) > max) {
    const mb = (n: number) => Math.round(n / 1024 / 1024);
    throw invalidBackup(
      `The backup's ${name} is ${mb(entry.header.size ?? 0)} MB; parts are read up to IMPORT_MAX_MB=${mb(max)} MB (raise it to restore this one)`,
    );
  }
  const hash = createHash("sha256");
  let bytes = 0;
  let refusal: unknown;
  try {
    for await (const piece of entry) {
      bytes += piece.byteLength;
      hash.update(piece);
      if (refusal !== undefined) continue;
      try {
        take(piece);
      } catch (error) {
        refusal = error;
      }
    }
  } catch (error) {
    throw damaged(error);
  }
  if (expected && (bytes !== expected.bytes || hash.digest("hex") !== expected.sha256))
    throw invalidBackup(`The backup's part ${name} is damaged (its SHA-256 is not the manifest's)`);
  if (refusal !== undefined) throw refusal;
}

/** An entry's bytes, refused past `max` (a part is records, bounded like an import file). */
async function readWhole(entry: Entry, part: { name: string; expected?: ExpectedPart }, max: number) {
  const pieces: Buffer[] = [];
  await readPart(entry, part, max, (piece) => pieces.push(Buffer.from(piece)));
  return Buffer.concat(pieces);
}

/** The registry part, read a record at a time as it streams out of the archive. */
async function readRegistryPart(
  entry: Entry,
  expected: ExpectedPart,
  max: number,
): Promise<RegistryDocument> {
  const reader = registryDocumentReader();
  try {
    await readPart(entry, { name: expected.name, expected }, max, (piece) => reader.write(piece));
    return reader.end();
  } catch (error) {
    if (error instanceof AppError && error.code === "import_invalid" && !reader.namesRegistryFormat())
      throw invalidBackup(`The backup's ${REGISTRY_PART} is not a registry document`, error);
    throw error;
  }
}

/** The tables a restore must find empty: those a first start or any use fills. */
const firstTables = { settings, territories, organizations, agreements, users, documents, auditEvents };

async function assertEmpty(tx: Executor): Promise<void> {
  const filled: string[] = [];
  for (const [name, table] of Object.entries(firstTables))
    if ((await tx.$count(table)) > 0) filled.push(name);
  if (filled.length) {
    throw new AppError(
      "conflict",
      `The database is not empty (it holds ${filled.join(", ")}): a backup is restored only into a new, empty database (another SHARAKA_DATA_DIR or DATABASE_URL); nothing was restored`,
    );
  }
}

export interface RestoreSummary {
  manifest: Manifest;
  files: number;
  bytes: number;
}

export async function restoreBackup({
  db,
  uploadsDir,
  archive,
  actor,
  maxPartBytes,
  onProgress,
}: {
  db: Database;
  uploadsDir: string;
  archive: BackupArchive;
  actor: Actor;
  /** the largest JSON part read into memory (IMPORT_MAX_MB) */
  maxPartBytes: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<RestoreSummary> {
  const { manifest } = archive;
  const created: string[] = [];
  try {
    // The parts, each checked against the manifest's size and hash; the registry read as it streams.
    const parts = new Map<string, Buffer>();
    let registry: RegistryDocument | undefined;
    for (const expected of manifest.parts) {
      const entry = await archive.next();
      if (!entry) throw invalidBackup(`The backup is truncated: its part ${expected.name} is missing`);
      if (entry.header.name !== expected.name)
        throw invalidBackup(
          `The backup's part ${expected.name} is missing (found "${entry.header.name}" in its place)`,
        );
      if (expected.name === REGISTRY_PART) registry = await readRegistryPart(entry, expected, maxPartBytes);
      else parts.set(expected.name, await readWhole(entry, { name: expected.name, expected }, maxPartBytes));
    }
    const part = (name: string): Buffer => {
      const bytes = parts.get(name);
      if (!bytes) throw invalidBackup(`The backup has no part ${name}`);
      return bytes;
    };
    if (!registry) throw invalidBackup(`The backup has no part ${REGISTRY_PART}`);
    const tables = new Map<string, Row[]>();
    for (const { part: name, tables: list } of tableParts) {
      let content: Record<string, unknown>;
      try {
        content = JSON.parse(part(name).toString("utf8"));
      } catch (error) {
        throw invalidBackup(`The backup's ${name} is not valid JSON`, error);
      }
      const unknown = Object.keys(content).find((key) => !list.some((t) => t.name === key));
      if (unknown) throw invalidBackup(`The backup's ${name} is not valid: unknown key "${unknown}"`);
      for (const { name: key, table } of list) tables.set(key, checkRows(name, key, table, content[key]));
    }
    const rows = (name: string) => tables.get(name) ?? [];
    const expectedFiles = new Map<string, number>();
    for (const row of rows("documents")) expectedFiles.set(String(row.sha256), Number(row.size_bytes));
    if (expectedFiles.size !== manifest.files.count)
      throw invalidBackup(
        `The backup's manifest counts ${manifest.files.count} files, its documents name ${expectedFiles.size}`,
      );

    let done = 0;
    await db.transaction(async (tx) => {
      await assertEmpty(tx);
      await applyRegistryDocument({
        tx,
        actor,
        document: registry,
        dryRun: false,
        restore: {
          provides: [...rows("users"), ...rows("documents")].map((row) => String(row.id)),
          beforeFollowUp: async (inner) => {
            for (const name of ["users", "accounts", "documents"]) {
              const table = tableParts.flatMap((p) => p.tables).find((t) => t.name === name);
              if (table) await loadTable(inner, table.table, rows(name));
            }
          },
        },
      });
      for (const { name, table } of tableParts.find((p) => p.part === "alerts.json")?.tables ?? [])
        await loadTable(tx, table, rows(name));

      onProgress?.(0, manifest.files.bytes);
      const seen = new Set<string>();
      for (let entry = await archive.next(); entry; entry = await archive.next()) {
        const name = entry.header.name;
        const sha256 = name.startsWith(FILES_FOLDER) ? name.slice(FILES_FOLDER.length) : "";
        const size = expectedFiles.get(sha256);
        if (size === undefined || seen.has(sha256))
          throw invalidBackup(`The backup holds an entry no document names: "${name}"`);
        seen.add(sha256);
        const counted = (async function* (source: Entry) {
          try {
            for await (const piece of source) {
              done += piece.byteLength;
              onProgress?.(done, manifest.files.bytes);
              yield piece;
            }
          } catch (error) {
            throw damaged(error);
          }
        })(entry);
        try {
          const stored = await storeStreamedBytes({ db: tx, uploadsDir, sha256, size, pieces: counted });
          if (stored.created) created.push(stored.created);
        } catch (error) {
          if (error instanceof ContentMismatch)
            throw invalidBackup(`The backup's file ${name} is damaged: its bytes are not its SHA-256`, error);
          throw error;
        }
      }
      const missing = [...expectedFiles.keys()].filter((sha) => !seen.has(sha));
      if (missing.length)
        throw invalidBackup(
          `The backup is truncated or incomplete: ${missing.length} document files are missing (the first: ${FILES_FOLDER}${missing[0]})`,
        );
    });
    return { manifest, files: expectedFiles.size, bytes: done };
  } catch (error) {
    // Nothing half-saved: the database rolled back; the files this restore added go too.
    for (const file of created) await unlink(file).catch(() => undefined);
    throw error;
  } finally {
    archive.close();
  }
}
