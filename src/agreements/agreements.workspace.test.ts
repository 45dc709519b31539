import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { formFieldsOf } from "../../test/forms.js";
import { all, attr, parse, textOf } from "../../test/html.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { queryRows } from "../db/rows.js";
import { systemActor } from "../shared/actor.js";
import { getAgreementDetail } from "./agreements.queries.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let secretariat: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  secretariat = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
});
afterAll(async () => {
  await handle?.close();
});

const idFrom = (location: string | null) => /agreements\/([0-9a-f-]{36})/.exec(location ?? "")?.[1] ?? "";
const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? "";

describe("agreement list and form headings", () => {
  it("begin with a capital in French and English: the catalogue's field names are lower case, for sentences", async () => {
    await buildAgreement(handle.db, { visibility: "internal" });
    for (const [lang, path] of [
      ["fr", "/fr/workspace/agreements"],
      ["en", "/en/workspace/agreements"],
      ["fr", "/fr/workspace/agreements/new"],
    ] as const) {
      const page = parse(await (await app.request(path, { headers: { cookie: secretariat } })).text());
      const headings = [...all(page, "table.data th[scope=col]"), ...all(page, "form label")]
        .map((element) => textOf(element).trim())
        .filter((text) => /^\p{L}/u.test(text));
      expect(headings.length, path).toBeGreaterThan(3);
      const lower = headings.filter((text) => text.charAt(0) !== text.charAt(0).toLocaleUpperCase(lang));
      expect(lower, path).toEqual([]);
    }
  });
});

