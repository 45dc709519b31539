import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildUser } from "../../test/factories.js";
import { all, attr, byRole, one, optionsIn, parse, selectedIn, textOf } from "../../test/html.js";
import { signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { auditEvents } from "../db/schema/index.js";
import { createOrganization } from "../partners/organizations.service.js";
import { translator } from "../shared/i18n.js";
import { actorFromUser } from "../users/users.presenter.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
const cookies: Record<string, string> = {};
let secretariat: Awaited<ReturnType<typeof buildUser>>;
let focal: Awaited<ReturnType<typeof buildUser>>;
let partyAgreementId: string;
let hiddenAgreementId: string;
let auditedOrganizationId: string;

/** A calendar day in Casablanca, `days` from today. */
const casablancaDay = (days: number) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "Africa/Casablanca" }).format(
    new Date(Date.now() + days * 86_400_000),
  );

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  const { db } = handle;
  secretariat = await buildUser(db, { role: "secretariat", name: "Salma Secrétariat" });
  const admin = await buildUser(db, { role: "admin" });
  const viewer = await buildUser(db, { role: "viewer" });
  const council = await buildUser(db, { role: "council" });
  focal = await buildUser(db, { role: "focal_point" });
  partyAgreementId = (
    await buildAgreement(db, {
      reference: "PARTY-1",
      visibility: "internal",
      parties: [{ organizationId: focal.organizationId as string, role: "signatory" }],
    })
  ).id;
  hiddenAgreementId = (await buildAgreement(db, { reference: "HIDDEN-1", visibility: "internal" })).id;
  auditedOrganizationId = (
    await createOrganization({
      db,
      actor: actorFromUser(secretariat),
      input: { kind: "association", name: { fr: "Association Audit", ar: "جمعية التدقيق" } },
    })
  ).id;
  // Written directly: the only way to choose the time. 23:30 UTC on 15 June is 00:30 on the 16th in Casablanca.
  await db.insert(auditEvents).values({
    at: new Date("2026-06-15T23:30:00Z"),
    actor: "cli:import",
    action: "test.clock",
    entityType: "test",
    entityId: "clock",
    changes: { before: { n: 1 }, after: { n: 2 } },
  });
  for (const [name, user] of Object.entries({ secretariat, admin, viewer, council, focal }))
    cookies[name] = await signIn(app, user.email);
});
afterAll(async () => {
  await handle?.close();
});

const get = async (path: string, who?: string) => {
  const response = await app.request(path, { headers: who ? { cookie: cookies[who] ?? "" } : {} });
  return { status: response.status, location: response.headers.get("location"), html: await response.text() };
};

/** Each event carries its action's code for machines; people read its words (tested below). */
const actionCode = (action: string) => `data-action="${action}"`;

