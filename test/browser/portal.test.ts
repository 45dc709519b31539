import { mkdirSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, withSharedPageIn } from "./checks.js";
import { launchBrowser, openPage, type RunningServer, SharedContexts, startServer } from "./server.js";

/**
 * The public portal in real Chromium against a real `sharaka serve`, on the demo data the
 * server loads on first start: the association's page, five public agreements in English, with
 * Arabic and French translations made for the demo.
 */
const languages = ["ar", "fr", "en"] as const;
const SOCIOLOGY = "Partnership agreement with the Moroccan Association of Sociology";
const SOCIOLOGY_OBJECTIVES = [
  "To conduct studies in the social field",
  "To support the Association in this field",
  "Organize meetings and training courses in these areas",
];
const TERRITORY = "04";
const SHOTS = "/tmp/sharaka-shots";

/** Tétouan, left without its English name (below). */
const FRENCH_ONLY_TERRITORY = "01.571";

let server: RunningServer;
let browser: Browser;
/** agreement id by reference, from the open-data API */
const ids = new Map<string, string>();

beforeAll(async () => {
  // Every territory has an English name: one loses it, as an edit could, to show a fallback.
  server = await startServer(async (db) => {
    await db.execute(
      sql`update territories set name = name - 'en', full_name = full_name - 'en' where code = ${FRENCH_ONLY_TERRITORY}`,
    );
  });
  browser = await launchBrowser();
  const response = await fetch(`${server.url}/api/v1/agreements`);
  const body = (await response.json()) as { items: { id: string; reference: string }[] };
  for (const item of body.items) ids.set(item.reference, item.id);
});
/** For the accessibility checks, which only read pages. */
const shared = new SharedContexts(
  () => browser,
  () => server.url,
);

afterAll(async () => {
  await shared.close();
  await browser?.close();
  await server?.stop();
});

/** Runs `body` with a page of its own, closing its context whatever happens. */
async function withPage(
  body: (page: Page) => Promise<void>,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<void> {
  const { page, close } = await openPage(browser, server.url, options);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  try {
    await body(page);
    expect(errors, "errors in the browser console").toEqual([]);
  } finally {
    await close();
  }
}

const htmlAttributes = (page: Page) =>
  page.evaluate(() => ({
    lang: document.documentElement.lang,
    dir: document.documentElement.dir,
  }));

/** The fonts Chromium really drew a node's text with (family, web font or system). */
async function renderedFonts(page: Page, selector: string) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
  const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
  await cdp.detach();
  return fonts;
}

describe("home page", () => {
  const expected = {
    ar: { dir: "rtl", figure: "اتفاقيات عمومية" },
    fr: { dir: "ltr", figure: "conventions publiques" },
    en: { dir: "ltr", figure: "public agreements" },
  } as const;

  for (const lang of languages) {
    it(`renders in ${lang} with lang/dir, key figures and the self-hosted Arabic font`, () =>
      withPage(async (page) => {
        const response = await page.goto(`/${lang}`);
        expect(response?.status()).toBe(200);
        expect(await htmlAttributes(page)).toEqual({ lang, dir: expected[lang].dir });

        const agreementsFigure = page.locator(".figures li").first();
        await expect.poll(() => agreementsFigure.isVisible()).toBe(true);
        expect(await agreementsFigure.locator("strong").textContent()).toBe("5");
        expect(await agreementsFigure.textContent()).toContain(expected[lang].figure);

        // Every page shows Arabic (at least the language switcher's "العربية").
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        const fonts = await page.evaluate(() => ({
          check: document.fonts.check("16px 'Noto Sans Arabic'", "شراكة"),
          loaded: [...document.fonts]
            .filter((face) => face.status === "loaded")
            .map((face) => face.family.replaceAll('"', "")),
        }));
        expect(fonts.check).toBe(true);
        expect(fonts.loaded).toContain("Noto Sans Arabic");

        const switcher = await renderedFonts(page, '.lang-switch a[lang="ar"]');
        expect(switcher).toContainEqual(
          expect.objectContaining({ familyName: "Noto Sans Arabic", isCustomFont: true }),
        );
        if (lang === "ar") {
          const heading = await renderedFonts(page, "h1");
          expect(heading.map((font) => font.familyName)).toEqual(["Noto Sans Arabic"]);
          expect(heading[0]?.isCustomFont).toBe(true);
        }
      }));
  }
});

