import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { AppError } from "../shared/errors.js";

/**
 * The bytes of documents, kept by content: `<uploadsDir>/<first two hex digits>/<sha256>`.
 * The same content is stored once, whatever its name or owner; a soft-deleted document keeps
 * its bytes. An uploaded name never reaches a path: only the hash does.
 */
const SHA256_HEX = /^[0-9a-f]{64}$/;

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

/**
 * Stores the bytes under their hash. A temporary file in the same folder, synced then renamed,
 * so a reader never sees half a file and a crash leaves at worst a stray temporary file.
 */
export async function storeBytes({
  uploadsDir,
  bytes,
}: {
  uploadsDir: string;
  bytes: Uint8Array;
}): Promise<{ sha256: string; created: boolean }> {
  const sha256 = sha256Hex(bytes);
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
    throw new AppError("storage_unavailable", "The document could not be stored; try again later", {
      cause: error,
    });
  }
  return { sha256, created: true };
}

export async function readStoredBytes({
  uploadsDir,
  sha256,
}: {
  uploadsDir: string;
  sha256: string;
}): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(storedPath(uploadsDir, sha256)));
  } catch (error) {
    throw new AppError("storage_unavailable", "The document's file cannot be read from storage", {
      cause: error,
    });
  }
}
