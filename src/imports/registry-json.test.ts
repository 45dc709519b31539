import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization } from "../../test/factories.js";
import { transitionAgreement } from "../agreements/agreements.service.js";
import type { DatabaseHandle, Executor } from "../db/client.js";
import {
  actionPlans,
  agreementParties,
  agreementSearch,
  agreements,
  agreementTerritories,
  amendments,
  auditEvents,
  commitments,
  contacts,
  contributions,
  objectives,
  organizations,
  settings,
  territories,
} from "../db/schema/index.js";
import { anonymous, systemActor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import {
  describeRegistrySummary,
  exportRegistry,
  importRegistry,
  opensAsJsonObject,
  parseRegistryDocument,
  type RegistryDocument,
  type RegistryImportSummary,
  registryDocumentReader,
  registryDocumentSchema,
  registryTables,
} from "./registry-json.js";

const handles: DatabaseHandle[] = [];
const open = async (options: { referenceData?: boolean } = {}) => {
  const handle = await createTestDatabase(options);
  handles.push(handle);
  return handle;
};

/**
 * A fresh database prepared the way `sharaka import FILE.json` prepares one: migrated, without
 * reference data or history of its own, since the file brings the source's.
 */
const emptyRegistry = () => open({ referenceData: false });

const allTables = {
  settings,
  territories,
  organizations,
  contacts,
  agreements,
  agreementParties,
  agreementTerritories,
  objectives,
  commitments,
  contributions,
  amendments,
  actionPlans,
  auditEvents,
};
async function rowCounts(db: Executor): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(allTables)) counts[name] = await db.$count(table);
  return counts;
}

