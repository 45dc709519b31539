import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFeed } from "../../src/calendar/calendar.test-support.js";
import { addDays, todayInMorocco } from "../../src/domain/periods.js";
import { buildAgreement } from "../factories.js";
import { buildActivity } from "../followup-factories.js";
import { axeViolations as violations } from "./checks.js";
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
 * The calendar page in real Chromium against a real `sharaka serve`: axe-core finds nothing
 * on it in ar, fr and en, before and after an address is made; the address shown is a feed a
 * calendar client can read, until it is revoked; the portal's agreement page links its feed.
 */
const languages = ["ar", "fr", "en"] as const;

let server: RunningServer;
let browser: Browser;
let user: BrowserUser;
let session: SessionState;
const ids = { agreement: "", activity: "" };

beforeAll(async () => {
  server = await startServer(async (db) => {
    user = await createUserForBrowser(db, { role: "secretariat" });
    const today = todayInMorocco();
    const agreement = await buildAgreement(db, {
      reference: "CAL-BROWSER",
      title: { fr: "Convention au calendrier", ar: "اتفاقية في التقويم", en: "Agreement in the calendar" },
      visibility: "public",
      status: "in_force",
      signedOn: addDays(today, -10),
      effectiveOn: addDays(today, -10),
      expiresOn: addDays(today, 300),
    });
    ids.agreement = agreement.id;
    ids.activity = (
      await buildActivity(db, agreement.id, {
        plannedStart: addDays(today, 5),
        plannedEnd: addDays(today, 6),
      })
    ).id;
  });
  browser = await launchBrowser();
  session = await signInForBrowser(browser, server.url, user);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function expectAccessible(page: Page, what: string) {
  const found = await violations(page);
  expect(found, `axe violations on ${what}:\n${found.join("\n")}`).toEqual([]);
}

/** Submits one of the page's forms by its button, and waits for the page it answers. */
async function submit(page: Page, button: string) {
  await Promise.all([
    page.waitForResponse((response) => response.request().method() === "POST"),
    page.getByRole("button", { name: button }).click(),
  ]);
  await page.waitForLoadState("load");
}

describe("the calendar page in Chromium", () => {
  it("has no accessibility violation in ar, fr and en, with or without an address", async () => {
    const { page, close } = await openPage(browser, server.url, { storageState: session });
    try {
      for (const lang of languages) {
        const response = await page.goto(`/${lang}/workspace/calendar`);
        expect(response?.status()).toBe(200);
        await expectAccessible(page, `/${lang}/workspace/calendar`);
      }
      await page.goto("/fr/workspace/calendar");
      await submit(page, "Créer mon adresse de calendrier");
      await expect.poll(() => page.locator("#calendar-url").inputValue()).toMatch(/\/calendar\/feeds\/cal_/);
      await expectAccessible(page, "the page showing a new address");
      for (const lang of languages) {
        await page.goto(`/${lang}/workspace/calendar`);
        await expectAccessible(page, `/${lang}/workspace/calendar with an active address`);
      }
    } finally {
      await close();
    }
  });

  it("shows an address a calendar client reads, until it is revoked", async () => {
    const { page, close } = await openPage(browser, server.url, { storageState: session });
    try {
      await page.goto("/fr/workspace/calendar");
      const button = (await page.getByRole("button", { name: "Remplacer par une nouvelle adresse" }).count())
        ? "Remplacer par une nouvelle adresse"
        : "Créer mon adresse de calendrier";
      await submit(page, button);
      const input = page.getByLabel("Adresse du calendrier");
      await expect.poll(() => input.getAttribute("readonly")).not.toBeNull();
      const url = await input.inputValue();
      expect(url.startsWith(`${server.url}/calendar/feeds/`)).toBe(true);

      // A calendar client sends no cookie.
      const feed = await fetch(url);
      expect(feed.status).toBe(200);
      expect(feed.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
      const { byUid } = parseFeed(await feed.text());
      expect(byUid.get(`activity-${ids.activity}@sharaka`)?.url).toBe(
        `${server.url}/fr/workspace/activities/${ids.activity}`,
      );

      // Reloaded, the page no longer shows it.
      await page.goto("/fr/workspace/calendar");
      expect(await page.locator("#calendar-url").count()).toBe(0);
      await submit(page, "Révoquer l’adresse");
      await expect
        .poll(() => page.getByRole("status").first().textContent())
        .toContain("L’adresse est révoquée");
      expect((await fetch(url)).status).toBe(404);
    } finally {
      await close();
    }
  });

  it("links a public agreement's feed from its portal page", async () => {
    const { page, close } = await openPage(browser, server.url);
    try {
      await page.goto(`/fr/agreements/${ids.agreement}`);
      const link = page.getByRole("link", { name: "Ajouter à mon calendrier (.ics)" });
      const href = await link.getAttribute("href");
      expect(href).toBe(`/fr/agreements/${ids.agreement}/calendar.ics`);
      const feed = await fetch(`${server.url}${href}`);
      expect(feed.status).toBe(200);
      const { byUid } = parseFeed(await feed.text());
      expect(byUid.get(`agreement-signature-${ids.agreement}@sharaka`)?.summary).toBe(
        "Signature : CAL-BROWSER — Convention au calendrier",
      );
    } finally {
      await close();
    }
  });
});
