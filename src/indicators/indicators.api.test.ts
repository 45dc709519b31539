import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement } from "../../test/factories.js";
import type { DatabaseHandle } from "../db/client.js";
import type { Actor } from "../shared/actor.js";
import { createApiToken } from "../tokens/tokens.service.js";
import {
  type IndicatorFixture,
  indicatorFixture,
  indicatorInput,
  insertIndicator,
  insertIndicatorValue,
} from "./indicators.test-support.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let fixture: IndicatorFixture;
const tokens: Record<string, string> = {};

const tokenOf = async (actor: Actor, scope: "read" | "write" = "write") =>
  (
    await createApiToken({
      db: handle.db,
      actor: { ...actor, via: "session" },
      input: { name: "test", scope },
    })
  ).secret;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  fixture = await indicatorFixture(handle.db);
  tokens.staff = await tokenOf(fixture.actors.staff);
  tokens.staffRead = await tokenOf(fixture.actors.staff, "read");
  tokens.focal = await tokenOf(fixture.actors.focal);
  tokens.otherFocal = await tokenOf(fixture.actors.otherFocal);
  tokens.council = await tokenOf(fixture.actors.council);
});
afterAll(async () => {
  await handle?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: the tests read loosely typed JSON answers
type Body = Record<string, any>;

async function call(method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await app.request(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as Body,
    headers: response.headers,
  };
}

const newInput = (overrides = {}) =>
  indicatorInput(fixture.objectiveIds[0] as string, fixture.partnerId, {
    baselineOn: "2025-01-01",
    targetOn: "2027-12-31",
    ...overrides,
  });

describe("indicators in the API", () => {
  it("lets the staff create one, answering it with its figures and its address", async () => {
    const created = await call(
      "POST",
      `/agreements/${fixture.agreementId}/indicators`,
      tokens.staff,
      newInput(),
    );
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/api/v1/indicators/${created.body.id}`);
    expect(created.body).toMatchObject({
      agreementId: fixture.agreementId,
      objectiveId: fixture.objectiveIds[0],
      baselineValue: 0,
      targetValue: 200,
      frequency: "quarterly",
      version: 1,
      values: [],
      figures: { actual: null, achievement: null, status: "no_data", awaitingReview: 0 },
    });
    expect(created.body.figures.missingPeriods).toContain("2025-Q1");
  });

  it("refuses a faulty body naming each field, and an unknown field", async () => {
    const faulty = await call(
      "POST",
      `/agreements/${fixture.agreementId}/indicators`,
      tokens.staff,
      newInput({ targetValue: -5, surprise: true }),
    );
    expect(faulty.status).toBe(400);
    expect(faulty.body.error.issues.map((issue: Body) => issue.field)).toEqual(["surprise"]);
    const wrongSide = await call(
      "POST",
      `/agreements/${fixture.agreementId}/indicators`,
      tokens.staff,
      newInput({ targetValue: -5 }),
    );
    expect(wrongSide.status).toBe(400);
    expect(wrongSide.body.error.issues).toEqual([
      expect.objectContaining({ field: "targetValue", reason: "indicators.reasons.targetBelowBaseline" }),
    ]);
  });

  it("refuses writes to whoever is not staff before reading the body", async () => {
    for (const token of [tokens.focal, tokens.council, tokens.staffRead]) {
      const response = await call("POST", `/agreements/${fixture.agreementId}/indicators`, token, {
        nonsense: 1,
      });
      expect(response.status).toBe(403);
    }
    expect((await call("POST", `/agreements/${fixture.agreementId}/indicators`, undefined, {})).status).toBe(
      401,
    );
  });

  it("changes an indicator as of its version (PATCH), refusing a stale one", async () => {
    const indicator = await insertIndicator(handle.db, fixture.agreementId);
    const patched = await call("PATCH", `/indicators/${indicator.id}`, tokens.staff, {
      version: 1,
      targetValue: 150,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ targetValue: 150, version: 2, name: indicator.name });
    const moved = await call("PATCH", `/indicators/${indicator.id}`, tokens.staff, {
      version: 2,
      objectiveId: fixture.objectiveIds[1],
    });
    expect(moved.body).toMatchObject({ objectiveId: fixture.objectiveIds[1], activityId: null, version: 3 });
    const stale = await call("PATCH", `/indicators/${indicator.id}`, tokens.staff, {
      version: 1,
      targetValue: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.issues[0]).toMatchObject({ field: "version", reason: "staleVersion" });
  });

  it("deletes an indicator without approved values, and refuses one with them", async () => {
    const kept = await insertIndicator(handle.db, fixture.agreementId);
    await insertIndicatorValue(handle.db, kept.id, { status: "approved" });
    const refused = await call("DELETE", `/indicators/${kept.id}`, tokens.staff);
    expect(refused.status).toBe(409);
    expect(refused.body.error.issues[0]).toMatchObject({ reason: "indicators.reasons.hasApprovedValues" });
    const gone = await insertIndicator(handle.db, fixture.agreementId);
    expect((await call("DELETE", `/indicators/${gone.id}?version=1`, tokens.staff)).status).toBe(204);
    expect((await call("GET", `/indicators/${gone.id}`, tokens.staff)).status).toBe(404);
  });
});

describe("values and their review in the API", () => {
  it("takes a focal point's value for review; the staff approve it and it counts", async () => {
    const indicator = await insertIndicator(handle.db, fixture.agreementId, { baselineOn: "2025-01-01" });
    const path = `/indicators/${indicator.id}/values`;
    const submitted = await call("POST", path, tokens.focal, {
      period: "2025-Q1",
      value: 30,
      comment: "first count",
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({
      period: "2025-Q1",
      periodStart: "2025-01-01",
      periodEnd: "2025-03-31",
      value: 30,
      status: "submitted",
      comment: "first count",
      enteredBy: fixture.actors.focal.id,
      enteredByName: fixture.actors.focal.name,
      version: 1,
    });
    const replaced = await call("POST", path, tokens.focal, { period: "2025-Q1", value: 35, version: 1 });
    expect([replaced.status, replaced.body.value, replaced.body.version]).toEqual([200, 35, 2]);

    const valueId = submitted.body.id;
    expect(
      (
        await call("POST", `/indicator-values/${valueId}/review`, tokens.focal, {
          decision: "approve",
          version: 2,
        })
      ).status,
    ).toBe(403);
    const noReason = await call("POST", `/indicator-values/${valueId}/review`, tokens.staff, {
      decision: "return",
      version: 2,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.issues[0]).toMatchObject({
      field: "reason",
      reason: "indicators.reasons.returnReasonRequired",
    });
    const approved = await call("POST", `/indicator-values/${valueId}/review`, tokens.staff, {
      decision: "approve",
      version: 2,
    });
    expect(approved.body).toMatchObject({
      status: "approved",
      reviewedBy: fixture.actors.staff.id,
      version: 3,
    });
    const again = await call("POST", `/indicator-values/${valueId}/review`, tokens.staff, {
      decision: "approve",
      version: 3,
    });
    expect(again.status).toBe(409);

    const read = await call("GET", `/indicators/${indicator.id}`, tokens.council);
    expect(read.body.figures).toMatchObject({ actual: 35, achievement: 0.35 });
    expect((await call("GET", path, tokens.council)).body.items).toEqual([
      expect.objectContaining({ period: "2025-Q1", status: "approved", comment: "" }),
    ]);
  });

  it("lets only the staff and the responsible focal point enter values", async () => {
    const indicator = await insertIndicator(handle.db, fixture.agreementId, { baselineOn: "2025-01-01" });
    const path = `/indicators/${indicator.id}/values`;
    for (const token of [tokens.otherFocal, tokens.council, tokens.staffRead]) {
      expect((await call("POST", path, token, { bogus: true })).status).toBe(403);
    }
    expect((await call("POST", path, undefined, {})).status).toBe(401);
    const faulty = await call("POST", path, tokens.focal, { period: "2025", value: "lots" });
    expect(faulty.status).toBe(400);
    expect(faulty.body.error.issues.map((issue: Body) => issue.field)).toEqual(["value"]);
    const staff = await call("POST", path, tokens.staff, { period: "2025-Q2", value: 4 });
    expect([staff.status, staff.body.status]).toEqual([201, "approved"]);
  });

  it("shows the public approved values only, without what is internal", async () => {
    const agreement = await buildAgreement(handle.db, { visibility: "public" });
    const indicator = await insertIndicator(handle.db, agreement.id);
    await insertIndicatorValue(handle.db, indicator.id, {
      period: "2026-Q1",
      status: "approved",
      comment: "internal note",
      source: "HCP",
    });
    await insertIndicatorValue(handle.db, indicator.id, {
      period: "2026-Q2",
      status: "submitted",
      comment: "pending",
    });
    const list = await call("GET", `/agreements/${agreement.id}/indicators`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    const [shown] = list.body.items;
    expect(shown.values).toEqual([
      {
        id: expect.any(String),
        indicatorId: indicator.id,
        period: "2026-Q1",
        periodStart: "2026-01-01",
        periodEnd: "2026-03-31",
        value: 10,
        source: "HCP",
        status: "approved",
        version: 1,
      },
    ]);
    expect(shown.figures).toMatchObject({ actual: 10, awaitingReview: 0 });
    expect(JSON.stringify(list.body)).not.toMatch(/internal note|pending/);
    expect((await call("GET", `/indicators/${indicator.id}/values`)).body.total).toBe(1);
    // Nothing of an internal agreement.
    const hidden = await insertIndicator(handle.db, fixture.agreementId);
    expect((await call("GET", `/agreements/${fixture.agreementId}/indicators`)).status).toBe(404);
    expect((await call("GET", `/indicators/${hidden.id}`)).status).toBe(404);
    expect((await call("GET", `/indicators/${hidden.id}/values`)).status).toBe(404);
  });

  it("documents every route in the OpenAPI document", async () => {
    const doc = (await call("GET", "/openapi.json")).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/agreements/{id}/indicators",
        "/indicators/{indicatorId}",
        "/indicators/{indicatorId}/values",
        "/indicator-values/{valueId}/review",
      ]),
    );
    expect(Object.keys(doc.paths["/indicators/{indicatorId}"])).toEqual(
      expect.arrayContaining(["get", "patch", "delete"]),
    );
    expect(doc.components.schemas).toHaveProperty("IndicatorValueReview");
  });
});
