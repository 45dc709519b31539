import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgreement } from "../../src/agreements/agreements.service.js";
import { addDays, todayInMorocco } from "../../src/domain/periods.js";
import { systemActor } from "../../src/shared/actor.js";
import { buildActionPlan, buildActivity, buildIndicator, buildMeeting } from "../followup-factories.js";
import { spaced, textOf, axeViolations as violations, withPageIn, withSharedPageIn } from "./checks.js";
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
 * Issue 4's story in real Chromium against a real `sharaka serve`: a partner's focal point
 * reports an overdue activity done (42 participants, two provinces' presidents present) and
 * submits an indicator value; the secretariat approves it; the agreement's health and the
 * portal's progress follow; axe-core finds nothing on those pages in ar, fr and en.
 *
 * Every date is computed from today in Casablanca, so the story holds on any day: the activity
 * ended 10 days ago (overdue: 1 of 1, the agreement off track), the committee met 30 days ago
 * (no "no meeting" reason), and the indicator runs yearly from 1 January to 31 December of
 * next year (no period due yet, and 42 of 100 is on track whatever the day of the year).
 */
const languages = ["ar", "fr", "en"] as const;
const today = todayInMorocco();
const year = today.slice(0, 4);

const PARTNER = {
  fr: "Université Al Akhawayn d’Ifrane (essai navigateur)",
  ar: "جامعة الأخوين بإفران (اختبار المتصفح)",
  en: "Al Akhawayn University in Ifrane (browser test)",
};
const ACTIVITY = {
  fr: "Atelier de formation des élus à la gestion de projets",
  ar: "ورشة تكوين المنتخبين في تدبير المشاريع",
  en: "Project management workshop for elected officials",
};
const INDICATOR = {
  fr: "Élus formés à la gestion de projets",
  ar: "المنتخبون المكونون في تدبير المشاريع",
  en: "Elected officials trained in project management",
};
/** The value's internal comment: the portal must never show it. */
const COMMENT = "Chiffre interne : trois émargements restent à vérifier";
const SOURCE = "Listes d’émargement des ateliers";
/** What Chromium logs for a form the server refuses: expected where a test provokes one. */
const REFUSED = /status of 400 \(Bad Request\)/;

let server: RunningServer;
let browser: Browser;
let focal: BrowserUser;
let secretariat: BrowserUser;
const sessions: { focal?: SessionState; secretariat?: SessionState } = {};
const ids = { agreement: "", activity: "", indicator: "" };

beforeAll(async () => {
  server = await startServer(async (db) => {
    const partner = await createOrganizationForBrowser(db, { name: PARTNER, acronym: "AUI" });
    focal = await createUserForBrowser(db, {
      role: "focal_point",
      organizationId: partner.id,
      name: "Youssef Amrani",
    });
    secretariat = await createUserForBrowser(db, { role: "secretariat", name: "Salma Bennani" });
    const agreement = await createAgreement({
      db,
      actor: systemActor,
      input: {
        reference: "AUI-SUIVI-01",
        kind: "partnership",
        title: {
          fr: "Convention de formation des élus avec l’Université Al Akhawayn",
          ar: "اتفاقية تكوين المنتخبين مع جامعة الأخوين",
          en: "Training agreement for elected officials with Al Akhawayn University",
        },
        status: "in_force",
        visibility: "public",
        national: true,
        signedOn: addDays(today, -200),
        effectiveOn: addDays(today, -200),
        expiresOn: addDays(today, 500),
        parties: [{ organizationId: partner.id, role: "implementing" }],
        objectives: [
          {
            fr: "Former les élus à la gestion de projets",
            ar: "تكوين المنتخبين في تدبير المشاريع",
            en: "Train elected officials in project management",
          },
          {
            fr: "Diffuser les bonnes pratiques entre conseils",
            ar: "نشر الممارسات الجيدة بين المجالس",
            en: "Share good practice between councils",
          },
        ],
      },
    });
    ids.agreement = agreement.id;
    const plan = await buildActionPlan(db, agreement.id, {
      periodStart: addDays(today, -200),
      periodEnd: addDays(today, 165),
    });
    ids.activity = (
      await buildActivity(db, agreement.id, {
        actionPlanId: plan.id,
        responsibleOrganizationId: partner.id,
        title: ACTIVITY,
        status: "planned",
        plannedStart: addDays(today, -12),
        plannedEnd: addDays(today, -10),
      })
    ).id;
    await buildMeeting(db, agreement.id, {
      startsAt: new Date(`${addDays(today, -30)}T10:00:00+01:00`),
      status: "held",
    });
    ids.indicator = (
      await buildIndicator(db, agreement.id, {
        responsibleOrganizationId: partner.id,
        name: INDICATOR,
        unit: { fr: "élus", ar: "منتخبون", en: "officials" },
        frequency: "yearly",
        aggregation: "cumulative",
        baselineValue: "0",
        baselineOn: `${year}-01-01`,
        targetValue: "100",
        targetOn: `${Number(year) + 1}-12-31`,
      })
    ).id;
  });
  browser = await launchBrowser();
  sessions.secretariat = await signInForBrowser(browser, server.url, secretariat);
});
/** For the accessibility checks, which only read pages or send a form that is refused. */
const shared = new SharedContexts(
  () => browser,
  () => server.url,
);

afterAll(async () => {
  await shared.close();
  await browser?.close();
  await server?.stop();
});

/** Waits for the page at `path` (and query), whatever fragment the server's redirect adds. */
const arrivedAt = (page: Page, path: string) =>
  page.waitForURL((url) => `${url.pathname}${url.search}` === path);

/** Submits a form the server refuses (the page comes back with its errors): the status. */
async function submitRefused(page: Page, submit: () => Promise<void>): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((answer) => answer.request().method() === "POST"),
    submit(),
  ]);
  // The response may come before the new document: wait for the refused form's error box.
  await page.locator(".error-box").waitFor();
  return response.status();
}

