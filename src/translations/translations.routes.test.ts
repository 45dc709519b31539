import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildUser } from "../../test/factories.js";
import { all, attr, byName, expectShownAsText, htmlOf, one, textOf } from "../../test/html.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { agreements, objectives, users } from "../db/schema/index.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let translator: string;
let translatorId: string;
let staffCookie: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  const viewer = await buildUser(handle.db, { role: "viewer" });
  translatorId = viewer.id;
  // An administrator gives the permission through the account's form, as in the workspace.
  const admin = await signIn(app, (await buildUser(handle.db, { role: "admin" })).email);
  const given = await postForm(app, `/en/workspace/users/${viewer.id}`, admin, {
    name: viewer.name,
    role: "viewer",
    locale: "en",
    active: "on",
    version: String(viewer.version),
    translates: "en",
  });
  expect(given.status).toBe(303);
  translator = await signIn(app, viewer.email);
  staffCookie = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
});
afterAll(async () => {
  await handle?.close();
});

const get = (path: string, cookie = translator) => app.request(path, { headers: { cookie } });

const titleOf = async (id: string) =>
  (await handle.db.select({ title: agreements.title }).from(agreements).where(eq(agreements.id, id)))[0]
    ?.title;

/** The queue's entry of one record, by its id. */
const entryOf = (page: Awaited<ReturnType<typeof htmlOf>>, id: string) => one(page, `#record-${id}`);

describe("the translator permission", () => {
  it("is kept on the account and shown on its form", async () => {
    const [row] = await handle.db.select().from(users).where(eq(users.id, translatorId));
    expect(row?.translates).toEqual(["en"]);
    const admin = await signIn(app, (await buildUser(handle.db, { role: "admin" })).email);
    const form = await htmlOf(await get(`/fr/workspace/users/${translatorId}/edit`, admin));
    const boxes = all(form, "input[name=translates]");
    expect(boxes.map((box) => [attr(box, "value"), box.hasAttribute("checked")])).toEqual([
      ["ar", false],
      ["fr", false],
      ["en", true],
    ]);
  });

  it("opens the queue of its languages only, and no other page that writes", async () => {
    const home = await htmlOf(await get("/en/workspace"));
    expect(all(home, "nav.workspace-nav a").map((link) => textOf(link))).toContain("To translate");
    const languages = await htmlOf(await get("/en/workspace/translations"));
    expect(all(languages, ".translation-languages a").map((link) => textOf(link))).toEqual(["Into English"]);
    expect((await get("/en/workspace/translations/ar")).status).toBe(403);
    expect((await get("/en/workspace/translations/de")).status).toBe(404);
    const agreement = await buildAgreement(handle.db);
    expect((await get("/en/workspace/agreements/new")).status).toBe(403);
    const edit = await postForm(app, `/en/workspace/agreements/${agreement.id}`, translator, {
      reference: agreement.reference,
      "title.fr": "Changé par un traducteur",
      version: String(agreement.version),
    });
    expect(edit.status).toBe(403);
    expect((await titleOf(agreement.id))?.fr).not.toBe("Changé par un traducteur");
  });

  it("is refused to an account without it, which does not see the menu entry", async () => {
    const viewer = await signIn(app, (await buildUser(handle.db, { role: "viewer" })).email);
    const home = await htmlOf(await get("/en/workspace", viewer));
    expect(all(home, "nav.workspace-nav a").map((link) => textOf(link))).not.toContain("To translate");
    expect((await get("/en/workspace/translations", viewer)).status).toBe(403);
    expect((await get("/en/workspace/translations/en", viewer)).status).toBe(403);
  });
});

