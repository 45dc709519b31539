import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withPageIn } from "./checks.js";
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
 * The workspace in real Chromium against a real `sharaka serve`: signing in, and a member of
 * the secretariat recording an agreement (htmx row buttons), translating it and publishing
 * it, then finding it on the public portal. Accounts and organisations are made in the
 * database before the server opens it; the demo content loads as on any first start.
 */
const ORG_A = {
  fr: "Université Hassan II de Casablanca (essai navigateur)",
  ar: "جامعة الحسن الثاني بالدار البيضاء (اختبار المتصفح)",
  en: "Hassan II University of Casablanca (browser test)",
};
const ORG_B = {
  fr: "Office régional de mise en valeur agricole (essai navigateur)",
  ar: "المكتب الجهوي للاستثمار الفلاحي (اختبار المتصفح)",
  en: "Regional Office for Agricultural Development (browser test)",
};

let server: RunningServer;
let browser: Browser;
let secretariat: BrowserUser;
let session: SessionState;
const orgIds: string[] = [];

beforeAll(async () => {
  server = await startServer(async (db) => {
    secretariat = await createUserForBrowser(db, { role: "secretariat", name: "Salma Bennani" });
    for (const name of [ORG_A, ORG_B]) {
      const website = name === ORG_A ? "https://www.univh2c.ma" : undefined;
      orgIds.push((await createOrganizationForBrowser(db, { name, website })).id);
    }
  });
  browser = await launchBrowser();
  session = await signInForBrowser(browser, server.url, secretariat);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A marker a full page load would drop: proves htmx swapped the form in place. */
const setMarker = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { marker: string }).marker = "same document";
  });
const marker = (page: Page) => page.evaluate(() => (window as unknown as { marker?: string }).marker);

const htmlAttributes = (page: Page) =>
  page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

const withPage = (body: (page: Page) => Promise<void>, storageState?: SessionState, expected?: RegExp) =>
  withPageIn(browser, server.url, body, storageState, expected);

describe("signing in", () => {
  it("signs in with the right password and lands on the dashboard", () =>
    withPage(async (page) => {
      expect((await page.goto("/fr/workspace/sign-in"))?.status()).toBe(200);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(
        "Connexion à l’espace de travail",
      );
      await page.getByLabel("Adresse électronique").fill(secretariat.email);
      await page.getByLabel("Mot de passe").fill(secretariat.password);
      await Promise.all([
        page.waitForURL((url) => url.pathname === "/fr/workspace"),
        page.getByRole("button", { name: "Se connecter" }).click(),
      ]);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Espace de travail");
      expect(await page.getByText("Bienvenue, Salma Bennani.").isVisible()).toBe(true);
      const menu = page.getByRole("navigation", { name: "Espace de travail" });
      expect(await menu.getByRole("link", { name: "Tableau de bord" }).getAttribute("aria-current")).toBe(
        "page",
      );
      expect(await page.getByRole("button", { name: "Se déconnecter" }).isVisible()).toBe(true);
    }));

  it("refuses a wrong password in French and stays signed out", () =>
    withPage(
      async (page) => {
        await page.goto("/fr/workspace/sign-in");
        await page.getByLabel("Adresse électronique").fill(secretariat.email);
        await page.getByLabel("Mot de passe").fill("not the password at all");
        await Promise.all([
          page.waitForResponse((response) => response.url().endsWith("/fr/workspace/sign-in")),
          page.getByRole("button", { name: "Se connecter" }).click(),
        ]);
        await page.waitForLoadState();
        expect(new URL(page.url()).pathname).toBe("/fr/workspace/sign-in");
        const alert = page.getByRole("alert");
        expect(await alert.textContent()).toContain("L’adresse ou le mot de passe n’est pas correct.");
        // What was typed is kept, except the password.
        expect(await page.getByLabel("Adresse électronique").inputValue()).toBe(secretariat.email);
        expect(await page.getByLabel("Mot de passe").inputValue()).toBe("");
        expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContainEqual(
          expect.stringMatching(/session/),
        );

        // The workspace still sends this browser to sign in.
        await page.goto("/fr/workspace/agreements");
        expect(new URL(page.url()).pathname).toBe("/fr/workspace/sign-in");
        expect(await page.getByRole("status").textContent()).toBe("Connectez-vous pour voir cette page.");
      },
      undefined,
      /status of 401 \(Unauthorized\)/,
    ));
});

