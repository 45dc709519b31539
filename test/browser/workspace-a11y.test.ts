import { AxeBuilder } from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserUser,
  createOrganizationForBrowser,
  createUserForBrowser,
  launchBrowser,
  openPage,
  type RunningServer,
  type SessionState,
  signInForBrowser,
  startServer,
} from "./server.js";

/**
 * axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) on every workspace page, in the three languages,
 * against a real `sharaka serve` with its demo content, signed in as the secretariat (the
 * administrator for the pages only it sees).
 */
const languages = ["ar", "fr", "en"] as const;
const DEMO_REFERENCE = "AMPCPP-005";

let server: RunningServer;
let browser: Browser;
let secretariat: BrowserUser;
let admin: BrowserUser;
let organizationId: string;
const sessions: { secretariat?: SessionState; admin?: SessionState } = {};
let agreementId: string;

beforeAll(async () => {
  server = await startServer(async (db) => {
    secretariat = await createUserForBrowser(db, { role: "secretariat" });
    admin = await createUserForBrowser(db, { role: "admin" });
    organizationId = (
      await createOrganizationForBrowser(db, {
        name: { ar: "جامعة ابن طفيل", fr: "Université Ibn Tofaïl", en: "Ibn Tofail University" },
        acronym: "UIT",
        website: "https://www.uit.ac.ma",
        contacts: [
          { fullName: "Nadia Alaoui", role: "Chargée de partenariats", email: "n.alaoui@example.org" },
        ],
      })
    ).id;
  });
  browser = await launchBrowser();
  sessions.secretariat = await signInForBrowser(browser, server.url, secretariat);
  sessions.admin = await signInForBrowser(browser, server.url, admin);
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

type As = "anonymous" | "secretariat" | "admin";
const pages: [name: string, path: () => string, as: As][] = [
  ["sign-in", () => "/workspace/sign-in", "anonymous"],
  ["dashboard", () => "/workspace", "secretariat"],
  ["agreements list", () => "/workspace/agreements", "secretariat"],
  ["new-agreement form", () => "/workspace/agreements/new", "secretariat"],
  ["agreement", () => `/workspace/agreements/${agreementId}`, "secretariat"],
  ["agreement edit form", () => `/workspace/agreements/${agreementId}/edit`, "secretariat"],
  ["organisations list", () => "/workspace/organizations", "secretariat"],
  ["organisation", () => `/workspace/organizations/${organizationId}`, "secretariat"],
  ["audit log", () => "/workspace/audit", "secretariat"],
  ["API tokens", () => "/workspace/account/tokens", "secretariat"],
  ["users", () => "/workspace/users", "admin"],
  ["outbox", () => "/workspace/outbox", "admin"],
];

/** Every violation axe finds on the page, one line each: rule, impact, element, what to fix. */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  expect(results.passes.length, "axe checked nothing").toBeGreaterThan(0);
  return results.violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact}) at ${node.target.join(" ")}: ${violation.help}` +
        (node.failureSummary ? ` — ${node.failureSummary.replaceAll("\n", " ")}` : ""),
    ),
  );
}

async function check(lang: string, path: string, as: As) {
  const storageState = as === "anonymous" ? undefined : sessions[as];
  const { page, close } = await openPage(browser, server.url, { storageState });
  try {
    const response = await page.goto(`/${lang}${path}`);
    expect(response?.status(), `/${lang}${path}`).toBe(200);
    expect(new URL(page.url()).pathname, "not sent to sign in").toBe(`/${lang}${path}`);
    const found = await violations(page);
    expect(found, `axe violations on /${lang}${path}:\n${found.join("\n")}`).toEqual([]);
  } finally {
    await close();
  }
}

describe("workspace accessibility (axe-core, WCAG 2.2 AA)", () => {
  for (const lang of languages) {
    for (const [name, path, as] of pages) {
      it(`finds no violation on the ${name} page in ${lang}`, () => check(lang, path(), as));
    }
  }

  for (const lang of languages) {
    it(`finds no violation on the new-agreement form refused with errors, in ${lang}`, async () => {
      const { page, close } = await openPage(browser, server.url, { storageState: sessions.secretariat });
      try {
        await page.goto(`/${lang}/workspace/agreements/new`);
        await Promise.all([
          page.waitForResponse((response) => response.request().method() === "POST"),
          page.locator('#agreement-form button[value="save"]').click(),
        ]);
        await page.waitForLoadState();
        expect(await page.locator(".error-box, [role=alert]").count()).toBeGreaterThan(0);
        const found = await violations(page);
        expect(found, `axe violations on the refused form in ${lang}:\n${found.join("\n")}`).toEqual([]);
      } finally {
        await close();
      }
    });
  }
});
