import { PassThrough } from "node:stream";
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { unzipSync } from "fflate";
import { buildAgreement, buildOrganization } from "../../test/factories.js";
import {
  buildActionPlan,
  buildActivity,
  buildCommitteeMember,
  buildDecision,
  buildFollowUpAction,
  buildIndicator,
  buildIndicatorValue,
  buildMeeting,
} from "../../test/followup-factories.js";
import { buildPartnership, buildPeople, sessionActors } from "../../test/worlds.js";
import type { Executor } from "../db/client.js";
import { agreements, organizations } from "../db/schema/index.js";

/** Hostile texts a spreadsheet program could run, and what the file must hold instead. */
export const hostile = {
  formula: '=HYPERLINK("http://evil.example","click")',
  plus: "+1+1",
  minus: "-2+3",
  at: "@SUM(A1:A2)",
  tab: "\tcmd",
  apostrophe: "'quoted",
};

/**
 * A small registry: an internal agreement between two partners (buildPartnership) with its
 * committee, and a public one with Arabic texts, an amount, a plan, an activity, an indicator
 * with an approved and a submitted value, a meeting, a decision and an action; texts that look
 * like formulas in its summary and title.
 */
export async function buildSpreadsheetWorld(db: Executor) {
  const world = await buildPartnership(db);
  const users = await buildPeople(db, world);
  const people = sessionActors(users);
  const funder = await buildOrganization(db, {
    name: { ar: "وزارة الداخلية", fr: "Ministère de l'Intérieur" },
    acronym: "MI",
    kind: "ministry",
  });
  const publicAgreement = await buildAgreement(db, {
    reference: "PUB-2026-001",
    title: { ar: "اتفاقية شراكة للتكوين", fr: "Convention de formation", en: "Training agreement" },
    visibility: "public",
    status: "in_force",
    themes: ["training", "research"],
    signedOn: "2026-02-15",
    effectiveOn: "2026-03-01",
    national: false,
    territoryCodes: ["01.571"],
    parties: [
      { organizationId: world.partnerId, role: "signatory" },
      { organizationId: funder.id, role: "funder" },
    ],
    commitments: [{ organizationId: funder.id, text: { ar: "تمويل التكوين", fr: "Financer la formation" } }],
    contributions: [{ organizationId: funder.id, amount: 1500000.5, currency: "MAD", nature: "cash" }],
  });
  await db
    .update(agreements)
    .set({
      title: { ar: "اتفاقية شراكة للتكوين", fr: hostile.formula, en: hostile.plus },
      summary: { ar: hostile.tab, fr: hostile.minus, en: hostile.at },
    })
    .where(eq(agreements.id, publicAgreement.id));
  await db
    .update(organizations)
    .set({ acronym: hostile.apostrophe })
    .where(eq(organizations.id, world.partnerId));

  const plan = await buildActionPlan(db, publicAgreement.id);
  const activity = await buildActivity(db, publicAgreement.id, {
    actionPlanId: plan.id,
    budgetPlanned: "250000.75",
  });
  const indicator = await buildIndicator(db, publicAgreement.id);
  await buildIndicatorValue(db, indicator.id, { period: "2026-Q1", value: "12.5", comment: "internal note" });
  await buildIndicatorValue(db, indicator.id, { period: "2026-Q2", value: "20", status: "submitted" });
  const publicMember = await buildCommitteeMember(db, publicAgreement.id, { fullName: "Nadia Public" });
  const publicMeeting = await buildMeeting(db, publicAgreement.id);
  await buildDecision(db, publicMeeting);
  await buildFollowUpAction(db, publicAgreement.id);

  const internalMember = await buildCommitteeMember(db, world.agreement.id, { fullName: "Karim Interne" });
  const internalMeeting = await buildMeeting(db, world.agreement.id);
  const decision = await buildDecision(db, internalMeeting, { text: { fr: "Décision interne" } });
  await buildFollowUpAction(db, world.agreement.id, { decisionId: decision.id });

  return {
    ...world,
    users,
    people,
    funder,
    publicAgreement,
    plan,
    activity,
    indicator,
    publicMember,
    internalMember,
  };
}

/** A writable that keeps what it is given, and the bytes once it ends. */
export function collector() {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on("data", (chunk: Buffer) => chunks.push(chunk));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    output.on("end", () => resolve(Buffer.concat(chunks)));
    output.on("error", reject);
  });
  return { output, bytes };
}

export async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** A sheet's data rows as objects by the stable keys of row 1. */
export function sheetRows(
  workbook: ExcelJS.Workbook,
  name: string,
  firstDataRow = 3,
): Record<string, unknown>[] {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  const keys = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, number) => {
    if (number < firstDataRow) return;
    const values = row.values as unknown[];
    rows.push(Object.fromEntries(keys.map((key, index) => [key, values[index + 1] ?? null])));
  });
  return rows;
}

export function unzipCsv(bytes: Buffer): Record<string, string> {
  const files = unzipSync(new Uint8Array(bytes));
  return Object.fromEntries(
    Object.entries(files).map(([name, content]) => [
      name,
      new TextDecoder("utf-8", { ignoreBOM: true }).decode(content),
    ]),
  );
}
