import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Body, type Caller, jsonClient, tokenFor } from "../../test/api-client.js";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { agreements } from "../db/schema/index.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let partnerId: string;
let focalOrgId: string;
let otherOrgId: string;
const tokens = { staff: "", staffRead: "", focal: "", council: "", viewer: "" };
let staffCookie: string;
let call: ReturnType<typeof jsonClient>;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  partnerId = (await buildOrganization(handle.db, { name: { fr: "Partenaire API" } })).id;
  focalOrgId = (await buildOrganization(handle.db, { name: { fr: "Organisation du point focal" } })).id;
  otherOrgId = (await buildOrganization(handle.db, { name: { fr: "Autre organisation" } })).id;
  const staff = await buildUser(handle.db, { role: "secretariat" });
  const { db } = handle;
  tokens.staff = await tokenFor(db, staff, "write");
  tokens.staffRead = await tokenFor(db, staff, "read");
  const focal = await buildUser(db, { role: "focal_point", organizationId: focalOrgId });
  tokens.focal = await tokenFor(db, focal, "write");
  tokens.council = await tokenFor(db, await buildUser(db, { role: "council" }), "write");
  tokens.viewer = await tokenFor(db, await buildUser(db, { role: "viewer" }), "write");
  call = jsonClient(app);
  staffCookie = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
});
afterAll(async () => {
  await handle?.close();
});

const staff = () => ({ token: tokens.staff });
let sequence = 0;
const newAgreement = (overrides: Body = {}) => ({
  reference: `API-W-${++sequence}`,
  kind: "partnership",
  title: { fr: `Convention écrite par l'API ${sequence}`, ar: `اتفاقية ${sequence}` },
  parties: [{ organizationId: partnerId, role: "signatory" }],
  objectives: [{ fr: "Premier objectif" }, { fr: "Second objectif" }],
  ...overrides,
});
const fieldsOf = (body: Body) =>
  body.error.issues.map((issue: { field: string; reason?: string }) => [issue.field, issue.reason]);

