import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scannedPdfBytes, textPdfBytes } from "../../test/document-files.js";
import { imageSize, MAX_PIXELS, ocrLanguages, recogniseText } from "./document-ocr.js";

// Tesseract is optional at run time, but CI installs it (.ci/run): there these tests run.
const installed = (await ocrLanguages()).length > 0;
const folder = mkdtempSync(path.join(tmpdir(), "sharaka-ocr-test-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const agreementPdf = () => textPdfBytes(["CONVENTION signee le 15 janvier 2026"]);

/** A photo of a page: the PDF drawn by poppler, as a PNG. */
function pagePhoto(): Uint8Array {
  const pdf = path.join(folder, "page.pdf");
  writeFileSync(pdf, agreementPdf());
  execFileSync("pdftoppm", ["-png", "-r", "300", "-singlefile", pdf, path.join(folder, "photo")]);
  return new Uint8Array(readFileSync(path.join(folder, "photo.png")));
}

const soon = () => ({ deadline: Date.now() + 60_000 });

describe.skipIf(!installed)("character recognition (Tesseract installed)", () => {
  it("reads the text of a photographed page", async () => {
    const read = await recogniseText("image/png", pagePhoto(), soon());
    expect(read?.status).toBe("extracted");
    expect(read?.parts.map((part) => part.text).join(" ")).toMatch(/CONVENTION.*15 janvier 2026/u);
  });

  it("reads a PDF's pages as images, naming each page", async () => {
    const read = await recogniseText("application/pdf", agreementPdf(), soon());
    expect(read?.parts[0]?.page).toBe(1);
    expect(read?.parts[0]?.text).toMatch(/janvier 2026/u);
  });

  it("finds no text in a scan of a drawing", async () => {
    const read = await recogniseText("application/pdf", scannedPdfBytes(), soon());
    expect(read?.status).toBe("no_text");
  });

  it("stops at the deadline and says so", async () => {
    const read = await recogniseText("image/png", pagePhoto(), { deadline: Date.now() + 1 });
    expect(read?.status).toBe("failed");
    expect(read?.problem).toMatch(/too long/u);
  });
});

describe("character recognition's bounds", () => {
  it("refuses an image of more than 40 million pixels without decoding it", async () => {
    // a PNG header claiming 20,000 × 20,000 pixels
    const header = new Uint8Array(33);
    const view = new DataView(header.buffer);
    view.setUint32(0, 0x89504e47);
    view.setUint32(4, 0x0d0a1a0a);
    view.setUint32(16, 20_000);
    view.setUint32(20, 20_000);
    expect(imageSize(header)).toEqual({ width: 20_000, height: 20_000 });
    const read = await recogniseText("image/png", header, soon());
    if (installed) expect(read?.problem).toContain(`more than ${MAX_PIXELS / 1e6} million`);
    else expect(read).toBeUndefined();
  });

  it("reads the size of JPEG and WebP images from their headers", () => {
    const jpeg = new Uint8Array([
      0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0x01, 0x2c, 0x02, 0x58, 3, 0, 0,
    ]);
    expect(imageSize(jpeg)).toEqual({ width: 600, height: 300 });
    const webp = new Uint8Array(32);
    webp.set([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x58]);
    new DataView(webp.buffer).setUint32(24, 799, true);
    new DataView(webp.buffer).setUint32(27, 399, true);
    expect(imageSize(webp)).toEqual({ width: 800, height: 400 });
  });

  it("says nothing when Tesseract is not installed, so the scan is kept as having no text", async () => {
    const tools = { tesseract: path.join(folder, "no-tesseract"), pdftoppm: "pdftoppm" };
    expect(await recogniseText("image/png", new Uint8Array(40), soon(), tools)).toBeUndefined();
  });
});
