import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Reading a PDF back as its readers' tools do: Debian's pdftotext (poppler-utils; CI installs
 * it). Its words with their boxes tell where each one is on the page, so a test can tell a
 * right-to-left layout from a left-to-right one.
 */
export const PDFTOTEXT = "/usr/bin/pdftotext";
export const hasPdftotext = existsSync(PDFTOTEXT);

function withFile<T>(pdf: Uint8Array, read: (file: string) => T): T {
  const folder = mkdtempSync(path.join(tmpdir(), "sharaka-pdf-"));
  try {
    const file = path.join(folder, "report.pdf");
    writeFileSync(file, pdf);
    return read(file);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The PDF's text, its spaces (narrow, no-break) made plain and runs of them one. */
export function pdfText(pdf: Uint8Array): string {
  return withFile(pdf, (file) => execFileSync(PDFTOTEXT, ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }))
    .replace(/[\u00a0\u202f\u2009]/g, " ")
    .replace(/[\u2066-\u2069\u202a-\u202e]/g, "")
    .replace(/[ \t]+/g, " ");
}

/** Each word on the first page with its left edge, in points from the page's left. */
export function pdfWords(pdf: Uint8Array): { word: string; xMin: number; page: number }[] {
  const html = withFile(pdf, (file) =>
    execFileSync(PDFTOTEXT, ["-enc", "UTF-8", "-bbox", file, "-"], { encoding: "utf8" }),
  );
  const words: { word: string; xMin: number; page: number }[] = [];
  let page = 0;
  for (const line of html.split("\n")) {
    if (line.includes("<page ")) page += 1;
    const match = line.match(/<word xMin="([\d.]+)"[^>]*>([^<]*)<\/word>/);
    if (match) words.push({ xMin: Number(match[1]), word: match[2] ?? "", page });
  }
  return words;
}
