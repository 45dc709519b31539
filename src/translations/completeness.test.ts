import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization } from "../../test/factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { missingIn, publicTranslationGaps, untranslatedCount } from "./completeness.js";

describe("a text missing in a language", () => {
  it.each([
    [{ fr: "Titre" }, "ar", true, "written in French only"],
    [{ fr: "Titre", ar: "عنوان" }, "ar", false, "written in Arabic too"],
    [{ fr: "Titre", en: "  " }, "en", true, "spaces are no translation"],
    [{}, "en", false, "an empty text is missing in no language"],
    [undefined, "fr", false, "no text at all"],
  ] as const)("%o in %s → %s (%s)", (text, lang, missing, _why) => {
    expect(missingIn(text, lang)).toBe(missing);
  });

  it("counts the texts a reader sees in another language", () => {
    expect(untranslatedCount([{ fr: "a" }, { fr: "b", en: "b" }, { ar: "ج" }], "en")).toBe(2);
  });
});

describe("the public registry's gaps per language", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("counts each public record with a text missing, and nothing internal", async () => {
    const before = await publicTranslationGaps({ db: handle.db });
    const partner = await buildOrganization(handle.db, {
      name: { fr: "Fondation Test", en: "Test Foundation" },
    });
    // public: its title lacks Arabic, its summary lacks English, its two objectives are English only
    await buildAgreement(handle.db, {
      title: { fr: "Convention publique", en: "Public agreement" },
      summary: { fr: "Résumé", ar: "ملخص" },
      parties: [{ organizationId: partner.id, role: "signatory" }],
    });
    await buildAgreement(handle.db, { visibility: "internal", title: { fr: "Interne" } });
    const after = await publicTranslationGaps({ db: handle.db });
    // the agreement, its two objectives and its party
    expect(after.records - before.records).toBe(4);
    expect({
      ar: after.incomplete.ar - before.incomplete.ar,
      fr: after.incomplete.fr - before.incomplete.fr,
      en: after.incomplete.en - before.incomplete.en,
    }).toEqual({ ar: 4, fr: 2, en: 1 });
  });

  it("counts a record missing each language in a different text in every language", async () => {
    const before = await publicTranslationGaps({ db: handle.db });
    // no Arabic anywhere, no French summary, no English title
    await buildAgreement(handle.db, {
      title: { fr: "Titre seulement en français" },
      summary: { en: "Summary in English only" },
      objectives: [],
    });
    const after = await publicTranslationGaps({ db: handle.db });
    // the agreement and its new party (named in three languages: complete)
    expect(after.records - before.records).toBe(2);
    expect([
      after.incomplete.ar - before.incomplete.ar,
      after.incomplete.fr - before.incomplete.fr,
      after.incomplete.en - before.incomplete.en,
    ]).toEqual([1, 1, 1]);
  });
});
