import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docxBytes } from "../document-files.js";
import { textOf, withPageIn } from "./checks.js";
import {
  type BrowserUser,
  createOrganizationForBrowser,
  createUserForBrowser,
  launchBrowser,
  type RunningServer,
  type SessionState,
  signInForBrowser,
  startServer,
} from "./server.js";

/**
 * Reading a signed agreement in real Chromium against a real `sharaka serve`: a member of the
 * secretariat uploads a DOCX from the agreements list, reviews what was read (each proposal
 * beside its excerpt, the words marked), unticks an objective, corrects the title and creates
 * the agreement in one step; in Arabic, the review page reads right to left and fits a phone.
 */
const PHONE = { width: 390, height: 844 };
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

let server: RunningServer;
let browser: Browser;
let secretariat: BrowserUser;
let session: SessionState;
let files: string;

/** A test agreement as a DOCX file on disk, one paragraph per line (page breaks aside), for the file input. */
function agreementFile(name: string): string {
  const text = readFileSync(path.join(import.meta.dirname, "../fixtures/agreements", `${name}.txt`), "utf8");
  const file = path.join(files, `${name}.docx`);
  writeFileSync(file, docxBytes(text.replace(/\f/gu, "").split("\n")));
  return file;
}

beforeAll(async () => {
  files = mkdtempSync(path.join(tmpdir(), "sharaka-reading-"));
  server = await startServer(async (db) => {
    secretariat = await createUserForBrowser(db, { role: "secretariat", name: "Rania Reading" });
    // Known under its English name: the French text must still find it (the association is bootstrapped).
    await createOrganizationForBrowser(db, {
      name: { en: "Al Akhawayn University in Ifrane", fr: "Université Al Akhawayn d'Ifrane" },
      acronym: "AUI",
    });
  });
  browser = await launchBrowser();
  session = await signInForBrowser(browser, server.url, secretariat);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (files) rmSync(files, { recursive: true, force: true });
});

const withPage = (body: (page: Page) => Promise<void>) => withPageIn(browser, server.url, body, session);

const htmlAttributes = (page: Page) =>
  page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

/** Uploads a file on the page's reading form and waits for the review page it leads to. */
async function upload(page: Page, lang: string, file: string, submit: string) {
  await page.locator("input[type=file][name=file]").setInputFiles(file);
  await Promise.all([
    page.waitForURL(new RegExp(`/${lang}/workspace/readings/${UUID}$`)),
    page.getByRole("button", { name: submit }).click(),
  ]);
}

describe("reading a signed agreement", () => {
  it("reads an uploaded DOCX, shows each proposal with its marked words, and creates the agreement as reviewed", () =>
    withPage(async (page) => {
      expect((await page.goto("/fr/workspace/agreements"))?.status()).toBe(200);
      await Promise.all([
        page.waitForURL((url) => url.pathname === "/fr/workspace/readings"),
        page.getByRole("link", { name: "Lire une convention signée" }).click(),
      ]);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Lire une convention signée");
      await upload(page, "fr", agreementFile("fr-jeunesse"), "Lire la convention");

      // The review: the title proposed, each proposal beside its excerpt with the words marked.
      expect(await htmlAttributes(page)).toEqual({ lang: "fr", dir: "ltr" });
      expect(await textOf(page.getByRole("heading", { level: 1 }))).toBe(
        "Relire ce qui a été lu dans « fr-jeunesse.docx »",
      );
      const title = page.getByLabel("Titre *");
      expect(await title.inputValue()).toMatch(/^CONVENTION DE PARTENARIAT/u);
      const marked = page.locator("form.reading-review .evidence blockquote mark");
      expect(await marked.count()).toBeGreaterThan(1);
      expect(await marked.first().isVisible()).toBe(true);
      expect(await page.locator(".evidence mark", { hasText: "renouvelable par tacite" }).count()).toBe(1);

      // Reject the second objective, keep the others, correct the title, create.
      const rejected = (await page.locator("#objectives-1-text").inputValue()).trim();
      const kept = (await page.locator("#objectives-0-text").inputValue()).trim();
      expect(rejected.length).toBeGreaterThan(20);
      const keepSecond = page.locator('input[type=checkbox][name="objectives.1.use"]');
      expect(await keepSecond.isChecked()).toBe(true);
      await keepSecond.uncheck();
      const corrected = "Convention de partenariat « Jeunes talents des territoires » (relue)";
      await title.fill(corrected);
      await Promise.all([
        page.waitForURL(new RegExp(`/fr/workspace/agreements/${UUID}\\?notice=created$`)),
        page.getByRole("button", { name: "Créer la convention" }).click(),
      ]);

      // The agreement's page: the corrected title, the notice, the kept objectives only.
      expect(await textOf(page.getByRole("heading", { level: 1 }))).toBe(corrected);
      expect(await textOf(page.getByRole("status").filter({ hasText: "créée" }))).toBe(
        "La convention est créée.",
      );
      const objectives = page.locator("ol.objectives");
      expect(await objectives.textContent()).toContain(kept);
      expect(await page.locator("body").textContent()).not.toContain(rejected);
    }));

  it("reviews an Arabic agreement right to left, within a phone's width", () =>
    withPage(async (page) => {
      await page.setViewportSize(PHONE);
      expect((await page.goto("/ar/workspace/readings"))?.status()).toBe(200);
      await upload(page, "ar", agreementFile("ar-tanmiya"), "قراءة الاتفاقية");

      expect(await htmlAttributes(page)).toEqual({ lang: "ar", dir: "rtl" });
      expect(await page.locator("input[name=title]").inputValue()).toMatch(/^اتفاقية شراكة وتعاون/u);
      expect(await page.locator(".evidence mark").first().isVisible()).toBe(true);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        screen: window.innerWidth,
      }));
      expect(widths.screen).toBe(PHONE.width);
      expect(widths.page, "the review page scrolls sideways").toBeLessThanOrEqual(widths.screen + 1);
    }));
});
