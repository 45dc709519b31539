import { readdirSync } from "node:fs";
import path from "node:path";
import type { Executor } from "../src/db/client.js";
import { documentChunks } from "../src/db/schema/index.js";

/** Test files: real (small) content of each kind, and the files a folder holds. */
export function pdfBytes(text = "Sharaka", size?: number): Uint8Array {
  const head = `${[
    "%PDF-1.4",
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj",
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >> endobj",
    `4 0 obj << /Length ${text.length + 20} >> stream`,
    `BT /F1 12 Tf (${text}) Tj ET`,
    "endstream endobj",
    "trailer << /Root 1 0 R >>",
  ].join("\n")}\n`;
  const tail = "%%EOF\n";
  if (size === undefined) return new TextEncoder().encode(head + tail);
  // Padded with a comment line to exactly `size` bytes (the text is ASCII).
  const padding = size - head.length - tail.length - 2;
  if (padding < 0) throw new Error(`a PDF cannot be as small as ${size} bytes`);
  return new TextEncoder().encode(`${head}%${"x".repeat(padding)}\n${tail}`);
}

/** A 1×1 PNG. */
export const pngBytes = (): Uint8Array =>
  Uint8Array.from(
    Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
      "base64",
    ),
  );

export const htmlBytes = (): Uint8Array =>
  new TextEncoder().encode(
    "<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n",
  );

export const svgBytes = (): Uint8Array =>
  new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n');

/** Every file under a folder, as paths relative to it. */
export function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * The SHA-256 of every content stored, wherever the driver keeps it: the data folder (embedded)
 * or the database's pieces (PostgreSQL). A store that keeps nothing where it should fails the
 * tests that look for a content.
 */
export async function storedContents(db: Executor, uploadsDir: string): Promise<string[]> {
  const inFolder = filesUnder(uploadsDir).map((file) => path.basename(file));
  const inDatabase = await db.selectDistinct({ sha256: documentChunks.sha256 }).from(documentChunks);
  return [...inFolder, ...inDatabase.map((row) => row.sha256)].sort();
}

/** A stream's bytes, whole (tests read small files). */
export const bytesOf = async (body: ReadableStream<Uint8Array>): Promise<Buffer> =>
  Buffer.from(await new Response(body).arrayBuffer());
