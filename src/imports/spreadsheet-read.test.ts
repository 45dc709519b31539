import { readFileSync } from "node:fs";
import { zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import {
  removeTempFolders,
  sampleRegistry,
  writeText,
  writeWorkbook,
} from "./spreadsheet-import.test-support.js";
import { readSpreadsheet } from "./spreadsheet-read.js";
import { readLimits } from "./spreadsheet-sheets.js";

afterAll(removeTempFolders);

const reasons = async (path: string, name = path) =>
  (await readSpreadsheet(path, name)).problems.map((p) =>
    [p.sheet, p.row, p.column, p.reason].filter((x) => x !== undefined).join(":"),
  );
const rows = async (path: string, name = path) =>
  (await readSpreadsheet(path, name)).sheets.map((sheet) => [
    sheet.key,
    sheet.rows.map((row) => [row.number, Object.fromEntries(row.cells)]),
  ]);

describe("reading a workbook", () => {
  it("reads every sheet by its column keys, skipping a second row of labels", async () => {
    const read = await readSpreadsheet(await writeWorkbook(sampleRegistry()), "r.xlsx");
    expect(read.problems).toEqual([]);
    expect(read.sheets.map((s) => [s.key, s.rows.length])).toEqual([
      ["organizations", 2],
      ["agreements", 2],
      ["parties", 3],
      ["agreement_territories", 2],
      ["objectives", 2],
      ["commitments", 1],
      ["contributions", 2],
      ["amendments", 1],
    ]);
    const first = read.sheets[0]?.rows[0];
    expect(first?.number).toBe(3);
    expect(Object.fromEntries(first?.cells ?? [])).toEqual({
      name_ar: "جامعة محمد الخامس",
      name_fr: "Université Mohammed V",
      acronym: "UM5",
      kind: "Université ou recherche",
    });
  });

  it("accepts a header of labels in any language, and date cells", async () => {
    const path = await writeWorkbook({
      amendments: [
        ["مرجع الاتفاقية", "Date de signature", "Summary (in English)"],
        ["CONV-1", new Date(Date.UTC(2026, 2, 1)), "Longer"],
      ],
    });
    expect(await rows(path, "a.xlsx")).toEqual([
      [
        "amendments",
        [[2, { agreement: "CONV-1", signed_on: new Date(Date.UTC(2026, 2, 1)), summary_en: "Longer" }]],
      ],
    ]);
  });

  it("names unknown sheets and columns, formulas, merged cells and values without a header", async () => {
    const path = await writeWorkbook(
      {
        agreements: [
          ["reference", "colour", "title_fr", null],
          ["CONV-1", "red", { formula: 'CONCAT(A2, "x")', result: 1 }, "stray"],
        ],
        Feuil1: [["anything"]],
        read_me: [["skipped without a word"]],
      },
      { merge: { agreements: "A5:B5" } },
    );
    expect(await reasons(path, "x.xlsx")).toEqual([
      "agreements:1:colour:unknownColumn",
      "agreements:2:C:formula",
      "agreements:2:D:valueWithoutHeader",
      "agreements:A5:B5:mergedCells",
      "Feuil1:unknownSheet",
    ]);
  });

  it("refuses a sheet of too many rows and a file of too many cells, naming the row it stopped at", async () => {
    const saved = { ...readLimits };
    try {
      readLimits.maxRowsPerSheet = 3;
      const long = await writeWorkbook({ agreements: [["reference"], ["A"], ["B"], ["C"], ["D"], ["E"]] });
      expect(await reasons(long, "x.xlsx")).toEqual(["agreements:5:tooManyRows"]);
      readLimits.maxRowsPerSheet = saved.maxRowsPerSheet;
      readLimits.maxCells = 5;
      const wide = await writeWorkbook({
        agreements: [
          ["reference", "title_fr"],
          ["A", "a"],
          ["B", "b"],
          ["C", "c"],
        ],
      });
      expect(await reasons(wide, "x.xlsx")).toEqual(["agreements:4:tooManyCells"]);
    } finally {
      Object.assign(readLimits, saved);
    }
  });

  it("reads past a few formatted empty rows, and refuses a long run of them, stopping there", async () => {
    const trailing = await writeWorkbook(
      { agreements: [["reference"], ["CONV-1"]] },
      { emptyRowsAfter: { agreements: 1_005 } },
    );
    expect(await reasons(trailing, "x.xlsx")).toEqual([]);
    const saved = readLimits.maxEmptyRun;
    readLimits.maxEmptyRun = 50;
    try {
      const gap = await writeWorkbook({
        agreements: [["reference"], ["CONV-1"], ...Array(60).fill([null]), ["CONV-2"]],
      });
      expect(await reasons(gap, "x.xlsx")).toEqual(["agreements:3:tooManyEmptyRows"]);
    } finally {
      readLimits.maxEmptyRun = saved;
    }
  });

  it("refuses a sheet of 1,000,000 empty rows quickly", async () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    const emptyRows = Array.from(
      { length: 1_000_000 },
      (_, i) => `<row r="${i + 3}"><c r="A${i + 3}" s="1"/></row>`,
    ).join("");
    const zip = zipSync({
      "xl/workbook.xml": encode(
        '<workbook><sheets><sheet name="agreements" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
      "xl/_rels/workbook.xml.rels": encode(
        '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
      "xl/worksheets/sheet1.xml": encode(
        `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>reference</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>CONV-1</t></is></c></row>${emptyRows}</sheetData></worksheet>`,
      ),
    });
    const started = Date.now();
    expect(await reasons(writeText("huge.xlsx", Buffer.from(zip)))).toEqual([
      "agreements:3:tooManyEmptyRows",
    ]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it.each([
    [
      "a zip that is no workbook",
      () => writeText("x.xlsx", Buffer.from(zipSync({ "hello.txt": new TextEncoder().encode("hi") }))),
      "notAWorkbook",
    ],
    ["a text file named .xlsx", () => writeText("x.xlsx", "reference\nCONV-1\n"), "notAWorkbook"],
    [
      "an OLE file (a password-protected workbook)",
      () =>
        writeText(
          "x.xlsx",
          Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]),
        ),
      "protectedWorkbook",
    ],
    ["a file of another format", () => writeText("x.ods", "whatever"), "unknownFormat"],
  ])("refuses %s", async (_, make, reason) => {
    const path = make();
    expect(await reasons(path)).toEqual([reason]);
  });

  it("refuses a truncated workbook", async () => {
    const whole = readFileSync(await writeWorkbook(sampleRegistry()));
    const path = writeText("cut.xlsx", whole.subarray(0, Math.floor(whole.length / 2)));
    expect((await reasons(path))[0]).toMatch(/corruptWorkbook|notAWorkbook/);
  });

  it("refuses a file over the size bound before reading it", async () => {
    const saved = readLimits.maxFileBytes;
    readLimits.maxFileBytes = 1024 * 1024;
    try {
      const path = writeText("big.csv", Buffer.alloc(2 * 1024 * 1024 + 10, "a"));
      expect(await reasons(path)).toEqual(["fileTooLarge"]);
    } finally {
      readLimits.maxFileBytes = saved;
    }
  });
});

describe("reading a CSV file", () => {
  it("knows its sheet by its name, reads ; with a BOM and quoted line breaks", async () => {
    const path = writeText(
      "objectives.csv",
      '\uFEFFagreement;number;text_fr\r\nCONV-1;1;"Former; puis\r\nencadrer"\r\nCONV-1;2;"Dire ""oui"""\r\n',
    );
    expect(await rows(path)).toEqual([
      [
        "objectives",
        [
          [2, { agreement: "CONV-1", number: "1", text_fr: "Former; puis\r\nencadrer" }],
          [3, { agreement: "CONV-1", number: "2", text_fr: 'Dire "oui"' }],
        ],
      ],
    ]);
  });

  it("knows its sheet by its header when the name says nothing, with , as separator", async () => {
    const path = writeText("export (3).csv", "agreement,territory\nCONV-1,Oujda-Angad\n");
    expect(await rows(path)).toEqual([
      ["agreement_territories", [[2, { agreement: "CONV-1", territory: "Oujda-Angad" }]]],
    ]);
  });

  it("refuses a CSV whose sheet cannot be told, one not in UTF-8, and a broken quote", async () => {
    expect(await reasons(writeText("data.csv", "agreement,number\nX,1\n"))).toEqual([
      "data.csv:csvSheetUnknown",
    ]);
    expect(
      await reasons(
        writeText("agreements.csv", Buffer.from("reference,title_fr\nX,Conv\xe9ntion\n", "latin1")),
      ),
    ).toEqual(["agreements:2:notUtf8"]);
    expect((await reasons(writeText("agreements.csv", 'reference,title_fr\nX,"open\n')))[0]).toMatch(
      /^agreements:\d+:csvSyntax$/,
    );
  });
});