describe("recording an agreement", () => {
  it("creates it with htmx row buttons, translates it, publishes it and finds it on the portal", () =>
    withPage(async (page) => {
      const reference = `NAV-${Date.now()}`;
      const titleFr = `Convention de coopération numérique ${reference}`;
      const titleAr = `اتفاقية التعاون الرقمي ${reference}`;
      const objectives = [
        "Former les agents des collectivités aux outils numériques",
        "Créer un observatoire régional des données ouvertes",
        "Accompagner trois communes pilotes",
      ];

      expect((await page.goto("/fr/workspace/agreements/new"))?.status()).toBe(200);
      await page.waitForFunction(() => "htmx" in window);
      await setMarker(page);
      await page.locator("#reference").fill(reference);
      const title = page.locator('input[name="title.fr"]');
      await title.fill(titleFr);
      await page.locator('select[name="parties.0.organizationId"]').selectOption(orgIds[0] as string);

      await page.getByRole("button", { name: "Ajouter une partie" }).click();
      const secondParty = page.locator('select[name="parties.1.organizationId"]');
      await secondParty.waitFor();
      expect(await marker(page), "the form was swapped in place, not reloaded").toBe("same document");
      // The server rebuilt the form from what was sent: nothing typed is lost.
      expect(await page.locator("#reference").inputValue()).toBe(reference);
      expect(await title.inputValue()).toBe(titleFr);
      expect(await page.locator('select[name="parties.0.organizationId"]').inputValue()).toBe(orgIds[0]);
      expect(await page.locator("#agreement-form").count()).toBe(1);
      await secondParty.selectOption(orgIds[1] as string);

      for (const index of [1, 2]) {
        await page.getByRole("button", { name: "Ajouter un objectif" }).click();
        await page.locator(`textarea[name="objectives.${index}.text.fr"]`).waitFor();
      }
      expect(await page.locator('textarea[name$=".text.fr"][name^="objectives."]').count()).toBe(3);
      for (const [index, text] of objectives.entries()) {
        await page.locator(`textarea[name="objectives.${index}.text.fr"]`).fill(text);
      }
      expect(await marker(page)).toBe("same document");
      expect(await secondParty.inputValue()).toBe(orgIds[1]);

      await Promise.all([
        page.waitForURL(new RegExp(`/fr/workspace/agreements/${UUID}\\?notice=created$`)),
        page.getByRole("button", { name: "Créer la convention" }).click(),
      ]);
      const id = new URL(page.url()).pathname.split("/").pop() as string;
      expect(await page.getByRole("status").textContent()).toBe("La convention est créée.");
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain(titleFr);

      await Promise.all([
        page.waitForURL(`**/fr/workspace/agreements/${id}/edit`),
        page.getByRole("link", { name: "Modifier", exact: true }).click(),
      ]);
      const arabic = page.locator('input[name="title.ar"]');
      expect(await arabic.getAttribute("dir")).toBe("rtl");
      expect(await arabic.getAttribute("lang")).toBe("ar");
      expect(await arabic.evaluate((input) => getComputedStyle(input).direction)).toBe("rtl");
      await arabic.fill(titleAr);
      await Promise.all([
        page.waitForURL(`**/fr/workspace/agreements/${id}?notice=saved`),
        page.getByRole("button", { name: "Enregistrer", exact: true }).click(),
      ]);
      expect(await page.getByRole("status").textContent()).toBe("La convention est enregistrée.");

      await Promise.all([
        page.waitForURL(`**/fr/workspace/agreements/${id}?notice=published`),
        page.getByRole("button", { name: "Publier sur le portail" }).click(),
      ]);
      expect(await page.getByRole("status").textContent()).toBe("La convention est publiée sur le portail.");
      expect(await page.getByRole("link", { name: "La voir sur le portail" }).getAttribute("href")).toBe(
        `/fr/agreements/${id}`,
      );

      // The portal, as anyone sees it: no session.
      await withPage(async (portal) => {
        await portal.goto("/fr/agreements");
        await portal.waitForFunction(() => "htmx" in window);
        await portal.getByRole("form", { name: "Filtres" }).getByRole("searchbox").fill(reference);
        // In the results, not the suggestions list that may open under the box as it is typed in.
        const card = portal.locator("#results").getByRole("link", { name: titleFr });
        await card.waitFor();
        await Promise.all([portal.waitForURL(`**/fr/agreements/${id}`), card.click()]);
        expect(await portal.getByRole("heading", { level: 1 }).textContent()).toBe(titleFr);
        const shown = await portal.locator("ol.objectives > li").allTextContents();
        expect(shown).toHaveLength(3);
        shown.forEach((text, index) => {
          expect(text).toContain(objectives[index]);
        });
        const parties = (await portal.getByRole("region", { name: "Parties" }).textContent()) ?? "";
        expect(parties).toContain(ORG_A.fr);
        expect(parties).toContain(ORG_B.fr);

        expect((await portal.goto(`/ar/agreements/${id}`))?.status()).toBe(200);
        expect(await htmlAttributes(portal)).toEqual({ lang: "ar", dir: "rtl" });
        expect(await portal.getByRole("heading", { level: 1 }).textContent()).toBe(titleAr);
      });
    }, session));
});

