import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Body, issueOf, jsonClient, tokenFor } from "../../test/api-client.js";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildActionPlan, buildActivity } from "../../test/followup-factories.js";
import type { DatabaseHandle } from "../db/client.js";
import {
  type ActivityWorld,
  activityInput,
  buildActivityWorld,
  RABAT,
  TETOUAN,
} from "./activities.test-support.js";

let handle: DatabaseHandle;
let world: ActivityWorld;
let call: ReturnType<typeof jsonClient>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  handle = await createTestDatabase();
  const uploadsDir = mkdtempSync(path.join(tmpdir(), "sharaka-activities-api-"));
  const app = createTestApp(handle.db, { uploadsDir });
  call = jsonClient(app);
  world = await buildActivityWorld(handle.db, uploadsDir);
  for (const [role, user] of Object.entries(world.users))
    tokens[role] = await tokenFor(handle.db, user, "write");
  tokens.staffReader = await tokenFor(handle.db, world.users.staff, "read");
});
afterAll(async () => {
  await handle?.close();
});

const as = (role: string) => ({ token: tokens[role] });

describe("action plans and activities in the API", () => {
  it("show the public a public agreement's plans and activities, without versions nor internal documents", async () => {
    const plan = await buildActionPlan(handle.db, world.publicAgreement.id);
    const { public: open, publicInternal } = world.documents;
    const activity = await buildActivity(handle.db, world.publicAgreement.id, {
      actionPlanId: plan.id,
      documentIds: [open.id, publicInternal.id],
      deliverables: { fr: "Rapport d'étape non relu" },
    });
    const anonymous = await call("GET", `/agreements/${world.publicAgreement.id}/plans`);
    expect(anonymous.status).toBe(200);
    const [listed] = anonymous.body.items as Body[];
    expect(listed).toMatchObject({ id: plan.id, activities: [{ id: activity.id, status: "planned" }] });
    expect(listed).not.toHaveProperty("version");
    const shown = listed?.activities[0] as Body;
    expect(shown).not.toHaveProperty("version");
    // Budgets per activity are not public (the portal and /progress show totals).
    expect(shown).not.toHaveProperty("budgetPlanned");
    expect(shown).not.toHaveProperty("budgetSpent");
    // Neither are deliverables, a partner's unreviewed report: the portal hides them too.
    expect(shown).not.toHaveProperty("deliverables");
    expect(shown.documents.map((doc: Body) => doc.id)).toEqual([open.id]);
    expect(shown.responsibleOrganization).toMatchObject({ id: world.partner.id });
    const signedIn = await call("GET", `/activities/${activity.id}`, as("staff"));
    expect(signedIn.body).toMatchObject({
      version: 1,
      budgetPlanned: "10000.00",
      deliverables: { fr: "Rapport d'étape non relu" },
    });
    expect(signedIn.body.documents).toHaveLength(2);
    expect((await call("GET", `/agreements/${world.agreement.id}/plans`)).status).toBe(404);
    expect(
      (await call("GET", `/agreements/${world.agreement.id}/activities`, as("outsiderFocal"))).status,
    ).toBe(404);
    expect((await call("GET", `/agreements/${world.agreement.id}/activities`, as("council"))).status).toBe(
      200,
    );
  });

  it("let the staff create, change and delete a plan", async () => {
    const created = await call("POST", `/agreements/${world.agreement.id}/plans`, as("staff"), {
      title: { en: "Plan 2028" },
      periodStart: "2028-01-01",
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/api/v1/plans/${created.body.id}`);
    const changed = await call("PATCH", `/plans/${created.body.id}`, as("staff"), {
      version: 1,
      periodEnd: "2028-12-31",
    });
    expect(changed.body).toMatchObject({
      title: { en: "Plan 2028" },
      periodStart: "2028-01-01",
      periodEnd: "2028-12-31",
      version: 2,
    });
    const stale = await call("PATCH", `/plans/${created.body.id}`, as("staff"), {
      version: 1,
      title: { en: "Old" },
    });
    expect(stale.status).toBe(409);
    expect((await call("GET", `/plans/${created.body.id}`, as("viewer"))).body).toMatchObject({
      activities: [],
    });
    expect((await call("DELETE", `/plans/${created.body.id}?version=2`, as("staff"))).status).toBe(204);
    expect((await call("GET", `/plans/${created.body.id}`, as("staff"))).status).toBe(404);
  });

  it("refuse to delete a plan holding activities, naming the reason", async () => {
    const plan = await buildActionPlan(handle.db, world.agreement.id);
    await buildActivity(handle.db, world.agreement.id, { actionPlanId: plan.id });
    const refused = await call("DELETE", `/plans/${plan.id}`, as("staff"));
    expect(refused.status).toBe(409);
    expect(issueOf(refused.body, "id")).toMatchObject({
      reason: "activities.reasons.planHasActivities",
      values: { count: 1 },
    });
  });

  it("let the staff create an activity, and change part of it", async () => {
    const created = await call(
      "POST",
      `/agreements/${world.agreement.id}/activities`,
      as("staff"),
      activityInput(world),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ budgetPlanned: "15000.50", territoryCodes: [TETOUAN], version: 1 });
    const id = created.body.id as string;
    const patched = await call("PATCH", `/activities/${id}`, as("staff"), {
      version: 1,
      title: { en: "Training of elected officials" },
      plannedEnd: null,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      title: { en: "Training of elected officials" },
      plannedStart: "2026-03-01",
      plannedEnd: null,
      budgetPlanned: "15000.50",
      objectiveIds: world.objectiveIds.slice(0, 1),
      version: 2,
    });
    const stale = await call("PATCH", `/activities/${id}`, as("staff"), { version: 1, kind: "study" });
    expect(stale.status).toBe(409);
    expect(issueOf(stale.body, "version")).toMatchObject({ reason: "staleVersion", values: { stored: 2 } });
    expect((await call("DELETE", `/activities/${id}?version=2`, as("staff"))).status).toBe(204);
  });

  it("name each refused field and its reason", async () => {
    const refused = await call("POST", `/agreements/${world.agreement.id}/activities`, as("staff"), {
      ...activityInput(world),
      kind: "party",
      budgetPlanned: "lots",
      colour: "red",
    });
    expect(refused.status).toBe(400);
    expect(issueOf(refused.body, "kind")).toMatchObject({ reason: "invalidChoice" });
    expect(issueOf(refused.body, "budgetPlanned")).toMatchObject({ reason: "notANumber" });
    expect(issueOf(refused.body, "colour")).toBeDefined();
    const rules = await call("POST", `/agreements/${world.agreement.id}/activities`, as("staff"), {
      ...activityInput(world),
      responsibleOrganizationId: world.outsider.id,
    });
    expect(issueOf(rules.body, "responsibleOrganizationId")).toMatchObject({ reason: "notAParty" });
  });

  it("take the responsible focal point's report, and refuse other callers before reading the body", async () => {
    const activity = await buildActivity(handle.db, world.agreement.id, { actionPlanId: world.plan.id });
    const report = {
      version: 1,
      status: "done",
      actualStart: "2026-03-02",
      actualEnd: "2026-03-03",
      budgetSpent: 1200,
      participantCount: 25,
      attendance: [TETOUAN],
    };
    for (const role of ["secondFocal", "council", "viewer"]) {
      const refused = await call("PUT", `/activities/${activity.id}/report`, as(role), { version: "x" });
      expect([role, refused.status]).toEqual([role, 403]);
    }
    expect((await call("PUT", `/activities/${activity.id}/report`, as("outsiderFocal"), report)).status).toBe(
      404,
    );
    expect((await call("PUT", `/activities/${activity.id}/report`, as("staffReader"), report)).status).toBe(
      403,
    );
    expect((await call("PUT", `/activities/${activity.id}/report`, {}, report)).status).toBe(401);
    const saved = await call("PUT", `/activities/${activity.id}/report`, as("focal"), report);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      status: "done",
      budgetSpent: "1200.00",
      attendance: [TETOUAN],
      version: 2,
    });
    const invalid = await call("PUT", `/activities/${activity.id}/report`, as("focal"), {
      ...report,
      version: 2,
      actualEnd: "2099-01-01",
    });
    expect(issueOf(invalid.body, "actualEnd")).toMatchObject({ reason: "activities.reasons.futureForDone" });
  });

  it("let a council record and withdraw its own president's attendance only", async () => {
    const activity = await buildActivity(handle.db, world.agreement.id, { actionPlanId: world.plan.id });
    const recorded = await call("PUT", `/activities/${activity.id}/attendance/${TETOUAN}`, as("council"));
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ attendance: [TETOUAN], version: 2 });
    expect((await call("PUT", `/activities/${activity.id}/attendance/${RABAT}`, as("council"))).status).toBe(
      403,
    );
    expect(
      (await call("PUT", `/activities/${activity.id}/attendance/${RABAT}`, as("otherCouncil"))).status,
    ).toBe(404);
    expect((await call("PUT", `/activities/${activity.id}/attendance/${TETOUAN}`, as("focal"))).status).toBe(
      403,
    );
    expect(
      (await call("PUT", `/activities/${activity.id}/attendance/${RABAT}`, as("staff"))).body.attendance,
    ).toEqual([TETOUAN, RABAT]);
    expect(
      (await call("DELETE", `/activities/${activity.id}/attendance/${TETOUAN}`, as("council"))).status,
    ).toBe(204);
    expect((await call("GET", `/activities/${activity.id}`, as("council"))).body.attendance).toEqual([RABAT]);
  });

  it("describe every route in the OpenAPI document", async () => {
    const { body } = await call("GET", "/openapi.json");
    for (const [route, methods] of Object.entries({
      "/agreements/{id}/plans": ["get", "post"],
      "/plans/{planId}": ["get", "patch", "delete"],
      "/agreements/{id}/activities": ["get", "post"],
      "/activities/{activityId}": ["get", "patch", "delete"],
      "/activities/{activityId}/report": ["put"],
      "/activities/{activityId}/attendance/{code}": ["put", "delete"],
    })) {
      expect(Object.keys(body.paths[route] ?? {}).sort(), route).toEqual([...methods].sort());
    }
    expect(Object.keys(body.components.schemas)).toEqual(
      expect.arrayContaining([
        "ActionPlan",
        "Activity",
        "ActivityInput",
        "ActivityPatch",
        "ActivityProgressReport",
      ]),
    );
  });
});
