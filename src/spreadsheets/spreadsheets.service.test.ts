import type ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import type { DatabaseHandle } from "../db/client.js";
import { anonymous, systemActor } from "../shared/actor.js";
import { neutralizeFormula } from "./spreadsheet-cells.js";
import { exportSpreadsheet, writeSpreadsheetTemplate } from "./spreadsheets.service.js";
import {
  buildSpreadsheetWorld,
  collector,
  hostile,
  readWorkbook,
  sheetRows,
  unzipCsv,
} from "./spreadsheets.test-support.js";

let handle: DatabaseHandle;
let world: Awaited<ReturnType<typeof buildSpreadsheetWorld>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  world = await buildSpreadsheetWorld(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

async function exportXlsx(
  actor = systemActor,
  options: Partial<Parameters<typeof exportSpreadsheet>[0]> = {},
) {
  const { output, bytes } = collector();
  const summary = await exportSpreadsheet({
    db: handle.db,
    actor,
    lang: "fr",
    request: { format: "xlsx" },
    output,
    ...options,
  });
  return { summary, workbook: await readWorkbook(await bytes) };
}

const allText = (workbook: ExcelJS.Workbook) => {
  const texts: string[] = [];
  workbook.eachSheet((sheet) => {
    sheet.eachRow((row) => {
      for (const value of row.values as unknown[])
        if (value !== undefined && value !== null) texts.push(String(value));
    });
  });
  return texts.join("\n");
};

describe("exportSpreadsheet as XLSX", () => {
  it("writes every sheet with the stable keys in row 1 and the reader's headers in row 2", async () => {
    const { workbook } = await exportXlsx(world.people.staff, { lang: "ar" });
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect(names[0]).toBe("read_me");
    expect(names).toContain("agreements");
    expect(names).toContain("follow_up_actions");
    expect(names.at(-1)).toBe("lists");
    const sheet = workbook.getWorksheet("agreements");
    expect(sheet?.getRow(1).getCell(1).value).toBe("reference");
    expect(sheet?.getRow(2).getCell(1).value).toBe("المرجع");
    expect(sheet?.views[0]?.rightToLeft).toBe(true);
  });

  it("keeps Arabic text, amounts, dates, lists and the references between sheets", async () => {
    const { workbook } = await exportXlsx(world.people.staff);
    const agreement = sheetRows(workbook, "agreements").find((row) => row.reference === "PUB-2026-001");
    expect(agreement?.title_ar).toBe("اتفاقية شراكة للتكوين");
    expect(agreement?.signed_on).toEqual(new Date("2026-02-15T00:00:00Z"));
    expect(agreement?.themes).toBe("training; research");
    expect(agreement?.national).toBe("no");
    expect(agreement?.id).toBe(world.publicAgreement.id);

    const contribution = sheetRows(workbook, "contributions").find((row) => row.agreement === "PUB-2026-001");
    expect(contribution).toMatchObject({
      organization: "Ministère de l'Intérieur",
      amount: 1500000.5,
      nature: "cash",
    });
    const parties = sheetRows(workbook, "parties").filter((row) => row.agreement === "PUB-2026-001");
    expect(parties.map((row) => row.role)).toEqual(["signatory", "funder"]);
    expect(sheetRows(workbook, "agreement_territories")).toContainEqual({
      agreement: "PUB-2026-001",
      territory: "01.571",
    });

    const organizations = sheetRows(workbook, "organizations");
    expect(organizations).toContainEqual(
      expect.objectContaining({ name_ar: "وزارة الداخلية", acronym: "MI", kind: "ministry" }),
    );
    const objectives = sheetRows(workbook, "objectives").filter((row) => row.agreement === "PUB-2026-001");
    expect(objectives.map((row) => row.number)).toEqual([1, 2]);

    const [plan] = sheetRows(workbook, "action_plans").filter((row) => row.agreement === "PUB-2026-001");
    const [activity] = sheetRows(workbook, "activities").filter((row) => row.agreement === "PUB-2026-001");
    expect(plan?.number).toBe(1);
    expect(activity).toMatchObject({
      number: 1,
      plan_number: 1,
      budget_planned: 250000.75,
      kind: "training",
    });
    const [indicator] = sheetRows(workbook, "indicators").filter((row) => row.agreement === "PUB-2026-001");
    expect(indicator).toMatchObject({ number: 1, objective_number: 1, activity_number: null });
    const values = sheetRows(workbook, "indicator_values").filter((row) => row.agreement === "PUB-2026-001");
    expect(values.map((row) => [row.indicator_number, row.period, row.value, row.status])).toEqual([
      [1, "2026-Q1", 12.5, "approved"],
      [1, "2026-Q2", 20, "submitted"],
    ]);
    expect(values[0]?.comment).toBe("internal note");

    const meetings = sheetRows(workbook, "meetings").filter(
      (row) => row.agreement === world.agreement.reference,
    );
    expect(meetings).toMatchObject([{ number: 1, starts_at: "2026-05-12 10:00", status: "held" }]);
    const decisions = sheetRows(workbook, "decisions").filter(
      (row) => row.agreement === world.agreement.reference,
    );
    expect(decisions).toMatchObject([{ meeting_number: 1, number: 1, text_fr: "Décision interne" }]);
    const actions = sheetRows(workbook, "follow_up_actions").filter(
      (row) => row.agreement === world.agreement.reference,
    );
    expect(actions).toMatchObject([{ meeting_number: 1, decision_number: 1 }]);
    expect(sheetRows(workbook, "contacts")).toBeDefined();
  });

  it("writes texts that look like formulas behind an apostrophe, never as formulas", async () => {
    const { workbook } = await exportXlsx(world.people.staff);
    const agreement = sheetRows(workbook, "agreements").find((row) => row.reference === "PUB-2026-001");
    expect(agreement).toMatchObject({
      title_fr: `'${hostile.formula}`,
      title_en: `'${hostile.plus}`,
      summary_ar: `'${hostile.tab}`,
      summary_fr: `'${hostile.minus}`,
      summary_en: `'${hostile.at}`,
    });
    const partner = sheetRows(workbook, "organizations").find((row) => row.id === world.partnerId);
    expect(partner?.acronym).toBe(`''quoted`);
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.formula, `${sheet.name}!${cell.address}`).toBeUndefined();
        }),
      ),
    );
  });

  it("writes for the public only public agreements, without the inside", async () => {
    const { workbook, summary } = await exportXlsx(anonymous);
    const names = workbook.worksheets.map((sheet) => sheet.name);
    for (const inside of ["contacts", "committee_members", "meetings", "decisions", "follow_up_actions"])
      expect(names).not.toContain(inside);
    expect(sheetRows(workbook, "agreements").map((row) => row.reference)).toEqual(["PUB-2026-001"]);
    expect(summary.agreements).toBe(1);
    const text = allText(workbook);
    expect(text).not.toContain(world.agreement.reference);
    expect(text).not.toContain("internal note");
    expect(text).not.toContain("Karim Interne");
    expect(text).not.toContain("Nadia Public");
    const values = sheetRows(workbook, "indicator_values");
    expect(values.map((row) => row.status)).toEqual(["approved"]);
    expect(Object.keys(values[0] ?? {})).not.toContain("comment");
    // Only the organisations its agreements name: not the outsider.
    expect(sheetRows(workbook, "organizations").map((row) => row.id)).not.toContain(world.outsiderId);
  });

  it("writes for a focal point what it may read: its own agreement's inside, a public one's outside", async () => {
    const own = await exportXlsx(world.people.focal);
    expect(
      sheetRows(own.workbook, "agreements")
        .map((row) => row.reference)
        .sort(),
    ).toEqual([world.agreement.reference, "PUB-2026-001"].sort());
    // Party to both: sees both insides.
    expect(sheetRows(own.workbook, "meetings")).toHaveLength(2);

    const outsider = await exportXlsx(world.people.outsiderFocal);
    expect(sheetRows(outsider.workbook, "agreements").map((row) => row.reference)).toEqual(["PUB-2026-001"]);
    expect(sheetRows(outsider.workbook, "meetings")).toEqual([]);
    expect(sheetRows(outsider.workbook, "committee_members")).toEqual([]);
    expect(sheetRows(outsider.workbook, "indicator_values").map((row) => [row.status, row.comment])).toEqual([
      ["approved", null],
    ]);
    expect(outsider.workbook.getWorksheet("contacts")).toBeUndefined();
  });

  it("applies the list's filters", async () => {
    const { workbook } = await exportXlsx(world.people.staff, {
      request: { format: "xlsx", filter: { status: "in_force" } },
    });
    expect(sheetRows(workbook, "agreements").map((row) => row.reference)).toEqual(["PUB-2026-001"]);
    expect(sheetRows(workbook, "meetings").map((row) => row.agreement)).toEqual(["PUB-2026-001"]);
  });
});