describe("agreement forms", () => {
  it("creates an agreement in French with two partners and three objectives, adds its Arabic title, publishes it", async () => {
    const [first, second] = [await buildOrganization(handle.db), await buildOrganization(handle.db)];
    const fields = new URLSearchParams({
      reference: "WS-001",
      kind: "partnership",
      status: "draft",
      visibility: "internal",
      "title.fr": "Convention de formation des élus",
      national: "on",
      renewal: "none",
      "parties.0.organizationId": first.id,
      "parties.0.role": "signatory",
      "objectives.0.text.fr": "Former les présidents",
    });
    // "Add a party" and "Add an objective" answer with the form, one more row, nothing saved.
    const added = await postForm(
      app,
      "/fr/workspace/agreements",
      secretariat,
      new URLSearchParams([...fields, ["intent", "add:parties"]]),
    );
    expect(added.status).toBe(200);
    const addedHtml = await added.text();
    expect(addedHtml).toContain('name="parties.1.organizationId"');
    expect(addedHtml).toContain('value="Convention de formation des élus"');
    fields.set("parties.1.organizationId", second.id);
    fields.set("parties.1.role", "funder");
    fields.set("objectives.1.text.fr", "Étudier les besoins");
    fields.set("objectives.2.text.fr", "Publier un rapport");
    fields.set("intent", "save");
    const created = await postForm(app, "/fr/workspace/agreements", secretariat, fields);
    expect(created.status).toBe(303);
    const id = idFrom(created.headers.get("location"));
    const page = await (
      await app.request(created.headers.get("location") ?? "", { headers: { cookie: secretariat } })
    ).text();
    expect(page).toContain("La convention est créée.");
    expect(page).toContain("Étudier les besoins");

    const edit = await (
      await app.request(`/fr/workspace/agreements/${id}/edit`, { headers: { cookie: secretariat } })
    ).text();
    expect(edit).toContain('dir="rtl"');
    const version = versionIn(edit);
    const saved = await postForm(
      app,
      `/fr/workspace/agreements/${id}`,
      secretariat,
      new URLSearchParams([
        ...fields,
        ["version", version],
        ["title.ar", "اتفاقية تكوين المنتخبين"],
        ["objectives.0.id", ""],
      ]),
    );
    expect(saved.status).toBe(303);

    // Internal: not on the portal yet.
    expect((await app.request(`/fr/agreements/${id}`)).status).toBe(404);
    const detail = await getAgreementDetail({ db: handle.db, actor: systemActor, id });
    const published = await postForm(app, `/fr/workspace/agreements/${id}/visibility`, secretariat, {
      visibility: "public",
      version: String(detail.version),
    });
    expect(published.status).toBe(303);
    const portalFr = await (await app.request(`/fr/agreements/${id}`)).text();
    expect(portalFr).toContain("Convention de formation des élus");
    expect(portalFr).toContain("Publier un rapport");
    const portalAr = await (await app.request(`/ar/agreements/${id}`)).text();
    expect(portalAr).toContain("اتفاقية تكوين المنتخبين");
  });

  it("links its parties, places and related agreements within the workspace, and the portal's within the portal", async () => {
    const partner = await buildOrganization(handle.db);
    const parent = await buildAgreement(handle.db, { visibility: "public" });
    const agreement = await buildAgreement(handle.db, {
      visibility: "public",
      national: false,
      territoryCodes: ["01.571"],
      parties: [{ organizationId: partner.id, role: "signatory" }],
      parentId: parent.id,
    });
    const linksOf = async (path: string, cookie?: string) =>
      all(parse(await (await app.request(path, { headers: cookie ? { cookie } : {} })).text()), "main a").map(
        (link) => attr(link, "href"),
      );
    const workspace = await linksOf(`/fr/workspace/agreements/${agreement.id}`, secretariat);
    expect(workspace).toContain(`/fr/workspace/organizations/${partner.id}`);
    expect(workspace).toContain("/fr/workspace/agreements?territory=01.571");
    expect(workspace).toContain(`/fr/workspace/agreements/${parent.id}`);
    // Nothing sends the reader to the portal's lists or places (its "see on the portal" link aside).
    expect(workspace.filter((href) => /^\/fr\/(agreements\?|territories\/)/.test(href ?? ""))).toEqual([]);
    const portal = await linksOf(`/fr/agreements/${agreement.id}`);
    expect(portal).toContain(`/fr/agreements?partner=${partner.id}`);
    expect(portal).toContain("/fr/territories/01.571");
    expect(portal).toContain(`/fr/agreements/${parent.id}`);
  });

  it("reorders and removes objectives without JavaScript, keeping the objectives' ids", async () => {
    const agreement = await buildAgreement(handle.db, {
      objectives: [{ en: "Alpha" }, { en: "Beta" }, { en: "Gamma" }],
    });
    const form = await (
      await app.request(`/en/workspace/agreements/${agreement.id}/edit`, { headers: { cookie: secretariat } })
    ).text();
    const ids = all(parse(form), 'input[name^="objectives."][name$=".id"]').map((input) =>
      attr(input, "value"),
    );
    expect(ids).toHaveLength(3);
    const base = formFieldsOf(form);
    const moved = await postForm(
      app,
      `/en/workspace/agreements/${agreement.id}`,
      secretariat,
      new URLSearchParams([...base, ["intent", "up:objectives:2"]]),
    );
    const movedHtml = await moved.text();
    expect(movedHtml.indexOf("Gamma")).toBeLessThan(movedHtml.indexOf("Beta"));
    const after = formFieldsOf(movedHtml);
    const removed = await postForm(
      app,
      `/en/workspace/agreements/${agreement.id}`,
      secretariat,
      new URLSearchParams([...after, ["intent", "remove:objectives:0"]]),
    );
    const final = formFieldsOf(await removed.text());
    const saved = await postForm(
      app,
      `/en/workspace/agreements/${agreement.id}`,
      secretariat,
      new URLSearchParams([...final, ["intent", "save"]]),
    );
    expect(saved.status).toBe(303);
    const detail = await getAgreementDetail({ db: handle.db, actor: systemActor, id: agreement.id });
    expect(detail.objectives.map((objective) => objective.text.en)).toEqual(["Gamma", "Beta"]);
    expect(detail.objectives.map((objective) => objective.id)).toEqual([ids[2], ids[1]]);
  });

  it("refuses an invalid form naming the field and the reason in the page's language, keeping the input", async () => {
    const response = await postForm(app, "/fr/workspace/agreements", secretariat, {
      reference: "WS-BAD",
      kind: "partnership",
      status: "in_force",
      visibility: "internal",
      "title.fr": "   ",
      renewal: "tacit",
      "objectives.0.text.fr": "Un objectif gardé",
      intent: "save",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Un objectif gardé");
    expect(html).toContain("Choisissez au moins une organisation partie à la convention.");
    expect(html).toContain("Le préavis (en jours) est obligatoire pour un renouvellement tacite.");
    expect(html).toContain("La date de signature est obligatoire pour ce statut.");
    const [row] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from agreements where reference = 'WS-BAD'`,
    );
    expect(row?.n).toBe(0);
  });
});