describe("GET /{lang}/workspace/audit", () => {
  it("shows the secretariat every event, newest first, with who did it", async () => {
    const { status, html } = await get("/fr/workspace/audit", "secretariat");
    expect(status).toBe(200);
    expect(html).toContain("Journal d’audit");
    expect(html).toContain(actionCode("agreement.create"));
    expect(html).toContain(actionCode("organization.create"));
    expect(html).toContain("HIDDEN-1");
    // A user's event names the user; the factories' events name "system".
    expect(html).toContain("Salma Secrétariat");
    expect(html).toContain(`&lt;${secretariat.email}&gt;`);
    const codes = all(parse(html), 'code[dir="ltr"]').map(textOf);
    expect(codes).toContain("system");
    expect(codes).toContain("cli:import");
    expect(html.indexOf(actionCode("test.clock"))).toBeGreaterThan(
      html.indexOf(actionCode("organization.create")),
    );
    // Entities link to their workspace pages and their histories.
    expect(html).toContain(`href="/fr/workspace/agreements/${hiddenAgreementId}"`);
    expect(html).toContain(`href="/fr/workspace/organizations/${auditedOrganizationId}"`);
    expect(html).toContain(`href="/fr/workspace/history/organization/${auditedOrganizationId}"`);
    // The form offers the users and the other actors that wrote events.
    expect(optionsIn(parse(html), "actor")).toEqual(expect.arrayContaining([secretariat.id, "cli:import"]));
  });

  it("shows each change in a <details>, multilingual texts in their language", async () => {
    const { html } = await get(`/fr/workspace/audit?entityId=${auditedOrganizationId}`, "secretariat");
    const page = parse(html);
    expect(all(page, "details").length).toBeGreaterThan(0);
    expect(all(page, 'span[lang="fr"][dir="ltr"]').map(textOf)).toContain("Association Audit");
    expect(all(page, 'span[lang="ar"][dir="rtl"]').map(textOf)).toContain("جمعية التدقيق");
    // Each language of a multilingual text is its own row, named by the language.
    expect(html).toContain("nom (français)");
  });

  it("filters by action, exactly or by its first part", async () => {
    const exact = await get("/fr/workspace/audit?action=organization.create", "secretariat");
    expect(exact.html).toContain(actionCode("organization.create"));
    expect(exact.html).not.toContain(actionCode("agreement.create"));
    expect(exact.html).toContain('value="organization.create"');
    const prefix = await get("/fr/workspace/audit?action=agreement", "secretariat");
    expect(prefix.html).toContain(actionCode("agreement.create"));
    expect(prefix.html).not.toContain(actionCode("organization.create"));
  });

  it("filters by entity type and id, and by actor", async () => {
    const one = await get(
      `/fr/workspace/audit?entityType=agreement&entityId=${hiddenAgreementId}`,
      "secretariat",
    );
    expect(one.html).toContain("1 événement");
    expect(one.html).toContain("HIDDEN-1");
    expect(one.html).not.toContain("PARTY-1");
    expect(selectedIn(parse(one.html), "entityType")).toEqual(["agreement"]);
    const byActor = await get(`/fr/workspace/audit?actor=${secretariat.id}`, "secretariat");
    expect(byActor.html).toContain("1 événement");
    expect(byActor.html).toContain("Association Audit");
  });

  it("filters by Casablanca days, and shows times on Casablanca's clock", async () => {
    const sixteenth = await get("/fr/workspace/audit?from=2026-06-16&to=2026-06-16", "secretariat");
    expect(sixteenth.html).toContain("1 événement");
    expect(sixteenth.html).toContain(actionCode("test.clock"));
    expect(sixteenth.html).toContain("16 juin 2026");
    expect(sixteenth.html).toContain("00:30:00");
    expect(sixteenth.html).toContain('datetime="2026-06-15T23:30:00.000Z"');
    const fifteenth = await get("/fr/workspace/audit?from=2026-06-15&to=2026-06-15", "secretariat");
    expect(fifteenth.html).toContain("Aucun événement");
    const recent = await get(
      `/fr/workspace/audit?from=${casablancaDay(-1)}&to=${casablancaDay(1)}`,
      "secretariat",
    );
    expect(recent.html).toContain(actionCode("agreement.create"));
    expect(recent.html).not.toContain(actionCode("test.clock"));
  });

  it("answers 400 naming the field when a filter is not valid", async () => {
    const date = await get("/fr/workspace/audit?from=31/12/2026", "secretariat");
    expect(date.status).toBe(400);
    expect(date.html).toContain("« du »");
    const page = await get("/en/workspace/audit?page=0", "secretariat");
    expect(page.status).toBe(400);
    expect(page.html).toContain("“page”");
    const type = await get("/en/workspace/audit?entityType=DROP%20TABLE", "secretariat");
    expect(type.status).toBe(400);
    expect(type.html).toContain("record type");
  });

  it("is refused (403) to viewers, focal points and councils, even with a bad filter", async () => {
    for (const who of ["viewer", "focal", "council"]) {
      expect((await get("/fr/workspace/audit", who)).status).toBe(403);
      expect((await get("/fr/workspace/audit?from=nope", who)).status).toBe(403);
    }
    expect((await get("/fr/workspace/audit", "admin")).status).toBe(200);
  });

  it("sends an anonymous visitor to sign in", async () => {
    const { status, location } = await get("/fr/workspace/audit?action=agreement");
    expect(status).toBe(303);
    expect(location).toMatch(/^\/fr\/workspace\/sign-in\?/);
    expect(decodeURIComponent(location ?? "")).toContain("next=/fr/workspace/audit?action=agreement");
  });

  it("has no way to change anything: no POST route", async () => {
    for (const path of ["/fr/workspace/audit", `/fr/workspace/history/agreement/${partyAgreementId}`]) {
      const response = await app.request(path, {
        method: "POST",
        headers: {
          origin: TEST_ORIGIN,
          cookie: cookies.secretariat ?? "",
          "content-type": "application/x-www-form-urlencoded",
        },
        body: "action=x",
      });
      expect(response.status).toBe(404);
    }
  });

  it("renders in Arabic, right to left", async () => {
    const { status, html } = await get("/ar/workspace/audit", "secretariat");
    expect(status).toBe(200);
    const page = parse(html);
    const root = one(page, "html");
    expect([attr(root, "lang"), attr(root, "dir")]).toEqual(["ar", "rtl"]);
    byRole(page, "heading", translator("ar")("audit.title"));
  });
});

