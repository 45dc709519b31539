import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement } from "../../test/factories.js";
import { all, attr, byRole, type Html, htmlOf, one, textOf } from "../../test/html.js";
import type { DatabaseHandle } from "../db/client.js";
import { TERRITORY_LIST_LIMIT } from "./portal.routes.js";

/*
 * The portal's territories: found by a name in any language or a code, narrowed to a region,
 * ordered by name or by what reaches them; a territory's page shows its latest agreements and
 * sends to the catalogue for the rest. Ifrane (03.271) is named by one more public agreement
 * than the limit of its page; Rabat (04.421) by one.
 */
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  for (let n = 0; n <= TERRITORY_LIST_LIMIT; n++) {
    await buildAgreement(handle.db, {
      status: "in_force",
      signedOn: "2025-01-15",
      national: false,
      territoryCodes: ["03.271"],
    });
  }
  await buildAgreement(handle.db, {
    status: "in_force",
    signedOn: "2025-01-15",
    national: false,
    territoryCodes: ["04.421"],
  });
});
afterAll(async () => {
  await handle?.close();
});

const page = async (address: string) => htmlOf(await app.request(address));
const namesIn = (html: Html) => all(html, "table.data tbody tr td:first-child").map(textOf);

describe("the territories list", () => {
  it("finds a prefecture or province by its name in any language, without accents, or by its codes", async () => {
    expect(namesIn(await page("/fr/territories?q=ifrane"))).toEqual(["Ifrane"]);
    expect(namesIn(await page("/fr/territories?q=fes"))).toEqual(["Fès"]);
    expect(namesIn(await page("/ar/territories?q=الرباط"))).toContain("الرباط");
    expect(namesIn(await page("/en/territories?q=MA-IFR"))).toEqual(["Ifrane"]);
    expect(namesIn(await page("/en/territories?q=03.271"))).toEqual(["Ifrane"]);
    const none = await page("/fr/territories?q=atlantide");
    expect(textOf(one(none, "main"))).toContain("Aucune préfecture ni province ne correspond.");
  });

  it("narrows to a region and orders by people or by agreements, the choice kept in the form", async () => {
    const fesMeknes = await page("/fr/territories?region=03&sort=population");
    const names = namesIn(fesMeknes);
    expect(names).toHaveLength(9);
    expect(names[0]).toBe("Fès");
    expect(textOf(one(fesMeknes, "main"))).toContain("9 préfectures et provinces");
    expect(attr(one(fesMeknes, "select[name=sort] option[selected]"), "value")).toBe("population");
    const byAgreements = namesIn(await page("/fr/territories?sort=agreements"));
    expect(byAgreements.slice(0, 2)).toEqual(["Ifrane", "Rabat"]);
    expect(byAgreements).toHaveLength(75);
  });

  it("keeps the regions and their provinces when nothing is asked", async () => {
    const plain = await page("/fr/territories");
    expect(all(plain, "table.data")).toHaveLength(0);
    expect(all(plain, "section h2")).toHaveLength(12);
  });

  it("answers an unknown region or order with 400 naming it, and odd text with a normal page", async () => {
    const region = await app.request("/fr/territories?region=99");
    expect(region.status).toBe(400);
    expect(await region.text()).toContain("région");
    expect((await app.request("/fr/territories?sort=size")).status).toBe(400);
    expect((await app.request("/fr/territories?region=abc")).status).toBe(400);
    expect((await app.request("/ar/territories?q=%27%29%20%26%20%21%3A%2A")).status).toBe(200);
  });
});

describe("a territory's page", () => {
  it("shows its latest agreements and sends to the catalogue for every one", async () => {
    const ifrane = await page("/fr/territories/03.271");
    expect(all(ifrane, "#specific-heading ~ ul.cards > li")).toHaveLength(TERRITORY_LIST_LIMIT);
    expect(textOf(one(ifrane, "main"))).toContain(
      `Les ${TERRITORY_LIST_LIMIT} plus récentes sur ${TERRITORY_LIST_LIMIT + 1}`,
    );
    const link = byRole(
      ifrane,
      "link",
      "Voir toutes les conventions qui touchent ce territoire dans le catalogue",
    );
    expect(attr(link, "href")).toBe("/fr/agreements?territory=03.271");
    const rabat = await page("/fr/territories/04.421");
    expect(textOf(one(rabat, "main"))).not.toContain("dans le catalogue");
  });
});
