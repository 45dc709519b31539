import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, todayInMorocco } from "../../src/domain/periods.js";
import { axeViolations as violations } from "./checks.js";
import {
  type BrowserUser,
  createOrganizationForBrowser,
  createUserForBrowser,
  launchBrowser,
  type RunningServer,
  type SessionState,
  SharedContexts,
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
/** The follow-up records made on the demo agreement, for their pages. */
const followUp = { meetingId: "", actionId: "" };

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
  await addFollowUp();
});

/** A JSON call to the API as the secretariat (its session cookie, from our own origin). */
async function asSecretariat<T>(method: "GET" | "POST", path: string, data?: unknown): Promise<T> {
  const context = await browser.newContext({ baseURL: server.url, storageState: sessions.secretariat });
  try {
    const response = await context.request.fetch(`/api/v1${path}`, {
      method,
      data,
      headers: { origin: server.url },
    });
    if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
    return (await response.json()) as T;
  } finally {
    await context.close();
  }
}

/**
 * The demo agreement's follow-up, made through the API as the secretariat would: a plan with
 * an activity, an indicator, a committee member, a meeting held a month ago that they
 * attended, and a decision handing out a follow-up action. The agreement page then shows
 * every section filled, and the meeting and action pages have something to show.
 */
async function addFollowUp() {
  const today = todayInMorocco();
  const agreement = await asSecretariat<{
    parties: { organization: { id: string } }[];
    objectives: { id: string }[];
  }>("GET", `/agreements/${agreementId}`);
  const partyId = agreement.parties[0]?.organization.id;
  const objectiveId = agreement.objectives[0]?.id;
  if (!partyId || !objectiveId) throw new Error(`${DEMO_REFERENCE} needs a party and an objective`);
  const plan = await asSecretariat<{ id: string }>("POST", `/agreements/${agreementId}/plans`, {
    title: { fr: "Plan d’action annuel", ar: "خطة العمل السنوية", en: "Yearly action plan" },
    periodStart: addDays(today, -60),
    periodEnd: addDays(today, 300),
  });
  await asSecretariat("POST", `/agreements/${agreementId}/activities`, {
    actionPlanId: plan.id,
    kind: "training",
    title: { fr: "Session de formation", ar: "دورة تكوينية", en: "Training session" },
    responsibleOrganizationId: partyId,
    objectiveIds: [objectiveId],
    territoryCodes: ["01.571"],
    plannedStart: addDays(today, -20),
    plannedEnd: addDays(today, 20),
    budgetPlanned: 25000,
  });
  await asSecretariat("POST", `/agreements/${agreementId}/indicators`, {
    objectiveId,
    name: { fr: "Agents formés", ar: "الأعوان المكونون", en: "Staff trained" },
    unit: { fr: "personnes", ar: "أشخاص", en: "people" },
    direction: "increase",
    baselineValue: 0,
    baselineOn: addDays(today, -60),
    targetValue: 200,
    targetOn: addDays(today, 300),
    frequency: "quarterly",
    aggregation: "cumulative",
    responsibleOrganizationId: partyId,
  });
  const member = await asSecretariat<{ id: string }>("POST", `/agreements/${agreementId}/committee-members`, {
    fullName: "Nadia Alaoui",
    organizationId: partyId,
    role: "chair",
  });
  const meeting = await asSecretariat<{ id: string }>("POST", `/agreements/${agreementId}/meetings`, {
    title: { fr: "Comité de pilotage", ar: "لجنة القيادة", en: "Steering committee" },
    startsAt: `${addDays(today, -30)}T10:00`,
    place: "Rabat",
    status: "held",
    agenda: { fr: "Bilan du semestre", ar: "حصيلة الأسدس" },
    attendeeIds: [member.id],
  });
  const decision = await asSecretariat<{ actions: { id: string }[] }>(
    "POST",
    `/meetings/${meeting.id}/decisions`,
    {
      text: { fr: "Élargir la formation aux communes", ar: "توسيع التكوين ليشمل الجماعات" },
      action: {
        description: { fr: "Préparer le calendrier des sessions", ar: "إعداد جدول الدورات" },
        ownerOrganizationId: partyId,
        dueOn: addDays(today, 15),
      },
    },
  );
  followUp.meetingId = meeting.id;
  followUp.actionId = decision.actions[0]?.id ?? "";
}

