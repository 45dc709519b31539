import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAgreement } from "../factories.js";
import { axeViolations, textOf, withPageIn } from "./checks.js";
import {
  type BrowserUser,
  createUserForBrowser,
  launchBrowser,
  type RunningServer,
  type SessionState,
  signInForBrowser,
  startServer,
} from "./server.js";

/**
 * The "to translate" queue in real Chromium against a real `sharaka serve`: an administrator
 * gives a viewer the translator permission for English on the account form; the viewer finds
 * the queue in the menu, types an agreement's English title beside its French and Arabic source
 * and saves it, and the portal shows it at once. In Arabic the queue reads right to left on a
 * phone, and an empty save is refused on its own record, its summary leading to the field. A
 * translator working from the keyboard whose record was saved meanwhile by someone else keeps
 * what they typed and saves it again.
 */
const PHONE = { width: 390, height: 844 };

/** Missing in English only: its French and Arabic texts are the sources. */
const TITLE = {
  fr: "Convention d’appui aux coopératives féminines de l’Oriental",
  ar: "اتفاقية دعم التعاونيات النسائية بجهة الشرق",
  en: "Agreement supporting women’s cooperatives in the Oriental region",
};
/** An objective missing in Arabic only. */
const IN_ARABIC = {
  fr: "Former les élus des communes rurales à la gestion budgétaire",
  en: "Train the elected officials of rural communes in budget management",
  ar: "تكوين منتخبي الجماعات القروية في التدبير المالي",
};
/** Two objectives of one agreement missing in French: their saves share the agreement's version. */
const FIRST = {
  en: "Map the irrigation channels of the province",
  ar: "جرد قنوات الري بالإقليم",
  fr: "Cartographier les canaux d’irrigation de la province",
};
const SECOND = {
  en: "Train the water users’ associations",
  ar: "تكوين جمعيات مستعملي المياه",
  fr: "Former les associations d’usagers de l’eau",
};
/** What Chromium logs for each page the server refuses: expected where a test provokes one. */
const REFUSED = /status of 40[039]/;

let server: RunningServer;
let browser: Browser;
let admin: BrowserUser;
let viewer: BrowserUser;
let secretariat: BrowserUser;
const sessions: { admin?: SessionState; viewer?: SessionState; secretariat?: SessionState } = {};
const ids = { cooperatives: "", irrigation: "" };

beforeAll(async () => {
  server = await startServer(async (db) => {
    admin = await createUserForBrowser(db, { role: "admin", name: "Amina Admin" });
    // Without the permission yet: the administrator gives it in the first test.
    viewer = await createUserForBrowser(db, { role: "viewer", name: "Karim Traducteur" });
    secretariat = await createUserForBrowser(db, { role: "secretariat", name: "Salma Secrétariat" });
    const complete = (fr: string) => ({ fr, ar: `${fr} (ar)`, en: `${fr} (en)` });
    ids.cooperatives = (
      await buildAgreement(db, {
        title: { fr: TITLE.fr, ar: TITLE.ar },
        visibility: "public",
        objectives: [complete("Appuyer les coopératives")],
      })
    ).id;
    await buildAgreement(db, {
      title: complete("Convention de formation budgétaire"),
      visibility: "public",
      objectives: [{ fr: IN_ARABIC.fr, en: IN_ARABIC.en }],
    });
    ids.irrigation = (
      await buildAgreement(db, {
        title: complete("Convention d’irrigation"),
        visibility: "public",
        objectives: [
          { en: FIRST.en, ar: FIRST.ar },
          { en: SECOND.en, ar: SECOND.ar },
        ],
      })
    ).id;
  });
  browser = await launchBrowser();
  sessions.admin = await signInForBrowser(browser, server.url, admin);
  sessions.viewer = await signInForBrowser(browser, server.url, viewer);
  sessions.secretariat = await signInForBrowser(browser, server.url, secretariat, "ar");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const withPage = (body: (page: Page) => Promise<void>, storageState: SessionState | undefined) =>
  withPageIn(browser, server.url, body, storageState, REFUSED);

async function open(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  expect(`${new URL(page.url()).pathname}${new URL(page.url()).search}`, "not sent elsewhere").toBe(path);
}

/** Waits for the page at `path` (and query), whatever fragment the server's redirect adds. */
const arrivedAt = (page: Page, path: string) =>
  page.waitForURL((url) => `${url.pathname}${url.search}` === path);

const htmlAttributes = (page: Page) =>
  page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

const menuLinks = (page: Page) => page.locator("nav.workspace-nav a").allTextContents();

/** The queue's entry of the record whose source (in some language) is `source`. */
const entryWith = (page: Page, source: string) =>
  page
    .locator("li.translation-entry")
    .filter({ has: page.locator(".translation-sources dd", { hasText: source }) });

/** Each source shown for a record: its language, direction (as written and as laid out) and text. */
const sourcesOf = (entry: Locator) =>
  entry
    .locator(".translation-sources dd")
    .evaluateAll((dds) =>
      dds.map((dd) => [
        dd.getAttribute("lang"),
        dd.getAttribute("dir"),
        getComputedStyle(dd).direction,
        dd.textContent?.trim() ?? "",
      ]),
    );

/** The focused element: its id, tag and text, the queue entry it is in, whether it is an error summary. */
const focus = (page: Page) =>
  page.evaluate(() => ({
    id: document.activeElement?.id ?? "",
    entry: document.activeElement?.closest("li.translation-entry")?.id ?? "",
    summary: document.activeElement?.classList.contains("error-summary") ?? false,
    tag: document.activeElement?.tagName ?? "",
    text: document.activeElement?.textContent?.trim() ?? "",
  }));

/** Submits a form the server refuses (the queue comes back with the record's error): the status. */
async function submitRefused(page: Page, submit: () => Promise<void>): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((answer) => answer.request().method() === "POST"),
    submit(),
  ]);
  // The response may come before the new document: wait for the summary the page's script focuses.
  await page.locator(".error-summary").waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains("error-summary"));
  return response.status();
}

