/**
 * A zip of CSV files, one per sheet: what `sharaka export --format csv` writes. Each `.csv` entry
 * is streamed to a temporary file (never held whole) and read as a CSV named after its sheet.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, type WriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Unzip, UnzipInflate } from "fflate";
import { type ReadSheet, readLimits, type SheetProblem, StopReading } from "./spreadsheet-sheets.js";
import { fileKind } from "./spreadsheet-xlsx.js";

export async function readCsvZip(
  path: string,
  problems: SheetProblem[],
  readCsv: (path: string, fileName: string, problems: SheetProblem[]) => Promise<ReadSheet>,
): Promise<ReadSheet[]> {
  if ((await fileKind(path)) !== "zip") throw new StopReading({ reason: "corruptWorkbook" });
  const folder = mkdtempSync(join(tmpdir(), "sharaka-csv-"));
  try {
    const files: { name: string; path: string }[] = [];
    const writes: Promise<void>[] = [];
    let unzipped = 0;
    let failure: "corrupt" | "large" | undefined;
    const unzip = new Unzip((file) => {
      const name = basename(file.name);
      if (!/\.csv$/i.test(name) || file.name.startsWith("__MACOSX/")) return;
      const target = join(folder, `${files.length}.csv`);
      files.push({ name, path: target });
      const out: WriteStream = createWriteStream(target);
      writes.push(new Promise((resolve, reject) => out.on("finish", resolve).on("error", reject)));
      file.ondata = (error, chunk, final) => {
        if (error) {
          failure ??= "corrupt";
          out.end();
          return;
        }
        unzipped += chunk.length;
        if (unzipped > readLimits.maxUnzippedBytes) failure ??= "large";
        out.write(chunk);
        if (final) out.end();
      };
      file.start();
    });
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
    const sheets: ReadSheet[] = [];
    for (const file of files) {
      const sheet = await readCsv(file.path, file.name, problems);
      if (sheets.some((other) => other.key === sheet.key))
        problems.push({ sheet: file.name, reason: "sheetTwice" });
      else sheets.push(sheet);
    }
    return sheets;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
