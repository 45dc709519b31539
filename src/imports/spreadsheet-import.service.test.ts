import { basename } from "node:path";
import { asc, count, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import type { DatabaseHandle, Executor } from "../db/client.js";
import { readRegistryGeneration } from "../db/registry-generation.js";
import {
  agreementParties,
  agreements,
  agreementTerritories,
  amendments,
  auditEvents,
  commitments,
  contributions,
  objectives,
  organizations,
} from "../db/schema/index.js";
import { anonymous, cliActor } from "../shared/actor.js";
import {
  describeProblem,
  importSpreadsheet,
  type SheetProblem,
  type SpreadsheetImportResult,
} from "./spreadsheet-import.service.js";
import {
  removeTempFolders,
  type Sheets,
  sampleRegistry,
  writeWorkbook,
} from "./spreadsheet-import.test-support.js";

const actor = cliActor("import");
let handle: DatabaseHandle;
let db: Executor;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
});
afterAll(async () => {
  await handle.close();
  removeTempFolders();
});

const run = (path: string, dryRun = false) =>
  importSpreadsheet({ db, actor, path, fileName: basename(path), dryRun });

function problemsOf(result: SpreadsheetImportResult): SheetProblem[] {
  if (result.ok) throw new Error(`expected problems, got ${JSON.stringify(result.summary)}`);
  return result.problems;
}
function summaryOf(result: SpreadsheetImportResult) {
  if (!result.ok) throw new Error(result.problems.map((p) => describeProblem(p, "en")).join("\n"));
  return Object.fromEntries(result.summary.sheets.map(({ sheet, ...counts }) => [sheet, counts]));
}
const counted = async (table: typeof agreements | typeof organizations | typeof auditEvents) =>
  Number((await db.select({ n: count() }).from(table))[0]?.n ?? 0);

