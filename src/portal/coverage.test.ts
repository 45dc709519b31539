import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement } from "../../test/factories.js";
import { buildActivity } from "../../test/followup-factories.js";
import { all, parse, textOf } from "../../test/html.js";
import type { DatabaseHandle } from "../db/client.js";
import { territories } from "../db/schema/index.js";
import { placeActivity } from "../progress/progress.test-support.js";
import { translator } from "../shared/i18n.js";
import { coverage } from "./coverage.queries.js";

/*
 * Who the public agreements reach, on a registry small enough to count by hand: a national
 * agreement on governance, a regional one (Tanger-Tétouan-Al Hoceïma, region 01) and a
 * provincial one (Rabat, 04.421) on training, and an internal one that never counts.
 */

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
/** the population of each prefecture and province, from the reference data */
const population = new Map<string, number>();

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  app = createTestApp(db);
  for (const row of await db.select().from(territories)) {
    if (row.kind !== "region") population.set(row.code, row.population2024 ?? 0);
  }
  const inForce = { status: "in_force" as const, signedOn: "2024-03-01", visibility: "public" as const };
  await buildAgreement(db, { ...inForce, themes: ["governance"], national: true });
  const regional = await buildAgreement(db, {
    ...inForce,
    themes: ["training"],
    national: false,
    territoryCodes: ["01"],
  });
  await buildAgreement(db, {
    status: "draft",
    visibility: "public",
    themes: ["training"],
    national: false,
    territoryCodes: ["04.421"],
  });
  await buildAgreement(db, {
    ...inForce,
    visibility: "internal",
    themes: ["training"],
    national: false,
    territoryCodes: ["05.081"],
  });
  // One activity in Tétouan, one for the whole region.
  await placeActivity(db, (await buildActivity(db, regional.id)).id, ["01.571"]);
  await placeActivity(db, (await buildActivity(db, regional.id)).id, ["01"]);
});
afterAll(async () => {
  await handle?.close();
});

const inRegion01 = () => [...population.keys()].filter((code) => code.startsWith("01."));
const total = (codes: string[]) => codes.reduce((sum, code) => sum + (population.get(code) ?? 0), 0);

describe("coverage of the prefectures and provinces", () => {
  it("reaches every one through a national agreement, and lists all 75", async () => {
    const found = await coverage({ db: handle.db });
    expect(found.territories).toHaveLength(75);
    expect(found.withoutAgreement).toEqual({ count: 0, population: 0 });
    const rabat = found.territories.find((row) => row.code === "04.421");
    // The national one and the provincial draft.
    expect(rabat?.agreements).toBe(2);
    const tetouan = found.territories.find((row) => row.code === "01.571");
    // The national one and the regional one; its own activity and the region's.
    expect(tetouan).toMatchObject({ agreements: 2, activities: 2 });
    expect(found.territories.find((row) => row.code === "01.511")?.activities).toBe(1);
    // Activities only in region 01: every other province has seen none.
    expect(found.withoutActivity.count).toBe(75 - inRegion01().length);
    expect(found.population).toBe(total([...population.keys()]));
  });

  it("leaves out, by theme and status, those no such agreement reaches, with how many people live there", async () => {
    const training = await coverage({ db: handle.db, filter: { theme: "training" } });
    const reached = [...inRegion01(), "04.421"];
    expect(training.withoutAgreement.count).toBe(75 - reached.length);
    expect(training.withoutAgreement.population).toBe(total([...population.keys()]) - total(reached));
    // The least reached first, the most populous first among them.
    const first = training.territories[0];
    const unreached = [...population.keys()].filter((code) => !reached.includes(code));
    const mostPopulous = unreached.sort((a, b) => (population.get(b) ?? 0) - (population.get(a) ?? 0))[0];
    expect(first?.code).toBe(mostPopulous);
    const signedTraining = await coverage({
      db: handle.db,
      filter: { theme: "training", status: "in_force" },
    });
    expect(signedTraining.withoutAgreement.count).toBe(75 - inRegion01().length);
    const otherYear = await coverage({ db: handle.db, filter: { year: 2019 } });
    expect(otherYear.withoutAgreement.count).toBe(75);
  });

  it("shows the table in each language, and refuses a filter it does not know with a 400 page", async () => {
    for (const lang of ["ar", "fr", "en"] as const) {
      const t = translator(lang);
      const response = await app.request(`/${lang}/coverage?theme=training`);
      expect(response.status).toBe(200);
      const page = parse(await response.text());
      expect(all(page, "table.coverage tbody tr")).toHaveLength(75);
      // 66 of 75: all but region 01's eight and Rabat.
      expect(textOf(all(page, "[role=status]")[0])).toContain(String(75 - inRegion01().length - 1));
      expect(textOf(all(page, "caption")[0])).toBe(t("coverage.caption"));
      expect(all(page, ".left-out").length).toBeGreaterThan(0);
    }
    expect((await app.request("/fr/coverage?theme=nonsense")).status).toBe(400);
    expect((await app.request("/fr/coverage?year=99999")).status).toBe(400);
    // The public agreements were all signed in 2024: another year is outside the data.
    expect((await app.request("/fr/coverage?year=2024")).status).toBe(200);
    const outside = await app.request("/fr/coverage?year=2019");
    expect(outside.status).toBe(404);
    expect(outside.headers.get("content-type")).toContain("text/html");
  });
});

describe("the coverage map", () => {
  it("has one linked shape per prefecture and province, named in the page's language, under 150 KB", async () => {
    const codes = [...population.keys()];
    for (const lang of ["ar", "fr"] as const) {
      const t = translator(lang);
      const html = await (await app.request(`/${lang}/coverage`)).text();
      const page = parse(html);
      const links = all(page, "svg.territory-map a");
      expect(links.map((link) => link.getAttribute("href")).sort()).toEqual(
        codes.map((code) => `/${lang}/territories/${code}`).sort(),
      );
      const map = html.slice(html.indexOf("<svg"), html.indexOf("</svg>") + 6);
      expect(map.length).toBeLessThan(150 * 1024);
      // Tétouan has its own activity and the region's; its label says so, in the page's language.
      const tetouan = links.find((link) => link.getAttribute("href") === `/${lang}/territories/01.571`);
      const [name] = (await handle.db.select().from(territories).where(eq(territories.code, "01.571"))).map(
        (row) => row.name[lang] ?? "",
      );
      expect(tetouan?.getAttribute("aria-label")).toBe(t("coverage.mapLabel.activities", { name, count: 2 }));
      expect(html).not.toMatch(/\sstyle="/);
      expect(html).toContain("OpenStreetMap");
    }
    // Coloured by agreements instead, keeping the filters.
    const byAgreements = parse(
      await (await app.request("/fr/coverage?theme=training&show=agreements")).text(),
    );
    const rabat = all(byAgreements, "svg.territory-map a").find(
      (link) => link.getAttribute("href") === "/fr/territories/04.421",
    );
    expect(rabat?.getAttribute("aria-label")).toContain("1 convention");
    expect((await app.request("/fr/coverage?show=everything")).status).toBe(400);
  });
});

// The reference data this test counts on: region 01's provinces carry its code as their prefix.
it("knows region 01's prefectures and provinces by their codes", async () => {
  const rows = await handle.db.select().from(territories).where(eq(territories.regionCode, "01"));
  expect(rows.map((row) => row.code).sort()).toEqual(inRegion01().sort());
});