describe("an agreement's life through the API, as the secretariat", () => {
  it("creates, changes part of it, moves it through its statuses, publishes it", async () => {
    const created = await call("POST", "/agreements", staff(), newAgreement({ themes: ["research"] }));
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.headers.get("location")).toBe(`/api/v1/agreements/${id}`);
    expect(created.body).toMatchObject({ status: "draft", visibility: "internal", version: 1 });
    expect(created.body).not.toHaveProperty("searchText");
    const objectiveIds = created.body.objectives.map((objective: { id: string }) => objective.id);

    const patched = await call("PATCH", `/agreements/${id}`, staff(), {
      version: 1,
      title: { fr: "Titre changé" },
      effectiveOn: "2026-01-01",
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ version: 2, title: { fr: "Titre changé" }, themes: ["research"] });
    expect(patched.body.parties[0].organization.id).toBe(partnerId);
    // what the patch left out stays, objectives keeping their identity
    expect(patched.body.objectives.map((objective: { id: string }) => objective.id)).toEqual(objectiveIds);

    const cleared = await call("PATCH", `/agreements/${id}`, staff(), { version: 2, effectiveOn: null });
    expect(cleared.body).toMatchObject({ version: 3, effectiveOn: null, title: { fr: "Titre changé" } });

    const negotiation = await call("POST", `/agreements/${id}/transitions`, staff(), {
      to: "negotiation",
      version: 3,
    });
    expect(negotiation.body).toMatchObject({ status: "negotiation", version: 4 });
    const unsigned = await call("POST", `/agreements/${id}/transitions`, staff(), {
      to: "signed",
      version: 4,
    });
    expect(unsigned.status).toBe(409);
    expect(unsigned.body.error.code).toBe("invalid_transition");
    expect(fieldsOf(unsigned.body)[0][0]).toBe("signedOn");
    const signed = await call("POST", `/agreements/${id}/transitions`, staff(), {
      to: "signed",
      signedOn: "2026-03-02",
      version: 4,
    });
    expect(signed.body).toMatchObject({ status: "signed", signedOn: "2026-03-02", version: 5 });

    expect((await call("GET", `/agreements/${id}`)).status).toBe(404);
    const published = await call("POST", `/agreements/${id}/publication`, staff(), {
      visibility: "public",
      version: 5,
    });
    expect(published.body).toMatchObject({ visibility: "public", version: 6 });
    const seen = await call("GET", `/agreements/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.title).toEqual({ fr: "Titre changé" });

    // only a draft can be deleted
    const refused = await call("DELETE", `/agreements/${id}?version=6`, staff());
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("invalid_transition");
  });

  it("deletes a draft with 204, after which it is not found", async () => {
    const { body } = await call("POST", "/agreements", staff(), newAgreement());
    // as a script sends it: a bearer token, no Origin, no body
    // A draft changed since the script read it is not deleted unseen.
    const stale = await call("DELETE", `/agreements/${body.id}?version=7`, staff());
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("conflict");
    const deleted = await app.request(`/api/v1/agreements/${body.id}?version=1`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${tokens.staff}` },
    });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    expect((await call("GET", `/agreements/${body.id}`, staff())).status).toBe(404);
    expect((await call("DELETE", `/agreements/${body.id}?version=1`, staff())).status).toBe(404);
  });

  it("refuses a change made on a stale version with 409 naming the current one, changing nothing", async () => {
    const { body } = await call("POST", "/agreements", staff(), newAgreement());
    await call("PATCH", `/agreements/${body.id}`, staff(), { version: 1, title: { fr: "Première" } });
    for (const [method, path, payload] of [
      ["PATCH", `/agreements/${body.id}`, { version: 1, title: { fr: "Écrasée" } }],
      ["POST", `/agreements/${body.id}/publication`, { visibility: "public", version: 1 }],
      ["POST", `/agreements/${body.id}/transitions`, { to: "negotiation", version: 1 }],
      ["PUT", `/agreements/${body.id}/commitments/${partnerId}`, { version: 1, commitments: [{ fr: "X" }] }],
    ] as const) {
      const stale = await call(method, path, staff(), payload);
      expect(stale.status, path).toBe(409);
      expect(stale.body.error.code).toBe("conflict");
      expect(stale.body.error.issues[0].field).toBe("version");
      expect(stale.body.error.issues[0].message).toContain("version 2");
    }
    const current = await call("GET", `/agreements/${body.id}`, staff());
    expect(current.body).toMatchObject({
      version: 2,
      title: { fr: "Première" },
      visibility: "internal",
      status: "draft",
      commitments: [],
    });
  });

  it("works the same with the workspace's session cookie", async () => {
    const cookie = { cookie: staffCookie };
    const created = await call("POST", "/agreements", cookie, newAgreement());
    expect(created.status).toBe(201);
    const patched = await call("PATCH", `/agreements/${created.body.id}`, cookie, {
      version: 1,
      summary: { en: "Through the session" },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.summary).toEqual({ en: "Through the session" });
    // objectives sent with their ids keep them, in the new order; one without an id is new
    const [first, second] = created.body.objectives;
    const reordered = await call("PATCH", `/agreements/${created.body.id}`, cookie, {
      version: 2,
      objectives: [second.text, first.text, { en: "Third" }],
      objectiveIds: [second.id, first.id, null],
    });
    const objectives = reordered.body.objectives;
    expect(objectives.map((objective: Body) => objective.id).slice(0, 2)).toEqual([second.id, first.id]);
    expect(objectives.map((objective: Body) => objective.text)).toEqual([
      second.text,
      first.text,
      { en: "Third" },
    ]);
  });

  it("stores SQL-looking text verbatim, and the table is still there", async () => {
    const text = "'; DROP TABLE agreements; --";
    const created = await call("POST", "/agreements", staff(), newAgreement({ title: { fr: text } }));
    expect(created.status).toBe(201);
    expect((await call("GET", `/agreements/${created.body.id}`, staff())).body.title).toEqual({ fr: text });
    const [row] = await handle.db
      .select({ title: agreements.title })
      .from(agreements)
      .where(eq(agreements.id, created.body.id));
    expect(row?.title).toEqual({ fr: text });
    const [count] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(agreements);
    expect(count?.n).toBeGreaterThan(1);
    expect((await call("GET", "/agreements?limit=1", staff())).status).toBe(200);
  });
});