describe("catalogue filters", () => {
  const resultsHeading = (page: Page) => page.locator("#results-heading").textContent();

  it("updates #results in place and pushes the URL with JavaScript on", () =>
    withPage(async (page) => {
      await page.goto("/en/agreements");
      await expect.poll(() => resultsHeading(page)).toBe("5 agreements");
      await page.waitForFunction(() => "htmx" in window);
      // A full reload would drop this marker.
      await page.evaluate(() => {
        (window as unknown as { marker: string }).marker = "same document";
      });

      const filters = page.getByRole("form", { name: "Filters" });
      await filters.getByRole("combobox", { name: /^Theme/ }).selectOption("research");
      await page.waitForURL((url) => url.searchParams.get("theme") === "research");
      await expect.poll(() => resultsHeading(page)).toBe("2 agreements");

      await filters.getByRole("searchbox", { name: "Search" }).pressSequentially("sociology");
      await page.waitForURL((url) => url.searchParams.get("q") === "sociology");
      await expect.poll(() => resultsHeading(page)).toBe("1 agreement");
      const query = new URL(page.url()).searchParams;
      expect(query.get("theme")).toBe("research");
      expect(new URL(page.url()).pathname).toBe("/en/agreements");
      expect(await page.locator("#results .card h3").allTextContents()).toEqual([SOCIOLOGY]);

      expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe(
        "same document",
      );
      // The form kept its values and the page its single results section.
      expect(await filters.getByRole("searchbox", { name: "Search" }).inputValue()).toBe("sociology");
      expect(await page.locator("#results").count()).toBe(1);
    }));

  it("suggests agreements and partners as one types, and a suggestion opens its page", () =>
    withPage(async (page) => {
      await page.goto("/en/agreements");
      await page.waitForFunction(() => "htmx" in window);
      const box = page.getByRole("form", { name: "Filters" }).getByRole("searchbox", { name: "Search" });
      await box.pressSequentially("sociol");
      const suggestions = page.getByRole("list", { name: "Suggestions" });
      const suggested = suggestions.getByRole("link", { name: SOCIOLOGY });
      await suggested.waitFor();
      expect(await suggestions.locator("mark").first().textContent()).toMatch(/^Sociol/i);
      // The suggestions never take the page's address: only the results do.
      expect(new URL(page.url()).pathname).toBe("/en/agreements");
      await suggested.click();
      await page.waitForURL((url) => url.pathname.startsWith("/en/agreements/"));
      expect(await page.locator("h1").textContent()).toBe(SOCIOLOGY);
    }));

  it("filters by submitting the form without JavaScript", () =>
    withPage(
      async (page) => {
        await page.goto("/en/agreements");
        expect(await resultsHeading(page)).toBe("5 agreements");
        const filters = page.getByRole("form", { name: "Filters" });
        await filters.getByRole("combobox", { name: /^Theme/ }).selectOption("research");
        await filters.getByRole("searchbox", { name: "Search" }).fill("sociology");
        await Promise.all([page.waitForURL(/\?/), filters.getByRole("button", { name: "Apply" }).click()]);

        const url = new URL(page.url());
        expect(url.pathname).toBe("/en/agreements");
        expect(url.searchParams.get("theme")).toBe("research");
        expect(url.searchParams.get("q")).toBe("sociology");
        expect(await resultsHeading(page)).toBe("1 agreement");
        expect(await page.locator("#results .card h3").allTextContents()).toEqual([SOCIOLOGY]);
        expect(await filters.getByRole("combobox", { name: /^Theme/ }).inputValue()).toBe("research");
      },
      { javaScriptEnabled: false },
    ));
});

