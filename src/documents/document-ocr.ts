import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ExtractedText, ExtractionLimits } from "./document-text.extract.js";

/**
 * Text recognised in a scan (a PDF without a text layer, or an image) by Tesseract, run as a
 * process: Debian's `tesseract-ocr` with its Arabic and French data (`tesseract-ocr-ara`,
 * `tesseract-ocr-fra`). Optional: without it a scan is kept and said to hold no text. Nothing is
 * ever downloaded: the languages are those installed. A PDF's pages are drawn by poppler's
 * `pdftoppm`, at most 2,500 pixels on their longer side; an image larger than MAX_PIXELS is not
 * read at all. Every process is stopped at the reading's deadline.
 */

/** 40 million pixels: an A4 page at 600 dpi is 35 million; a 20,000 × 20,000 image is refused. */
export const MAX_PIXELS = 40_000_000;
const PAGE_PIXELS = 2500;
const WANTED_LANGUAGES = ["ara", "fra", "eng"];

export interface OcrTools {
  tesseract: string;
  pdftoppm: string;
}
const installedTools: OcrTools = { tesseract: "tesseract", pdftoppm: "pdftoppm" };

function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { timeout: Math.max(1, timeoutMs), maxBuffer: 16 * 1024 * 1024, killSignal: "SIGKILL" },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}

const languagesOf = new Map<string, Promise<string[]>>();

/** The languages Tesseract has data for, among ours; none when it is not installed. */
export function ocrLanguages(tools: OcrTools = installedTools): Promise<string[]> {
  let known = languagesOf.get(tools.tesseract);
  if (!known) {
    known = run(tools.tesseract, ["--list-langs"], 10_000).then(
      (listed) => WANTED_LANGUAGES.filter((language) => listed.split(/\s+/u).includes(language)),
      () => [],
    );
    languagesOf.set(tools.tesseract, known);
  }
  return known;
}

/** An image's size from its header (PNG, JPEG, WebP), without decoding it. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length > 24 && view.getUint32(0) === 0x89504e47)
    return { width: view.getUint32(16), height: view.getUint32(20) };
  if (bytes.length > 4 && view.getUint16(0) === 0xffd8) {
    for (let at = 2; at + 9 < bytes.length; ) {
      if (bytes[at] !== 0xff) return undefined;
      const marker = bytes[at + 1] ?? 0;
      const length = view.getUint16(at + 2);
      // start of frame (baseline, progressive…), not DHT (C4), JPG (C8) or DAC (CC)
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
        return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
      at += 2 + length;
    }
    return undefined;
  }
  if (bytes.length > 30 && view.getUint32(0) === 0x52494646 && view.getUint32(8) === 0x57454250) {
    const chunk = String.fromCharCode(...bytes.subarray(12, 16));
    if (chunk === "VP8X")
      return {
        width: 1 + (view.getUint32(24, true) & 0xffffff),
        height: 1 + (view.getUint32(27, true) & 0xffffff),
      };
    if (chunk === "VP8L") {
      const bits = view.getUint32(21, true);
      return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
    }
    if (chunk === "VP8 ")
      return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  }
  return undefined;
}

const extensionOf: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

/**
 * The text Tesseract recognises in a scanned PDF's pages or an image: "extracted", "no_text",
 * or "failed" with the reason. `undefined` when OCR is not installed (or lacks our languages).
 */
export function recogniseText(
  mediaType: string,
  bytes: Uint8Array,
  limits: ExtractionLimits & { deadline: number },
  tools: OcrTools = installedTools,
): Promise<ExtractedText | undefined> {
  // one recognition at a time per process: Tesseract takes a core and a few hundred MB
  const turn = queue.then(() => recognise(mediaType, bytes, limits, tools));
  queue = turn.then(
    () => undefined,
    () => undefined,
  );
  return turn;
}

let queue: Promise<unknown> = Promise.resolve();

async function recognise(
  mediaType: string,
  bytes: Uint8Array,
  limits: ExtractionLimits & { deadline: number },
  tools: OcrTools,
): Promise<ExtractedText | undefined> {
  const languages = await ocrLanguages(tools);
  if (!languages.length) return undefined;
  const isPdf = mediaType === "application/pdf";
  if (!isPdf && !extensionOf[mediaType]) return undefined;
  if (!isPdf) {
    const size = imageSize(bytes);
    if (!size) return { status: "failed", parts: [], problem: "the image's size could not be read" };
    if (size.width * size.height > MAX_PIXELS)
      return {
        status: "failed",
        parts: [],
        problem: `the image is ${size.width} × ${size.height} pixels, more than ${MAX_PIXELS / 1e6} million: not read`,
      };
  }
  const folder = await mkdtemp(path.join(tmpdir(), "sharaka-ocr-"));
  const left = () => limits.deadline - Date.now();
  try {
    const input = path.join(folder, `input.${isPdf ? "pdf" : extensionOf[mediaType]}`);
    await writeFile(input, bytes, { mode: 0o600 });
    let images = [input];
    if (isPdf) {
      const last = String(limits.maxPages ?? 100);
      await run(
        tools.pdftoppm,
        ["-png", "-scale-to", String(PAGE_PIXELS), "-l", last, input, path.join(folder, "page")],
        left(),
      );
      images = (await readdir(folder))
        .filter((name) => name.startsWith("page") && name.endsWith(".png"))
        .sort((a, b) => Number(/(\d+)\.png$/u.exec(a)?.[1]) - Number(/(\d+)\.png$/u.exec(b)?.[1]))
        .map((name) => path.join(folder, name));
    }
    const parts: ExtractedText["parts"] = [];
    let problem: string | undefined;
    for (const [index, image] of images.entries()) {
      if (left() <= 0) {
        problem = `recognition stopped after ${index} of ${images.length} pages: it took too long`;
        break;
      }
      const text = await run(tools.tesseract, [image, "stdout", "-l", languages.join("+")], left());
      const lines = text
        .split("\n")
        .map((line) => line.replace(/\s+/gu, " ").trim())
        .filter(Boolean);
      if (lines.length) parts.push({ page: isPdf ? index + 1 : null, text: lines.join("\n") });
    }
    // stopped before any page was read: the scan was not found empty, it was not read
    return { status: parts.length ? "extracted" : problem ? "failed" : "no_text", parts, problem };
  } catch (error) {
    const killed = (error as { killed?: boolean }).killed;
    return {
      status: "failed",
      parts: [],
      problem: killed
        ? "recognition stopped: it took too long"
        : `recognition failed: ${String(error).slice(0, 300)}`,
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
