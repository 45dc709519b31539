import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgreement } from "../../src/agreements/agreements.service.js";
import { evaluateAlerts } from "../../src/alerts/alerts.run.js";
import { alerts } from "../../src/db/schema/index.js";
import { addDays, todayInMorocco } from "../../src/domain/periods.js";
import { systemActor } from "../../src/shared/actor.js";
import { formatDate } from "../../src/shared/i18n.js";
import { buildActionPlan, buildActivity, buildFollowUpAction } from "../followup-factories.js";
import { spaced, textOf, axeViolations as violations, withPageIn } from "./checks.js";
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
 * Issue 5's alert centre in real Chromium against a real `sharaka serve`, in Arabic: a
 * partner's focal point finds a late activity among their alerts, acknowledges it (it goes,
 * the notice says so), snoozes another (it goes, and is listed under "acknowledged or
 * snoozed"); axe-core finds nothing on the centre, the hidden list, the choices and the lead
 * times. Dates are relative to today in Casablanca, and the alerts come from the daily
 * evaluation run on the seeded data with the real clock.
 */
const today = todayInMorocco();

const LATE = {
  ar: "ورشة تكوين المنتخبين في التخطيط",
  fr: "Atelier de planification",
  en: "Planning workshop",
};
const SOON = { ar: "دراسة جدوى الميناء", fr: "Étude du port", en: "Harbour study" };
const ACTION = {
  ar: "إرسال التقرير المرحلي",
  fr: "Envoyer le rapport d’étape",
  en: "Send the interim report",
};

let server: RunningServer;
let browser: Browser;
let focal: BrowserUser;
let admin: BrowserUser;
const sessions: { focal?: SessionState; admin?: SessionState } = {};
/** The alerts' ids, by what they are about. */
const ids = { late: "", soon: "", action: "", lateActivity: "" };

beforeAll(async () => {
  server = await startServer(async (db) => {
    const partner = await createOrganizationForBrowser(db, {
      name: {
        ar: "جامعة عبد المالك السعدي",
        fr: "Université Abdelmalek Essaâdi",
        en: "Abdelmalek Essaadi University",
      },
    });
    focal = await createUserForBrowser(db, {
      role: "focal_point",
      organizationId: partner.id,
      name: "Amina Tazi",
      locale: "ar",
    });
    admin = await createUserForBrowser(db, { role: "admin", locale: "ar" });
    const agreement = await createAgreement({
      db,
      actor: systemActor,
      input: {
        reference: "UAE-ALERTES-01",
        kind: "partnership",
        title: { ar: "اتفاقية التكوين مع جامعة عبد المالك السعدي", fr: "Convention de formation avec l’UAE" },
        status: "in_force",
        visibility: "internal",
        national: true,
        signedOn: addDays(today, -300),
        effectiveOn: addDays(today, -300),
        expiresOn: addDays(today, 700),
        parties: [{ organizationId: partner.id, role: "signatory" }],
        objectives: [{ ar: "تكوين المنتخبين", fr: "Former les élus" }],
      },
    });
    const plan = await buildActionPlan(db, agreement.id, {
      periodStart: addDays(today, -300),
      periodEnd: addDays(today, 60),
    });
    const activity = (title: typeof LATE, end: number) =>
      buildActivity(db, agreement.id, {
        actionPlanId: plan.id,
        responsibleOrganizationId: partner.id,
        title,
        status: "planned",
        plannedStart: addDays(today, end - 20),
        plannedEnd: addDays(today, end),
      });
    const late = await activity(LATE, -10);
    const soon = await activity(SOON, 5);
    const action = await buildFollowUpAction(db, agreement.id, {
      ownerOrganizationId: partner.id,
      description: ACTION,
      dueOn: addDays(today, 20),
    });
    await evaluateAlerts({ db, now: new Date(), publicUrl: "http://127.0.0.1", trigger: "test" });
    const alertAbout = async (subjectId: string) => {
      const [row] = await db.select({ id: alerts.id }).from(alerts).where(eq(alerts.subjectId, subjectId));
      if (!row) throw new Error(`no alert about ${subjectId}`);
      return row.id;
    };
    ids.lateActivity = late.id;
    ids.late = await alertAbout(late.id);
    ids.soon = await alertAbout(soon.id);
    ids.action = await alertAbout(action.id);
  });
  browser = await launchBrowser();
  sessions.focal = await signInForBrowser(browser, server.url, focal, "ar");
  sessions.admin = await signInForBrowser(browser, server.url, admin, "ar");
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  const url = new URL(page.url());
  expect(`${url.pathname}${url.search}`, "not sent to sign in").toBe(path);
}

async function expectNoViolations(page: Page, what: string) {
  const found = await violations(page);
  expect(found, `axe violations on ${what}:\n${found.join("\n")}`).toEqual([]);
}

const withPage = (body: (page: Page) => Promise<void>, storageState?: SessionState, expected?: RegExp) =>
  withPageIn(browser, server.url, body, storageState, expected);

describe("the alert centre, in Arabic", () => {
  it("shows a late activity, then acknowledges one alert and snoozes another", async () => {
    await withPage(async (page) => {
      await open(page, "/ar/workspace/alerts");
      expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
      expect(await page.locator("html").getAttribute("lang")).toBe("ar");
      expect(await textOf(page.getByRole("heading", { level: 1 }))).toBe("التنبيهات");

      // The late activity, under its kind's heading, late in words as well as in colour.
      const kind = page.getByRole("region", { name: /^أنشطة حان أجلها أو متأخرة/ });
      const late = kind.locator(`#alert-${ids.late}`);
      expect(await textOf(late.getByRole("link"))).toBe(`${LATE.ar} (UAE-ALERTES-01)`);
      expect(await late.getByRole("link").getAttribute("href")).toBe(
        `/ar/workspace/activities/${ids.lateActivity}`,
      );
      expect(await textOf(late)).toContain("متأخر");
      expect(await textOf(late)).toContain("تأخر 10 أيام");
      expect(await textOf(kind.locator(`#alert-${ids.soon}`))).toContain("بعد 5 أيام");
      const actions = page.getByRole("region", { name: /^إجراءات تتبع حان أجلها أو متأخرة/ });
      expect(await textOf(actions.locator(`#alert-${ids.action}`))).toContain(ACTION.ar);
      await expectNoViolations(page, "the centre with three alerts, in ar");

      // Acknowledge the late activity: htmx swaps the list, the live region says what happened.
      await late.getByRole("button", { name: /^اطلعت عليه/ }).click();
      await late.waitFor({ state: "detached" });
      expect(await textOf(page.getByRole("status"))).toBe(
        "تم تأكيد الاطلاع على التنبيه: سيعود إذا أصبح أكثر استعجالا.",
      );
      expect(page.url(), "no page load: htmx answered").toBe(`${server.url}/ar/workspace/alerts`);

      // Snooze the one due in five days for a month.
      const soon = page.locator(`#alert-${ids.soon}`);
      await soon.getByLabel("تأجيل لمدة").selectOption("30");
      await soon.getByRole("button", { name: /^تأجيل\s*:/ }).click();
      await soon.waitFor({ state: "detached" });
      expect(await textOf(page.getByRole("status"))).toBe(
        spaced(`تم تأجيل التنبيه إلى ${formatDate("ar", addDays(today, 30))}.`),
      );
      expect(await page.locator(`#alert-${ids.action}`).count(), "the action's alert stays").toBe(1);
      // htmx moves the focus to the list's heading (autofocus) as the swap settles, after the status.
      await page.waitForFunction(() => document.activeElement?.id === "alert-list-title");
      await expectNoViolations(page, "the centre after htmx's swaps, in ar");

      // Both are listed under "acknowledged or snoozed", each saying why.
      await Promise.all([
        page.waitForURL((url) => url.search === "?show=hidden"),
        page.getByRole("link", { name: "المطلع عليها أو المؤجلة" }).click(),
      ]);
      const hidden = page.locator("#alert-list");
      expect(await textOf(hidden.locator(`#alert-${ids.late}`))).toContain("تم الاطلاع");
      expect(await textOf(hidden.locator(`#alert-${ids.soon}`))).toContain(
        spaced(`مؤجل إلى ${formatDate("ar", addDays(today, 30))}`),
      );
      expect(await hidden.locator(`#alert-${ids.action}`).count()).toBe(0);
    }, sessions.focal);
  }, 120_000);
});

describe("the alert pages' accessibility (axe-core, WCAG 2.2 AA)", () => {
  type As = "focal" | "admin";
  const pages: [name: string, path: string, as: As][] = [
    ["centre", "/ar/workspace/alerts", "focal"],
    ["centre", "/fr/workspace/alerts", "focal"],
    ["centre", "/en/workspace/alerts", "focal"],
    ["hidden list", "/ar/workspace/alerts?show=hidden", "focal"],
    ["preferences", "/ar/workspace/alerts/preferences", "focal"],
    ["lead times", "/ar/workspace/alerts/rules", "admin"],
    ["centre (administrator)", "/ar/workspace/alerts", "admin"],
  ];
  for (const [name, path, as] of pages) {
    it(`finds no violation on the ${name} page at ${path}`, () =>
      withPage(async (page) => {
        await open(page, path);
        await expectNoViolations(page, path);
      }, sessions[as]));
  }

  it("finds no violation on a lead-times form refused with its reason, in ar", () =>
    withPage(
      async (page) => {
        await open(page, "/ar/workspace/alerts/rules");
        const section = page.locator("#rules-meeting_upcoming");
        await section.getByLabel("الآجال (أيام قبل الأجل)").fill("30, قريبا");
        const [response] = await Promise.all([
          page.waitForResponse((answer) => answer.request().method() === "POST"),
          section.getByRole("button").click(),
        ]);
        expect(response.status()).toBe(400);
        await page.locator(".error-box").waitFor();
        expect(await textOf(page.locator(".error-box"))).toContain("الآجال (بالأيام)");
        await expectNoViolations(page, "the refused lead-times form");
        // Chromium logs the 400 page it loads as an error: expected here.
      },
      sessions.admin,
      /status of 400 \(Bad Request\)/,
    ));
});
