import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { spreadsheetLayout } from "./spreadsheet-layout.js";

const doc = readFileSync(path.resolve(import.meta.dirname, "../../docs/spreadsheet-format.md"), "utf8");

describe("docs/spreadsheet-format.md", () => {
  it("describes every sheet and every column of the layout", () => {
    for (const sheet of spreadsheetLayout) {
      const start = doc.indexOf(`### \`${sheet.key}\``);
      expect(start, sheet.key).toBeGreaterThan(0);
      const next = doc.indexOf("\n### ", start + 1);
      const section = doc.slice(start, next === -1 ? undefined : next);
      for (const column of sheet.columns)
        expect(section, `${sheet.key}.${column.key}`).toContain(`| \`${column.key}\` |`);
    }
  });
});