describe("an agreement's territorial scope", () => {
  const council = () => ({ token: tokens.council }); // the council of Tétouan (01.571)

  it("is the territories named when the input does not say national, so other councils cannot read it", async () => {
    const created = await call("POST", "/agreements", staff(), newAgreement({ territoryCodes: ["04.421"] }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ national: false, visibility: "internal" });
    expect((await call("GET", `/agreements/${created.body.id}`, council())).status).toBe(404);

    const reachingTetouan = await call(
      "POST",
      "/agreements",
      staff(),
      newAgreement({ territoryCodes: ["01.571"] }),
    );
    expect(reachingTetouan.body.national).toBe(false);
    expect((await call("GET", `/agreements/${reachingTetouan.body.id}`, council())).status).toBe(200);
  });

  it("is national when no territory is named, or when the input asks for it", async () => {
    const unnamed = await call("POST", "/agreements", staff(), newAgreement());
    expect(unnamed.body.national).toBe(true);
    const asked = await call(
      "POST",
      "/agreements",
      staff(),
      newAgreement({ national: true, territoryCodes: ["04.421"] }),
    );
    expect(asked.body.national).toBe(true);
    expect((await call("GET", `/agreements/${asked.body.id}`, council())).status).toBe(200);
  });

  it("becomes territorial when a PATCH names territories without a word on the scope", async () => {
    const created = await call("POST", "/agreements", staff(), newAgreement());
    const id = created.body.id;
    const patched = await call("PATCH", `/agreements/${id}`, staff(), {
      version: 1,
      territoryCodes: ["04.421"],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ national: false, version: 2 });
    expect((await call("GET", `/agreements/${id}`, council())).status).toBe(404);
  });

  it("stays national when a PATCH sends back the same territories with another change", async () => {
    const created = await call(
      "POST",
      "/agreements",
      staff(),
      newAgreement({ national: true, territoryCodes: ["04.421", "01.571"] }),
    );
    const id = created.body.id;
    const patched = await call("PATCH", `/agreements/${id}`, staff(), {
      version: 1,
      territoryCodes: ["01.571", "04.421"],
      title: { fr: "Titre revu", ar: "عنوان منقح", en: "Revised title" },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ national: true, version: 2, title: { en: "Revised title" } });
    // A set that does change, without a word on the scope, makes it territorial as before.
    const outside = await call("PATCH", `/agreements/${id}`, staff(), {
      version: 2,
      territoryCodes: ["04.421"],
    });
    expect(outside.body).toMatchObject({ national: false, version: 3 });
  });
});

