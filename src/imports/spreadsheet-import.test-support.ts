/** Workbooks and CSV files written for the spreadsheet import's tests, in a temporary folder. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";

export type Cell = string | number | Date | boolean | null | { formula: string; result?: number };
export type Sheets = Record<string, Cell[][]>;

const folders: string[] = [];
export function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "sharaka-sheets-"));
  folders.push(folder);
  return folder;
}
export function removeTempFolders(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** An XLSX with one worksheet per entry, rows as given (row 1 first); `merge` merges ranges. */
export async function writeWorkbook(
  sheets: Sheets,
  options: { name?: string; merge?: Record<string, string>; emptyRowsAfter?: Record<string, number> } = {},
): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
    const range = options.merge?.[name];
    if (range) sheet.mergeCells(range);
    const empty = options.emptyRowsAfter?.[name];
    // Rows with a style and no value: what a sheet formatted "down to the bottom" holds.
    if (empty) for (let n = 0; n < empty; n++) sheet.getRow(rows.length + 1 + n).getCell(1).numFmt = "0.00";
  }
  const path = join(tempFolder(), options.name ?? "registry.xlsx");
  await workbook.xlsx.writeFile(path);
  return path;
}

export function writeText(name: string, text: string | Buffer): string {
  const path = join(tempFolder(), name);
  writeFileSync(path, text);
  return path;
}

/** A small registry in the layout: two organisations, two agreements and their parts. */
export function sampleRegistry(): Sheets {
  return {
    organizations: [
      ["name_ar", "name_fr", "name_en", "acronym", "kind", "website", "id"],
      ["الاسم (بالعربية)", "Nom (en français)", "Name (in English)", "Sigle", "Type", "Website", "Id"],
      ["جامعة محمد الخامس", "Université Mohammed V", null, "UM5", "Université ou recherche", null, null],
      [
        null,
        "Conseil régional de l'Oriental",
        "Oriental Regional Council",
        "CRO",
        "territorial_collectivity",
        "https://oriental.ma",
        null,
      ],
    ],
    agreements: [
      [
        "reference",
        "kind",
        "title_ar",
        "title_fr",
        "title_en",
        "status",
        "visibility",
        "themes",
        "national",
        "signed_on",
        "effective_on",
        "expires_on",
        "duration_months",
        "renewal",
        "renewal_notice_days",
        "parent_agreement",
      ],
      [
        "CONV-2026-001",
        "framework",
        null,
        "Convention cadre de recherche",
        null,
        "in_force",
        "public",
        "research; training",
        "no",
        "01/03/2026",
        46082,
        "2029-02-28",
        "36",
        "tacit",
        "٩٠",
        null,
      ],
      [
        "CONV-2026-002",
        "Convention d'application",
        "اتفاقية خاصة",
        null,
        null,
        null,
        null,
        null,
        "oui",
        null,
        null,
        null,
        null,
        null,
        null,
        "CONV-2026-001",
      ],
    ],
    parties: [
      ["agreement", "organization", "role"],
      ["CONV-2026-001", "UM5", "signatory"],
      ["CONV-2026-001", "Oriental Regional Council", "Bailleur"],
      ["CONV-2026-002", "جامعة محمد الخامس", "implementing"],
    ],
    agreement_territories: [
      ["agreement", "territory"],
      ["CONV-2026-001", "L'Oriental"],
      ["CONV-2026-001", "04.441"],
    ],
    objectives: [
      ["agreement", "number", "text_fr"],
      ["CONV-2026-001", 2, "Former les élus"],
      ["CONV-2026-001", 1, "Mener des études"],
    ],
    commitments: [
      ["agreement", "number", "organization", "text_en"],
      ["CONV-2026-001", 1, "CRO", "Fund the studies"],
    ],
    contributions: [
      ["agreement", "organization", "amount", "currency", "nature", "description_fr"],
      ["CONV-2026-001", "CRO", "1 500 000,50", null, "cash", "Budget des études"],
      ["CONV-2026-001", "UM5", "١٬٢٠٠", "MAD", "in_kind", null],
    ],
    amendments: [
      ["agreement", "signed_on", "summary_fr"],
      ["CONV-2026-001", "15/06/2026", "Prolonge les études"],
    ],
  };
}
