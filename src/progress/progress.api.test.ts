import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildOrganization, buildUser } from "../../test/factories.js";
import { buildActivity, buildIndicator, buildIndicatorValue } from "../../test/followup-factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { createApiToken } from "../tokens/tokens.service.js";
import { actorFromUser } from "../users/users.presenter.js";
import { buildUnderwayAgreement, daysFromToday } from "./progress.test-support.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let staffToken: string;
let focalReadToken: string;
let outsiderToken: string;
let publicId: string;
let internalId: string;
let ownActivityId: string;

// biome-ignore lint/suspicious/noExplicitAny: the tests read loosely typed JSON answers
type Body = Record<string, any>;

beforeAll(async () => {
  handle = await createTestDatabase();
  const { db } = handle;
  app = createTestApp(db);
  const organization = await buildOrganization(db);
  const token = async (user: Awaited<ReturnType<typeof buildUser>>, scope: "read" | "write") =>
    (
      await createApiToken({
        db,
        actor: { ...actorFromUser(user), via: "session" },
        input: { name: "test", scope },
      })
    ).secret;
  staffToken = await token(await buildUser(db, { role: "secretariat" }), "write");
  focalReadToken = await token(
    await buildUser(db, { role: "focal_point", organizationId: organization.id }),
    "read",
  );
  outsiderToken = await token(await buildUser(db, { role: "focal_point" }), "write");

  const parties = [{ organizationId: organization.id, role: "signatory" as const }];
  publicId = (await buildUnderwayAgreement(db, { visibility: "public", parties })).id;
  internalId = (await buildUnderwayAgreement(db, { visibility: "internal", parties })).id;
  await buildActivity(db, publicId, { status: "done", budgetPlanned: "400", budgetSpent: "100" });
  ownActivityId = (await buildActivity(db, internalId, { plannedEnd: daysFromToday(-2) })).id;
  const indicator = await buildIndicator(db, publicId, {
    baselineValue: "10",
    targetValue: "20",
    baselineOn: daysFromToday(-365),
    targetOn: daysFromToday(365),
  });
  await buildIndicatorValue(db, indicator.id, { period: "2025-Q4", value: "5" });
  await buildIndicatorValue(db, indicator.id, { period: "2026-Q1", value: "4", status: "submitted" });
});
afterAll(async () => {
  await handle?.close();
});

const get = (path: string, token?: string) =>
  app.request(`/api/v1${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe("GET /api/v1/agreements/:id/progress", () => {
  it("gives the anonymous public the figures from approved values, without health or review counts", async () => {
    const response = await get(`/agreements/${publicId}/progress`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Body;
    expect(body.view).toBe("public");
    expect(body).not.toHaveProperty("health");
    expect(body.activities).toMatchObject({ done: 1, counted: 1, completion: 1, budgetExecution: 0.25 });
    expect(body.indicators).toHaveLength(1);
    expect(body.indicators[0]).toMatchObject({
      baselineValue: 10,
      targetValue: 20,
      actual: 15,
      achievement: 0.5,
    });
    expect(body.indicators[0]).not.toHaveProperty("awaitingReview");
    expect(body.indicators[0]).not.toHaveProperty("missingPeriods");
  });

  it("gives a signed-in reader the health level and its reasons as keys and values", async () => {
    const body = (await (await get(`/agreements/${internalId}/progress`, focalReadToken)).json()) as Body;
    expect(body.view).toBe("internal");
    expect(body.health.level).toBe("off_track");
    expect(body.health.reasons).toContainEqual({
      key: "activitiesOverdue",
      level: "off_track",
      values: { count: 1 },
    });
    const publicBody = (await (await get(`/agreements/${publicId}/progress`, staffToken)).json()) as Body;
    expect(publicBody.indicators[0]).toMatchObject({ actual: 15, awaitingReview: 1 });
  });

  it("answers not found where the caller may not read, and names a bad id", async () => {
    expect((await get(`/agreements/${internalId}/progress`)).status).toBe(404);
    expect((await get(`/agreements/${internalId}/progress`, outsiderToken)).status).toBe(404);
    const bad = await get("/agreements/not-an-id/progress");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Body).error.issues[0].field).toBe("id");
  });
});

describe("GET /api/v1/my-work", () => {
  it("asks the anonymous public to sign in", async () => {
    const response = await get("/my-work");
    expect(response.status).toBe(401);
    expect(((await response.json()) as Body).error.code).toBe("unauthenticated");
  });

  it("gives a focal point (even with a read-only token) its organisation's work", async () => {
    const response = await get("/my-work", focalReadToken);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Body;
    expect(body.scope).toBe("organization");
    expect(body.due.activities.total).toBe(1);
    expect(body.due.activities.items[0]).toMatchObject({ id: ownActivityId, overdue: true });
    expect(body.due.activities.items[0].agreement.id).toBe(internalId);
    // The internal agreement's late activity, and the public one's indicator with unreported quarters.
    expect(body.due.agreements).toMatchObject({ page: 1, pages: 1, total: 2 });
    expect(body.due.agreements.items).toContainEqual(
      expect.objectContaining({ agreement: expect.objectContaining({ id: internalId }), activities: 1 }),
    );
    expect(body.due.periods.total).toBe(body.due.periods.items.length);
    expect(body.review.returned).toEqual({ items: [], total: 0 });
  });

  it("answers a page past the last one with 404, and a page that is no number with 400", async () => {
    expect((await get("/my-work?page=2", focalReadToken)).status).toBe(404);
    const bad = await get("/my-work?page=none", focalReadToken);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Body).error.issues[0].field).toBe("page");
  });

  it("gives the staff the values awaiting review", async () => {
    const body = (await (await get("/my-work", staffToken)).json()) as Body;
    expect(body.scope).toBe("association");
    expect(body.review.submitted.total).toBe(1);
    expect(body.review.submitted.items[0]).toMatchObject({
      period: "2026-Q1",
      value: 4,
      status: "submitted",
    });
  });
});

describe("the OpenAPI document", () => {
  it("describes both routes", async () => {
    const document = (await (await get("/openapi.json")).json()) as Body;
    expect(document.paths["/agreements/{id}/progress"].get.responses["200"]).toBeDefined();
    expect(document.paths["/my-work"].get.responses["401"]).toBeDefined();
    expect(document.components.schemas.AgreementProgress).toBeDefined();
    expect(document.components.schemas.MyWork).toBeDefined();
  });
});
