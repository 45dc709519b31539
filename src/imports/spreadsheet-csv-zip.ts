/**
 * A zip of CSV files, one per sheet: what `sharaka export --format csv` writes. Each `.csv` entry
 * is streamed to a temporary file (never held whole) and read as a CSV named after its sheet.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { type ReadSheet, type SheetProblem, StopReading } from "./spreadsheet-sheets.js";
import { fileKind } from "./spreadsheet-xlsx.js";
import { readZipEntries } from "./zip-stream.js";

export async function readCsvZip(
  path: string,
  problems: SheetProblem[],
  readCsv: (path: string, fileName: string, problems: SheetProblem[]) => Promise<ReadSheet>,
): Promise<ReadSheet[]> {
  if ((await fileKind(path)) !== "zip") throw new StopReading({ reason: "corruptWorkbook" });
  const folder = mkdtempSync(join(tmpdir(), "sharaka-csv-"));
  try {
    const files: { name: string; path: string }[] = [];
    await readZipEntries(path, (file, reading) => {
      const name = basename(file.name);
      if (!/\.csv$/i.test(name) || file.name.startsWith("__MACOSX/")) return;
      const target = join(folder, `${files.length}.csv`);
      files.push({ name, path: target });
      reading.toFile(file, target);
    });
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
