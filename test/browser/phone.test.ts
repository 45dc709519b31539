import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "./checks.js";
import {
  type BrowserUser,
  createUserForBrowser,
  launchBrowser,
  openPage,
  type RunningServer,
  type SessionState,
  signInForBrowser,
  startServer,
} from "./server.js";

/**
 * The app at a phone's width (390 px, an iPhone 12–15), in each language, against a real
 * `sharaka serve` with its demo content: no page wider than the screen (a wide table scrolls in
 * its own box), the menu one Menu button that opens with or without JavaScript, and the filters
 * behind a Filter button.
 */
const languages = ["ar", "fr", "en"] as const;
const PHONE = { width: 390, height: 844 };
const DEMO_REFERENCE = "AMPCPP-005";

let server: RunningServer;
let browser: Browser;
let secretariat: BrowserUser;
let session: SessionState;
let agreementId: string;

beforeAll(async () => {
  server = await startServer(async (db) => {
    secretariat = await createUserForBrowser(db, { role: "secretariat" });
  });
  browser = await launchBrowser();
  session = await signInForBrowser(browser, server.url, secretariat);
  const response = await fetch(`${server.url}/api/v1/agreements`);
  const body = (await response.json()) as { items: { id: string; reference: string }[] };
  const demo = body.items.find((item) => item.reference === DEMO_REFERENCE);
  if (!demo) throw new Error(`the demo content has no ${DEMO_REFERENCE}`);
  agreementId = demo.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page at a phone's width, signed in or not, with JavaScript or without. */
async function onPhone(
  path: string,
  body: (page: Page) => Promise<void>,
  options: { signedIn?: boolean; javaScript?: boolean } = {},
) {
  const { page, close } = await openPage(browser, server.url, {
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    storageState: options.signedIn ? session : undefined,
    javaScriptEnabled: options.javaScript ?? true,
  });
  try {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await body(page);
  } finally {
    await close();
  }
}

const widths = (page: Page) =>
  page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));

const pages = (lang: string) => [
  { path: `/${lang}/workspace`, signedIn: true },
  { path: `/${lang}/workspace/agreements`, signedIn: true },
  { path: `/${lang}/workspace/agreements/${agreementId}`, signedIn: true },
  { path: `/${lang}/agreements`, signedIn: false },
  { path: `/${lang}/agreements/${agreementId}`, signedIn: false },
];

describe.each(languages)("at 390 px in %s", (lang) => {
  it("no page is wider than the screen", async () => {
    for (const { path, signedIn } of pages(lang)) {
      await onPhone(
        path,
        async (page) => {
          const { page: width, screen } = await widths(page);
          expect(width, `${path} is ${width} px wide on a ${screen} px screen`).toBeLessThanOrEqual(screen);
          // The header is one line: the brand and the Menu button.
          const header = await page.locator(".site-header").boundingBox();
          expect(header?.height ?? 0, path).toBeLessThan(90);
        },
        { signedIn },
      );
    }
  });

  it("the workspace menu opens with its button, with JavaScript and without", async () => {
    for (const javaScript of [true, false]) {
      await onPhone(
        `/${lang}/workspace/agreements`,
        async (page) => {
          const menu = page.locator("details.menu-fold");
          const link = menu.locator(`a[href="/${lang}/workspace/organizations"]`);
          await expect.poll(() => link.isVisible()).toBe(false);
          await menu.locator("summary").click();
          expect(await menu.getAttribute("open")).not.toBeNull();
          expect(await link.isVisible()).toBe(true);
          expect((await widths(page)).page).toBeLessThanOrEqual(PHONE.width);
          // The open menu, the breadcrumbs and the tables' scrolling boxes, as axe reads them.
          if (javaScript) expect(await axeViolations(page)).toEqual([]);
        },
        { signedIn: true, javaScript },
      );
    }
  });

  it("the catalogue's filters wait behind a Filter button", async () => {
    await onPhone(
      `/${lang}/agreements`,
      async (page) => {
        const fold = page.locator("details.filter-fold");
        const filters = fold.locator("form.filters");
        expect(await fold.locator("summary").isVisible()).toBe(true);
        expect(await filters.isVisible()).toBe(false);
        await fold.locator("summary").click();
        expect(await filters.isVisible()).toBe(true);
      },
      { javaScript: false },
    );
  });
});

describe("on a wide screen", () => {
  it("shows the menu's groups and the filters open, without their buttons", async () => {
    const { page, close } = await openPage(browser, server.url, { storageState: session });
    try {
      await page.goto("/fr/workspace/agreements");
      expect(await page.locator("details.menu-fold > summary").isVisible()).toBe(false);
      expect(await page.locator('.menu-groups a[href="/fr/workspace/organizations"]').isVisible()).toBe(true);
      expect(await page.locator(".menu-group").first().isVisible()).toBe(true);
      expect(await page.locator("details.filter-fold > summary").isVisible()).toBe(false);
      expect(await page.locator("details.filter-fold form.filters").isVisible()).toBe(true);
    } finally {
      await close();
    }
  });
});