describe("who may write", () => {
  let agreementId: string;
  beforeAll(async () => {
    agreementId = (
      await buildAgreement(handle.db, {
        visibility: "internal",
        parties: [
          { organizationId: focalOrgId, role: "signatory" },
          { organizationId: otherOrgId, role: "signatory" },
        ],
        commitments: [{ organizationId: otherOrgId, text: { fr: "L'engagement de l'autre" } }],
      })
    ).id;
  });

  it("lets a focal point set its own organisation's commitments, and nothing else", async () => {
    const focal = { token: tokens.focal };
    const own = await call("PUT", `/agreements/${agreementId}/commitments/${focalOrgId}`, focal, {
      version: 1,
      commitments: [{ fr: "Accueillir des stagiaires" }, { ar: "تكوين الأطر" }],
    });
    expect(own.status).toBe(200);
    expect(own.body.version).toBe(2);
    expect(
      own.body.commitments.map((item: { organizationId: string; text: object }) => [
        item.organizationId,
        item.text,
      ]),
    ).toEqual([
      [otherOrgId, { fr: "L'engagement de l'autre" }],
      [focalOrgId, { fr: "Accueillir des stagiaires" }],
      [focalOrgId, { ar: "تكوين الأطر" }],
    ]);
    const others = await call("PUT", `/agreements/${agreementId}/commitments/${otherOrgId}`, focal, {
      version: 2,
      commitments: [],
    });
    expect(others.status).toBe(403);
    expect(others.body.error.code).toBe("forbidden");
    expect((await call("PATCH", `/agreements/${agreementId}`, focal, { version: 2 })).status).toBe(403);
    expect((await call("POST", "/agreements", focal, newAgreement())).status).toBe(403);
    expect((await call("DELETE", `/agreements/${agreementId}?version=1`, focal)).status).toBe(403);
  });

  it("refuses council and viewer writes with 403, whatever the route", async () => {
    for (const token of [tokens.council, tokens.viewer]) {
      for (const [method, path, payload] of writes(agreementId)) {
        const answer = await call(method, path, { token }, payload);
        expect(answer.status, `${method} ${path}`).toBe(403);
        expect(answer.body.error.code).toBe("forbidden");
      }
    }
  });

  it("refuses anonymous writes with 401", async () => {
    for (const [method, path, payload] of writes(agreementId)) {
      const answer = await call(method, path, {}, payload);
      expect(answer.status, `${method} ${path}`).toBe(401);
      expect(answer.body.error.code).toBe("unauthenticated");
    }
  });

  it("lets a read-only token read everything its user may, and write nothing (403)", async () => {
    const reader = { token: tokens.staffRead };
    const before = await call("GET", `/agreements/${agreementId}`, reader);
    expect(before.status).toBe(200);
    expect((await call("GET", "/agreements?limit=5", reader)).status).toBe(200);
    expect(
      (await app.request("/api/v1/agreements", { method: "HEAD", headers: bearer(reader) })).status,
    ).toBe(200);
    for (const [method, path, payload] of writes(agreementId)) {
      const answer = await call(method, path, reader, payload);
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.error.message).toContain("read-only");
    }
    expect((await call("GET", `/agreements/${agreementId}`, reader)).body.version).toBe(before.body.version);
  });

  it("never allows another site's scripts in (no CORS), so a session's JSON writes need no CSRF token", async () => {
    const preflight = await app.request("/api/v1/agreements", {
      method: "OPTIONS",
      headers: {
        origin: "https://elsewhere.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-methods")).toBeNull();
    const read = await app.request("/api/v1/agreements", {
      headers: { origin: "https://elsewhere.example" },
    });
    expect(read.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses a token that is not valid with 401", async () => {
    const answer = await call("POST", "/agreements", { token: "shk_not-a-real-token" }, newAgreement());
    expect(answer.status).toBe(401);
  });
});

const bearer = (caller: Caller) => ({ authorization: `Bearer ${caller.token}` });

/** One valid request per agreement write route. */
const writes = (id: string): [string, string, unknown][] => [
  ["POST", "/agreements", newAgreement()],
  ["PATCH", `/agreements/${id}`, { version: 1, title: { fr: "Non" } }],
  ["POST", `/agreements/${id}/transitions`, { to: "negotiation", version: 1 }],
  ["POST", `/agreements/${id}/publication`, { visibility: "public", version: 1 }],
  ["DELETE", `/agreements/${id}?version=1`, undefined],
  ["PUT", `/agreements/${id}/commitments/${partnerId}`, { version: 1, commitments: [] }],
];
