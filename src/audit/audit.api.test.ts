import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildUser } from "../../test/factories.js";
import { signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { createApiToken } from "../tokens/tokens.service.js";
import { actorFromUser } from "../users/users.presenter.js";
import { auditApiRoutes } from "./audit.api.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
const cookies: Record<string, string> = {};
let focal: Awaited<ReturnType<typeof buildUser>>;
let partyAgreementId: string;
let hiddenAgreementId: string;
let tokenId: string;
let tokenSecret: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  const { db } = handle;
  const secretariat = await buildUser(db, { role: "secretariat" });
  const admin = await buildUser(db, { role: "admin" });
  const viewer = await buildUser(db, { role: "viewer" });
  focal = await buildUser(db, { role: "focal_point" });
  partyAgreementId = (
    await buildAgreement(db, {
      reference: "API-PARTY",
      visibility: "internal",
      parties: [{ organizationId: focal.organizationId as string, role: "signatory" }],
    })
  ).id;
  hiddenAgreementId = (await buildAgreement(db, { reference: "API-HIDDEN", visibility: "internal" })).id;
  const created = await createApiToken({ db, actor: actorFromUser(focal), input: { name: "Focal CI" } });
  tokenId = created.token.id;
  const staffToken = await createApiToken({
    db,
    actor: actorFromUser(secretariat),
    input: { name: "Staff" },
  });
  tokenSecret = staffToken.secret;
  for (const [name, user] of Object.entries({ secretariat, admin, viewer, focal }))
    cookies[name] = await signIn(app, user.email);
});
afterAll(async () => {
  await handle?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: the tests read loosely typed JSON answers
type Body = Record<string, any>;

const json = async (path: string, who?: string, headers: Record<string, string> = {}) => {
  const response = await app.request(path, {
    headers: { ...(who ? { cookie: cookies[who] ?? "" } : {}), ...headers },
  });
  return { status: response.status, body: (await response.json()) as Body };
};

describe("GET /api/v1/audit-events", () => {
  it("answers 401 to anonymous callers and 403 to those who are not staff", async () => {
    const anonymous = await json("/api/v1/audit-events");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("unauthenticated");
    for (const who of ["viewer", "focal"]) {
      const refused = await json("/api/v1/audit-events?from=bad", who);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe("forbidden");
    }
  });

  it("lists events for the secretariat, newest first, as presented diffs", async () => {
    const { status, body } = await json("/api/v1/audit-events?limit=100", "secretariat");
    expect(status).toBe(200);
    expect(body.total).toBe(body.items.length);
    const times = body.items.map((item: Body) => item.at);
    expect([...times].sort().reverse()).toEqual(times);
    const created = body.items.find(
      (item: Body) => item.action === "agreement.create" && item.entityId === hiddenAgreementId,
    );
    expect(created).toMatchObject({
      actor: { id: "system", name: null, email: null },
      entityType: "agreement",
      kind: "create",
    });
    expect(created.changes).toContainEqual({ path: "reference", after: "API-HIDDEN" });
    // Accounts and tokens are the administrator's: the secretariat's log leaves them out.
    expect(
      body.items.some((item: Body) => item.entityType === "api_token" || item.entityType === "user"),
    ).toBe(false);
    const adminView = await json("/api/v1/audit-events?limit=100", "admin");
    // A token's event never carries its hash.
    const token = adminView.body.items.find(
      (item: Body) => item.action === "api_token.create" && item.entityId === tokenId,
    );
    expect(token.actor).toEqual({ id: focal.id, name: focal.name, email: focal.email });
    expect(JSON.stringify(token)).not.toMatch(/secretHash|secret_hash/);
  });

  it("filters by action, entity and dates; works with a bearer token", async () => {
    const { body } = await json(
      `/api/v1/audit-events?action=agreement&entityType=agreement&entityId=${partyAgreementId}`,
      undefined,
      { authorization: `Bearer ${tokenSecret}` },
    );
    expect(body.total).toBe(1);
    expect(body.items[0].entityId).toBe(partyAgreementId);
    const old = await json("/api/v1/audit-events?to=2000-01-01", "admin");
    expect(old.body).toEqual({ items: [], total: 0 });
  });

  it("counts the events written since a count was last given, as the staff and as the administrator", async () => {
    const totalOf = async (who: string) =>
      (await json("/api/v1/audit-events?action=agreement.create", who)).body.total;
    const before = { secretariat: await totalOf("secretariat"), admin: await totalOf("admin") };
    await buildAgreement(handle.db, { reference: "API-COUNTED" });
    expect(await totalOf("secretariat")).toBe(before.secretariat + 1);
    expect(await totalOf("admin")).toBe(before.admin + 1);
    // An account's events are the administrator's: counted for it, never for the staff.
    await buildUser(handle.db, { role: "viewer" });
    const accounts = async (who: string) =>
      (await json("/api/v1/audit-events?entityType=user", who)).body.total;
    expect(await accounts("secretariat")).toBe(0);
    const adminAccounts = await accounts("admin");
    expect(adminAccounts).toBeGreaterThan(0);
    await buildUser(handle.db, { role: "viewer" });
    expect(await accounts("admin")).toBe(adminAccounts + 1);
  });

  it("answers 400 naming the field for a bad or unknown parameter", async () => {
    const bad = await json("/api/v1/audit-events?from=01/02/2026", "secretariat");
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].field).toBe("from");
    const unknown = await json("/api/v1/audit-events?who=me", "secretariat");
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues[0].field).toBe("who");
  });

  it("filters by an agreement's reference and the kind of change, keeping the codes machines read", async () => {
    const { body } = await json("/api/v1/audit-events?record=api-party&change=create", "secretariat");
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({
      action: "agreement.create",
      entityId: partyAgreementId,
      kind: "create",
    });
    for (const [query, field] of [
      ["record=NO-SUCH-ONE", "record"],
      ["change=explode", "change"],
      ["entityType=spaceship", "entityType"],
    ]) {
      const refused = await json(`/api/v1/audit-events?${query}`, "secretariat");
      expect(refused.status, query).toBe(400);
      expect(refused.body.error.issues[0].field, query).toBe(field);
    }
  });

  it("has no way to change anything", async () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const response = await app.request("/api/v1/audit-events", {
        method,
        headers: {
          origin: TEST_ORIGIN,
          cookie: cookies.secretariat ?? "",
          "content-type": "application/json",
        },
        body: "{}",
      });
      expect(response.status).toBe(404);
    }
  });
});

