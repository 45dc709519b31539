import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgreement } from "../../src/agreements/agreements.service.js";
import { systemActor } from "../../src/shared/actor.js";
import { buildIndicator, buildIndicatorValue } from "../followup-factories.js";
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
 * Issue 13's undo in real Chromium against a real `sharaka serve`: the secretariat deletes an
 * indicator through its confirmation page, which says its submitted value goes with it, finds it
 * in "Recently deleted", restores it, and sees it back on the agreement with its value.
 */
const INDICATOR = "Communes accompagnées (essai d’annulation)";

let server: RunningServer;
let browser: Browser;
let secretariat: BrowserUser;
let session: SessionState;
const ids = { agreement: "", indicator: "" };

beforeAll(async () => {
  server = await startServer(async (db) => {
    const partner = await createOrganizationForBrowser(db, {
      name: { fr: "Agence de l’Oriental (essai)", ar: "وكالة الشرق (اختبار)", en: "Oriental Agency (test)" },
      acronym: "AOR",
    });
    secretariat = await createUserForBrowser(db, { role: "secretariat", name: "Nadia Tazi" });
    const agreement = await createAgreement({
      db,
      actor: systemActor,
      input: {
        reference: "AOR-UNDO-01",
        kind: "partnership",
        title: { fr: "Convention d’accompagnement des communes", en: "Agreement supporting communes" },
        status: "in_force",
        visibility: "internal",
        national: true,
        signedOn: "2025-01-10",
        effectiveOn: "2025-01-10",
        parties: [{ organizationId: partner.id, role: "implementing" }],
        objectives: [{ fr: "Accompagner les communes", en: "Support communes" }],
      },
    });
    ids.agreement = agreement.id;
    const indicator = await buildIndicator(db, agreement.id, {
      responsibleOrganizationId: partner.id,
      name: { fr: INDICATOR, en: "Communes supported (undo test)" },
    });
    ids.indicator = indicator.id;
    await buildIndicatorValue(db, indicator.id, { status: "submitted", period: "2026-Q1" });
  });
  browser = await launchBrowser();
  session = await signInForBrowser(browser, server.url, secretariat);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const withPage = (body: (page: Page) => Promise<void>) => withPageIn(browser, server.url, body, session);

describe("deleting an indicator and putting it back", () => {
  it("confirms on a page of its own, lists it in Recently deleted, and restores it", async () => {
    await withPage(async (page) => {
      await page.goto(`/fr/workspace/indicators/${ids.indicator}`);
      await page.getByRole("link", { name: "Supprimer l’indicateur" }).click();
      await page.waitForURL((url) => url.pathname === `/fr/workspace/indicators/${ids.indicator}/delete`);
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain(INDICATOR);
      await expect(page.locator(".consequences").textContent()).resolves.toContain(
        "valeur non encore approuvée",
      );

      await page.getByRole("button", { name: "Supprimer" }).click();
      await page.waitForURL((url) => url.pathname === `/fr/workspace/agreements/${ids.agreement}`);
      expect(await page.getByText(INDICATOR).count()).toBe(0);

      await page.getByRole("link", { name: "Supprimés récemment" }).click();
      await page.waitForURL((url) => url.pathname === "/fr/workspace/recently-deleted");
      const row = page.getByRole("row").filter({ hasText: INDICATOR });
      await expect(row.textContent()).resolves.toContain("Nadia Tazi");
      await row.getByRole("button", { name: /Restaurer/ }).click();
      await page.waitForURL((url) => url.search === "?notice=restored");
      await expect(page.getByRole("status").textContent()).resolves.toContain("L’élément est restauré.");
      expect(await page.getByRole("row").filter({ hasText: INDICATOR }).count()).toBe(0);

      await page.goto(`/fr/workspace/agreements/${ids.agreement}`);
      expect(await page.getByText(INDICATOR).count()).toBeGreaterThan(0);
      await page.goto(`/fr/workspace/indicators/${ids.indicator}`);
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain(INDICATOR);
    });
  });
});