describe("exportSpreadsheet as CSV", () => {
  it("writes a zip of one UTF-8 CSV per sheet, with its byte order mark and the keys in row 1", async () => {
    const { output, bytes } = collector();
    await exportSpreadsheet({
      db: handle.db,
      actor: anonymous,
      lang: "ar",
      request: { format: "csv" },
      output,
    });
    const files = unzipCsv(await bytes);
    expect(Object.keys(files)).toContain("agreements.csv");
    expect(Object.keys(files)).not.toContain("meetings.csv");
    const agreementsCsv = files["agreements.csv"] ?? "";
    expect(agreementsCsv.startsWith("\uFEFFreference,kind,title_ar,title_fr,title_en,")).toBe(true);
    expect(agreementsCsv).toContain("اتفاقية شراكة للتكوين");
    expect(agreementsCsv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(agreementsCsv).toContain("'+1+1");
    expect(agreementsCsv).toContain("'@SUM(A1:A2)");
    expect(agreementsCsv).toContain("'-2+3");
    expect(agreementsCsv).toContain("2026-02-15");
    expect(files["contributions.csv"]).toContain("1500000.50");
  });

  it("writes one sheet as one CSV file", async () => {
    const { output, bytes } = collector();
    await exportSpreadsheet({
      db: handle.db,
      actor: world.people.staff,
      lang: "fr",
      request: { format: "csv", sheet: "parties" },
      output,
    });
    const text = (await bytes).toString("utf8");
    expect(text.startsWith("\uFEFFagreement,organization,role\r\n")).toBe(true);
    expect(text).toContain("PUB-2026-001,Ministère de l'Intérieur,funder");
  });

  it("refuses a sheet the reader may not have", async () => {
    const { output } = collector();
    await expect(
      exportSpreadsheet({
        db: handle.db,
        actor: anonymous,
        lang: "fr",
        request: { format: "csv", sheet: "meetings" },
        output,
      }),
    ).rejects.toMatchObject({ code: "usage" });
  });
});

describe("the template", () => {
  it("has every sheet with its two header rows, no data, the read-me and drop-down lists", async () => {
    const { output, bytes } = collector();
    await writeSpreadsheetTemplate({ lang: "en", output });
    const workbook = await readWorkbook(await bytes);
    const agreementsSheet = workbook.getWorksheet("agreements");
    const lists = workbook.getWorksheet("lists");
    if (!agreementsSheet || !lists) throw new Error("sheets missing");
    expect(agreementsSheet.rowCount).toBe(2);
    expect(agreementsSheet.getRow(2).getCell(1).value).toBe("Reference");
    const readMe = sheetRows(workbook, "read_me", 1).map((row) => Object.values(row).join(" "));
    expect(readMe.join("\n")).toContain("Row 1 holds the column keys");
    const statusColumn = (agreementsSheet.getRow(1).values as unknown[]).indexOf("status");
    const validation = agreementsSheet.getCell(5, statusColumn).dataValidation;
    expect(validation).toMatchObject({ type: "list" });
    const header = (lists.getRow(1).values as unknown[]).slice(1);
    const column = header.indexOf("status") + 1;
    const codes = lists.getColumn(column).values.slice(2);
    expect(codes).toEqual([
      "draft",
      "negotiation",
      "signed",
      "in_force",
      "suspended",
      "expired",
      "terminated",
    ]);
  });
});

describe("neutralizeFormula", () => {
  it("puts an apostrophe before = + - @ tab CR and an apostrophe, and nothing else", () => {
    for (const text of ["=1", "+1", "-1", "@x", "\tx", "\rx", "'x"])
      expect(neutralizeFormula(text)).toBe(`'${text}`);
    for (const text of ["a=1", " =1", "سلا", "1-2", ""]) expect(neutralizeFormula(text)).toBe(text);
  });
});