async function appErrorOf(run: () => unknown, code: string): Promise<AppError> {
  const error = await Promise.resolve()
    .then(run)
    .then(
      () => undefined,
      (caught: unknown) => caught,
    );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

const copy = (): RegistryDocument => JSON.parse(text) as RegistryDocument;

let source: DatabaseHandle;
let document: RegistryDocument;
let text: string;
/** index in `document.agreements` of the agreement with every part filled */
let full: number;

beforeAll(async () => {
  source = await open();
  const { db } = source;
  const ministry = await buildOrganization(db, {
    kind: "ministry",
    acronym: "MI",
    website: "https://www.interieur.gov.ma",
    name: { fr: "Ministère de l'Intérieur", ar: "وزارة الداخلية" },
  });
  const university = await buildOrganization(db, {
    contacts: [
      {
        fullName: "Amina Benali",
        role: "Directrice",
        email: "amina@example.org",
        phone: "+212 5 37 00 00 00",
      },
      { fullName: "Karim Idrissi" },
    ],
  });
  const parent = await buildAgreement(db, {
    kind: "framework",
    parties: [{ organizationId: ministry.id, role: "signatory" }],
  });
  await transitionAgreement({ db, actor: systemActor, id: parent.id, to: "negotiation" });
  const child = await buildAgreement(db, {
    reference: "CONV-2024-007",
    kind: "specific",
    title: { fr: "Convention spécifique", ar: "اتفاقية خاصة", en: "Specific agreement" },
    summary: { fr: "Former les cadres des conseils" },
    status: "in_force",
    visibility: "internal",
    signedOn: "2024-03-01",
    effectiveOn: "2024-03-01",
    expiresOn: "2027-02-28",
    durationMonths: 36,
    renewal: "tacit",
    renewalNoticeDays: 90,
    national: false,
    territoryCodes: ["04.441", "01"],
    themes: ["research", "training"],
    parentId: parent.id,
    sourceKey: "page:registry-test",
    parties: [
      { organizationId: ministry.id, role: "signatory" },
      { organizationId: university.id, role: "implementing" },
    ],
    objectives: [{ fr: "Premier" }, { fr: "Deuxième", en: "Second" }, { ar: "الثالث" }],
    commitments: [{ organizationId: university.id, text: { fr: "Former 40 cadres" } }],
    contributions: [
      { organizationId: ministry.id, amount: 1500000.5, nature: "cash", description: { fr: "Subvention" } },
    ],
    amendments: [{ signedOn: "2025-01-10", summary: { fr: "Prolongation" } }],
    actionPlans: [{ title: { fr: "Plan 2024" }, periodStart: "2024-01-01", periodEnd: "2024-12-31" }],
  });
  document = await exportRegistry({ db });
  text = JSON.stringify(document, null, 2);
  full = document.agreements.findIndex((a) => a.id === child.id);
});

afterAll(async () => {
  for (const handle of handles) await handle.close();
});

describe("exportRegistry", () => {
  it("writes every record with its ids, ISO timestamps and amounts as strings", () => {
    const agreement = document.agreements[full];
    expect(agreement).toBeDefined();
    expect(Object.keys(agreement ?? {})).not.toContain("searchText");
    expect(agreement?.parentId).toBe(document.agreements[1 - full]?.id);
    expect(agreement?.contributions[0]?.amount).toBe("1500000.50");
    expect(agreement?.objectives.map((o) => o.position)).toEqual([0, 1, 2]);
    expect(agreement?.territoryCodes).toEqual(["01", "04.441"]);
    expect(agreement?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(document.organizations.flatMap((o) => o.contacts.map((c) => c.fullName))).toEqual([
      "Amina Benali",
      "Karim Idrissi",
    ]);
    expect(document.territories).toHaveLength(87);
    expect(document.settings.map((s) => s.key)).toEqual(["association_organization_id"]);
    expect(parseRegistryDocument(text)).toEqual(document);
  });
});

describe("importRegistry", () => {
  it("(1) reads an export back into another database losing nothing", async () => {
    const target = await emptyRegistry();
    const summary = await importRegistry({
      db: target.db,
      actor: systemActor,
      document: parseRegistryDocument(text),
    });
    expect(summary.tables.territories).toEqual({ created: 87, unchanged: 0 });
    expect(summary.tables.agreements).toEqual({ created: 2, unchanged: 0 });
    expect(summary.tables.objectives.created).toBe(5);
    expect(summary.tables.contacts.created).toBe(2);
    expect(summary.tables.auditEvents.created).toBe(document.auditEvents.length);
    expect(describeRegistrySummary(summary)).toMatch(
      /^Registry imported: \d+ records created, 0 unchanged\./,
    );

    const again = await exportRegistry({ db: target.db });
    const imports = again.auditEvents.filter((e) => e.action === "registry.import");
    expect(imports).toHaveLength(1);
    expect(imports[0]).toMatchObject({
      actor: "system",
      entityType: "registry",
      changes: { after: { tables: summary.tables } },
    });
    const comparable = (d: RegistryDocument) => ({
      ...d,
      exportedAt: "",
      auditEvents: d.auditEvents.filter((e) => e.action !== "registry.import"),
    });
    expect(comparable(again)).toEqual(comparable(document));

    // The search text is recomputed, the same as the source's, for every agreement.
    const searchTexts = async (db: Executor) =>
      (await db.select().from(agreementSearch)).sort((a, b) => a.agreementId.localeCompare(b.agreementId));
    const imported = await searchTexts(target.db);
    expect(imported).toHaveLength(document.agreements.length);
    expect(imported.every((row) => row.searchText.length > 0)).toBe(true);
    expect(imported).toEqual(await searchTexts(source.db));
    // New audit events do not collide with the imported ids.
    const maxImported = Math.max(...document.auditEvents.map((e) => e.id));
    expect(imports[0]?.id).toBeGreaterThan(maxImported);
    const later = await buildOrganization(target.db);
    const [event] = await target.db.select().from(auditEvents).where(eq(auditEvents.entityId, later.id));
    expect(event?.id).toBeGreaterThan(imports[0]?.id ?? 0);
  });

  it("(2) changes nothing when the same document is imported twice", async () => {
    const target = await emptyRegistry();
    const first = await importRegistry({ db: target.db, actor: systemActor, document });
    const before = await rowCounts(target.db);
    const second = await importRegistry({ db: target.db, actor: systemActor, document });
    for (const table of registryTables) {
      expect(second.tables[table]).toEqual({
        created: 0,
        unchanged: first.tables[table].created + first.tables[table].unchanged,
      });
    }
    expect(await rowCounts(target.db)).toEqual(before);
    // The database it came from already holds all of it.
    const sourceBefore = await rowCounts(source.db);
    const onSource = await importRegistry({ db: source.db, actor: systemActor, document });
    expect(registryTables.every((table) => onSource.tables[table].created === 0)).toBe(true);
    expect(await rowCounts(source.db)).toEqual(sourceBefore);
  });

  it("(3) names the JSON path of a bad field deep inside, and saves nothing", async () => {
    const emptyText = copy();
    const objective = emptyText.agreements[full]?.objectives[1];
    if (objective) objective.text = { en: "   " };
    const error = await appErrorOf(() => parseRegistryDocument(JSON.stringify(emptyText)), "import_invalid");
    expect(error.message).toContain(`agreements[${full}].objectives[1].text.en: must not be empty`);
    expect(error.issues.map((issue) => issue.field)).toContain(`agreements[${full}].objectives[1].text.en`);

    const unknownStatus = copy() as unknown as { agreements: { status: string }[]; organizations: object[] };
    (unknownStatus.agreements[full] as { status: string }).status = "archived";
    Object.assign(unknownStatus.organizations[0] ?? {}, { nickname: "x" });
    const statusError = await appErrorOf(
      () => parseRegistryDocument(JSON.stringify(unknownStatus)),
      "import_invalid",
    );
    expect(statusError.message).toContain(`agreements[${full}].status: Invalid option`);
    expect(statusError.message).toContain('organizations[0]: Unrecognized key: "nickname"');

    // importRegistry checks an object that did not go through parseRegistryDocument too.
    const target = await emptyRegistry();
    const before = await rowCounts(target.db);
    await appErrorOf(
      () => importRegistry({ db: target.db, actor: systemActor, document: emptyText }),
      "import_invalid",
    );
    // What the file points at must exist: here a party whose organisation is neither in the file nor stored.
    const missingOrg = copy();
    const ministryId = missingOrg.agreements[full]?.parties[0]?.organizationId;
    missingOrg.organizations = missingOrg.organizations.filter((o) => o.id !== ministryId);
    const refError = await appErrorOf(
      () => importRegistry({ db: target.db, actor: systemActor, document: missingOrg }),
      "import_invalid",
    );
    expect(refError.message).toContain(
      `agreements[${full}].parties[0].organizationId: no organisation has this id, in the file or the database`,
    );
    expect(await rowCounts(target.db)).toEqual(before);
  });

  it("(3b) refuses a file that would leave the database unusable: bad settings, partyless agreements, unknown regions", async () => {
    const badSetting = copy() as unknown as { settings: { key: string; value: unknown }[] };
    const setting = badSetting.settings.find((entry) => entry.key === "association_organization_id");
    if (setting) setting.value = 42;
    const settingError = await appErrorOf(
      () => parseRegistryDocument(JSON.stringify(badSetting)),
      "import_invalid",
    );
    expect(settingError.message).toMatch(/settings\[\d+\]\.value: must be the association's organisation id/);

    const noParties = copy();
    const partyless = noParties.agreements[full];
    if (partyless) partyless.parties = [];
    const partiesError = await appErrorOf(
      () => parseRegistryDocument(JSON.stringify(noParties)),
      "import_invalid",
    );
    expect(partiesError.message).toContain(
      `agreements[${full}].parties: an agreement needs at least one party`,
    );

    const target = await emptyRegistry();
    const before = await rowCounts(target.db);
    const orphanSetting = copy();
    const association = orphanSetting.settings.find((entry) => entry.key === "association_organization_id");
    if (association) association.value = "00000000-0000-4000-8000-000000000000";
    const orphanError = await appErrorOf(
      () => importRegistry({ db: target.db, actor: systemActor, document: orphanSetting }),
      "import_invalid",
    );
    expect(orphanError.message).toMatch(/settings\[\d+\]\.value: no organisation has this id/);

    const unknownRegion = copy();
    const province = unknownRegion.territories.find((territory) => territory.regionCode === "04");
    if (province) province.regionCode = "13";
    const regionError = await appErrorOf(
      () => importRegistry({ db: target.db, actor: systemActor, document: unknownRegion }),
      "import_invalid",
    );
    expect(regionError.message).toMatch(/territories\[\d+\]\.regionCode: no territory has the code 13/);
    expect(await rowCounts(target.db)).toEqual(before);
  });

  it("(4) refuses an id that exists with different content, and saves nothing", async () => {
    const changed = copy();
    const agreement = changed.agreements[full];
    if (agreement) agreement.title = { ...agreement.title, fr: "Titre modifié" };
    changed.settings.push({ key: "registry.test", value: 1 });
    const event = changed.auditEvents[0];
    if (event) event.actor = "someone-else";
    const before = await rowCounts(source.db);
    const error = await appErrorOf(
      () => importRegistry({ db: source.db, actor: systemActor, document: changed }),
      "conflict",
    );
    expect(error.message).toContain(
      `agreements[${full}] (reference CONV-2024-007): id exists with different content (differs in: title)`,
    );
    expect(error.message).toContain(
      "auditEvents[0] (id 1): id exists with different content (differs in: actor)",
    );
    expect(await rowCounts(source.db)).toEqual(before);
    expect(await source.db.select().from(settings).where(eq(settings.key, "registry.test"))).toEqual([]);

    // A new agreement may not take a reference another one holds.
    const reused = copy();
    const clash = reused.agreements[full];
    if (clash) clash.id = "5d1d2c7e-8c4a-4b7e-9a43-2f7c0b5e9a10";
    const referenceError = await appErrorOf(
      () => importRegistry({ db: source.db, actor: systemActor, document: reused }),
      "conflict",
    );
    expect(referenceError.message).toContain(
      `agreements[${full}] (reference CONV-2024-007): reference already used by another agreement`,
    );
    expect(referenceError.message).toContain(`agreements[${full}].objectives[0]`);
    expect(await rowCounts(source.db)).toEqual(before);
  });

  it("(5) reports the line and column of a JSON syntax error", async () => {
    const broken = '{\n  "format": "sharaka-registry",\n  "formatVersion": 1,\n  oops\n}';
    expect(opensAsJsonObject(broken)).toBe(true);
    const error = await appErrorOf(() => parseRegistryDocument(broken), "import_invalid");
    expect(error.line).toBe(4);
    expect(error.message).toBe("Line 4, column 3: invalid JSON: expected a double-quoted property name");

    const truncated = text.slice(0, text.lastIndexOf("]"));
    const cut = await appErrorOf(() => parseRegistryDocument(truncated), "import_invalid");
    expect(cut.line).toBe(truncated.split("\n").length);
    expect(cut.message).toMatch(/column \d+: invalid JSON: expected ',' or '\]'/);
  });

  it("reads the document a few bytes at a time into what the whole-document schema gives", () => {
    const whole = registryDocumentSchema.parse(JSON.parse(text));
    const bytes = new TextEncoder().encode(text);
    for (const size of [7, 64 * 1024]) {
      const reader = registryDocumentReader();
      for (let at = 0; at < bytes.length; at += size) reader.write(bytes.subarray(at, at + size));
      expect(reader.end(), `chunks of ${size} bytes`).toEqual(whole);
    }
  });

  it("(6) a dry run saves nothing and says what a real run does", async () => {
    const target = await emptyRegistry();
    const before = await rowCounts(target.db);
    const dry = await importRegistry({ db: target.db, actor: systemActor, document, dryRun: true });
    expect(await rowCounts(target.db)).toEqual(before);
    const real: RegistryImportSummary = await importRegistry({ db: target.db, actor: systemActor, document });
    expect(dry).toEqual({ ...real, dryRun: true });
    expect(describeRegistrySummary(dry)).toMatch(
      /^Dry run, nothing saved: \d+ records to create, 0 unchanged\./,
    );
    expect(describeRegistrySummary(dry)).toContain("agreements            2 to create, 0 unchanged");
  });

  it("a database that has its own association conflicts with the file's, and nothing is saved", async () => {
    const fresh = await open();
    const before = await rowCounts(fresh.db);
    const error = await appErrorOf(
      () => importRegistry({ db: fresh.db, actor: systemActor, document }),
      "conflict",
    );
    expect(error.message).toContain(
      "settings[0] (key association_organization_id): key exists with different content",
    );
    expect(error.message).toContain("auditEvents[0] (id 1): id exists with different content");
    expect(await rowCounts(fresh.db)).toEqual(before);
  });

  it("only lets those who may write agreements import, and tells a registry file from other text", async () => {
    await appErrorOf(() => importRegistry({ db: source.db, actor: anonymous, document }), "unauthenticated");
    expect(opensAsJsonObject(`\uFEFF  ${text}`)).toBe(true);
    // Another JSON object is read as a registry, and refused by name rather than taken for a page.
    expect(opensAsJsonObject('{"format": "other"}')).toBe(true);
    const other = await appErrorOf(() => parseRegistryDocument('{"format": "other"}'), "import_invalid");
    expect(other.issues).toContainEqual({
      field: "format",
      message: expect.stringContaining("sharaka-registry"),
    });
    expect(opensAsJsonObject("Partnership agreements\n\n1. Agreement with ...")).toBe(false);
  });
});
