import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withPageIn } from "./checks.js";
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
 * The agreement form's help in real Chromium (issue #13 points 7 and 8): the territory picker's
 * filter box, shown and run by the page's script; a refused save's summary, which takes the
 * focus and whose links move it to the field at fault.
 */

let server: RunningServer;
let browser: Browser;
let secretariat: BrowserUser;
let session: SessionState;

beforeAll(async () => {
  server = await startServer(async (db) => {
    secretariat = await createUserForBrowser(db, { role: "secretariat", name: "Nadia Forms" });
  });
  browser = await launchBrowser();
  session = await signInForBrowser(browser, server.url, secretariat);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The refused save answers 400, which the browser reports in its console. */
const withPage = (body: (page: Page) => Promise<void>) =>
  withPageIn(browser, server.url, body, session, /status of 400/);
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");

describe("the agreement form", () => {
  it("filters the territories as one types, ticks a province, and leads from the summary to the field at fault", () =>
    withPage(async (page) => {
      expect((await page.goto("/fr/workspace/agreements/new"))?.status()).toBe(200);
      const filter = page.getByLabel("Filtrer les territoires");
      await filter.waitFor({ state: "visible" });
      await page.locator("#national").uncheck();
      await filter.fill("tetouan");
      const tetouan = page.getByLabel("Tétouan", { exact: true });
      expect(await tetouan.isVisible()).toBe(true);
      expect(await page.getByLabel("Rabat", { exact: true }).isVisible()).toBe(false);
      expect(await page.getByLabel("Tanger-Assilah", { exact: true }).isVisible()).toBe(false);
      await filter.fill("الرباط");
      expect(await page.getByLabel("Rabat", { exact: true }).isVisible()).toBe(true);
      expect(await tetouan.isVisible()).toBe(false);
      await filter.fill("");
      expect(await tetouan.isVisible()).toBe(true);
      await filter.fill("Tétouan");
      await tetouan.check();
      expect(await page.locator("legend", { hasText: "Territoires (" }).count()).toBe(1);

      // No title, no party: refused.
      await page.locator('input[name="title.fr"]').fill("");
      await Promise.all([
        page.waitForLoadState("load"),
        page.getByRole("button", { name: "Créer la convention" }).click(),
      ]);
      const summary = page.locator(".error-summary");
      await summary.waitFor();
      await page.waitForFunction(() => document.activeElement?.classList.contains("error-summary"));
      // What was ticked stays ticked.
      expect(await page.getByLabel("Tétouan", { exact: true }).isChecked()).toBe(true);
      await summary.getByRole("link", { name: "Le titre est obligatoire en au moins une langue." }).click();
      expect(await focusedId(page)).toBe("title-ar");
      expect(await page.locator("#title-ar").getAttribute("aria-invalid")).toBe("true");
      await summary
        .getByRole("link", { name: "Choisissez au moins une organisation partie à la convention." })
        .click();
      // The list of parties: the focus goes to its first control, the blank row's organisation.
      expect(await focusedId(page)).toBe("parties-0-organizationId");
    }));
});
