import { strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import {
  docxBytes,
  nestedPdfBytes,
  odtBytes,
  pdfBytes,
  pngBytes,
  scannedPdfBytes,
  textPdfBytes,
} from "../../test/document-files.js";
import { extractDocumentText, MAX_UNPACKED_BYTES } from "./document-text.extract.js";

const PDF = "application/pdf";
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const ODT = "application/vnd.oasis.opendocument.text";

describe("reading a document's text", () => {
  it("reads a PDF's text layer page by page, each part naming its page", async () => {
    const read = await extractDocumentText(
      PDF,
      textPdfBytes(["Convention de partenariat", "", "Formation des \u00e9lus \u00e0 Ifrane (2024)"]),
    );
    expect(read).toMatchObject({ status: "extracted", pageCount: 3 });
    // The blank second page has nothing to find: no part.
    expect(read.parts).toEqual([
      { page: 1, text: "Convention de partenariat" },
      { page: 3, text: "Formation des élus à Ifrane (2024)" },
    ]);
  });

  it("marks a scanned PDF (a page with no text layer) and an image as having no text", async () => {
    expect(await extractDocumentText(PDF, scannedPdfBytes())).toEqual({
      status: "no_text",
      pageCount: 1,
      parts: [],
      problem: undefined,
    });
    expect(await extractDocumentText("image/png", pngBytes())).toMatchObject({
      status: "no_text",
      parts: [],
    });
  });

  it("reads a DOCX's paragraphs, in Arabic as in French, without pages", async () => {
    const read = await extractDocumentText(
      DOCX,
      docxBytes(["اتفاقية الشراكة مع جامعة الأخوين", "Objectifs : former les élus & les cadres"]),
    );
    expect(read).toEqual({
      status: "extracted",
      parts: [
        { page: null, text: "اتفاقية الشراكة مع جامعة الأخوين\nObjectifs : former les élus & les cadres" },
      ],
      problem: undefined,
    });
  });

  it("reads an ODT's paragraphs with its entities, spaces, tabs and line breaks, and none of its styles", async () => {
    const read = await extractDocumentText(
      ODT,
      odtBytes(
        ["Comité de pilotage", "R&D <annexe>"],
        '<text:h>Décisions<text:s text:c="3"/>2025</text:h><text:p>un<text:line-break/>deux&#x20AC;&#233;</text:p>',
      ),
    );
    expect(read.status).toBe("extracted");
    expect(read.parts.map((part) => part.text)).toEqual([
      "Comité de pilotage\nR&D <annexe>\nDécisions 2025\nun\ndeux€é",
    ]);
  });

  it("cuts a long text document into parts of at most 8,000 characters, losing no word", async () => {
    const paragraph = (n: number) => `Paragraphe ${n} ${"mot ".repeat(300)}`.trim();
    const paragraphs = Array.from({ length: 40 }, (_, n) => paragraph(n));
    const read = await extractDocumentText(DOCX, docxBytes([...paragraphs, `fin ${"x".repeat(20_000)}`]));
    expect(read.parts.length).toBeGreaterThan(5);
    for (const part of read.parts) expect(part.text.length).toBeLessThanOrEqual(8_000);
    const joined = read.parts.map((part) => part.text).join("\n");
    for (let n = 0; n < 40; n++) expect(joined).toContain(`Paragraphe ${n} mot`);
    expect(joined.replace(/\s/g, "")).toContain(`fin${"x".repeat(20_000)}`);
  });

  it("says a damaged or unreadable file failed, with the reason, instead of throwing", async () => {
    for (const [type, bytes] of [
      [PDF, new TextEncoder().encode("%PDF-1.4 this is not a PDF body")],
      [DOCX, new TextEncoder().encode("PK\u0003\u0004 truncated")],
      [ODT, zipSync({ mimetype: strToU8("application/vnd.oasis.opendocument.text") })],
    ] as const) {
      const read = await extractDocumentText(type, bytes);
      expect(read.status, type).toBe("failed");
      expect(read.parts).toEqual([]);
      expect(read.problem, type).toMatch(/\w/);
    }
  });

  it("refuses an archive that unpacks past the limit (a zip bomb), whatever it declares", async () => {
    const bomb = zipSync({
      "content.xml": new Uint8Array(MAX_UNPACKED_BYTES + 1024).fill(0x20),
    });
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    for (const type of [ODT, DOCX]) {
      const read = await extractDocumentText(type, bomb);
      expect(read.status).toBe("failed");
      expect(read.problem).toContain("unpacks to more than");
    }
  });

  it("stops a PDF bomb (an array nested 100,000 deep) with a clear failure, not a crash", async () => {
    const read = await extractDocumentText(PDF, nestedPdfBytes("Convention", 100_000), {
      maxPages: 100,
      deadline: Date.now() + 60_000,
    });
    expect(read.status).toBe("failed");
    expect(read.parts).toEqual([]);
    expect(read.problem).toMatch(/stack/iu);
  });

  it("reads a DOCX's text and says what it left alone: macros and files it refers to, never a hyperlink", async () => {
    const paragraphs = ["Convention de partenariat", "Article premier : objet"];
    const plain = await extractDocumentText(
      DOCX,
      docxBytes(paragraphs, { hyperlink: "https://example.org" }),
    );
    expect(plain.parts.map((part) => part.text)).toEqual([
      "Convention de partenariat\nArticle premier : objet",
    ]);
    expect(plain.ignored).toBeUndefined();
    const active = await extractDocumentText(
      DOCX,
      docxBytes(paragraphs, { macros: true, linkedImage: "http://127.0.0.1:9/logo.png" }),
    );
    expect(active.parts).toEqual(plain.parts);
    expect(active.ignored).toEqual(["macros", "externalReferences"]);
  });

  it("says what an ODT left alone: its Basic macros and an image linked from elsewhere", async () => {
    const linked =
      '<text:p><draw:frame xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"><draw:image xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="http://127.0.0.1:9/logo.png"/></draw:frame></text:p>';
    const withLink = await extractDocumentText(ODT, odtBytes(["Convention"], linked));
    expect(withLink.ignored).toEqual(["externalReferences"]);
    const hyperlink =
      '<text:p><text:a xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="https://example.org">lien</text:a></text:p>';
    expect((await extractDocumentText(ODT, odtBytes(["Convention"], hyperlink))).ignored).toBeUndefined();
    const withMacros = unzipSync(odtBytes(["Convention"]));
    withMacros["Basic/Standard/Module1.xml"] = strToU8("<script:module/>");
    const macros = await extractDocumentText(ODT, zipSync(withMacros));
    expect(macros.ignored).toEqual(["macros"]);
    expect(macros.parts.map((part) => part.text)).toEqual(["Convention"]);
  });

  it("reads the test suite's small PDF (no font, no cross-reference table) as PDF.js repairs it", async () => {
    const read = await extractDocumentText(PDF, pdfBytes("Sharaka"));
    expect(read.parts.map((part) => part.text)).toEqual(["Sharaka"]);
  });
});
