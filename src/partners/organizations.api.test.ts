import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Body, issueOf, jsonClient, tokenFor } from "../../test/api-client.js";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { auditEvents, organizations } from "../db/schema/index.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let focalOrgId: string;
const tokens = { staff: "", staffRead: "", focal: "", council: "", viewer: "" };
let focalCookie: string;
let call: ReturnType<typeof jsonClient>;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  focalOrgId = (
    await buildOrganization(handle.db, {
      kind: "university",
      name: { fr: "Université du point focal" },
      contacts: [{ fullName: "Nadia Focal", email: "nadia@example.org" }],
    })
  ).id;
  const staff = await buildUser(handle.db, { role: "secretariat" });
  const { db } = handle;
  tokens.staff = await tokenFor(db, staff, "write");
  tokens.staffRead = await tokenFor(db, staff, "read");
  const focal = await buildUser(db, { role: "focal_point", organizationId: focalOrgId });
  tokens.focal = await tokenFor(db, focal, "write");
  focalCookie = await signIn(app, focal.email);
  tokens.council = await tokenFor(db, await buildUser(db, { role: "council" }), "write");
  tokens.viewer = await tokenFor(db, await buildUser(db, { role: "viewer" }), "write");
  call = jsonClient(app);
});
afterAll(async () => {
  await handle?.close();
});