describe("GET /{lang}/workspace/history/:entityType/:entityId", () => {
  it("shows a focal point the history of an agreement its organisation is party to", async () => {
    const { status, html } = await get(`/fr/workspace/history/agreement/${partyAgreementId}`, "focal");
    expect(status).toBe(200);
    expect(html).toContain("Historique : Convention PARTY-1");
    expect(html).toContain(actionCode("agreement.create"));
    expect(html).toContain(`href="/fr/workspace/agreements/${partyAgreementId}"`);
    // No link from each event back to the page itself.
    expect(html).not.toContain("Historique de cet enregistrement");
  });

  it("answers 404 to a focal point for an internal agreement it is not party to, or a malformed id", async () => {
    expect((await get(`/fr/workspace/history/agreement/${hiddenAgreementId}`, "focal")).status).toBe(404);
    expect((await get("/fr/workspace/history/agreement/not-a-uuid", "focal")).status).toBe(404);
    expect((await get(`/fr/workspace/history/agreement/${hiddenAgreementId}`, "viewer")).status).toBe(200);
  });

  it("shows an organisation's history to those who may read it; accounts' to the administrator only", async () => {
    // Party to no agreement: the council may not read it, the viewer may.
    expect((await get(`/fr/workspace/history/organization/${auditedOrganizationId}`, "council")).status).toBe(
      404,
    );
    expect((await get(`/fr/workspace/history/organization/${auditedOrganizationId}`, "viewer")).status).toBe(
      200,
    );
    const account = `/fr/workspace/history/user/${focal.id}`;
    expect((await get(account, "secretariat")).status).toBe(403);
    expect((await get(account, "focal")).status).toBe(403);
    const asAdmin = await get(account, "admin");
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.html).toContain(actionCode("user.create"));
    expect(asAdmin.html).toContain(focal.email);
    expect((await get("/fr/workspace/history/registry/x", "viewer")).status).toBe(403);
    expect((await get("/fr/workspace/history/registry/x", "secretariat")).status).toBe(200);
  });

  it("sends an anonymous visitor to sign in", async () => {
    const { status, location } = await get(`/fr/workspace/history/agreement/${partyAgreementId}`);
    expect(status).toBe(303);
    expect(location).toMatch(/^\/fr\/workspace\/sign-in\?/);
  });
});

describe("accounts in the global log", () => {
  it("are shown to the administrator only", async () => {
    const created = await buildUser(handle.db, { role: "viewer", name: "Compte Discret" });
    const secretariatLog = await (
      await app.request(`/fr/workspace/audit?entityId=${created.id}`, {
        headers: { cookie: cookies.secretariat ?? "" },
      })
    ).text();
    expect(secretariatLog).toContain("Aucun événement ne correspond.");
    const adminLog = await (
      await app.request(`/fr/workspace/audit?entityId=${created.id}`, {
        headers: { cookie: cookies.admin ?? "" },
      })
    ).text();
    expect(adminLog).not.toContain("Aucun événement ne correspond.");
    expect(adminLog).toContain("user.create");
  });
});