describe("GET /api/v1/history/{entityType}/{entityId}", () => {
  it("shows a focal point its own agreement's history, and 404 for an internal one it is not party to", async () => {
    const own = await json(`/api/v1/history/agreement/${partyAgreementId}`, "focal");
    expect(own.status).toBe(200);
    expect(own.body.items.map((item: Body) => item.action)).toEqual(["agreement.create"]);
    expect((await json(`/api/v1/history/agreement/${hiddenAgreementId}`, "focal")).status).toBe(404);
    expect((await json(`/api/v1/history/agreement/${hiddenAgreementId}`)).status).toBe(401);
  });

  it("keeps accounts to the administrator, and a person's own tokens to that person", async () => {
    expect((await json(`/api/v1/history/user/${focal.id}`, "secretariat")).status).toBe(403);
    const asAdmin = await json(`/api/v1/history/user/${focal.id}`, "admin");
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.items[0].action).toBe("user.create");
    expect((await json(`/api/v1/history/api_token/${tokenId}`, "focal")).status).toBe(200);
    expect((await json(`/api/v1/history/api_token/${tokenId}`, "viewer")).status).toBe(403);
    expect((await json(`/api/v1/history/api_token/${tokenId}`, "admin")).status).toBe(200);
  });

  it("answers 400 for a malformed entity type", async () => {
    expect((await json("/api/v1/history/Agreement!/x", "admin")).status).toBe(400);
  });
});

describe("the OpenAPI document", () => {
  it("describes both endpoints and the event's shape", () => {
    const document = auditApiRoutes().getOpenAPI31Document({
      openapi: "3.1.0",
      info: { title: "test", version: "1" },
    });
    expect(Object.keys(document.paths ?? {})).toEqual(
      expect.arrayContaining(["/audit-events", "/history/{entityType}/{entityId}"]),
    );
    expect(document.components?.schemas).toHaveProperty("AuditEvent");
    expect(document.components?.schemas).toHaveProperty("AuditEventList");
  });
});
