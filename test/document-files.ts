import { readdirSync } from "node:fs";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
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

/** A PDF made as a word processor makes one: a Helvetica text layer, one page per text (Latin-1). */
export function textPdfBytes(pages: string[]): Uint8Array {
  const pdfString = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`);
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${pages.map((_, i) => `${4 + i * 2} 0 R`).join(" ")}] /Count ${pages.length} >>`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
  ];
  pages.forEach((text, i) => {
    const stream = `BT /F1 12 Tf 20 100 Td (${pdfString(text)}) Tj ET`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`,
      `<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`,
    );
  });
  return assemblePdf(objects);
}

/** A PDF of these objects (numbered from 1, the first the catalogue), with its cross-reference table (Latin-1). */
function assemblePdf(objects: string[]): Uint8Array {
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  const entries = offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}

/**
 * A PDF bomb: a page of text whose resources hold an array nested `depth` deep (a parser that
 * follows it by recursion runs out of stack; one that does not, out of time or memory).
 */
export function nestedPdfBytes(text: string, depth: number): Uint8Array {
  const stream = `BT /F1 12 Tf 20 100 Td (${text}) Tj ET`;
  return assemblePdf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 5 0 R >> /Nested ${"[".repeat(depth)}${"]".repeat(depth)} >> /Contents 4 0 R >>`,
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ]);
}

/** A scanned page: a PDF whose page holds only a drawing, no text layer. */
export function scannedPdfBytes(): Uint8Array {
  const stream = "0 0 1 rg 10 10 100 100 re f";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  return assemblePdf(objects);
}

const xmlText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** What a DOCX may carry besides its text: macros (a vbaProject part), a linked image, a hyperlink. */
export interface DocxExtras {
  macros?: boolean;
  /** the address of an image the document shows from elsewhere */
  linkedImage?: string;
  hyperlink?: string;
}

/** A DOCX (as Word writes its smallest one) with one paragraph per text. */
export function docxBytes(paragraphs: string[], extras: DocxExtras = {}): Uint8Array {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${xmlText(p)}</w:t></w:r></w:p>`);
  const relationships = [
    extras.linkedImage
      ? `<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="${xmlText(extras.linkedImage)}" TargetMode="External"/>`
      : "",
    extras.hyperlink
      ? `<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="${xmlText(extras.hyperlink)}" TargetMode="External"/>`
      : "",
  ].join("");
  return zipSync({
    ...(extras.macros ? { "word/vbaProject.bin": new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3, 4]) } : {}),
    ...(relationships
      ? {
          "word/_rels/document.xml.rels": strToU8(
            `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationships}</Relationships>`,
          ),
        }
      : {}),
    "[Content_Types].xml": strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    "_rels/.rels": strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    "word/document.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body.join("")}</w:body></w:document>`,
    ),
  });
}

/** An ODT (as LibreOffice writes it: its media type first, stored) with one paragraph per text. */
export function odtBytes(paragraphs: string[], extraContent = ""): Uint8Array {
  const body = paragraphs.map((p) => `<text:p text:style-name="P1">${xmlText(p)}</text:p>`).join("");
  return zipSync({
    mimetype: [strToU8("application/vnd.oasis.opendocument.text"), { level: 0 }],
    "META-INF/manifest.xml": strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
    ),
    "content.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.2"><office:automatic-styles><style:style style:name="P1"/></office:automatic-styles><office:body><office:text>${body}${extraContent}</office:text></office:body></office:document-content>`,
    ),
  });
}