/** Presses Tab until `reached` holds of the focused element, as a keyboard user would; false if never. */
async function tabUntil(page: Page, reached: () => Promise<boolean>, most = 80): Promise<boolean> {
  for (let presses = 0; presses < most; presses++) {
    await page.keyboard.press("Tab");
    if (await reached()) return true;
  }
  return false;
}

describe("the translation queue", () => {
  it("opens to a viewer given English on the account form, who translates an agreement's title shown on the portal", async () => {
    // Without the permission: no menu entry, and the queue is refused.
    await withPage(async (page) => {
      await open(page, "/fr/workspace");
      expect(await menuLinks(page)).not.toContain("À traduire");
      expect((await page.goto("/fr/workspace/translations"))?.status()).toBe(403);
    }, sessions.viewer);

    // The administrator ticks English under "Translates into" on the viewer's account.
    await withPage(async (page) => {
      await open(page, `/fr/workspace/users/${viewer.id}/edit`);
      const translates = page.getByRole("group", { name: "Traduit vers" });
      const boxes = translates.getByRole("checkbox");
      expect(
        await boxes.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).checked)),
      ).toEqual([false, false, false]);
      await translates.getByLabel("English").check();
      await Promise.all([
        arrivedAt(page, `/fr/workspace/users/${viewer.id}/edit?notice=saved`),
        page.getByRole("button", { name: "Enregistrer le compte" }).click(),
      ]);
      expect(await page.getByRole("group", { name: "Traduit vers" }).getByLabel("English").isChecked()).toBe(
        true,
      );
    }, sessions.admin);

    // The portal still shows the agreement's title in another language.
    await withPage(async (page) => {
      await open(page, `/en/agreements/${ids.cooperatives}`);
      const fallback = page.locator("h1 .fallback-text");
      expect(await fallback.count()).toBe(1);
      expect(await fallback.getAttribute("lang")).not.toBe("en");
    }, undefined);

    await withPage(async (page) => {
      // The viewer's session sees the permission at once: the menu leads to the queue.
      await open(page, "/fr/workspace");
      expect(await menuLinks(page)).toContain("À traduire");
      await Promise.all([
        arrivedAt(page, "/fr/workspace/translations"),
        page.locator("nav.workspace-nav").getByRole("link", { name: "À traduire" }).click(),
      ]);
      expect(await textOf(page.getByRole("heading", { level: 1 }))).toBe("À traduire");
      expect(await page.locator(".translation-languages a").allTextContents()).toEqual([
        "Traduire en anglais",
      ]);
      await Promise.all([
        arrivedAt(page, "/fr/workspace/translations/en"),
        page.getByRole("link", { name: "Traduire en anglais" }).click(),
      ]);
      expect(await textOf(page.getByRole("heading", { level: 1 }))).toBe("À traduire en anglais");
      const kinds = page.getByRole("navigation", { name: "Types de fiches" });
      await Promise.all([
        arrivedAt(page, "/fr/workspace/translations/en?kind=agreement"),
        kinds.getByRole("link", { name: /^Conventions \(\d+\)$/ }).click(),
      ]);
      expect(await kinds.getByRole("link", { name: /^Conventions/ }).getAttribute("aria-current")).toBe(
        "page",
      );

      // The record: its French and Arabic sources, each in its language and direction, beside the box.
      const entry = page.locator(`#record-${ids.cooperatives}`);
      expect(await textOf(entry.getByRole("heading", { level: 2 }))).toContain(TITLE.fr);
      expect(await sourcesOf(entry)).toEqual([
        ["ar", "rtl", "rtl", TITLE.ar],
        ["fr", "ltr", "ltr", TITLE.fr],
      ]);
      const area = entry.getByLabel("En anglais");
      expect(await area.count(), "one text is missing in English: the title").toBe(1);
      expect(await area.isVisible()).toBe(true);
      expect(await area.isEditable()).toBe(true);
      expect([await area.getAttribute("lang"), await area.getAttribute("dir")]).toEqual(["en", "ltr"]);
      expect(await area.inputValue()).toBe("");
      expect(await axeViolations(page), "axe on the queue").toEqual([]);

      await area.fill(TITLE.en);
      await Promise.all([
        arrivedAt(page, "/fr/workspace/translations/en?kind=agreement&notice=saved"),
        entry.getByRole("button", { name: "Enregistrer la traduction" }).click(),
      ]);
      expect(await textOf(page.getByRole("status"))).toBe("Traduction enregistrée.");
      expect(await page.locator(`#record-${ids.cooperatives}`).count(), "the entry left the queue").toBe(0);
    }, sessions.viewer);

    // The portal in English shows the title as typed, no longer another language's.
    await withPage(async (page) => {
      await open(page, `/en/agreements/${ids.cooperatives}`);
      expect(await textOf(page.getByRole("heading", { level: 1 }))).toBe(TITLE.en);
      expect(await page.locator("h1 .fallback-text").count()).toBe(0);
    }, undefined);
  });

  it("reads right to left in Arabic on a phone, and refuses an empty save on its own record", () =>
    withPage(async (page) => {
      await page.setViewportSize(PHONE);
      await open(page, "/ar/workspace/translations/ar?kind=objective");
      expect(await htmlAttributes(page)).toEqual({ lang: "ar", dir: "rtl" });
      const entry = entryWith(page, IN_ARABIC.fr);
      expect(await entry.count()).toBe(1);
      const record = (await entry.getAttribute("id")) ?? "";
      expect(record).toMatch(/^record-[0-9a-f-]{36}$/);
      expect(await sourcesOf(entry)).toEqual([
        ["fr", "ltr", "ltr", IN_ARABIC.fr],
        ["en", "ltr", "ltr", IN_ARABIC.en],
      ]);
      const area = entry.getByLabel("باللغة العربية");
      expect(await area.isVisible()).toBe(true);
      expect([await area.getAttribute("lang"), await area.getAttribute("dir")]).toEqual(["ar", "rtl"]);
      expect(await area.evaluate((box) => getComputedStyle(box).direction)).toBe("rtl");
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        screen: window.innerWidth,
      }));
      expect(widths.screen).toBe(PHONE.width);
      expect(widths.page, "the queue scrolls sideways").toBeLessThanOrEqual(widths.screen + 1);

      // Saved empty: refused on this record, the summary read first, its link leading to the box.
      expect(
        await submitRefused(page, () => entry.getByRole("button", { name: "حفظ الترجمة" }).click()),
      ).toBe(400);
      const refused = page.locator(`#${record}`);
      expect(await focus(page), "the focused summary is the record's").toMatchObject({
        summary: true,
        entry: record,
      });
      const summary = refused.locator(".error-summary");
      const link = summary.getByRole("link");
      expect(await link.count()).toBe(1);
      expect(await textOf(link)).toBe("اكتب الترجمة قبل الحفظ.");
      const box = refused.getByLabel("باللغة العربية");
      const boxId = (await box.getAttribute("id")) ?? "";
      expect(await link.getAttribute("href")).toBe(`#${boxId}`);
      await link.click();
      expect(await focus(page)).toMatchObject({ id: boxId, entry: record });
      expect(await box.getAttribute("aria-invalid")).toBe("true");
      const described = (await box.getAttribute("aria-describedby")) ?? "";
      expect(described).not.toBe("");
      const note = page.locator(`[id="${described}"]`);
      expect(await note.isVisible()).toBe(true);
      expect(await textOf(note)).toBe("اكتب الترجمة قبل الحفظ.");
      expect(await axeViolations(page), "axe on the refused save").toEqual([]);

      // Written this time: saved, and the record leaves the Arabic queue.
      await box.fill(IN_ARABIC.ar);
      await Promise.all([
        arrivedAt(page, "/ar/workspace/translations/ar?kind=objective&notice=saved"),
        refused.getByRole("button", { name: "حفظ الترجمة" }).click(),
      ]);
      expect(await textOf(page.getByRole("status"))).toBe("تم حفظ الترجمة.");
      expect(await page.locator(`#${record}`).count()).toBe(0);
    }, sessions.secretariat));

  it("keeps what a keyboard user typed when someone saved the agreement meanwhile, and saves it again", async () => {
    await withPage(async (page) => {
      const queue = "/en/workspace/translations/fr?kind=objective";
      await open(page, queue);
      const first = entryWith(page, FIRST.en);
      const record = (await first.getAttribute("id")) ?? "";
      expect(record).toMatch(/^record-/);
      const version = Number(await first.locator("input[name=version]").inputValue());
      const areaId = (await first.getByLabel("In French").getAttribute("id")) ?? "";

      // Meanwhile, an administrator translates the agreement's other objective.
      await withPage(async (other) => {
        await open(other, queue);
        const second = entryWith(other, SECOND.en);
        await second.getByLabel("In French").fill(SECOND.fr);
        await Promise.all([
          arrivedAt(other, `${queue}&notice=saved`),
          second.getByRole("button", { name: "Save the translation" }).click(),
        ]);
      }, sessions.admin);

      // From the keyboard only: Tab to the first objective's box, type, Tab to its button, Enter.
      const reached = await tabUntil(page, async () => (await focus(page)).id === areaId);
      expect(reached, "the box is reached with Tab").toBe(true);
      await page.keyboard.type(FIRST.fr);
      await page.keyboard.press("Tab");
      expect(await focus(page)).toMatchObject({ entry: record, tag: "BUTTON", text: "Save the translation" });
      expect(await submitRefused(page, () => page.keyboard.press("Enter"))).toBe(409);

      // The record as it is now, what was typed kept, the summary saying why.
      const refused = page.locator(`#${record}`);
      expect(await focus(page)).toMatchObject({ summary: true, entry: record });
      expect(await textOf(refused.locator(".error-summary"))).toMatch(
        /Someone saved this record since you opened the page/,
      );
      expect(await refused.getByLabel("In French").inputValue()).toBe(FIRST.fr);
      expect(Number(await refused.locator("input[name=version]").inputValue())).toBeGreaterThan(version);
      expect(await entryWith(page, SECOND.en).count(), "the other objective was translated").toBe(0);
      expect(await axeViolations(page), "axe on the conflict").toEqual([]);

      // From the summary, Tab reaches the kept text, then its button: this time it is saved.
      expect(await tabUntil(page, async () => (await focus(page)).id === areaId, 5)).toBe(true);
      await page.keyboard.press("Tab");
      await Promise.all([arrivedAt(page, `${queue}&notice=saved`), page.keyboard.press("Enter")]);
      expect(await textOf(page.getByRole("status"))).toBe("Translation saved.");
      expect(await page.locator(`#${record}`).count()).toBe(0);
    }, sessions.secretariat);

    // Both objectives read in French on the portal.
    await withPage(async (page) => {
      await open(page, `/fr/agreements/${ids.irrigation}`);
      const body = await textOf(page.locator("main"));
      expect(body).toContain(FIRST.fr);
      expect(body).toContain(SECOND.fr);
    }, undefined);
  });
});
