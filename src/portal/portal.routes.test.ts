import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization } from "../../test/factories.js";
import { buildActivity } from "../../test/followup-factories.js";
import { all, attr, byRole, one, parse, textOf } from "../../test/html.js";
import type { DatabaseHandle } from "../db/client.js";
import { territories as territoryTable } from "../db/schema/index.js";
import { placeActivity } from "../progress/progress.test-support.js";
import { translator } from "../shared/i18n.js";

const fr = translator("fr");

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let publicId: string;
let internalId: string;
let frenchOnlyId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  const ngo = await buildOrganization(handle.db, {
    kind: "association",
    name: { fr: "Association Pont", ar: "جمعية الجسر" },
  });
  publicId = (
    await buildAgreement(handle.db, {
      title: {
        ar: "اتفاقية شراكة مع جمعية الجسر",
        fr: "Convention avec l'Association Pont",
        en: "Agreement with Pont",
      },
      objectives: [{ fr: "Former les jeunes", ar: "تكوين الشباب" }, { fr: "Accompagner les conseils" }],
      national: false,
      territoryCodes: ["04.421"],
      themes: ["education"],
      parties: [{ organizationId: ngo.id, role: "implementing" }],
    })
  ).id;
  internalId = (
    await buildAgreement(handle.db, { visibility: "internal", title: { fr: "Convention interne secrète" } })
  ).id;
  frenchOnlyId = (await buildAgreement(handle.db, { title: { fr: "Seulement en français" } })).id;
});
afterAll(async () => {
  await handle?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

describe("portal pages", () => {
  it("redirects / to the visitor's language, Arabic by default", async () => {
    expect((await get("/", { "accept-language": "fr-FR,fr;q=0.9,en;q=0.8" })).headers.get("location")).toBe(
      "/fr",
    );
    expect((await get("/", { "accept-language": "de" })).headers.get("location")).toBe("/ar");
    // q=0 means "not French".
    expect((await get("/", { "accept-language": "fr;q=0, en;q=0.5" })).headers.get("location")).toBe("/en");
    expect((await get("/")).headers.get("vary")).toBe("Accept-Language");
  });

  it("redirects a trailing slash or an upper-case language to the page's address", async () => {
    const slash = await get("/fr/agreements/?theme=education");
    expect(slash.status).toBe(301);
    expect(slash.headers.get("location")).toBe("/fr/agreements?theme=education");
    const upper = await get("/FR/territories/04.421");
    expect(upper.status).toBe(301);
    expect(upper.headers.get("location")).toBe("/fr/territories/04.421");
    expect((await get("/DE/agreements")).status).toBe(404);
  });

  it("never redirects to another host, whatever the Host header or the path says", async () => {
    // The request's URL is what the server builds from the Host header a client sent.
    for (const [address, location] of [
      ["http://attacker.example/fr/agreements/", "/fr/agreements"],
      ["http://attacker.example/FR/agreements", "/fr/agreements"],
      ["http://localhost//attacker.example/", "/attacker.example"],
      ["http://localhost/%5Cattacker.example/", "/%5Cattacker.example"],
    ]) {
      const response = await app.request(address as string);
      expect(response.status, address).toBe(301);
      expect(response.headers.get("location"), address).toBe(location);
    }
  });

  it("sends a page past the last one to the last page", async () => {
    const response = await get("/fr/agreements?theme=education&page=9");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/fr/agreements?theme=education");
  });

  for (const [lang, dir] of [
    ["ar", "rtl"],
    ["fr", "ltr"],
    ["en", "ltr"],
  ] as const) {
    it(`serves the home page in ${lang} with lang and dir set`, async () => {
      const response = await get(`/${lang}`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
      const root = one(parse(html), "html");
      expect([root.getAttribute("lang"), root.getAttribute("dir")]).toEqual([lang, dir]);
      expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    });
  }

  it("lists only public agreements in the catalogue and filters them", async () => {
    const html = await (await get("/fr/agreements")).text();
    expect(html).toContain("Convention avec l&#39;Association Pont");
    expect(html).not.toContain("Convention interne secrète");
    const filtered = await (await get("/fr/agreements?theme=education&territory=04.421&q=pont")).text();
    expect(filtered).toContain(`/fr/agreements/${publicId}`);
    expect(filtered).not.toContain(`/fr/agreements/${frenchOnlyId}`);
  });

  it("marks what a search matched, in the title, the partners and a summary excerpt", async () => {
    const page = parse(await (await get("/fr/agreements?q=ASSOCIATION%20pont")).text());
    const marked = all(page, "#results mark").map((mark) => textOf(mark));
    expect(marked).toContain("Association");
    expect(marked).toContain("Pont");
    const arabic = parse(await (await get(`/ar/agreements?q=${encodeURIComponent("الجسر")}`)).text());
    expect(all(arabic, "#results mark").map((mark) => textOf(mark))).toContain("الجسر");
  });

  it("shows close matches for a mistyped word, says so, and never echoes markup", async () => {
    const page = parse(await (await get(`/fr/agreements?q=${encodeURIComponent("jeunnes <b>")}`)).text());
    // "jeunnes" is not a word of any title or partner: nothing to correct to, nothing found.
    expect(all(page, "#results .notice")).toHaveLength(0);
    const corrected = parse(await (await get("/fr/agreements?q=assosiation")).text());
    expect(textOf(one(corrected, "#results .notice"))).toBe(
      fr("catalogue.closeMatches", { typed: "assosiation", query: "association" }),
    );
    expect(all(corrected, `a[href="/fr/agreements/${publicId}"]`)).not.toHaveLength(0);
    const hostile = await (
      await get(`/fr/agreements?q=${encodeURIComponent("<script>alert(1)</script> pont")}`)
    ).text();
    expect(hostile).not.toContain("<script>alert(1)");
  });

  it("suggests agreements and partners as one types, within what the public may read", async () => {
    const page = parse(await (await get("/fr/search/suggestions?q=pon")).text());
    const links = all(page, "#search-suggestions a").map((link) => link.getAttribute("href"));
    expect(links).toContain(`/fr/agreements/${publicId}`);
    expect(links.some((href) => href?.startsWith("/fr/agreements?partner="))).toBe(true);
    const arabic = parse(await (await get(`/ar/search/suggestions?q=${encodeURIComponent("الجسر")}`)).text());
    expect(all(arabic, "#search-suggestions mark").map((mark) => textOf(mark))).toContain("الجسر");
    const secret = await (await get("/fr/search/suggestions?q=secr")).text();
    expect(secret).not.toContain(internalId);
    for (const q of ["p", "", "&|!():*", "x".repeat(201), "<script>"]) {
      const response = await get(`/fr/search/suggestions?q=${encodeURIComponent(q)}`);
      expect(response.status).toBe(200);
      expect(all(parse(await response.text()), "#search-suggestions li")).toHaveLength(0);
    }
  });

  it("names the partner a catalogue is filtered by, and offers to remove it", async () => {
    const detail = await (await get(`/fr/agreements/${publicId}`)).text();
    const partnerLink = all(parse(detail), 'a[href^="/fr/agreements?partner="]')[0]?.getAttribute("href");
    const partnerId = new URL(partnerLink ?? "", "http://localhost").searchParams.get("partner");
    expect(partnerId).toMatch(/^[0-9a-f-]{36}$/);
    const catalogue = parse(await (await get(`/fr/agreements?partner=${partnerId}&theme=education`)).text());
    const named = all(catalogue, "strong").find((strong) =>
      textOf(strong.parentElement).startsWith(fr("catalogue.partner")),
    );
    expect(textOf(named)).toMatch(/^Association Pont/);
    expect(byRole(catalogue, "link", fr("catalogue.removePartner")).getAttribute("href")).toBe(
      "/fr/agreements?theme=education",
    );
  });

  it("answers a bad filter with 400 and a message naming the field in the page's language", async () => {
    const response = await get("/fr/agreements?status=bogus");
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("La valeur de « statut » n’est pas valide : choisissez une des valeurs proposées");
    // Said once: the sentence is not wrapped in itself.
    expect(html.split("n’est pas valide").length - 1).toBe(1);
    const arabic = await (await get("/ar/agreements?page=-3")).text();
    expect(arabic).toContain("قيمة «الصفحة» غير صالحة: صغيرة جدا");
    expect(await (await get("/ar/agreements?partner=zz")).text()).toContain("قيمة «الشريك» غير صالحة");
    expect(await (await get("/en/agreements?year=3000")).text()).toContain(
      "The value of “year” is not valid: is too large",
    );
    expect(await (await get("/en/agreements?page=abc")).text()).toContain(
      "is not valid: must be a whole number",
    );
  });

  it("shows an agreement with its parties and objectives, and hides an internal one", async () => {
    const html = await (await get(`/ar/agreements/${publicId}`)).text();
    expect(html).toContain("اتفاقية شراكة مع جمعية الجسر");
    expect(html).toContain("تكوين الشباب");
    expect(html).toContain("جمعية الجسر");
    expect((await get(`/fr/agreements/${internalId}`)).status).toBe(404);
    expect((await get("/fr/agreements/not-a-uuid")).status).toBe(404);
    expect((await get("/fr/agreements/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });

  it("falls back visibly to another language when a text is missing", async () => {
    const html = await (await get(`/en/agreements/${frenchOnlyId}`)).text();
    const fallback = all(parse(html), 'span.fallback-text[lang="fr"][dir="ltr"]').map(textOf);
    expect(fallback).toContain("Seulement en français");
    const en = translator("en");
    expect(html).toContain(en("agreement.fallbackNotice", { language: en("languageNames.fr") }));
  });

  it("names the language of a fallback in the reader's language, and no language in itself outside the switcher", async () => {
    const notices = async (lang: "ar" | "fr") => {
      const page = parse(await (await get(`/${lang}/agreements/${frenchOnlyId}`)).text());
      return { notices: all(page, "small.fallback").map(textOf), main: textOf(one(page, "main")) };
    };
    // The French-only agreement read in Arabic: "shown in French", in Arabic.
    const arabic = await notices("ar");
    expect(arabic.notices).toContain("معروض باللغة الفرنسية: غير متوفر بعد بهذه اللغة.");
    expect(arabic.main).not.toMatch(/Français|English/);
    const english = parse(await (await get(`/en/agreements/${frenchOnlyId}`)).text());
    expect(all(english, "small.fallback").map(textOf).join(" ")).toContain("Shown in French");
    // The language switcher alone names each language in itself.
    const switcher = byRole(english, "navigation", "Language");
    expect(textOf(switcher)).toMatch(/العربية/);
  });

  it("separates the items of an Arabic list with the Arabic comma, never a Latin one", async () => {
    const partners = await Promise.all(
      [
        { ar: "جامعة الأخوين", fr: "Université Al Akhawayn" },
        { ar: "وزارة الداخلية", fr: "Ministère de l'Intérieur" },
      ].map((name) => buildOrganization(handle.db, { name })),
    );
    const agreement = await buildAgreement(handle.db, {
      title: { ar: "اتفاقية ذات محاور متعددة", fr: "Convention à plusieurs thèmes" },
      themes: ["training", "research", "social"],
      national: false,
      territoryCodes: ["01.571", "04.441"],
      parties: partners.map((partner) => ({ organizationId: partner.id, role: "signatory" as const })),
    });
    const activity = await buildActivity(handle.db, agreement.id, { title: { ar: "دورة تكوينية" } });
    await placeActivity(handle.db, activity.id, ["01.571", "04.441"]);
    const main = textOf(one(parse(await (await get(`/ar/agreements/${agreement.id}`)).text()), "main"));
    expect(main).toContain("دورة تكوينية");
    // A Latin comma or period between two Arabic words is a list joined the French way.
    const arabicWord = "[\\u0600-\\u06FF]";
    expect(main).not.toMatch(new RegExp(`${arabicWord}\\s*[,.]\\s+${arabicWord}`));
    expect(main).toMatch(new RegExp(`${arabicWord}، ${arabicWord}`));
  });

  it("keeps the page when switching language", async () => {
    const html = await (await get(`/fr/agreements/${publicId}`)).text();
    expect(html).toContain(`href="/ar/agreements/${publicId}"`);
    expect(html).toContain(`href="/en/agreements/${publicId}"`);
  });

  it("lists partners and territories, and a territory's agreements", async () => {
    const partners = await (await get("/fr/partners")).text();
    expect(partners).toContain("Association Pont");
    expect(partners).not.toContain("Association Marocaine des Présidents");
    const territories = await (await get("/ar/territories")).text();
    expect(territories).toContain("جهة الرباط-سلا-القنيطرة");
    const rabat = await (await get("/fr/territories/04.421")).text();
    expect(rabat).toContain(`/fr/agreements/${publicId}`);
    const region = await (await get("/fr/territories/04")).text();
    expect(region).toContain(`/fr/agreements/${publicId}`);
    const order = ["Kénitra", "Rabat", "Salé", "Skhirate-Témara"].map((name) =>
      region.indexOf(`de ${name}<`),
    );
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const tangier = await (await get("/fr/territories/01.511")).text();
    expect(tangier).not.toContain(`/fr/agreements/${publicId}`);
    // The map: every prefecture and province on the list's page; a territory's own outlined.
    expect(all(parse(territories), "svg.territory-map a")).toHaveLength(75);
    const outlined = (html: string) =>
      all(parse(html), "svg.territory-map a")
        .filter((link) => link.querySelector("path.map-highlighted"))
        .map((link) => link.getAttribute("href"));
    expect(outlined(tangier)).toEqual(["/fr/territories/01.511"]);
    const regionProvinces = await handle.db
      .select({ code: territoryTable.code })
      .from(territoryTable)
      .where(eq(territoryTable.regionCode, "04"));
    expect(regionProvinces.length).toBeGreaterThan(5);
    expect(outlined(region).sort()).toEqual(
      regionProvinces.map((row) => `/fr/territories/${row.code}`).sort(),
    );
    expect((await get("/fr/territories/99.999")).status).toBe(404);
  });

  it("answers unknown pages and languages with a 404 page", async () => {
    const response = await get("/de/agreements");
    expect(response.status).toBe(404);
    one(parse(await response.text()), "html");
  });

  it("names every prefecture, province and region in English on the English pages, with no fallback", async () => {
    const page = parse(await (await get("/en/territories")).text());
    expect(all(page, "small.fallback")).toEqual([]);
    const main = textOf(one(page, "main"));
    expect(main).toContain("Tangier-Tetouan-Al Hoceima Region");
    expect(main).toContain("Fez Prefecture");
    expect(main).not.toContain("Préfecture");
  });

  it("titles an error page by what happened, in the page's language", async () => {
    const cases = [
      ["ar", "/ar/agreements/00000000-0000-4000-8000-000000000000", 404, "errors.titles.notFound"],
      ["en", "/en/agreements?status=bogus", 400, "errors.titles.invalid"],
    ] as const;
    for (const [lang, path, status, key] of cases) {
      const response = await get(path);
      expect(response.status, path).toBe(status);
      const title = textOf(one(parse(await response.text()), "title"));
      expect(title, path).toBe(`${translator(lang)(key)} · ${translator(lang)("app.name")}`);
    }
  });

  it("serves the stylesheet, fonts and htmx from the project with long caching", async () => {
    const html = await (await get("/fr")).text();
    const head = parse(html);
    const css = all(head, 'link[rel="stylesheet"]')
      .map((link) => attr(link, "href") ?? "")
      .find((href) => /^\/assets\/[0-9a-f]+\/app\.css$/.test(href));
    const script = all(head, "script[src]")
      .map((element) => attr(element, "src") ?? "")
      .find((src) => /^\/assets\/[0-9a-f]+\/htmx\.min\.js$/.test(src));
    expect(css && script).toBeTruthy();
    const cssResponse = await get(css ?? "");
    expect(cssResponse.headers.get("cache-control")).toContain("immutable");
    const font = (await cssResponse.text()).match(
      /url\("(\/assets\/[0-9a-f]+\/noto-sans-arabic-400\.woff2)"\)/,
    )?.[1];
    expect((await get(font ?? "")).headers.get("content-type")).toBe("font/woff2");
    expect((await get(script ?? "")).status).toBe(200);
    expect((await get("/assets/0000000000/app.css")).status).toBe(404);
  });
});