const staff = () => ({ token: tokens.staff });
const names = (body: Body) => body.contacts.map((contact: { fullName: string }) => contact.fullName);
async function createOrg(overrides: Body = {}) {
  const answer = await call("POST", "/organizations", staff(), {
    kind: "foundation",
    name: { fr: "Fondation API", ar: "مؤسسة" },
    acronym: "FAPI",
    website: "https://fondation.example.org",
    contacts: [{ fullName: "Amal", email: "amal@example.org" }, { fullName: "Badr" }],
    ...overrides,
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

describe("GET /api/v1/organizations/{id}", () => {
  it("shows the public an organisation party to a public agreement, without its contacts", async () => {
    const org = await buildOrganization(handle.db, { contacts: [{ fullName: "Privée" }] });
    await buildAgreement(handle.db, { parties: [{ organizationId: org.id, role: "implementing" }] });
    const hidden = await buildOrganization(handle.db);
    const seen = await call("GET", `/organizations/${org.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ id: org.id, contacts: null, version: 1 });
    expect(seen.body.agreements).toHaveLength(1);
    expect(seen.body).not.toHaveProperty("nameKey");
    expect((await call("GET", `/organizations/${hidden.id}`)).status).toBe(404);
    const signedIn = await call("GET", `/organizations/${hidden.id}`, { token: tokens.viewer });
    expect(signedIn.status).toBe(200);
    expect(
      (await call("GET", `/organizations/${org.id}`, { token: tokens.staffRead })).body.contacts,
    ).toEqual([expect.objectContaining({ fullName: "Privée", role: null, email: null, phone: null })]);
  });
});

describe("organisation writes as the secretariat", () => {
  it("creates with contacts, changes part of it, and deletes it", async () => {
    const created = await createOrg();
    expect(created).toMatchObject({ kind: "foundation", acronym: "FAPI", version: 1 });
    expect(names(created)).toEqual(["Amal", "Badr"]);
    const patched = await call("PATCH", `/organizations/${created.id}`, staff(), {
      version: 1,
      acronym: "FAPI2",
      website: null,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      version: 2,
      acronym: "FAPI2",
      website: null,
      name: { fr: "Fondation API", ar: "مؤسسة" },
    });
    // contacts left out stay, with their identity
    expect(patched.body.contacts).toEqual(created.contacts);
    const deleted = await call("DELETE", `/organizations/${created.id}?version=2`, staff());
    expect(deleted.status).toBe(204);
    expect((await call("GET", `/organizations/${created.id}`, staff())).status).toBe(404);
  });

  it("refuses a stale version with 409 and changes nothing", async () => {
    const created = await createOrg({ name: { fr: "Fondation versionnée" } });
    await call("PATCH", `/organizations/${created.id}`, staff(), { version: 1, acronym: "V2" });
    for (const [method, path, payload] of [
      ["PATCH", `/organizations/${created.id}`, { version: 1, acronym: "V1" }],
      ["POST", `/organizations/${created.id}/contacts`, { version: 1, fullName: "Tard" }],
      ["PATCH", `/organizations/${created.id}/contacts/${created.contacts[0].id}`, { version: 1, role: "X" }],
      ["DELETE", `/organizations/${created.id}/contacts/${created.contacts[0].id}?version=1`, undefined],
      ["DELETE", `/organizations/${created.id}?version=1`, undefined],
    ] as const) {
      const stale = await call(method, path, staff(), payload);
      expect(stale.status, `${method} ${path}`).toBe(409);
      expect(stale.body.error.code).toBe("conflict");
      expect(issueOf(stale.body, "version").message).toContain("version 2");
    }
    const current = await call("GET", `/organizations/${created.id}`, staff());
    expect(current.body).toMatchObject({ version: 2, acronym: "V2" });
    expect(current.body.contacts).toEqual(created.contacts);
  });

  it("refuses to delete an organisation party to an agreement (409)", async () => {
    const created = await createOrg({ name: { fr: "Fondation liée" } });
    await buildAgreement(handle.db, { parties: [{ organizationId: created.id, role: "funder" }] });
    const refused = await call("DELETE", `/organizations/${created.id}`, staff());
    expect(refused.status).toBe(409);
    expect(issueOf(refused.body, "id").reason).toBe("partyToAgreements");
  });

  it("adds, changes and removes single contacts, each a new version of the organisation", async () => {
    const created = await createOrg({ name: { fr: "Fondation aux contacts" } });
    const [amal, badr] = created.contacts;
    const path = `/organizations/${created.id}/contacts`;
    const added = await call("POST", path, staff(), {
      version: 1,
      fullName: "Chama",
      phone: "+212 5 37 00 00 00",
    });
    expect(added.status).toBe(201);
    expect(names(added.body)).toEqual(["Amal", "Badr", "Chama"]);
    expect(added.body.version).toBe(2);
    const changed = await call("PATCH", `${path}/${amal.id}`, staff(), {
      version: 2,
      role: "Directrice",
      email: null,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.contacts[0]).toEqual({ ...amal, role: "Directrice", email: null });
    const removed = await call("DELETE", `${path}/${badr.id}?version=3`, staff());
    expect(removed.status).toBe(204);
    const current = await call("GET", `/organizations/${created.id}`, staff());
    expect(names(current.body)).toEqual(["Amal", "Chama"]);
    expect(current.body.contacts[0].id).toBe(amal.id);
    expect(current.body.version).toBe(4);
    const unknown = await call("DELETE", `${path}/${badr.id}?version=4`, staff());
    expect(unknown.status).toBe(404);
    const events = await handle.db.select().from(auditEvents).where(eq(auditEvents.entityId, created.id));
    expect(events.map((event) => event.action).sort()).toEqual([
      "organization.create",
      "organization.update",
      "organization.update",
      "organization.update",
    ]);
  });

  it("names the field and the reason of an invalid body, storing nothing", async () => {
    const before = (await handle.db.select({ id: organizations.id }).from(organizations)).length;
    for (const [payload, field, reason] of [
      [{ kind: "foundation", name: { fr: "n".repeat(10_000) } }, "name.fr", "tooLongMax"],
      [{ kind: "foundation", name: { fr: "Nom \u202E" } }, "name.fr", "controlCharacters"],
      [{ kind: "foundation", name: { fr: " \n " } }, "name.fr", "empty"],
      [{ kind: "foundation" }, "name", "required"],
      [{ kind: "castle", name: { fr: "Château" } }, "kind", "invalidChoice"],
      [{ kind: "foundation", name: { fr: "X" }, motto: "?" }, "motto", undefined],
      [{ kind: "foundation", name: { fr: "X" }, website: "javascript:alert(1)" }, "website", "invalidUrl"],
      [
        { kind: "foundation", name: { fr: "X" }, contacts: [{ fullName: "Y", email: "no" }] },
        "contacts.0.email",
        "invalidEmail",
      ],
    ] as const) {
      const answer = await call("POST", "/organizations", staff(), payload);
      expect(answer.status, field).toBe(400);
      const issue = issueOf(answer.body, field);
      expect(issue, `${field}: ${JSON.stringify(answer.body.error.issues)}`).toBeDefined();
      if (reason) expect(issue.reason).toBe(reason);
    }
    expect((await handle.db.select({ id: organizations.id }).from(organizations)).length).toBe(before);
    const created = await createOrg({ name: { fr: "Fondation valide" } });
    for (const [method, path, payload, field] of [
      ["PATCH", `/organizations/${created.id}`, { acronym: "X" }, "version"],
      ["PATCH", `/organizations/${created.id}`, { version: 1, name: { fr: "" } }, "name.fr"],
      [
        "POST",
        `/organizations/${created.id}/contacts`,
        { version: 1, fullName: "Z", phone: "call me" },
        "phone",
      ],
      [
        "PATCH",
        `/organizations/${created.id}/contacts/${created.contacts[0].id}`,
        { version: 1, id: "x" },
        "id",
      ],
      ["DELETE", `/organizations/${created.id}/contacts/${created.contacts[0].id}`, undefined, "version"],
    ] as const) {
      const answer = await call(method, path, staff(), payload);
      expect(answer.status, `${method} ${path}`).toBe(400);
      expect(issueOf(answer.body, field), JSON.stringify(answer.body)).toBeDefined();
    }
    expect((await call("GET", `/organizations/${created.id}`, staff())).body.version).toBe(1);
  });

  it("stores SQL-looking text verbatim", async () => {
    const name = "'; DROP TABLE organizations; --";
    const created = await createOrg({ name: { fr: name }, contacts: [] });
    expect((await call("GET", `/organizations/${created.id}`, staff())).body.name).toEqual({ fr: name });
    expect((await call("GET", "/organizations", staff())).status).toBe(200);
  });
});

describe("who may write organisations", () => {
  it("lets a focal point change its own organisation and contacts, not its kind nor another one", async () => {
    for (const caller of [{ token: tokens.focal }, { cookie: focalCookie }]) {
      const { body: current } = await call("GET", `/organizations/${focalOrgId}`, caller);
      const renamed = await call("PATCH", `/organizations/${focalOrgId}`, caller, {
        version: current.version,
        acronym: caller.token ? "UPF" : "UPF2",
      });
      expect(renamed.status).toBe(200);
      const added = await call("POST", `/organizations/${focalOrgId}/contacts`, caller, {
        version: renamed.body.version,
        fullName: "Nouveau collègue",
      });
      expect(added.status).toBe(201);
      const kind = await call("PATCH", `/organizations/${focalOrgId}`, caller, {
        version: added.body.version,
        kind: "ministry",
      });
      expect(kind.status).toBe(403);
    }
    const other = await buildOrganization(handle.db);
    const focal = { token: tokens.focal };
    expect(
      (await call("PATCH", `/organizations/${other.id}`, focal, { version: 1, acronym: "NO" })).status,
    ).toBe(403);
    expect(
      (await call("POST", `/organizations/${other.id}/contacts`, focal, { version: 1, fullName: "No" }))
        .status,
    ).toBe(403);
    expect((await call("POST", "/organizations", focal, { kind: "other", name: { fr: "Non" } })).status).toBe(
      403,
    );
    expect((await call("DELETE", `/organizations/${focalOrgId}`, focal)).status).toBe(403);
  });

  it("refuses council, viewer (403), read-only tokens (403) and anonymous callers (401)", async () => {
    const org = await buildOrganization(handle.db, { contacts: [{ fullName: "Témoin" }] });
    const { body } = await call("GET", `/organizations/${org.id}`, staff());
    const contactId = body.contacts[0].id;
    const writes: [string, string, unknown][] = [
      ["POST", "/organizations", { kind: "other", name: { fr: "Non" } }],
      ["PATCH", `/organizations/${org.id}`, { version: 1, acronym: "NO" }],
      ["DELETE", `/organizations/${org.id}`, undefined],
      ["POST", `/organizations/${org.id}/contacts`, { version: 1, fullName: "Non" }],
      ["PATCH", `/organizations/${org.id}/contacts/${contactId}`, { version: 1, fullName: "Non" }],
      ["DELETE", `/organizations/${org.id}/contacts/${contactId}?version=1`, undefined],
    ];
    for (const [caller, status] of [
      [{ token: tokens.council }, 403],
      [{ token: tokens.viewer }, 403],
      [{ token: tokens.staffRead }, 403],
      [{}, 401],
    ] as const) {
      for (const [method, path, payload] of writes) {
        expect((await call(method, path, caller, payload)).status, `${method} ${path}`).toBe(status);
      }
    }
    expect((await call("GET", `/organizations/${org.id}`, { token: tokens.staffRead })).body).toMatchObject({
      version: 1,
      contacts: [{ fullName: "Témoin" }],
    });
  });
});

describe("the OpenAPI document", () => {
  it("describes the organisation routes", async () => {
    const { body } = await call("GET", "/openapi.json");
    for (const [path, methods] of [
      ["/organizations", ["get", "post"]],
      ["/organizations/{id}", ["get", "patch", "delete"]],
      ["/organizations/{id}/contacts", ["post"]],
      ["/organizations/{id}/contacts/{contactId}", ["patch", "delete"]],
    ] as const) {
      expect(Object.keys(body.paths[path] ?? {}).sort(), path).toEqual([...methods].sort());
    }
    expect(body.paths["/organizations/{id}"].patch.requestBody.content["application/json"].schema.$ref).toBe(
      "#/components/schemas/OrganizationPatch",
    );
    expect(JSON.stringify(body.components.schemas.OrganizationDetail)).toContain('"contacts"');
  });
});