async function open(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  expect(new URL(page.url()).pathname, "not sent to sign in").toBe(path.split("?")[0]);
}

async function expectNoViolations(path: string, storageState?: SessionState) {
  await withSharedPageIn(
    shared,
    async (page) => {
      await open(page, path);
      const found = await violations(page);
      expect(found, `axe violations on ${path}:\n${found.join("\n")}`).toEqual([]);
    },
    storageState,
  );
}

const agreementPage = () => `/fr/workspace/agreements/${ids.agreement}`;
const portalPage = () => `/fr/agreements/${ids.agreement}`;
const healthOf = (page: Page) => page.getByRole("region", { name: "Santé de la convention" });
const portalProgressOf = (page: Page) => page.getByRole("region", { name: "Plan d’action et avancement" });
/** The <dd> of a page's fact named `term`. */
const fact = (page: Page, term: string) => page.locator(`dt:text-is("${term}") + dd`);
const activityRow = (scope: Page | Locator) => scope.getByRole("row").filter({ hasText: ACTIVITY.fr });

const withPage = (body: (page: Page) => Promise<void>, storageState?: SessionState, expected?: RegExp) =>
  withPageIn(browser, server.url, body, storageState, expected);

describe("an activity reported and an indicator value approved", () => {
  it("moves the agreement from off track to on track, in the workspace and on the portal", async () => {
    // 1. Before: the activity is overdue, so the agreement is off track, and says why.
    await withPage(async (page) => {
      await open(page, agreementPage());
      const health = healthOf(page);
      expect(await textOf(health.locator(".badge"))).toBe("Hors trajectoire");
      expect(await textOf(health)).toContain("1 activité est en retard (sa fin prévue est passée).");
      expect(await health.locator('h3:text-is("Pourquoi") + ul > li').count(), "no other reason").toBe(1);
      const row = activityRow(page.getByRole("region", { name: "Plan d’action" }));
      expect(await textOf(row)).toContain("Prévue (en retard)");
    }, sessions.secretariat);
    await withPage(async (page) => {
      await open(page, portalPage());
      const progress = portalProgressOf(page);
      expect(await textOf(progress)).toContain("Réalisées : 0 sur 1 comptées (0 %).");
      const row = activityRow(progress);
      expect(await textOf(row.getByRole("cell").nth(1))).toBe("Prévue");
      expect(await textOf(row.getByRole("cell").last()), "no participants yet").toBe("—");
      const indicator = progress.getByRole("row").filter({ hasText: INDICATOR.fr });
      expect(await textOf(indicator)).toContain("Pas encore de valeur validée");
    });

    // 2. The focal point signs in, finds the activity in "my work" and reports it done.
    sessions.focal = await signInForBrowser(browser, server.url, focal);
    await withPage(
      async (page) => {
        await open(page, "/fr/workspace/my-work");
        const due = page.getByRole("region", { name: /^Activités \(\d+\)$/ });
        expect(await textOf(activityRow(due)), "due work, in words").toContain("en retard de 10 jours");
        const mine = page.getByRole("region", { name: /^Activités en cours ou à venir/ });
        await Promise.all([
          arrivedAt(page, `/fr/workspace/activities/${ids.activity}`),
          mine.getByRole("link", { name: ACTIVITY.fr }).click(),
        ]);
        await Promise.all([
          arrivedAt(page, `/fr/workspace/activities/${ids.activity}/report`),
          page.getByRole("link", { name: "Rendre compte de l’avancement" }).click(),
        ]);
        expect(await textOf(page.getByRole("heading", { level: 1 }))).toBe(
          `Avancement de l’activité « ${ACTIVITY.fr} »`,
        );
        const save = page.getByRole("button", { name: "Enregistrer", exact: true });
        await page.getByLabel("Statut").selectOption("done");
        await page.getByLabel("Début effectif").fill(addDays(today, -12));
        await page.getByLabel("Budget dépensé").fill("8500");
        await page.getByLabel("Nombre de participants").fill("42");
        // The presidents' checkboxes sit in a closed <details>: open it as a person would.
        await page.getByText("Présidents de conseil présents (0)").click();
        await page.getByLabel("Ifrane", { exact: true }).check();
        await page.getByLabel("Khénifra", { exact: true }).check();

        // "Done" without its end date is refused, naming the field; nothing typed is lost.
        expect(await submitRefused(page, () => save.click())).toBe(400);
        expect(await textOf(page.getByRole("alert"))).toContain(
          "Fin effective : est obligatoire pour une activité réalisée",
        );
        expect(await page.getByLabel("Fin effective").getAttribute("aria-invalid")).toBe("true");
        expect(await page.getByLabel("Statut").inputValue()).toBe("done");
        expect(await page.getByLabel("Nombre de participants").inputValue()).toBe("42");
        expect(await page.getByLabel("Ifrane", { exact: true }).isChecked()).toBe(true);
        expect(await page.getByLabel("Khénifra", { exact: true }).isChecked()).toBe(true);

        await page.getByLabel("Fin effective").fill(addDays(today, -10));
        await Promise.all([
          arrivedAt(page, `/fr/workspace/activities/${ids.activity}?notice=activity-reported`),
          save.click(),
        ]);
        expect(await textOf(page.getByRole("status"))).toBe("L’avancement a été enregistré.");
        expect(await textOf(fact(page, "Statut")), "done, no longer overdue").toBe("Réalisée");
        expect(await textOf(fact(page, "Nombre de participants"))).toBe("42");
        const attendance = page.getByRole("region", { name: "Présidents de conseil présents" });
        expect(await attendance.getByRole("listitem").allTextContents()).toEqual(["Ifrane", "Khénifra"]);
      },
      sessions.focal,
      REFUSED,
    );

    // …then submits the year's value of its indicator, with a source and an internal comment.
    await withPage(
      async (page) => {
        await open(page, "/fr/workspace/my-work");
        expect(
          await page.getByRole("region", { name: /^Activités en cours ou à venir/ }).textContent(),
          "a done activity is no longer open work",
        ).not.toContain(ACTIVITY.fr);
        const indicators = page.getByRole("region", { name: /^Indicateurs/ });
        await Promise.all([
          arrivedAt(page, `/fr/workspace/indicators/${ids.indicator}`),
          indicators.getByRole("link", { name: INDICATOR.fr }).click(),
        ]);
        const form = page.getByRole("group", { name: "Soumettre une valeur" });
        expect(await form.getByLabel("Période").inputValue()).toBe(year);
        const submit = form.getByRole("button", { name: "Soumettre pour validation" });
        await form.getByLabel("Valeur (élus)").fill("quarante-deux");
        await form.getByLabel("Source").fill(SOURCE);
        await form.getByLabel("Commentaire (interne)").fill(COMMENT);
        // A value in words is refused with the reason, the rest kept; axe checks that state too.
        expect(await submitRefused(page, () => submit.click())).toBe(400);
        expect(await textOf(form.getByRole("alert"))).toContain("doit être un nombre, comme 12,5");
        expect(await form.getByLabel("Source").inputValue()).toBe(SOURCE);
        expect(await form.getByLabel("Commentaire (interne)").inputValue()).toBe(COMMENT);
        const found = await violations(page);
        expect(found, `axe violations on the refused value form:\n${found.join("\n")}`).toEqual([]);

        await form.getByLabel("Valeur (élus)").fill("42");
        await Promise.all([
          arrivedAt(page, `/fr/workspace/indicators/${ids.indicator}?notice=value-submitted`),
          submit.click(),
        ]);
        expect(await textOf(page.getByRole("status"))).toBe(
          "La valeur a été soumise ; elle comptera une fois approuvée par le secrétariat.",
        );
        const row = page.locator(`#value-${year}`);
        expect(await textOf(row)).toContain("Soumise, en attente de validation");
        expect(await textOf(row)).toContain(COMMENT);
        expect(await textOf(page.locator("dl.facts").nth(1)), "a submitted value does not count").toContain(
          "Aucune valeur approuvée",
        );
      },
      sessions.focal,
      REFUSED,
    );

    // 3. The secretariat finds the value awaiting review in "my work" and approves it; first,
    // axe on the two pages while they show the value to review (the forms approve and return).
    for (const lang of languages) {
      await expectNoViolations(`/${lang}/workspace/my-work`, sessions.secretariat);
      await expectNoViolations(`/${lang}/workspace/indicators/${ids.indicator}`, sessions.secretariat);
    }
    await withPage(async (page) => {
      await open(page, "/fr/workspace/my-work");
      const awaiting = page.getByRole("region", { name: /^Valeurs d’indicateurs soumises/ });
      const row = awaiting.getByRole("row").filter({ hasText: INDICATOR.fr });
      expect(await textOf(row.getByRole("cell").nth(2))).toBe(year);
      expect(await textOf(row.getByRole("cell").nth(3))).toBe("42");
      await Promise.all([
        arrivedAt(page, `/fr/workspace/indicators/${ids.indicator}`),
        row.getByRole("link", { name: INDICATOR.fr }).click(),
      ]);
      await Promise.all([
        arrivedAt(page, `/fr/workspace/indicators/${ids.indicator}?notice=value-approved`),
        page.getByRole("button", { name: `Approuver ${year}` }).click(),
      ]);
      expect(await textOf(page.getByRole("status"))).toBe("La valeur a été approuvée.");
      expect(await textOf(page.locator(`#value-${year}`))).toContain("Approuvée");
    }, sessions.secretariat);

    // 4. After: on track with nothing to report; the portal shows the progress, not the comment.
    await withPage(async (page) => {
      await open(page, agreementPage());
      const health = healthOf(page);
      expect(await textOf(health.locator(".badge"))).toBe("En bonne voie");
      expect(await textOf(health)).toContain("Rien à signaler");
      expect(await health.getByRole("heading", { name: "Pourquoi" }).count(), "no reason").toBe(0);
      const row = activityRow(page.getByRole("region", { name: "Plan d’action" }));
      expect(await textOf(row.getByRole("cell").nth(4))).toBe("Réalisée");
      expect(await textOf(row.getByRole("cell").nth(5))).toBe("42");
      // The indicator's chart is an image the browser fetches (lazily): it must load and draw.
      const chart = page.locator("img.indicator-chart");
      await chart.scrollIntoViewIfNeeded();
      await expect
        .poll(() => chart.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth))
        .toBeGreaterThan(0);
    }, sessions.secretariat);
    await withPage(async (page) => {
      await open(page, portalPage());
      const progress = portalProgressOf(page);
      expect(await textOf(progress)).toContain("Réalisées : 1 sur 1 comptées (100 %).");
      const row = activityRow(progress);
      expect(await textOf(row.getByRole("cell").nth(1))).toBe("Réalisée");
      expect(await textOf(row.getByRole("cell").last())).toBe("42");
      const indicator = progress.getByRole("row").filter({ hasText: INDICATOR.fr });
      expect(await textOf(indicator.getByRole("cell").nth(2))).toBe("42");
      expect(await textOf(indicator.getByRole("cell").nth(3))).toContain("42 %");
      expect(await indicator.getByRole("meter").getAttribute("value")).toBe("0.42");
      const everything = spaced(await page.locator("body").textContent());
      expect(everything, "the portal never shows an internal comment").not.toContain(COMMENT);
      expect(everything).not.toContain("trois émargements");
    });
  }, 180_000);
});

