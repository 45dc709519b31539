/**
 * Export → import round trips (issue #14): a registry with every follow-up kind filled, written
 * as XLSX and as the CSV export's zip, imported into the same database (nothing changes), into a
 * fresh one (the same rows come back out), and with one cell edited (that record alone changes).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildFollowUpAction, buildIndicator, buildIndicatorValue } from "../../test/followup-factories.js";
import type { DatabaseHandle, Executor } from "../db/client.js";
import { activities, agreementSearch, agreements, auditEvents, contacts } from "../db/schema/index.js";
import { writeAgreementSearchText } from "../search/agreement-search-text.js";
import { cliActor } from "../shared/actor.js";
import { sheetKeys } from "../spreadsheets/spreadsheet-layout.js";
import { exportSpreadsheet } from "../spreadsheets/spreadsheets.service.js";
import {
  buildSpreadsheetWorld,
  collector,
  readWorkbook,
  sheetRows,
} from "../spreadsheets/spreadsheets.test-support.js";
import {
  describeProblem,
  importSpreadsheet,
  type SpreadsheetImportResult,
} from "./spreadsheet-import.service.js";
import { removeTempFolders, tempFolder } from "./spreadsheet-import.test-support.js";

const actor = cliActor("import");
let first: DatabaseHandle;
let world: Awaited<ReturnType<typeof buildSpreadsheetWorld>>;

beforeAll(async () => {
  first = await createTestDatabase();
  world = await buildSpreadsheetWorld(first.db);
  // More indicators and values of one agreement: made in one transaction by an import, they must
  // keep the order the export numbers them in; one value returned, with its reason.
  for (const name of ["Deuxième indicateur", "Troisième indicateur"])
    await buildIndicator(first.db, world.publicAgreement.id, { name: { fr: name } });
  await buildIndicatorValue(first.db, world.indicator.id, {
    period: "2026-Q3",
    value: "21",
    status: "returned",
    returnReason: "Source manquante",
  });
  // Two actions saying the same, as people write them: matched by their order, not refused.
  for (const dueOn of ["2026-09-30", "2026-10-31"])
    await buildFollowUpAction(first.db, world.publicAgreement.id, {
      description: { fr: "Relancer le partenaire" },
      dueOn,
    });
  await first.db.insert(contacts).values([
    { organizationId: world.funder.id, fullName: "Samira Alaoui", role: "Directrice", position: 0 },
    { organizationId: world.funder.id, fullName: "Omar Bennani", email: "omar@example.ma", position: 1 },
  ]);
});
afterAll(async () => {
  await first.close();
  removeTempFolders();
});

async function exportTo(db: Executor, format: "xlsx" | "csv"): Promise<string> {
  const { output, bytes } = collector();
  await exportSpreadsheet({ db, actor: cliActor("export"), lang: "fr", request: { format }, output });
  const path = join(tempFolder(), format === "xlsx" ? "registre.xlsx" : "registre.zip");
  writeFileSync(path, await bytes);
  return path;
}

const run = (db: Executor, path: string) =>
  importSpreadsheet({ db, actor, path, fileName: path.split("/").pop() as string });

function summaryOf(result: SpreadsheetImportResult) {
  if (!result.ok) throw new Error(result.problems.map((p) => describeProblem(p, "en")).join("\n"));
  return Object.fromEntries(result.summary.sheets.map(({ sheet, ...counts }) => [sheet, counts]));
}

const events = async (db: Executor) => Number((await db.select({ n: count() }).from(auditEvents))[0]?.n);

/** Every sheet's rows without the ids (another database gives others), each as sorted JSON. */
async function rowsOf(path: string) {
  const { readFileSync } = await import("node:fs");
  const workbook = await readWorkbook(readFileSync(path));
  return Object.fromEntries(
    sheetKeys.map((sheet) => [
      sheet,
      sheetRows(workbook, sheet)
        .map(({ id: _id, ...row }) => JSON.stringify(row))
        .sort(),
    ]),
  );
}