describe("keyboard", () => {
  /** Presses Tab until the focused element is the button named `name`; how many presses it took. */
  async function tabTo(page: Page, name: string): Promise<number> {
    for (let presses = 1; presses <= 120; presses++) {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
      if (focused === name) return presses;
    }
    throw new Error(`Tab never reached "${name}"`);
  }
  const focusedElement = (page: Page) =>
    page.evaluate(() => {
      const element = document.activeElement;
      return {
        tag: element?.tagName.toLowerCase(),
        text: element?.textContent?.trim().slice(0, 60),
        inForm: Boolean(element?.closest("#agreement-form")),
      };
    });

  it("reaches “Ajouter une partie” with Tab and activates it with Enter, then Space", () =>
    withPage(async (page) => {
      await page.goto("/fr/workspace/agreements/new");
      await page.waitForFunction(() => "htmx" in window);
      await setMarker(page);

      await tabTo(page, "Ajouter une partie");
      await page.keyboard.press("Enter");
      await page.locator('select[name="parties.1.organizationId"]').waitFor();
      expect(await marker(page)).toBe("same document");
      // Focus is not lost to the top of the page: htmx puts it back on the button of the same
      // id in the new form (a button without an id leaves it on <body>).
      const onAddButton = { tag: "button", text: "Ajouter une partie", inForm: true };
      const lostFocus = "focus fell to <body> after the swap: the add button needs a stable id";
      await expect.poll(() => focusedElement(page), { message: lostFocus }).toEqual(onAddButton);

      await page.keyboard.press(" ");
      await page.locator('select[name="parties.2.organizationId"]').waitFor();
      await expect.poll(() => focusedElement(page), { message: lostFocus }).toEqual(onAddButton);
      // The next Tab goes on through the form, to the objectives.
      await page.keyboard.press("Tab");
      expect((await focusedElement(page)).inForm).toBe(true);
      expect(await marker(page)).toBe("same document");
    }, session));
});

describe("a value in Latin letters on an Arabic page", () => {
  it("stays beside its label: a web address written left to right ends where its column begins", () =>
    withPage(async (page) => {
      await page.goto(`/ar/workspace/organizations/${orgIds[0]}`);
      const link = page.locator("dl.facts dd a", { hasText: "univh2c" });
      const box = await link.evaluate((element) => {
        const dd = element.closest("dd") as HTMLElement;
        const label = dd.previousElementSibling as HTMLElement;
        return {
          direction: getComputedStyle(dd).direction,
          linkRight: element.getBoundingClientRect().right,
          ddRight: dd.getBoundingClientRect().right,
          labelLeft: label.getBoundingClientRect().left,
        };
      });
      // The address keeps its own direction, but sits against the right of its column, by the label.
      expect(box.direction).toBe("ltr");
      expect(box.ddRight - box.linkRight).toBeLessThan(2);
      expect(box.labelLeft - box.linkRight).toBeLessThan(40);
    }, session));
});