describe("follow-up pages' accessibility (axe-core, WCAG 2.2 AA)", () => {
  type As = "anonymous" | "focal" | "secretariat";
  const pages: [name: string, path: () => string, as: As][] = [
    ["workspace agreement", () => `/workspace/agreements/${ids.agreement}`, "secretariat"],
    ["activity", () => `/workspace/activities/${ids.activity}`, "focal"],
    ["activity report form", () => `/workspace/activities/${ids.activity}/report`, "focal"],
    ["indicator (focal point)", () => `/workspace/indicators/${ids.indicator}`, "focal"],
    ["indicator (secretariat)", () => `/workspace/indicators/${ids.indicator}`, "secretariat"],
    ["my work (focal point)", () => "/workspace/my-work", "focal"],
    ["my work (secretariat)", () => "/workspace/my-work", "secretariat"],
    ["portal agreement", () => `/agreements/${ids.agreement}`, "anonymous"],
  ];

  beforeAll(async () => {
    // The story signs the focal point in; when this part runs on its own, sign in here.
    sessions.focal ??= await signInForBrowser(browser, server.url, focal);
  });

  for (const lang of languages) {
    for (const [name, path, as] of pages) {
      it(`finds no violation on the ${name} page in ${lang}`, () =>
        expectNoViolations(`/${lang}${path()}`, as === "anonymous" ? undefined : sessions[as]));
    }
  }

  for (const lang of languages) {
    it(`finds no violation on the activity report form refused with errors, in ${lang}`, () =>
      withSharedPageIn(
        shared,
        async (page) => {
          await open(page, `/${lang}/workspace/activities/${ids.activity}/report`);
          // "Done" without an end date, whatever the story has saved so far.
          await page.locator("#status").selectOption("done");
          await page.locator("#actualEnd").fill("");
          expect(
            await submitRefused(page, () => page.locator("#activity-form button[type=submit]").click()),
          ).toBe(400);
          expect(await page.locator("#actualEnd").getAttribute("aria-invalid")).toBe("true");
          const found = await violations(page);
          expect(found, `axe violations on the refused report form in ${lang}:\n${found.join("\n")}`).toEqual(
            [],
          );
        },
        sessions.focal,
        REFUSED,
      ));
  }
});