afterAll(async () => {
  await shared.close();
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
  ["my work", () => "/workspace/my-work", "secretariat"],
  ["territory", () => "/workspace/territory", "secretariat"],
  ["territory of Tétouan", () => "/workspace/territory?territory=01.571", "secretariat"],
  ["new-plan form", () => `/workspace/agreements/${agreementId}/plans/new`, "secretariat"],
  ["new-activity form", () => `/workspace/agreements/${agreementId}/activities/new`, "secretariat"],
  ["new-indicator form", () => `/workspace/agreements/${agreementId}/indicators/new`, "secretariat"],
  ["new-meeting form", () => `/workspace/agreements/${agreementId}/meetings/new`, "secretariat"],
  ["meeting", () => `/workspace/meetings/${followUp.meetingId}`, "secretariat"],
  [
    "meeting's deletion confirmation",
    () => `/workspace/meetings/${followUp.meetingId}/delete`,
    "secretariat",
  ],
  ["recently deleted", () => "/workspace/recently-deleted", "secretariat"],
  ["follow-up action", () => `/workspace/actions/${followUp.actionId}`, "secretariat"],
  ["alert centre", () => "/workspace/alerts", "secretariat"],
  ["acknowledged or snoozed alerts", () => "/workspace/alerts?show=hidden", "secretariat"],
  ["alert preferences", () => "/workspace/alerts/preferences", "secretariat"],
  ["alert lead times", () => "/workspace/alerts/rules", "admin"],
  ["users", () => "/workspace/users", "admin"],
  ["outbox", () => "/workspace/outbox", "admin"],
];

/** Every check here only reads a page or sends a form that is refused. */
const shared = new SharedContexts(
  () => browser,
  () => server.url,
);
const pageAs = (as: As) => shared.openPage(as === "anonymous" ? undefined : sessions[as]);

async function check(lang: string, path: string, as: As) {
  const { page, close } = await pageAs(as);
  try {
    const response = await page.goto(`/${lang}${path}`);
    expect(response?.status(), `/${lang}${path}`).toBe(200);
    const url = new URL(page.url());
    expect(`${url.pathname}${url.search}`, "not sent to sign in").toBe(`/${lang}${path}`);
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
      const { page, close } = await pageAs("secretariat");
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

  const followUpForms: [name: string, path: () => string][] = [
    ["new-plan", () => `/workspace/agreements/${agreementId}/plans/new`],
    ["new-activity", () => `/workspace/agreements/${agreementId}/activities/new`],
    ["new-indicator", () => `/workspace/agreements/${agreementId}/indicators/new`],
    ["new-meeting", () => `/workspace/agreements/${agreementId}/meetings/new`],
  ];
  for (const lang of languages) {
    for (const [name, path] of followUpForms) {
      it(`finds no violation on the ${name} form sent empty and refused with errors, in ${lang}`, async () => {
        const { page, close } = await pageAs("secretariat");
        try {
          await page.goto(`/${lang}${path()}`);
          const form = page.locator('main form[method="post"]');
          expect(await form.count(), "one form on the page").toBe(1);
          // The browser's own checks (required) would stop an empty form: skip them, as a
          // browser without them would, to see every error the server gives at once.
          const [response] = await Promise.all([
            page.waitForResponse((answer) => answer.request().method() === "POST"),
            form.evaluate((element: HTMLFormElement) => {
              element.noValidate = true;
              element.requestSubmit();
            }),
          ]);
          expect(response.status()).toBe(400);
          // The response may come before the new document: wait for the refused form itself.
          await page.locator(".error-box").waitFor();
          const found = await violations(page);
          expect(
            found,
            `axe violations on the refused ${name} form in ${lang}:\n${found.join("\n")}`,
          ).toEqual([]);
        } finally {
          await close();
        }
      });
    }
  }
});
