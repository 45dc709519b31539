import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { buildActivity, buildIndicator } from "../../test/followup-factories.js";
import { refusal } from "../../test/refusals.js";
import { updateAgreement } from "../agreements/agreements.update.service.js";
import type { DatabaseHandle } from "../db/client.js";
import {
  activities,
  agreementSearch,
  agreements,
  auditEvents,
  indicators,
  objectives,
  organizationSearch,
  organizations,
  territories,
} from "../db/schema/index.js";
import { type Actor, systemActor } from "../shared/actor.js";
import { actorFromUser } from "../users/users.presenter.js";
import {
  countTranslationQueue,
  countTranslationQueues,
  listTranslationQueue,
} from "./translation-queue.queries.js";
import { saveTranslation } from "./translations.service.js";

let handle: DatabaseHandle;
let translator: Actor;

beforeAll(async () => {
  handle = await createTestDatabase({ referenceData: true });
  translator = actorFromUser(await buildUser(handle.db, { role: "viewer", translates: ["en"] }));
});
afterAll(async () => {
  await handle?.close();
});

const agreementRow = async (id: string) =>
  (await handle.db.select().from(agreements).where(eq(agreements.id, id)))[0];

const eventsOf = (entityId: string, action: string) =>
  handle.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, entityId), eq(auditEvents.action, action)));

