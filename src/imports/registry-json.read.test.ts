import { describe, expect, it } from "vitest";
import { AppError } from "../shared/errors.js";
import { registryDocumentReader } from "./registry-json.read.js";

/** Reads `text` handed over `size` bytes at a time, as a file or an archive's part streams in. */
function readInChunks(text: string | Uint8Array, size: number) {
  const reader = registryDocumentReader({ name: "registry.json" });
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  for (let at = 0; at < bytes.length; at += size) reader.write(bytes.subarray(at, at + size));
  return reader.end();
}

function refusal(text: string | Uint8Array, size = 4096): AppError {
  try {
    readInChunks(text, size);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the document was read");
}

const emptyRegistry = {
  format: "sharaka-registry",
  formatVersion: 2,
  exportedAt: "2026-01-01T00:00:00.000Z",
  settings: [{ key: "registry.test", value: { on: true } }],
  territories: [],
  organizations: [],
  agreements: [],
  auditEvents: [],
};
const chunkSizes = [1, 2, 3, 5, 4096];

describe("reading a registry document as its bytes arrive", () => {
  it("gives the same document whatever the chunks, a byte-order mark or é split between two", () => {
    const text = `\uFEFF${JSON.stringify({ ...emptyRegistry, settings: [{ key: "é", value: "ةé" }] }, null, 2)}`;
    for (const size of chunkSizes) {
      expect(readInChunks(text, size).settings, `chunks of ${size}`).toEqual([{ key: "é", value: "ةé" }]);
    }
  });

  it("reads a document that names its version after its records", () => {
    const { formatVersion, ...rest } = emptyRegistry;
    const text = JSON.stringify({ ...rest, formatVersion });
    expect(readInChunks(text, 7).settings).toEqual(emptyRegistry.settings);
    const bad = JSON.stringify({ ...rest, settings: [{ key: "", value: 1 }], formatVersion });
    expect(refusal(bad).issues).toContainEqual({
      field: "settings[0].key",
      message: expect.stringMatching(/>=1 characters/),
    });
  });

  it("names every problem of every record, and a list written twice", () => {
    const text = JSON.stringify(emptyRegistry)
      .replace('"settings":[', '"settings":[{"key":"a","value":null,"extra":1},')
      .replace('"auditEvents":[]', '"auditEvents":[],"territories":[]');
    const error = refusal(text);
    expect(error.code).toBe("import_invalid");
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { field: "settings[0].value", message: "must not be null" },
        { field: "settings[0]", message: 'Unrecognized key: "extra"' },
        { field: "territories", message: "is written twice" },
      ]),
    );
  });

  it("refuses a newer version as soon as it is read, before the rest of the file", () => {
    const reader = registryDocumentReader();
    expect(() =>
      reader.write(new TextEncoder().encode('{"format":"sharaka-registry","formatVersion":3,')),
    ).toThrow(/format version 3, newer than this Sharaka reads/);
  });

  it("says the line and column of a syntax error, counting characters, not bytes", () => {
    const text = '{\n  "format": "مرحبا بكم",\n  oops\n}';
    for (const size of chunkSizes) {
      expect(refusal(text, size).message, `chunks of ${size}`).toBe(
        "Line 3, column 3: invalid JSON: expected a double-quoted property name",
      );
    }
    expect(refusal('{"a" 1}').message).toBe(
      "Line 1, column 6: invalid JSON: expected ':' after the property name",
    );
    expect(refusal('{"a":[1,2,]}').message).toBe("Line 1, column 11: invalid JSON: expected a value");
    expect(refusal('{"a":[1,\n2').message).toBe("Line 2, column 2: invalid JSON: expected ',' or ']'");
    expect(refusal('{"a":"abc').message).toBe("Line 1, column 10: invalid JSON: unterminated string");
    expect(refusal('{"a":"x\u0001"}').message).toMatch(/Line 1, column 8: invalid JSON: control character/);
    expect(refusal(`${JSON.stringify(emptyRegistry)} x`).message).toMatch(
      /invalid JSON: unexpected text after the end of the document/,
    );
    expect(refusal("  \n ").message).toBe("Line 2, column 2: invalid JSON: unexpected end of the text");
  });

  it("refuses a value nested deeper than its checks can go by its record, not as a syntax error", () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const text = JSON.stringify(emptyRegistry).replace(
      '"settings":[{"key":"registry.test","value":{"on":true}}]',
      `"settings":[{"key":"registry.test","value":${deep}}]`,
    );
    expect(refusal(text).issues).toEqual([
      { field: "settings[0]", message: "holds a value nested too deeply to read" },
    ]);
  });

  it("refuses bytes that are not UTF-8, and a document that is not an object", () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
    expect(refusal(bytes, 2).message).toBe("registry.json is not UTF-8 text: save it as UTF-8 and try again");
    expect(refusal("[1, 2]").issues).toEqual([
      { field: "(document)", message: "Invalid input: expected object, received array" },
    ]);
  });
});
