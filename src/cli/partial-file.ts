import { randomBytes } from "node:crypto";
import type { WriteStream } from "node:fs";
import { open, rename, unlink } from "node:fs/promises";
import path from "node:path";
import { finished } from "node:stream/promises";
import { AppError } from "../shared/errors.js";

export interface PartialFile {
  /** where to write; its errors are kept, not thrown as an unhandled 'error' event */
  stream: WriteStream;
  /** what to report of `error` a write stopped on: the file's own failure (a full disk) when it met one */
  reason: (error: unknown) => unknown;
  /** ends the stream, puts it on disk, then gives it its name */
  commit: () => Promise<void>;
  /** removes what was written; the file named `output`, if any, is left as it was */
  discard: () => Promise<void>;
}

const cannotWrite = (output: string, error: NodeJS.ErrnoException) =>
  new AppError(
    "usage",
    `Cannot write ${output}: ${error.code === "ENOENT" ? "no such folder" : error.message}`,
    { cause: error },
  );

/**
 * A file written under a temporary name beside `output` and renamed once whole, so that a failed
 * or interrupted command never leaves a file that looks whole, nor truncates a good one it was
 * to replace. Opened at once: a folder that is missing or not writable is said before any work.
 */
export async function openPartialFile(output: string, mode = 0o644): Promise<PartialFile> {
  const partial = path.join(
    path.dirname(output),
    `.${path.basename(output)}.${randomBytes(4).toString("hex")}.partial`,
  );
  const handle = await open(partial, "wx", mode).catch((error: NodeJS.ErrnoException) => {
    throw cannotWrite(output, error);
  });
  const stream = handle.createWriteStream();
  let failure: Error | undefined;
  stream.on("error", (error) => {
    failure ??= error;
  });
  return {
    stream,
    reason: (error) => (failure ? cannotWrite(output, failure) : error),
    async commit() {
      stream.end();
      await finished(stream).catch((error: NodeJS.ErrnoException) => {
        throw cannotWrite(output, error);
      });
      // On disk before it takes its name: a crash never leaves a whole-looking file half written.
      const written = await open(partial, "r+");
      try {
        await written.sync();
      } finally {
        await written.close();
      }
      await rename(partial, output);
    },
    async discard() {
      stream.destroy();
      await unlink(partial).catch(() => undefined);
    },
  };
}