describe("the translation queue", () => {
  it("lists the records with a text missing in the language, with their texts and version, and counts them", async () => {
    const agreement = await buildAgreement(handle.db, {
      title: { fr: "Convention sans arabe" },
      summary: { fr: "Résumé", ar: "ملخص" },
    });
    const admin: Actor = { ...systemActor, id: "admin-test", role: "admin" };
    const items = await listTranslationQueue({
      db: handle.db,
      actor: admin,
      lang: "ar",
      kind: "agreement",
      limit: 500,
      offset: 0,
    });
    const item = items.find((entry) => entry.id === agreement.id);
    expect(item).toMatchObject({
      kind: "agreement",
      version: agreement.version,
      missing: ["title"],
      texts: { title: { fr: "Convention sans arabe" }, summary: { fr: "Résumé", ar: "ملخص" } },
      agreement: { id: agreement.id, reference: agreement.reference },
    });
    const counts = await countTranslationQueue({ db: handle.db, actor: admin, lang: "ar" });
    // the page holds every waiting agreement of this small registry: the count is its length
    expect(counts.agreement).toBe(items.length);
    // its objectives are written in English only: they wait for Arabic and French
    expect(counts.objective).toBeGreaterThanOrEqual(2);
    // the languages page counts every language in one statement: the same figures as one by one
    const all = await countTranslationQueues({ db: handle.db, actor: admin, langs: ["ar", "fr", "en"] });
    expect(all.get("ar")).toEqual(counts);
    expect(all.get("fr")).toEqual(await countTranslationQueue({ db: handle.db, actor: admin, lang: "fr" }));
    expect(all.get("en")).toEqual(await countTranslationQueue({ db: handle.db, actor: admin, lang: "en" }));
    expect(all.get("en")?.agreement).toBeGreaterThanOrEqual(1);
    const inEnglish = await listTranslationQueue({
      db: handle.db,
      actor: admin,
      lang: "en",
      kind: "agreement",
      limit: 500,
      offset: 0,
    });
    expect(inEnglish.find((entry) => entry.id === agreement.id)?.missing).toEqual(["title", "summary"]);
  });

  it("shows a translator only the languages given and the records its reading scope reaches", async () => {
    await expect(
      countTranslationQueue({ db: handle.db, actor: translator, lang: "ar" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const own = await buildOrganization(handle.db);
    const focal = actorFromUser(
      await buildUser(handle.db, { role: "focal_point", organizationId: own.id, translates: ["en"] }),
    );
    const hidden = await buildAgreement(handle.db, {
      visibility: "internal",
      title: { fr: "Interne, autre partenaire" },
    });
    const ownInternal = await buildAgreement(handle.db, {
      visibility: "internal",
      title: { fr: "Interne, le sien" },
      parties: [{ organizationId: own.id, role: "signatory" }],
    });
    const items = await listTranslationQueue({
      db: handle.db,
      actor: focal,
      lang: "en",
      kind: "agreement",
      limit: 1000,
      offset: 0,
    });
    const ids = items.map((item) => item.id);
    expect(ids).toContain(ownInternal.id);
    expect(ids).not.toContain(hidden.id);
    await expect(
      saveTranslation({
        db: handle.db,
        actor: focal,
        input: { kind: "agreement", id: hidden.id, lang: "en", version: 1, texts: { title: "Hidden" } },
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect((await agreementRow(hidden.id))?.title).toEqual({ fr: "Interne, autre partenaire" });
  });
});

describe("saving a translation", () => {
  it("writes one language of the texts, raises the version, finds the new words and audits it", async () => {
    const agreement = await buildAgreement(handle.db, {
      title: { fr: "Convention de jumelage culturel" },
      summary: { fr: "Échanges entre provinces", ar: "تبادل بين الأقاليم" },
    });
    const saved = await saveTranslation({
      db: handle.db,
      actor: translator,
      input: {
        kind: "agreement",
        id: agreement.id,
        lang: "en",
        version: agreement.version,
        texts: { title: "  Cultural twinning agreement ", summary: "" },
      },
    });
    const row = await agreementRow(agreement.id);
    expect(row?.title).toEqual({ fr: "Convention de jumelage culturel", en: "Cultural twinning agreement" });
    // a blank field is left as it was
    expect(row?.summary).toEqual({ fr: "Échanges entre provinces", ar: "تبادل بين الأقاليم" });
    expect(row?.version).toBe(agreement.version + 1);
    expect(saved.version).toBe(agreement.version + 1);
    expect(row?.status).toBe(agreement.status);
    const [search] = await handle.db
      .select({ text: agreementSearch.searchText })
      .from(agreementSearch)
      .where(eq(agreementSearch.agreementId, agreement.id));
    expect(search?.text).toContain("twinning");
    const [event] = await eventsOf(agreement.id, "agreement.translate");
    expect(event?.actor).toBe(translator.id);
    expect(event?.changes).toMatchObject({
      before: { title: { fr: "Convention de jumelage culturel" } },
      after: { title: { fr: "Convention de jumelage culturel", en: "Cultural twinning agreement" } },
    });
  });

  it("refuses a stale version and writes nothing", async () => {
    const agreement = await buildAgreement(handle.db, { title: { fr: "Version ancienne" } });
    await saveTranslation({
      db: handle.db,
      actor: translator,
      input: { kind: "agreement", id: agreement.id, lang: "en", version: 1, texts: { title: "First" } },
    });
    const stale = await refusal(
      saveTranslation({
        db: handle.db,
        actor: translator,
        input: { kind: "agreement", id: agreement.id, lang: "en", version: 1, texts: { title: "Second" } },
      }),
    );
    expect(stale.code).toBe("conflict");
    expect(stale.issues.map((issue) => issue.field)).toContain("version");
    expect((await agreementRow(agreement.id))?.title.en).toBe("First");
  });

  it("lets a translator write texts in its languages and nothing else", async () => {
    const agreement = await buildAgreement(handle.db, { title: { fr: "Texte seulement" } });
    const otherLanguage = await refusal(
      saveTranslation({
        db: handle.db,
        actor: translator,
        input: { kind: "agreement", id: agreement.id, lang: "ar", version: 1, texts: { title: "نص" } },
      }),
    );
    expect(otherLanguage.code).toBe("forbidden");
    const edit = await refusal(
      updateAgreement({
        db: handle.db,
        actor: translator,
        id: agreement.id,
        input: {
          version: 1,
          reference: agreement.reference,
          kind: "partnership",
          title: { fr: "Autre" },
        } as never,
      }),
    );
    expect(edit.code).toBe("forbidden");
    const readOnlyToken = await refusal(
      saveTranslation({
        db: handle.db,
        actor: { ...translator, via: "token", tokenScope: "read" },
        input: { kind: "agreement", id: agreement.id, lang: "en", version: 1, texts: { title: "Read only" } },
      }),
    );
    expect(readOnlyToken.code).toBe("forbidden");
    const noPermission = actorFromUser(await buildUser(handle.db, { role: "viewer" }));
    expect(
      (
        await refusal(
          saveTranslation({
            db: handle.db,
            actor: noPermission,
            input: { kind: "agreement", id: agreement.id, lang: "en", version: 1, texts: { title: "No" } },
          }),
        )
      ).code,
    ).toBe("forbidden");
    expect((await agreementRow(agreement.id))?.title).toEqual({ fr: "Texte seulement" });
  });

  it.each([
    ["an unknown field", { status: "signed" }, "status"],
    ["nothing typed", { title: "   " }, "title"],
    ["a text too long", { title: "x".repeat(501) }, "title"],
    ["a direction override", { title: "abc\u202Edef" }, "title"],
    ["a field with nothing to translate from", { summary: "Summary" }, "summary"],
    ["a text already written in the language", { title: "Other", summary: "" }, "title"],
  ])("refuses %s, naming the field", async (_case, texts, field) => {
    const agreement = await buildAgreement(handle.db, {
      title: _case.includes("already") ? { fr: "Refus", en: "Refusal" } : { fr: "Refus" },
    });
    const refused = await refusal(
      saveTranslation({
        db: handle.db,
        actor: translator,
        input: { kind: "agreement", id: agreement.id, lang: "en", version: 1, texts },
      }),
    );
    expect(refused.code).toBe("validation");
    expect(refused.issues.map((issue) => issue.field).join(" ")).toContain(field);
    const row = await agreementRow(agreement.id);
    expect(row?.title).toEqual(agreement.title);
    expect(row?.version).toBe(1);
  });

  it.each([
    ["an unknown kind", { kind: "user" }, "validation"],
    ["an id that names nothing", { id: "00000000-0000-4000-8000-000000000000" }, "not_found"],
    ["an id that is no id", { id: "'; drop table agreements; --" }, "not_found"],
    ["a language that is not one", { lang: "de" }, "validation"],
    ["a version that is not one", { version: "first" }, "validation"],
  ])("refuses %s", async (_case, change, code) => {
    const agreement = await buildAgreement(handle.db, { title: { fr: "Entrée" } });
    const refused = await refusal(
      saveTranslation({
        db: handle.db,
        actor: translator,
        input: {
          kind: "agreement",
          id: agreement.id,
          lang: "en",
          version: 1,
          texts: { title: "Entry" },
          ...change,
        },
      }),
    );
    expect(refused.code).toBe(code);
  });

  it("translates an objective as a part of its agreement: the agreement's version, the other objective untouched", async () => {
    const agreement = await buildAgreement(handle.db, { title: { fr: "Objectifs", en: "Objectives" } });
    const rows = await handle.db
      .select()
      .from(objectives)
      .where(eq(objectives.agreementId, agreement.id))
      .orderBy(objectives.position);
    const [first, second] = rows;
    if (!first || !second) throw new Error("two objectives expected");
    const french = { ...translator, translates: ["fr" as const] };
    await saveTranslation({
      db: handle.db,
      actor: french,
      input: {
        kind: "objective",
        id: first.id,
        lang: "fr",
        version: agreement.version,
        texts: { text: "Premier objectif" },
      },
    });
    const after = await handle.db.select().from(objectives).where(eq(objectives.agreementId, agreement.id));
    expect(after.find((row) => row.id === first.id)?.text).toEqual({ ...first.text, fr: "Premier objectif" });
    expect(after.find((row) => row.id === second.id)?.text).toEqual(second.text);
    expect((await agreementRow(agreement.id))?.version).toBe(agreement.version + 1);
    const [event] = await eventsOf(agreement.id, "agreement.translate");
    expect(event?.changes).toMatchObject({ after: { objectives: { "0": { fr: "Premier objectif" } } } });
    // an edit opened before the translation is now stale
    const stale = await refusal(
      saveTranslation({
        db: handle.db,
        actor: french,
        input: {
          kind: "objective",
          id: second.id,
          lang: "fr",
          version: agreement.version,
          texts: { text: "Second" },
        },
      }),
    );
    expect(stale.code).toBe("conflict");
  });

  it("renames an organisation in a language: its name key and search words follow", async () => {
    const partner = await buildOrganization(handle.db, { name: { fr: "Association Atlas Vert" } });
    const agreement = await buildAgreement(handle.db, {
      parties: [{ organizationId: partner.id, role: "signatory" }],
    });
    await saveTranslation({
      db: handle.db,
      actor: translator,
      input: {
        kind: "organization",
        id: partner.id,
        lang: "en",
        version: partner.version,
        texts: { name: "Green Atlas Association" },
      },
    });
    const [row] = await handle.db.select().from(organizations).where(eq(organizations.id, partner.id));
    expect(row?.name).toEqual({ fr: "Association Atlas Vert", en: "Green Atlas Association" });
    expect(row?.nameKey).toContain("green atlas");
    expect(row?.version).toBe(partner.version + 1);
    const [found] = await handle.db
      .select({ text: organizationSearch.searchText })
      .from(organizationSearch)
      .where(eq(organizationSearch.organizationId, partner.id));
    expect(found?.text).toContain("green");
    const [agreementWords] = await handle.db
      .select({ text: agreementSearch.searchText })
      .from(agreementSearch)
      .where(eq(agreementSearch.agreementId, agreement.id));
    expect(agreementWords?.text).toContain("green");
  });

  it("translates an activity's texts and an indicator's unit, each with its own version", async () => {
    const agreement = await buildAgreement(handle.db);
    const activity = await buildActivity(handle.db, agreement.id, {
      title: { fr: "Atelier régional" },
      description: { fr: "Deux jours" },
    });
    await saveTranslation({
      db: handle.db,
      actor: translator,
      input: {
        kind: "activity",
        id: activity.id,
        lang: "en",
        version: activity.version,
        texts: { title: "Regional workshop", description: "Two days" },
      },
    });
    const [activityRow] = await handle.db.select().from(activities).where(eq(activities.id, activity.id));
    expect(activityRow).toMatchObject({
      title: { fr: "Atelier régional", en: "Regional workshop" },
      description: { fr: "Deux jours", en: "Two days" },
      version: activity.version + 1,
    });
    expect(activityRow?.searchText).toContain("workshop");
    const indicator = await buildIndicator(handle.db, agreement.id, { unit: { fr: "ateliers" } });
    await saveTranslation({
      db: handle.db,
      actor: translator,
      input: {
        kind: "indicator",
        id: indicator.id,
        lang: "en",
        version: indicator.version,
        texts: { unit: "workshops" },
      },
    });
    const [indicatorRow] = await handle.db.select().from(indicators).where(eq(indicators.id, indicator.id));
    expect(indicatorRow?.unit).toEqual({ fr: "ateliers", en: "workshops" });
    expect(indicatorRow?.version).toBe(indicator.version + 1);
    expect(indicatorRow?.name).toEqual(indicator.name);
  });

  it("corrects a territory's name with a version of its own", async () => {
    const [before] = await handle.db.select().from(territories).where(eq(territories.code, "01.571"));
    if (!before) throw new Error("reference territories expected");
    await handle.db
      .update(territories)
      .set({ name: { fr: before.name.fr, ar: before.name.ar } })
      .where(eq(territories.code, "01.571"));
    const queued = await listTranslationQueue({
      db: handle.db,
      actor: translator,
      lang: "en",
      kind: "territory",
      limit: 100,
      offset: 0,
    });
    expect(queued.map((item) => item.id)).toContain("01.571");
    await saveTranslation({
      db: handle.db,
      actor: translator,
      input: {
        kind: "territory",
        id: "01.571",
        lang: "en",
        version: before.version,
        texts: { name: "Tangier-Assilah" },
      },
    });
    const [after] = await handle.db.select().from(territories).where(eq(territories.code, "01.571"));
    expect(after?.name.en).toBe("Tangier-Assilah");
    expect(after?.version).toBe(before.version + 1);
    expect((await eventsOf("01.571", "territory.translate")).length).toBe(1);
  });
});
