import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildUser } from "../../test/factories.js";
import { expectErrorsMarked } from "../../test/form-errors.js";
import { all, attr, byRole, one, parse, textOf } from "../../test/html.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { readRegistryGeneration } from "../db/registry-generation.js";
import { auditEvents, settings } from "../db/schema/index.js";
import { OPEN_DATA_LICENCE_SETTING, readOpenDataLicence } from "./open-data.queries.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let adminCookie: string;
let staffCookie: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  // With the public cache on: the open-data page is kept, and must name the new licence at once.
  app = createTestApp(handle.db, { publicCacheBytes: 4 * 1024 * 1024 });
  await buildAgreement(handle.db, { reference: "PUB-LIC-001", visibility: "public" });
  adminCookie = await signIn(app, (await buildUser(handle.db, { role: "admin" })).email);
  staffCookie = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
});
afterAll(async () => {
  await handle?.close();
});

const PATH = "/fr/workspace/open-data/licence";
const licenceEvents = () =>
  handle.db.select().from(auditEvents).where(eq(auditEvents.entityId, OPEN_DATA_LICENCE_SETTING));

describe("the open data's licence", () => {
  it("offers the administrator a choice among common open licences, the current one chosen", async () => {
    const response = await app.request(PATH, { headers: { cookie: adminCookie } });
    expect(response.status).toBe(200);
    const page = parse(await response.text());
    expect(textOf(byRole(page, "heading", "Licence des données ouvertes"))).toBe(
      "Licence des données ouvertes",
    );
    const choices = all(page, 'input[type="radio"][name="licence"]');
    expect(choices.map((input) => attr(input, "value"))).toEqual([
      "CC-BY-4.0",
      "CC-BY-SA-4.0",
      "CC0-1.0",
      "ODbL-1.0",
      "etalab-2.0",
    ]);
    expect(
      choices.filter((input) => input.hasAttribute("checked")).map((input) => attr(input, "value")),
    ).toEqual(["CC-BY-4.0"]);
    const menu = parse(
      await (await app.request("/en/workspace", { headers: { cookie: adminCookie } })).text(),
    );
    expect(attr(byRole(menu, "link", "Open data licence"), "href")).toBe("/en/workspace/open-data/licence");
  });

  it("saves the choice, audited, and the public page and JSON file name it at once", async () => {
    // Kept before the change: the page in the public cache, the JSON file per generation.
    expect(await (await app.request("/en/open-data")).text()).toContain("CC BY 4.0");
    await (await app.request("/api/v1/open-data/registry.json")).arrayBuffer();
    const generation = await readRegistryGeneration(handle.db);

    const saved = await postForm(app, PATH, adminCookie, { licence: "ODbL-1.0" });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`${PATH}?notice=saved`);
    expect(await readOpenDataLicence(handle.db)).toEqual({
      name: "ODbL 1.0",
      url: "https://opendatacommons.org/licenses/odbl/1-0/",
    });
    const [event] = await licenceEvents();
    expect(event).toMatchObject({ action: "settings.set", entityType: "setting" });
    expect(event?.changes).toMatchObject({
      before: { name: "CC BY 4.0" },
      after: { id: "ODbL-1.0", name: "ODbL 1.0" },
    });
    expect(await readRegistryGeneration(handle.db)).toBeGreaterThan(generation);

    const page = parse(await (await app.request("/en/open-data")).text());
    expect(attr(byRole(page, "link", "ODbL 1.0"), "href")).toBe(
      "https://opendatacommons.org/licenses/odbl/1-0/",
    );
    const document = (await (await app.request("/api/v1/open-data/registry.json")).json()) as {
      licence: { name: string };
    };
    expect(document.licence.name).toBe("ODbL 1.0");

    const form = parse(
      await (await app.request(`${PATH}?notice=saved`, { headers: { cookie: adminCookie } })).text(),
    );
    expect(textOf(byRole(form, "status"))).toContain("La licence est enregistrée");
    expect(attr(form.querySelector('input[value="ODbL-1.0"]'), "checked")).not.toBeNull();
  });

  it("refuses a licence that is not one of the choices, in the reader's language beside the choices, changing nothing", async () => {
    const before = await licenceEvents();
    for (const [lang, words] of [
      ["fr", "licence"],
      ["ar", "الترخيص"],
    ] as const) {
      const refused = await postForm(app, `/${lang}/workspace/open-data/licence`, adminCookie, {
        licence: "MIT",
      });
      expect(refused.status).toBe(400);
      const html = await refused.text();
      const [said] = expectErrorsMarked(html, [{ id: "licence" }]);
      expect(said).toContain(words);
      expect(textOf(one(parse(html), "fieldset#licence .field-error"))).toBe(said);
    }
    expect((await postForm(app, PATH, adminCookie, {})).status).toBe(400);
    expect((await readOpenDataLicence(handle.db)).name).toBe("ODbL 1.0");
    expect(await licenceEvents()).toHaveLength(before.length);
  });

  it("is the administrator's alone: 403 to the staff, the sign-in page to the anonymous, and nothing changes", async () => {
    const [row] = await handle.db.select().from(settings).where(eq(settings.key, OPEN_DATA_LICENCE_SETTING));
    const events = (await licenceEvents()).length;
    expect((await app.request(PATH, { headers: { cookie: staffCookie } })).status).toBe(403);
    expect((await postForm(app, PATH, staffCookie, { licence: "CC0-1.0" })).status).toBe(403);
    const anonymous = await app.request(PATH, {
      method: "POST",
      headers: { origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
      body: "licence=CC0-1.0",
    });
    expect([401, 303]).toContain(anonymous.status);
    const [after] = await handle.db
      .select()
      .from(settings)
      .where(eq(settings.key, OPEN_DATA_LICENCE_SETTING));
    expect(after).toEqual(row);
    expect(await licenceEvents()).toHaveLength(events);
    const menu = parse(
      await (await app.request("/en/workspace", { headers: { cookie: staffCookie } })).text(),
    );
    expect(all(menu, 'a[href="/en/workspace/open-data/licence"]')).toEqual([]);
  });
});