describe("a registry exported and imported again", () => {
  it("changes nothing in the database it came from, from XLSX as from the CSV zip", async () => {
    for (const format of ["xlsx", "csv"] as const) {
      const path = await exportTo(first.db, format);
      const before = await events(first.db);
      const summary = summaryOf(await run(first.db, path));
      for (const sheet of sheetKeys)
        expect([sheet, summary[sheet]]).toEqual([sheet, expect.objectContaining({ created: 0, updated: 0 })]);
      expect(summary.activities?.unchanged).toBe(1);
      expect(summary.indicator_values?.unchanged).toBe(3);
      expect(summary.indicators?.unchanged).toBe(3);
      expect(summary.follow_up_actions?.unchanged).toBe(4);
      expect(summary.contacts?.unchanged).toBe(2);
      expect(await events(first.db)).toBe(before);
    }
  });

  it("fills a fresh database, whose export then holds the same rows", async () => {
    // The fixture writes a summary starting with a tab straight into the table; the agreements'
    // rules trim texts, so a registry made through them never holds one.
    await first.db
      .update(agreements)
      .set({ summary: sql`jsonb_set(${agreements.summary}, '{ar}', '"cmd"')` })
      .where(eq(agreements.id, world.publicAgreement.id));
    const path = await exportTo(first.db, "xlsx");
    const fresh = await createTestDatabase();
    try {
      const summary = summaryOf(await run(fresh.db, path));
      expect(summary.agreements).toEqual({ created: 2, updated: 0, unchanged: 0 });
      // The association is the fresh database's own: found by its names, not created again.
      expect(summary.organizations?.unchanged).toBe(1);
      expect(summary.meetings).toEqual({ created: 2, updated: 0, unchanged: 0 });
      expect(await rowsOf(await exportTo(fresh.db, "xlsx"))).toEqual(await rowsOf(path));
      // Each agreement's search words, written once, are those of all it holds (its activities too).
      const searchRows = () =>
        fresh.db
          .select({ agreementId: agreementSearch.agreementId, searchText: agreementSearch.searchText })
          .from(agreementSearch)
          .orderBy(agreementSearch.agreementId);
      const imported = await searchRows();
      expect(imported).toHaveLength(2);
      await writeAgreementSearchText({ db: fresh.db, agreementIds: imported.map((row) => row.agreementId) });
      expect(await searchRows()).toEqual(imported);
      // And a second import of the same file into it changes nothing.
      const again = summaryOf(await run(fresh.db, path));
      for (const sheet of sheetKeys) expect(again[sheet]?.created ?? 0).toBe(0);
      for (const sheet of sheetKeys) expect(again[sheet]?.updated ?? 0).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it("changes exactly the record whose cell was edited, with an audit event naming the file", async () => {
    const path = await exportTo(first.db, "xlsx");
    const { readFileSync } = await import("node:fs");
    const workbook = await readWorkbook(readFileSync(path));
    const sheet = workbook.getWorksheet("activities");
    if (!sheet) throw new Error("no activities sheet");
    const keys = (sheet.getRow(1).values as unknown[]).map(String);
    sheet.getRow(3).getCell(keys.indexOf("status")).value = "ongoing";
    const edited = join(tempFolder(), "registre-modifie.xlsx");
    await workbook.xlsx.writeFile(edited);
    const before = await events(first.db);
    const summary = summaryOf(await run(first.db, edited));
    expect(summary.activities).toEqual({ created: 0, updated: 1, unchanged: 0 });
    for (const other of sheetKeys.filter((key) => key !== "activities"))
      expect([other, summary[other]?.updated ?? 0]).toEqual([other, 0]);
    const [activity] = await first.db.select().from(activities).where(eq(activities.id, world.activity.id));
    expect(activity?.status).toBe("ongoing");
    const fresh = await first.db
      .select({
        entityType: auditEvents.entityType,
        entityId: auditEvents.entityId,
        changes: auditEvents.changes,
      })
      .from(auditEvents)
      .orderBy(sql`${auditEvents.id} desc`)
      .limit((await events(first.db)) - before);
    expect(fresh.map((event) => [event.entityType, event.entityId])).toEqual([
      ["activity", world.activity.id],
    ]);
    expect(fresh[0]?.changes).toMatchObject({ source: "registre-modifie.xlsx" });
  });
});