describe("importing a workbook", () => {
  it("a dry run says what it would create and saves nothing", async () => {
    const before = await counted(agreements);
    const summary = summaryOf(await run(await writeWorkbook(sampleRegistry()), true));
    expect(summary.agreements).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(summary.organizations).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(await counted(agreements)).toBe(before);
  });

  it("creates every record of every sheet, reading dates, amounts and names as people write them", async () => {
    const summary = summaryOf(await run(await writeWorkbook(sampleRegistry())));
    expect(summary.parties).toEqual({ created: 3, updated: 0, unchanged: 0 });
    const [framework] = await db.select().from(agreements).where(eq(agreements.reference, "CONV-2026-001"));
    expect(framework).toMatchObject({
      kind: "framework",
      status: "in_force",
      visibility: "public",
      themes: ["research", "training"],
      national: false,
      signedOn: "2026-03-01",
      effectiveOn: "2026-03-01",
      expiresOn: "2029-02-28",
      durationMonths: 36,
      renewal: "tacit",
      renewalNoticeDays: 90,
    });
    const id = framework?.id as string;
    const [specific] = await db.select().from(agreements).where(eq(agreements.reference, "CONV-2026-002"));
    expect(specific).toMatchObject({ kind: "specific", national: true, parentId: id, status: "draft" });
    const places = await db
      .select({ code: agreementTerritories.territoryCode })
      .from(agreementTerritories)
      .where(eq(agreementTerritories.agreementId, id));
    expect(places.map((p) => p.code).sort()).toEqual(["02", "04.441"]);
    const aims = await db
      .select()
      .from(objectives)
      .where(eq(objectives.agreementId, id))
      .orderBy(asc(objectives.position));
    expect(aims.map((o) => o.text.fr)).toEqual(["Mener des études", "Former les élus"]);
    const money = await db.select().from(contributions).where(eq(contributions.agreementId, id));
    expect(money.map((c) => c.amount).sort()).toEqual(["1200.00", "1500000.50"]);
    expect(await db.select().from(commitments).where(eq(commitments.agreementId, id))).toHaveLength(1);
    const [amendment] = await db.select().from(amendments).where(eq(amendments.agreementId, id));
    expect(amendment?.signedOn).toBe("2026-06-15");
    const parties = await db
      .select({ role: agreementParties.role, name: organizations.name })
      .from(agreementParties)
      .innerJoin(organizations, eq(organizations.id, agreementParties.organizationId))
      .where(eq(agreementParties.agreementId, id))
      .orderBy(asc(agreementParties.position));
    expect(parties).toEqual([
      { role: "signatory", name: { ar: "جامعة محمد الخامس", fr: "Université Mohammed V" } },
      { role: "funder", name: { fr: "Conseil régional de l'Oriental", en: "Oriental Regional Council" } },
    ]);
    const [created] = await db.select().from(auditEvents).where(eq(auditEvents.entityId, id));
    expect(created?.changes.source).toBe("registry.xlsx");
  });

  it("imported twice, changes nothing: no write, no audit event, no new generation", async () => {
    const events = await counted(auditEvents);
    const generation = await readRegistryGeneration(db);
    const summary = summaryOf(await run(await writeWorkbook(sampleRegistry())));
    expect(summary.agreements).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(summary.organizations).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(summary.contributions).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(await counted(auditEvents)).toBe(events);
    expect(await readRegistryGeneration(db)).toBe(generation);
  });

  it("a changed row updates its record with an audit event naming the file", async () => {
    const sheets = sampleRegistry();
    (sheets.agreements as unknown[][])[2] = [
      "CONV-2026-002",
      "specific",
      "اتفاقية خاصة",
      "Convention d'application",
      null,
      null,
      null,
      null,
      "yes",
      null,
      null,
      null,
      null,
      null,
      null,
      "CONV-2026-001",
    ];
    const summary = summaryOf(await run(await writeWorkbook(sheets, { name: "corrections-juin.xlsx" })));
    expect(summary.agreements).toEqual({ created: 0, updated: 1, unchanged: 1 });
    const [specific] = await db.select().from(agreements).where(eq(agreements.reference, "CONV-2026-002"));
    expect(specific?.title).toEqual({ ar: "اتفاقية خاصة", fr: "Convention d'application" });
    const events = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, specific?.id as string))
      .orderBy(asc(auditEvents.id));
    expect(events.at(-1)).toMatchObject({
      action: "agreement.update",
      changes: { source: "corrections-juin.xlsx" },
    });
  });

  it("leaves the parts of a sheet the file leaves out, and names the file when it changes an organisation", async () => {
    const {
      parties: _p,
      objectives: _o,
      commitments: _c,
      contributions: _m,
      amendments: _a,
      agreement_territories: _t,
      ...rest
    } = sampleRegistry();
    const sheets: Sheets = {
      ...rest,
      organizations: [
        ["name_ar", "name_fr", "name_en", "acronym", "kind"],
        ["جامعة محمد الخامس", "Université Mohammed V de Rabat", null, "UM5", "university"],
      ],
      agreements: (sampleRegistry().agreements as Sheets[string]).slice(0, 2),
    };
    const summary = summaryOf(await run(await writeWorkbook(sheets, { name: "noms.xlsx" })));
    expect(summary.organizations).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(summary.agreements).toEqual({ created: 0, updated: 0, unchanged: 1 });
    const [framework] = await db.select().from(agreements).where(eq(agreements.reference, "CONV-2026-001"));
    expect(
      await db
        .select()
        .from(objectives)
        .where(eq(objectives.agreementId, framework?.id as string)),
    ).toHaveLength(2);
    const [renamed] = await db.select().from(organizations).where(eq(organizations.acronym, "UM5"));
    expect(renamed?.name.fr).toBe("Université Mohammed V de Rabat");
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, renamed?.id as string))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(event).toMatchObject({ action: "organization.update", changes: { source: "noms.xlsx" } });
  });

  it("reports every problem at once, by sheet, row and column, and saves nothing", async () => {
    const agreementsBefore = await counted(agreements);
    const events = await counted(auditEvents);
    const sheets: Sheets = {
      ...sampleRegistry(),
      agreements: [
        ["reference", "kind", "title_fr", "signed_on", "status", "national"],
        ["CONV-NEW-1", "framework", "Une convention", "31/02/2026", "draft", "yes"],
        ["CONV-NEW-2", "sometimes", null, "2026-01-01", null, "yes"],
        ["CONV-2026-001", "framework", "Cadre", null, "draft", "yes"],
      ],
      parties: [
        ["agreement", "organization", "role"],
        ["CONV-NEW-1", "Nobody Known", "signatory"],
        ["CONV-NEW-2", "UM5", "signatory"],
        ["CONV-MISSING", "UM5", "signatory"],
        ["CONV-2026-001", "UM5", "signatory"],
      ],
      agreement_territories: [
        ["agreement", "territory"],
        ["CONV-NEW-1", "Atlantis"],
      ],
      contributions: [
        ["agreement", "organization", "amount", "nature"],
        ["CONV-NEW-2", "UM5", "beaucoup", "cash"],
      ],
    };
    const problems = problemsOf(await run(await writeWorkbook(sheets)));
    const where = problems.map((p) => `${p.sheet}:${p.row}:${p.column}:${p.reason}`);
    expect(where).toEqual(
      expect.arrayContaining([
        "agreements:2:signed_on:notACalendarDate",
        "agreements:3:kind:notAChoice",
        "agreements:3:title_ar:atLeastOneLanguage",
        "agreements:4:status:transitionNotAllowed",
        "parties:2:organization:unknownOrganization",
        "parties:4:agreement:agreementNotInFile",
        "agreement_territories:2:territory:unknownTerritory",
        "contributions:2:amount:notANumber",
      ]),
    );
    expect(describeProblem(problems.find((p) => p.reason === "notACalendarDate") as SheetProblem, "fr")).toBe(
      "feuille agreements, ligne 2, colonne signed_on (Date de signature) : n'est pas une date du calendrier.".replace(
        " :",
        ":",
      ),
    );
    expect(describeProblem(problems.find((p) => p.reason === "notANumber") as SheetProblem, "ar")).toContain(
      "ليس عددا",
    );
    expect(await counted(agreements)).toBe(agreementsBefore);
    expect(await counted(auditEvents)).toBe(events);
  });

  it("reports every problem of the follow-up sheets at once, in the reader's language, and saves nothing", async () => {
    const sheets = {
      ...sampleRegistry(),
      action_plans: [
        ["agreement", "number", "title_fr"],
        ["CONV-2026-001", 1, "Plan 2026"],
      ],
      activities: [
        ["agreement", "number", "plan_number", "kind", "title_fr", "responsible_organization"],
        ["CONV-2026-001", 1, 2, "training", "Former", "UM5"],
        ["CONV-2026-001", 2, 1, "training", "Former encore", "Nobody Inc"],
      ],
      meetings: [
        ["agreement", "number", "title_fr", "starts_at"],
        ["CONV-2099-404", 1, "Comité", "2026-03-01 10:00"],
      ],
    };
    const agreementsBefore = await counted(agreements);
    const problems = problemsOf(await run(await writeWorkbook(sheets)));
    expect(problems).toEqual([
      expect.objectContaining({
        sheet: "activities",
        row: 3,
        column: "responsible_organization",
        reason: "unknownOrganization",
      }),
      expect.objectContaining({ sheet: "meetings", row: 2, column: "agreement", reason: "unknownAgreement" }),
    ]);
    // Once the names are right, the numbers are checked: a plan the agreement does not have.
    sheets.activities[2] = ["CONV-2026-001", 2, 1, "training", "Former encore", "UM5"];
    sheets.meetings = [];
    const numbered = problemsOf(await run(await writeWorkbook(sheets)));
    expect(numbered).toEqual([
      expect.objectContaining({
        sheet: "activities",
        row: 2,
        column: "plan_number",
        reason: "unknownRowNumber",
      }),
    ]);
    expect(describeProblem(numbered[0] as SheetProblem, "fr")).toContain("aucune ligne numérotée 2");
    expect(await counted(agreements)).toBe(agreementsBefore);
  });

  it("is refused to someone who may not write agreements", async () => {
    await expect(
      importSpreadsheet({
        db,
        actor: anonymous,
        path: await writeWorkbook(sampleRegistry()),
        fileName: "x.xlsx",
      }),
    ).rejects.toMatchObject({ code: "unauthenticated" });
  });
});
