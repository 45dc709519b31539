import { describe, expect, it } from "vitest";
import { translator } from "../shared/i18n.js";
import { languages } from "../shared/localized.js";
import { sheetKeys, spreadsheetLayout } from "./spreadsheet-layout.js";

describe("the spreadsheet layout", () => {
  it("has one sheet per key, in the order of sheetKeys", () => {
    expect(spreadsheetLayout.map((sheet) => sheet.key)).toEqual([...sheetKeys]);
  });

  it("gives every column a key unique in its sheet, made of lower-case letters, digits and _", () => {
    for (const sheet of spreadsheetLayout) {
      const keys = sheet.columns.map((column) => column.key);
      expect(new Set(keys).size, sheet.key).toBe(keys.length);
      for (const key of keys) expect(key).toMatch(/^[a-z][a-z0-9_]*$/);
      for (const key of sheet.naturalKey) expect(keys, `${sheet.key}.${key}`).toContain(key);
    }
  });

  it("points only to sheets before the one that points (so a workbook reads top to bottom)", () => {
    spreadsheetLayout.forEach((sheet, index) => {
      for (const column of sheet.columns) {
        if (column.type.kind !== "reference" || column.type.to.kind !== "number") continue;
        const target = column.type.to.sheet;
        const targetIndex = sheetKeys.indexOf(target);
        expect(targetIndex, `${sheet.key}.${column.key} → ${target}`).toBeLessThan(index);
      }
    });
  });

  it("has a label and a meaning in every language, and a label for every enumerated value", () => {
    for (const lang of languages) {
      const t = translator(lang);
      for (const sheet of spreadsheetLayout) {
        expect(sheet.label[lang]).not.toBe("");
        for (const column of sheet.columns) {
          expect(column.label[lang], `${sheet.key}.${column.key}`).not.toBe("");
          expect(column.meaning[lang], `${sheet.key}.${column.key}`).not.toBe("");
          if (column.type.kind !== "enum") continue;
          for (const value of column.type.values) {
            const key = `${column.type.labels}.${value}`;
            expect(t(key), `${lang}: ${key}`).not.toBe(key);
          }
        }
      }
    }
  });
});
