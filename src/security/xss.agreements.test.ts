import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildOrganization, buildUser } from "../../test/factories.js";
import { expectShownAsText } from "../../test/html.js";
import { markupPayloads, refusedPayloads } from "../../test/payloads.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { queryRows } from "../db/rows.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let cookie: string;
let organizationId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  cookie = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
  organizationId = (await buildOrganization(handle.db)).id;
});
afterAll(async () => {
  await handle?.close();
});

/** Every free-text field of the agreement form, each holding the same value. */
const textFields = [
  "title.ar",
  "title.fr",
  "title.en",
  "summary.fr",
  "objectives.0.text.fr",
  "commitments.0.text.fr",
  "contributions.0.description.fr",
  "amendments.0.summary.fr",
];

let counter = 0;
function agreementForm(value: string, field?: string): URLSearchParams {
  counter += 1;
  const fields = new URLSearchParams({
    reference: `XSS-${counter}`,
    kind: "partnership",
    status: "draft",
    visibility: "public",
    national: "on",
    renewal: "none",
    "parties.0.organizationId": organizationId,
    "parties.0.role": "signatory",
    "commitments.0.organizationId": organizationId,
    "contributions.0.organizationId": organizationId,
    "contributions.0.amount": "1000",
    "contributions.0.currency": "MAD",
    "contributions.0.nature": "cash",
    "amendments.0.signedOn": "2025-01-01",
    "title.fr": "Titre valable",
    "objectives.0.text.fr": "Objectif valable",
    "commitments.0.text.fr": "Engagement valable",
    "amendments.0.summary.fr": "Avenant valable",
    intent: "save",
  });
  for (const name of field ? [field] : textFields) fields.set(name, value);
  return fields;
}

describe("markup typed into every text field of an agreement", () => {
  for (const payload of markupPayloads) {
    it(`is stored as typed and shown escaped: ${payload}`, async () => {
      const created = await postForm(app, "/fr/workspace/agreements", cookie, agreementForm(payload));
      expect(created.status, await created.clone().text()).toBe(303);
      const location = created.headers.get("location") ?? "";
      const id = /agreements\/([0-9a-f-]{36})/.exec(location)?.[1];
      const pages = [
        await (await app.request(location, { headers: { cookie } })).text(),
        await (await app.request(`/fr/workspace/agreements/${id}/edit`, { headers: { cookie } })).text(),
        await (await app.request(`/fr/agreements/${id}`)).text(),
        await (await app.request(`/ar/agreements/${id}`)).text(),
        await (await app.request("/fr/agreements")).text(),
      ];
      for (const html of pages) {
        if (payload.includes("<")) expect(html).not.toContain(payload);
        expectShownAsText(html, payload);
      }
      const json = await (await app.request(`/api/v1/agreements/${id}`)).json();
      expect(json.title.fr).toBe(payload);
      // The SQL classic is only text: the table is still there.
      const [count] = await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from agreements`,
      );
      expect(count?.n).toBeGreaterThan(0);
    });
  }
});

describe("text that every field refuses, naming the field and the reason", () => {
  const cases: [keyof typeof refusedPayloads, string][] = [
    ["rtlOverride", "contient des caractères de contrôle ou d’inversion de sens"],
    ["tenThousand", "est trop long"],
  ];
  for (const [name, reason] of cases) {
    for (const field of textFields) {
      it(`${name} in ${field}`, async () => {
        const response = await postForm(
          app,
          "/fr/workspace/agreements",
          cookie,
          agreementForm(refusedPayloads[name], field),
        );
        expect(response.status).toBe(400);
        const html = await response.text();
        expect(html).toContain(reason);
        // Named where the eye is: a summary link to the field, the message under it.
        expect(html).toMatch(/class="error-box error-summary"[^>]*>.*?<a href="#[^"]+">/s);
        expect(html).toContain('class="field-error"');
      });
    }
  }

  it("treats an empty or whitespace-only title as missing, and saves nothing", async () => {
    for (const value of [refusedPayloads.empty, refusedPayloads.whitespaceOnly]) {
      const form = agreementForm("Valable");
      for (const lang of ["ar", "fr", "en"]) form.set(`title.${lang}`, value);
      const response = await postForm(app, "/fr/workspace/agreements", cookie, form);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("Le titre est obligatoire en au moins une langue.");
    }
    const [count] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from agreements where title->>'fr' = 'Valable'`,
    );
    expect(count?.n).toBe(0);
  });

  it("refuses a reference with markup", async () => {
    const form = agreementForm("Valable");
    form.set("reference", "<script>");
    const response = await postForm(app, "/fr/workspace/agreements", cookie, form);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      "La référence ne peut contenir que des lettres, des chiffres, des espaces et . _ / -.",
    );
  });
});