describe("agreement page", () => {
  it("opens from its card in the catalogue, with its parties and objectives in order", () =>
    withPage(async (page) => {
      await page.goto("/en/agreements");
      await Promise.all([
        page.waitForURL(/\/en\/agreements\/[0-9a-f-]{36}$/),
        page.getByRole("link", { name: SOCIOLOGY }).click(),
      ]);
      expect(page.url()).toBe(`${server.url}/en/agreements/${ids.get("AMPCPP-005")}`);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(SOCIOLOGY);

      const parties = page.getByRole("region", { name: "Parties" }).locator("tbody tr");
      const rows = await parties.allTextContents();
      expect(rows).toHaveLength(2);
      expect(rows.join("\n")).toContain("Moroccan Association of Sociology");
      expect(rows.join("\n")).toContain(
        "Moroccan Association of the Presidents of the Councils of Prefectures and Provinces",
      );

      const objectives = await page.locator("ol.objectives > li").allTextContents();
      expect(objectives).toHaveLength(SOCIOLOGY_OBJECTIVES.length);
      objectives.forEach((text, index) => {
        expect(text).toContain(SOCIOLOGY_OBJECTIVES[index]);
      });
    }));

  it("switches to Arabic on the same agreement, right to left, with its Arabic texts", () =>
    withPage(async (page) => {
      const id = ids.get("AMPCPP-005");
      await page.goto(`/en/agreements/${id}`);
      await Promise.all([
        page.waitForURL(`**/ar/agreements/${id}`),
        page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "العربية" }).click(),
      ]);
      expect(new URL(page.url()).pathname).toBe(`/ar/agreements/${id}`);
      expect(await htmlAttributes(page)).toEqual({ lang: "ar", dir: "rtl" });

      // The demo content is in three languages (translations made for the demo, and said so).
      const heading = page.getByRole("heading", { level: 1 });
      expect(await heading.textContent()).toBe("اتفاقية شراكة مع الجمعية المغربية لعلم الاجتماع");
      expect(await heading.locator(".fallback").count()).toBe(0);
      expect(await page.locator("main").textContent()).toContain("محتوى للعرض");
      const objectives = page.locator("ol.objectives > li");
      expect(await objectives.count()).toBe(3);
      expect(await objectives.first().textContent()).toContain("إنجاز دراسات في المجال الاجتماعي");
      expect(await page.locator("ol.objectives .fallback").count()).toBe(0);
      // The page's own texts are Arabic, and the block flows from the right.
      expect(await page.getByRole("heading", { name: "الأهداف" }).isVisible()).toBe(true);
      expect(await page.locator("main").evaluate((main) => getComputedStyle(main).direction)).toBe("rtl");
    }));

  it("marks a text shown in another language: a territory's French name on the English page", () =>
    withPage(async (page) => {
      await page.goto(`/en/territories/${FRENCH_ONLY_TERRITORY}`);
      const heading = page.getByRole("heading", { level: 1 });
      const name = heading.locator(".fallback-text");
      expect(await name.getAttribute("lang")).toBe("fr");
      expect(await name.getAttribute("dir")).toBe("ltr");
      const notice = heading.locator(".fallback");
      expect(await notice.isVisible()).toBe(true);
      expect(await notice.textContent()).toContain("FR");
      // One box: the notice used to break after its first word, stranded at the text's end.
      expect(await notice.evaluate((element) => element.getClientRects().length)).toBe(1);
    }));
});

describe("printing", () => {
  it("prints an agreement page without its menus, and its PDF sheet comes from the running server", () =>
    withPage(async (page) => {
      await page.goto(`/fr/agreements/${ids.get("AMPCPP-005")}`);
      await page.emulateMedia({ media: "print" });
      expect(await page.locator(".site-nav").first().isVisible()).toBe(false);
      expect(await page.locator(".lang-switch").isVisible()).toBe(false);
      expect(await page.getByRole("heading", { level: 1 }).isVisible()).toBe(true);
      await page.emulateMedia({ media: "screen" });
      const link = page.getByRole("link", { name: "Fiche de la convention (PDF)" });
      const href = await link.getAttribute("href");
      expect(href).toBe(`/fr/agreements/${ids.get("AMPCPP-005")}.pdf`);
      const response = await page.request.get(`${server.url}${href}`);
      expect(response.status()).toBe(200);
      expect(response.headers()["content-type"]).toBe("application/pdf");
      expect((await response.body()).subarray(0, 5).toString()).toBe("%PDF-");
    }));
});

describe("accessibility (axe-core, WCAG 2.2 AA)", () => {
  const pages = [
    ["home", () => ""],
    ["catalogue", () => "/agreements"],
    ["agreement", () => `/agreements/${ids.get("AMPCPP-005")}`],
    ["partners", () => "/partners"],
    ["territories", () => "/territories"],
    ["territory", () => `/territories/${TERRITORY}`],
    ["figures", () => "/figures"],
    ["coverage", () => "/coverage"],
  ] as const;

  for (const lang of languages) {
    for (const [name, path] of pages) {
      it(`finds no violation on the ${name} page in ${lang}`, () =>
        withSharedPageIn(shared, async (page) => {
          const response = await page.goto(`/${lang}${path()}`);
          expect(response?.status()).toBe(200);
          const found = await axeViolations(page);
          expect(found, `axe violations on /${lang}${path()}:\n${found.join("\n")}`).toEqual([]);
        }));
    }
  }
});

describe("screenshots", () => {
  it("saves the Arabic agreement page and the French catalogue to look at", async () => {
    mkdirSync(SHOTS, { recursive: true });
    const shots = [
      ["ar-agreement", `/ar/agreements/${ids.get("AMPCPP-005")}`],
      ["fr-catalogue", "/fr/agreements"],
      ["ar-figures", "/ar/figures"],
      ["ar-coverage", "/ar/coverage"],
    ] as const;
    for (const [name, path] of shots) {
      await withPage(async (page) => {
        await page.goto(path);
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
        // Nothing sticks out sideways: a right-to-left layout bug usually shows as a horizontal scroll.
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `${path} scrolls sideways`).toBe(0);
      });
    }
  });
});
