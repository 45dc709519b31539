import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization } from "../../test/factories.js";
import type { DatabaseHandle } from "../db/client.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let publicId: string;
let internalId: string;
let ministryId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  const ministry = await buildOrganization(handle.db, {
    kind: "ministry",
    name: { fr: "Ministère API", en: "API Ministry" },
  });
  ministryId = ministry.id;
  publicId = (
    await buildAgreement(handle.db, {
      reference: "API-1",
      parties: [{ organizationId: ministry.id, role: "funder" }],
      objectives: [{ en: "One" }, { en: "Two" }, { en: "Three" }],
      actionPlans: [{ title: { en: "Plan 2026" } }],
    })
  ).id;
  internalId = (await buildAgreement(handle.db, { reference: "API-2", visibility: "internal" })).id;
});
afterAll(async () => {
  await handle?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: the tests read loosely typed JSON answers
type Body = Record<string, any>;

const json = async (path: string) => {
  const response = await app.request(path);
  return { status: response.status, body: (await response.json()) as Body };
};

describe("GET /api/v1/agreements", () => {
  it("lists public agreements with their parties, and the total", async () => {
    const { status, body } = await json("/api/v1/agreements?limit=100");
    expect(status).toBe(200);
    const ids = body.items.map((item: { id: string }) => item.id);
    expect(ids).toContain(publicId);
    expect(ids).not.toContain(internalId);
    expect(body.total).toBe(ids.length);
    const item = body.items.find((entry: { id: string }) => entry.id === publicId);
    expect(item.parties).toEqual([
      {
        organization: {
          id: ministryId,
          name: { fr: "Ministère API", en: "API Ministry" },
          kind: "ministry",
          acronym: null,
        },
        role: "funder",
      },
    ]);
    expect(item).not.toHaveProperty("searchText");
  });

  it("filters and pages", async () => {
    const { body } = await json("/api/v1/agreements?partnerKind=ministry&q=api&limit=1&offset=0");
    expect(body.items.map((item: { reference: string }) => item.reference)).toEqual(["API-1"]);
    expect(body.total).toBe(1);
  });

  it("rejects bad parameters with 400 naming the field and the reason", async () => {
    for (const [query, field] of [
      ["limit=0", "limit"],
      ["limit=abc", "limit"],
      ["offset=-1", "offset"],
      ["status=open", "status"],
      ["territory=rabat", "territory"],
      ["year=twenty", "year"],
      ["unknown=1", "unknown"],
    ] as const) {
      const { status, body } = await json(`/api/v1/agreements?${query}`);
      expect(status, query).toBe(400);
      expect(body.error.code).toBe("validation");
      expect(
        body.error.issues.map((issue: { field: string }) => issue.field),
        query,
      ).toContain(field);
      expect(body.error.issues[0].message.length).toBeGreaterThan(3);
    }
  });
});

describe("GET /api/v1/agreements/{id}", () => {
  it("returns the agreement with objectives in order and action plans", async () => {
    const { status, body } = await json(`/api/v1/agreements/${publicId}`);
    expect(status).toBe(200);
    expect(body.reference).toBe("API-1");
    expect(body.objectives.map((objective: { text: { en: string } }) => objective.text.en)).toEqual([
      "One",
      "Two",
      "Three",
    ]);
    expect(body.actionPlans.map((plan: { title: { en: string } }) => plan.title.en)).toEqual(["Plan 2026"]);
    expect(body.title).toEqual({ fr: expect.any(String), en: expect.any(String) });
  });

  it("answers 404 for an internal, unknown or malformed id", async () => {
    expect((await json(`/api/v1/agreements/${internalId}`)).status).toBe(404);
    expect((await json("/api/v1/agreements/00000000-0000-4000-8000-000000000000")).body.error.code).toBe(
      "not_found",
    );
    const malformed = await json("/api/v1/agreements/123");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.issues[0].field).toBe("id");
  });
});

describe("organisations, territories, OpenAPI and health", () => {
  it("lists organisations party to public agreements only", async () => {
    const internalOnly = await buildOrganization(handle.db, { name: { en: "Hidden Partner" } });
    await buildAgreement(handle.db, {
      visibility: "internal",
      parties: [{ organizationId: internalOnly.id, role: "signatory" }],
    });
    const { body } = await json("/api/v1/organizations");
    const ids = body.items.map((item: { id: string }) => item.id);
    expect(ids).toContain(ministryId);
    expect(ids).not.toContain(internalOnly.id);
    expect((await json("/api/v1/organizations?kind=castle")).status).toBe(400);
  });

  it("lists the 87 territories, filterable by kind and region", async () => {
    expect((await json("/api/v1/territories")).body.total).toBe(87);
    expect((await json("/api/v1/territories?kind=region")).body.total).toBe(12);
    const { body } = await json("/api/v1/territories?region=04");
    expect(body.items.map((item: { code: string }) => item.code)).toContain("04.421");
    expect(body.items.find((item: { code: string }) => item.code === "04.421").name).toEqual({
      ar: "الرباط",
      fr: "Rabat",
      en: "Rabat",
    });
  });

  it("publishes an OpenAPI document describing every route", async () => {
    const { status, body } = await json("/api/v1/openapi.json");
    expect(status).toBe(200);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        "/agreements",
        "/agreements/{id}",
        "/agreements/{id}/transitions",
        "/agreements/{id}/publication",
        "/agreements/{id}/commitments/{organizationId}",
        "/organizations",
        "/organizations/{id}",
        "/organizations/{id}/contacts",
        "/organizations/{id}/contacts/{contactId}",
        "/territories",
      ]),
    );
    expect(JSON.stringify(body.components.schemas.Agreement)).toContain('"objectives"');
    const parameters = body.paths["/agreements"].get.parameters.map(
      (parameter: { name: string }) => parameter.name,
    );
    expect(parameters).toEqual(
      expect.arrayContaining(["limit", "offset", "status", "kind", "theme", "territory", "partnerKind", "q"]),
    );
  });

  it("reports health once migrated", async () => {
    const { status, body } = await json("/healthz");
    expect(status).toBe(200);
    expect(body.status).toBe("ok");
  });
});
