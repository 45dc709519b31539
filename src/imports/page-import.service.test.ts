import { readFileSync } from "node:fs";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization } from "../../test/factories.js";
import { getAgreementDetail, listAgreements } from "../agreements/agreements.queries.js";
import type { DatabaseHandle } from "../db/client.js";
import { agreements, auditEvents, organizations } from "../db/schema/index.js";
import { anonymous, systemActor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import { guessOrganizationKind, guessThemes } from "./inference-rules.js";
import { importAgreementsPage, readPageTranslations, seedDemoContent } from "./page-import.service.js";
import { readAgreementsPage } from "./page-reader.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const demoFile = (name: string) => readFileSync(new URL(`../demo/${name}`, import.meta.url), "utf8");

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const tableCounts = async () => {
  const { db } = handle;
  const [[a], [o], [e]] = await Promise.all([
    db.select({ n: count() }).from(agreements),
    db.select({ n: count() }).from(organizations),
    db.select({ n: count() }).from(auditEvents),
  ]);
  return { agreements: a?.n, organizations: o?.n, audit: e?.n };
};

describe("importAgreementsPage", () => {
  it("turns the association's page into public agreements with both parties, objectives and an action plan", async () => {
    const { db } = handle;
    const result = await importAgreementsPage({ db, actor: systemActor, text: fixture("seed-en.txt") });
    expect(result.outcomes.map((outcome) => outcome.agreement)).toEqual(Array(5).fill("created"));
    const { items } = await listAgreements({ db, actor: anonymous, filter: { q: "Jisr" } });
    expect(items).toHaveLength(1);
    const jisr = await getAgreementDetail({ db, actor: anonymous, id: items[0]?.id ?? "" });
    expect(jisr.visibility).toBe("public");
    expect(jisr.status).toBe("signed");
    expect(jisr.title.en).toBe(
      'Partnership agreement with the Association "Jisr", school-Business partnership',
    );
    expect(jisr.parties.map((party) => party.organization.name.en)).toEqual([
      "Moroccan Association of the Presidents of the Councils of Prefectures and Provinces",
      'Association "Jisr"',
    ]);
    expect(jisr.parties[1]?.organization.kind).toBe("association");
    expect(jisr.actionPlans.map((plan) => plan.title.en)).toEqual(["Action plan"]);
    expect(jisr.objectives).toHaveLength(1);
    expect(jisr.themes).toEqual(expect.arrayContaining(["education", "employment", "training"]));

    const sociology = await listAgreements({ db, actor: anonymous, filter: { q: "Sociology" } });
    const detail = await getAgreementDetail({ db, actor: anonymous, id: sociology.items[0]?.id ?? "" });
    expect(detail.objectives.map((objective) => objective.text.en)).toEqual([
      "To conduct studies in the social field as well as in the areas of intervention of the Prefectures and Provinces",
      "To support the Association in this field",
      "Organize meetings and training courses in these areas",
    ]);
    expect(detail.actionPlans).toEqual([]);
  });

  it("changes nothing when the same page is imported again", async () => {
    const before = await tableCounts();
    const again = await importAgreementsPage({
      db: handle.db,
      actor: systemActor,
      text: fixture("seed-en.txt"),
    });
    expect(again.outcomes.map((outcome) => outcome.agreement)).toEqual(Array(5).fill("unchanged"));
    expect(await tableCounts()).toEqual(before);
  });

  it("reuses an existing organisation with the same name and writes texts in the page's language", async () => {
    const { db } = handle;
    // Straight apostrophe here, curly on the page: names match once normalised.
    const existing = await buildOrganization(db, {
      kind: "ministry",
      name: { fr: "Ministère de l'Intérieur" },
    });
    const result = await importAgreementsPage({ db, actor: systemActor, text: fixture("page-fr.txt") });
    expect(result.plan.language).toBe("fr");
    const created = result.outcomes.filter((outcome) => outcome.agreement === "created");
    expect(created.length).toBe(result.plan.agreements.length);
    const reused = result.outcomes.find((outcome) => outcome.partnerName.startsWith("Ministère de l"));
    expect(reused?.partner).toBe("existing");
    const [reusedRow] = await db
      .select()
      .from(agreements)
      .where(eq(agreements.reference, reused?.reference ?? ""));
    const reusedDetail = await getAgreementDetail({ db, actor: anonymous, id: reusedRow?.id ?? "" });
    expect(reusedDetail.parties.map((party) => party.organization.id)).toContain(existing.id);
    const [first] = created;
    const [row] = await db
      .select()
      .from(agreements)
      .where(eq(agreements.reference, first?.reference ?? ""));
    expect(Object.keys(row?.title ?? {})).toEqual(["fr"]);
  });

  it("imports an Arabic page with Arabic texts", async () => {
    const { db } = handle;
    const result = await importAgreementsPage({ db, actor: systemActor, text: fixture("page-ar.txt") });
    expect(result.plan.language).toBe("ar");
    const [row] = await db
      .select()
      .from(agreements)
      .where(eq(agreements.reference, result.outcomes[0]?.reference ?? ""));
    expect(row?.title.ar).toMatch(/مع/);
    expect(row?.title.en).toBeUndefined();
  });

  it("saves nothing on a dry run, yet reports what a real run would do", async () => {
    const before = await tableCounts();
    const page =
      "Partnership agreement with the Dry Run Institute\n\nObjectives of the agreement :\n\n• Test the dry run;\n";
    const dry = await importAgreementsPage({ db: handle.db, actor: systemActor, text: page, dryRun: true });
    expect(dry.outcomes).toMatchObject([
      { agreement: "created", partner: "created", partnerName: "Dry Run Institute" },
    ]);
    expect(await tableCounts()).toEqual(before);
  });

  it("keeps the text between a heading and its objectives as the agreement's summary", async () => {
    const { db } = handle;
    const page =
      "Cooperation agreement with the Summary Institute\n\nSigned in Rabat in 2021.\n\nObjectives :\n\n- Share;\n";
    const result = await importAgreementsPage({ db, actor: systemActor, text: page });
    const [row] = await db
      .select()
      .from(agreements)
      .where(eq(agreements.reference, result.outcomes[0]?.reference ?? ""));
    expect(row?.summary).toEqual({ en: "Signed in Rabat in 2021." });
    expect(row?.kind).toBe("cooperation");
  });

  it("tells the page's line when a service refuses one agreement, and saves nothing", async () => {
    const before = await tableCounts();
    const longName = "Very ".repeat(70);
    const page = `Partnership agreement with the Fine Partner\n\n- One\n\nPartnership agreement with the ${longName}Institute\n\n- Two\n`;
    const error = await importAgreementsPage({ db: handle.db, actor: systemActor, text: page }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("import_invalid");
    expect((error as AppError).line).toBe(5);
    expect((error as AppError).message).toMatch(/^Line 5: name\.en: must be at most 300 characters/);
    expect(await tableCounts()).toEqual(before);
  });

  it("numbers references after the highest counter, ignoring references of another form", async () => {
    const { db } = handle;
    await buildAgreement(db, { reference: "AMPCPP-2024-A" });
    await buildAgreement(db, { reference: "AMPCPP-99999999999" });
    await buildAgreement(db, { reference: "AMPCPP-041" });
    const page = "Partnership agreement with the Numbering Institute\n\n- Count\n";
    const result = await importAgreementsPage({ db, actor: systemActor, text: page });
    expect(result.outcomes[0]?.reference).toBe("AMPCPP-042");
  });

  it("loads the demo page only into an empty registry", async () => {
    const text = fixture("seed-en.txt");
    expect(await seedDemoContent({ db: handle.db, actor: systemActor, text })).toBeUndefined();
    const empty = await createTestDatabase();
    try {
      const first = await seedDemoContent({ db: empty.db, actor: systemActor, text });
      expect(first?.outcomes).toHaveLength(5);
      expect(await seedDemoContent({ db: empty.db, actor: systemActor, text })).toBeUndefined();
    } finally {
      await empty.close();
    }
  });

  it("saves nothing from a page it cannot understand, and names the line", async () => {
    const before = await tableCounts();
    const page =
      "Partnership agreement with the Good Partner\n\n• One objective\n\nPartnership agreement with\n";
    const error = await importAgreementsPage({ db: handle.db, actor: systemActor, text: page }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("import_invalid");
    expect((error as AppError).line).toBe(5);
    expect(await tableCounts()).toEqual(before);
  });
});

describe("inference rules", () => {
  it("guesses a partner's kind from its name in three languages", () => {
    expect(guessOrganizationKind("Ministry of the Interior")).toBe("ministry");
    expect(guessOrganizationKind("Université Al Akhawayn")).toBe("university");
    expect(guessOrganizationKind("جمعية جسر")).toBe("association");
    expect(guessOrganizationKind("Moroccan Student Foundation")).toBe("foundation");
    expect(guessOrganizationKind("Acme")).toBe("other");
  });

  it("finds themes in objectives", () => {
    expect(guessThemes("support good governance and decentralization")).toEqual([
      "governance",
      "decentralization",
    ]);
    expect(guessThemes("البحث العلمي")).toEqual(["research"]);
    expect(guessThemes("nothing relevant")).toEqual([]);
  });
});

describe("the demo content in three languages", () => {
  const page = demoFile("partnership-agreements.txt");
  const translations = readPageTranslations(demoFile("demo-translations.json"));

  it("has an Arabic and a French text for every text of the association's page", () => {
    const plan = readAgreementsPage(page);
    const texts = plan.agreements.flatMap((item) => [
      item.heading,
      item.partnerName,
      ...item.objectives.map((objective) => objective.text),
    ]);
    expect(texts.length).toBeGreaterThan(10);
    const untranslated = texts.filter(
      (text) => !translations.texts[text]?.ar || !translations.texts[text]?.fr,
    );
    expect(untranslated).toEqual([]);
  });

  it("loads every title, objective, partner name and plan in ar, fr and en, marked as translated for the demo", async () => {
    const empty = await createTestDatabase();
    try {
      const seeded = await seedDemoContent({ db: empty.db, actor: systemActor, text: page, translations });
      expect(seeded?.outcomes).toHaveLength(5);
      const { items } = await listAgreements({ db: empty.db, actor: anonymous, limit: 10 });
      expect(items).toHaveLength(5);
      const complete = (text: { ar?: string; fr?: string; en?: string }) =>
        Boolean(text.ar && text.fr && text.en);
      for (const item of items) {
        const detail = await getAgreementDetail({ db: empty.db, actor: anonymous, id: item.id });
        expect(complete(detail.title), detail.reference).toBe(true);
        expect(detail.summary).toEqual(translations.note);
        expect(detail.objectives.length).toBeGreaterThan(0);
        for (const objective of detail.objectives) expect(complete(objective.text)).toBe(true);
        for (const party of detail.parties) expect(complete(party.organization.name)).toBe(true);
        for (const plan of detail.actionPlans) expect(complete(plan.title)).toBe(true);
      }
      const jisr = items.find((item) => item.title.en?.includes("Jisr"));
      expect(jisr?.title.ar).toBe("اتفاقية شراكة مع جمعية «جسر»، شراكة المدرسة والمقاولة");
      expect(jisr?.title.fr).toBe(
        "Convention de partenariat avec l'Association « Jisr », partenariat École-Entreprise",
      );
    } finally {
      await empty.close();
    }
  });

  it("refuses a malformed translations file, naming where", () => {
    expect(() => readPageTranslations("{")).toThrow(/not JSON/);
    expect(() => readPageTranslations(JSON.stringify({ texts: { Hello: { de: "Hallo" } } }))).toThrow(
      /malformed at texts\.Hello/,
    );
  });
});
