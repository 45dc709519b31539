import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { pdfBytes } from "../../test/document-files.js";
import { buildAgreement, buildUser } from "../../test/factories.js";
import { expectShownAsText } from "../../test/html.js";
import { markupPayloads, refusedPayloads } from "../../test/payloads.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";

/** The other records' free-text fields: organisations and contacts, accounts, tokens, documents. */
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let staff: string;
let admin: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  staff = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
  admin = await signIn(app, (await buildUser(handle.db, { role: "admin" })).email);
});
afterAll(async () => {
  await handle?.close();
});

const page = async (path: string, cookie?: string) =>
  (await app.request(path, { headers: cookie ? { cookie } : {} })).text();

const organizationFields = [
  "name.ar",
  "name.fr",
  "name.en",
  "acronym",
  "contacts.0.fullName",
  "contacts.0.role",
];
const organizationForm = (value: string, only?: string) => {
  const form = new URLSearchParams({
    kind: "association",
    "name.fr": "Association valable",
    "contacts.0.fullName": "Contact valable",
  });
  for (const field of only ? [only] : organizationFields) form.set(field, value);
  return form;
};

describe("organisations and contacts", () => {
  for (const payload of markupPayloads) {
    it(`stores and escapes ${payload}`, async () => {
      const created = await postForm(
        app,
        "/fr/workspace/organizations",
        staff,
        organizationForm(payload.slice(0, 30)),
      );
      expect(created.status, await created.clone().text()).toBe(303);
      const location = created.headers.get("location") ?? "";
      const id = /organizations\/([0-9a-f-]{36})/.exec(location)?.[1] ?? "";
      await buildAgreement(handle.db, {
        visibility: "public",
        parties: [{ organizationId: id, role: "signatory" }],
      });
      for (const html of [
        await page(location, staff),
        await page(`/fr/workspace/organizations/${id}/edit`, staff),
        await page("/fr/workspace/organizations", staff),
        await page("/ar/partners"),
        await page(`/fr/workspace/history/organization/${id}`, staff),
        await page("/fr/workspace/audit", staff),
      ]) {
        expectShownAsText(html, payload.slice(0, 30));
      }
      const json = await (await app.request(`/api/v1/organizations/${id}`)).json();
      expect(json.name.fr).toBe(payload.slice(0, 30));
    });
  }

  for (const field of organizationFields) {
    it(`refuses a direction override and 10,000 characters in ${field}, naming it`, async () => {
      for (const value of [refusedPayloads.rtlOverride, refusedPayloads.tenThousand]) {
        const response = await postForm(
          app,
          "/fr/workspace/organizations",
          staff,
          organizationForm(value, field),
        );
        expect(response.status).toBe(400);
        expect(await response.text()).toMatch(/n’est pas valide|est trop long/);
      }
    });
  }

  it("refuses a javascript: website", async () => {
    const form = organizationForm("Valable");
    form.set("website", "javascript:alert(1)");
    const response = await postForm(app, "/fr/workspace/organizations", staff, form);
    expect(response.status).toBe(400);
  });
});

describe("accounts, tokens and documents", () => {
  it("escapes markup in a person's name in the accounts list", async () => {
    const payload = '"><img src=x onerror=alert(1)>';
    const created = await postForm(app, "/fr/workspace/users", admin, {
      email: "markup@example.org",
      name: payload,
      role: "viewer",
      locale: "fr",
    });
    expect(created.status).toBeLessThan(400);
    expectShownAsText(await page("/fr/workspace/users", admin), payload);
  });

  it("refuses a name made of spaces or holding a direction override", async () => {
    for (const name of [refusedPayloads.whitespaceOnly, refusedPayloads.rtlOverride]) {
      const response = await postForm(app, "/fr/workspace/users", admin, {
        email: `x${name.length}@example.org`,
        name,
        role: "viewer",
        locale: "fr",
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("« nom »");
    }
  });

  it("escapes a token's name", async () => {
    const payload = "<script>alert(1)</script>";
    const created = await postForm(app, "/fr/workspace/account/tokens", staff, {
      name: payload,
      scope: "read",
    });
    expect(created.status).toBe(201);
    expectShownAsText(await created.text(), payload);
    expectShownAsText(await page("/fr/workspace/account/tokens", staff), payload);
  });

  it("escapes a document's title and file name", async () => {
    const agreement = await buildAgreement(handle.db, { visibility: "public" });
    const payload = '"><img src=x onerror=alert(1)>';
    const form = new FormData();
    form.set("kind", "annex");
    form.set("title.fr", payload);
    form.set("visibility", "public");
    form.set("file", new File([new Uint8Array(pdfBytes())], "annexe <b>.pdf", { type: "application/pdf" }));
    const uploaded = await app.request(`/fr/workspace/agreements/${agreement.id}/documents`, {
      method: "POST",
      headers: { cookie: staff, origin: TEST_ORIGIN },
      body: form,
    });
    expect(uploaded.status).toBe(303);
    expectShownAsText(await page(`/fr/workspace/agreements/${agreement.id}`, staff), payload);
    expectShownAsText(await page(`/fr/agreements/${agreement.id}`), payload);
  });
});
