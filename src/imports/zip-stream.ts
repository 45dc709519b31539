import { createReadStream, createWriteStream } from "node:fs";
import { Unzip, type UnzipFile, UnzipInflate } from "fflate";
import { readLimits, StopReading } from "./spreadsheet-sheets.js";

/** What an entry's handler may do while a zip is read. */
export interface ZipReading {
  /** stops the reading: the file is refused as damaged, or as too large once unzipped */
  fail(kind: "corrupt" | "large"): void;
  /** counts an entry's bytes against the bound on what a file may unzip to */
  count(bytes: number): void;
  /** an entry's bytes go to a file, counted; the reading ends once the file is written */
  toFile(file: UnzipFile, target: string): void;
}

/**
 * Streams the zip at `path` (never held whole) through fflate, handing each entry to `onEntry`,
 * which starts it or leaves it; a damaged zip, or one unzipping past readLimits, is refused.
 */
export async function readZipEntries(
  path: string,
  onEntry: (file: UnzipFile, reading: ZipReading) => void,
): Promise<void> {
  let failure: "corrupt" | "large" | undefined;
  let unzipped = 0;
  const writes: Promise<void>[] = [];
  const reading: ZipReading = {
    fail: (kind) => {
      failure ??= kind;
    },
    count: (bytes) => {
      unzipped += bytes;
      if (unzipped > readLimits.maxUnzippedBytes) failure ??= "large";
    },
    toFile: (file, target) => {
      const out = createWriteStream(target);
      writes.push(new Promise((resolve, reject) => out.on("finish", resolve).on("error", reject)));
      file.ondata = (error, chunk, final) => {
        if (error) {
          failure ??= "corrupt";
          out.end();
          return;
        }
        reading.count(chunk.length);
        out.write(chunk);
        if (final) out.end();
      };
      file.start();
    },
  };
  const unzip = new Unzip((file) => onEntry(file, reading));
  unzip.register(UnzipInflate);
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
      unzip.push(chunk as Uint8Array);
      if (failure) break;
    }
    if (!failure) unzip.push(new Uint8Array(0), true);
  } catch {
    failure ??= "corrupt";
  }
  await Promise.allSettled(writes);
  if (failure === "large") throw new StopReading({ reason: "unzippedTooLarge" });
  if (failure) throw new StopReading({ reason: "corruptWorkbook" });
}