describe("the queue", () => {
  it("shows each missing text beside its source and saves the translation with the record's version", async () => {
    const agreement = await buildAgreement(handle.db, {
      title: { fr: "Convention d’appui aux coopératives", ar: "اتفاقية دعم التعاونيات" },
      summary: { fr: "Appui", en: "Support" },
    });
    const page = await htmlOf(await get("/fr/workspace/translations/en?kind=agreement"));
    const entry = entryOf(page, agreement.id);
    // only the title is missing in English; its sources are the French and the Arabic
    expect(all(entry, "textarea").map((area) => attr(area, "name"))).toEqual(["text.title"]);
    expect(
      all(entry, ".translation-sources dd").map((dd) => [attr(dd, "lang"), attr(dd, "dir"), textOf(dd)]),
    ).toEqual([
      ["ar", "rtl", "اتفاقية دعم التعاونيات"],
      ["fr", "ltr", "Convention d’appui aux coopératives"],
    ]);
    const area = one(entry, "textarea");
    expect([attr(area, "lang"), attr(area, "dir")]).toEqual(["en", "ltr"]);
    expect(textOf(one(entry, `label[for=${attr(area, "id")}]`))).toBe("En anglais");
    const saved = await postForm(app, "/fr/workspace/translations/en", translator, {
      kind: "agreement",
      id: agreement.id,
      version: attr(byName(entry, "version"), "value") ?? "",
      page: "1",
      "text.title": "Agreement supporting cooperatives",
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(
      "/fr/workspace/translations/en?kind=agreement&notice=saved#queue",
    );
    expect(await titleOf(agreement.id)).toEqual({
      fr: "Convention d’appui aux coopératives",
      ar: "اتفاقية دعم التعاونيات",
      en: "Agreement supporting cooperatives",
    });
    const after = await htmlOf(await get("/fr/workspace/translations/en?kind=agreement&notice=saved"));
    expect(textOf(one(after, ".notice"))).toBe("Traduction enregistrée.");
    expect(all(after, `#record-${agreement.id}`)).toHaveLength(0);
  });

  it("keeps what was typed and names the field when a save is refused", async () => {
    const agreement = await buildAgreement(handle.db, { title: { fr: "Texte à garder" } });
    const tooLong = "x".repeat(501);
    const refused = await postForm(app, "/en/workspace/translations/en", translator, {
      kind: "agreement",
      id: agreement.id,
      version: "1",
      page: "1",
      "text.title": tooLong,
    });
    expect(refused.status).toBe(400);
    const page = await htmlOf(refused);
    const entry = entryOf(page, agreement.id);
    const area = one(entry, "textarea");
    expect(textOf(area)).toBe(tooLong);
    expect(attr(area, "aria-invalid")).toBe("true");
    expect(textOf(one(entry, ".error-summary"))).toMatch(/title/i);
    expect((await titleOf(agreement.id))?.en).toBeUndefined();
  });

  it("says someone saved first, shows the record as it is now and keeps the translator's text", async () => {
    const agreement = await buildAgreement(handle.db, {
      title: { fr: "Deux traducteurs" },
      summary: { fr: "Résumé à traduire" },
    });
    const first = await postForm(app, "/en/workspace/translations/en", translator, {
      kind: "agreement",
      id: agreement.id,
      version: "1",
      "text.title": "Two translators",
    });
    expect(first.status).toBe(303);
    const second = await postForm(app, "/en/workspace/translations/en", translator, {
      kind: "agreement",
      id: agreement.id,
      version: "1",
      "text.summary": "Summary to translate",
    });
    expect(second.status).toBe(409);
    const entry = entryOf(await htmlOf(second), agreement.id);
    expect(textOf(one(entry, ".error-summary"))).toMatch(
      /Someone saved this record since you opened the page/,
    );
    expect(attr(byName(entry, "version"), "value")).toBe("2");
    expect(all(entry, "textarea").map((area) => [attr(area, "name"), textOf(area)])).toEqual([
      ["text.summary", "Summary to translate"],
    ]);
  });

  it("says a record is gone when an edit replaced it meanwhile, and saves nothing", async () => {
    const agreement = await buildAgreement(handle.db, {
      title: { fr: "Engagements remplacés", en: "Replaced" },
    });
    const page = await htmlOf(await get("/en/workspace/translations/fr?kind=objective", staffCookie));
    const [objectiveEntry] = all(page, ".translation-entry").filter((entry) =>
      textOf(entry).includes(agreement.reference),
    );
    const objectiveId = (attr(objectiveEntry ?? null, "id") ?? "").replace("record-", "");
    expect(objectiveId).toMatch(/^[0-9a-f-]{36}$/);
    // an edit that sends no objective ids makes new objectives
    await handle.db.delete(objectives).where(eq(objectives.id, objectiveId));
    const refused = await postForm(app, "/en/workspace/translations/fr", staffCookie, {
      kind: "objective",
      id: objectiveId,
      version: "1",
      "text.text": "Objectif",
    });
    expect(refused.status).toBe(404);
    expect(textOf(one(await htmlOf(refused), "main [role=alert]"))).toMatch(/no longer waiting here/);
  });

  it("shows a hostile source as text and refuses a hostile query", async () => {
    const payload = `<img src=x onerror="alert(1)">`;
    const agreement = await buildAgreement(handle.db, { title: { fr: payload } });
    const response = await get("/en/workspace/translations/en?kind=agreement");
    const html = await response.text();
    expectShownAsText(html, payload);
    expect(html).toContain(`record-${agreement.id}`);
    expect((await get("/en/workspace/translations/en?kind=users")).status).toBe(400);
    expect((await get("/en/workspace/translations/en?page=-1")).status).toBe(400);
  });

  it("offers the Arabic queue right to left to the staff, who translate into every language", async () => {
    const staff = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
    const languages = await htmlOf(await get("/ar/workspace/translations", staff));
    expect(all(languages, ".translation-languages a")).toHaveLength(3);
    const agreement = await buildAgreement(handle.db, {
      title: { fr: "Sans titre arabe", en: "No Arabic title" },
    });
    const page = await htmlOf(await get("/ar/workspace/translations/ar?kind=agreement", staff));
    const area = one(entryOf(page, agreement.id), "textarea");
    expect([attr(area, "lang"), attr(area, "dir")]).toEqual(["ar", "rtl"]);
  });
});
