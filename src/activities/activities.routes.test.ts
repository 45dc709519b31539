import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildActionPlan, buildActivity } from "../../test/followup-factories.js";
import { formFieldsOf } from "../../test/forms.js";
import {
  all,
  allByRole,
  byName,
  byRole,
  expectShownAsText,
  fieldValue,
  parse,
  textOf,
} from "../../test/html.js";
import { markupPayloads } from "../../test/payloads.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { actionPlans, activities } from "../db/schema/index.js";
import { formatDate, formatNumber, translator } from "../shared/i18n.js";
import { getActivity } from "./activities.queries.js";
import { type ActivityWorld, buildActivityWorld, RABAT, TETOUAN } from "./activities.test-support.js";

const fr = translator("fr");

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let world: ActivityWorld;
const cookies: Record<string, string> = {};
const uploadsDir = mkdtempSync(path.join(tmpdir(), "sharaka-activities-routes-"));

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db, { uploadsDir });
  world = await buildActivityWorld(handle.db, uploadsDir);
  for (const [role, user] of Object.entries(world.users)) cookies[role] = await signIn(app, user.email);
});
afterAll(async () => {
  await handle?.close();
});

const get = (url: string, cookie: string) => app.request(url, { headers: { cookie } });
const html = async (response: Response) => response.text();

const activityFields = (overrides: [string, string][] = []) => {
  const fields = new URLSearchParams([
    ["actionPlanId", world.plan.id],
    ["kind", "training"],
    ["title.fr", "Formation des élus"],
    ["title.ar", "تكوين المنتخبين"],
    ["responsibleOrganizationId", world.partner.id],
    ["objectiveIds", world.objectiveIds[0] ?? ""],
    ["objectiveIds", world.objectiveIds[1] ?? ""],
    ["targetGroups", "council_presidents"],
    ["territoryCodes", TETOUAN],
    ["plannedStart", "2026-03-01"],
    ["plannedEnd", "2026-03-31"],
    ["budgetPlanned", "12 500,50"],
    ["status", "done"],
    ["actualStart", "2026-03-02"],
    ["actualEnd", "2026-03-03"],
    ["participantCount", "30"],
    ["attendance", TETOUAN],
    ["attendance", RABAT],
    ["documentIds", world.documents.internal.id],
  ]);
  for (const [name, value] of overrides) fields.set(name, value);
  return fields;
};

describe("the action plan on the agreement's workspace page", () => {
  it("lists each plan's activities, with the staff's buttons and the responsible focal point's report link", async () => {
    const activity = await buildActivity(handle.db, world.agreement.id, {
      actionPlanId: world.plan.id,
      participantCount: 12,
    });
    const page = `/fr/workspace/agreements/${world.agreement.id}`;
    const staffPage = await html(await get(page, cookies.staff ?? ""));
    expect(staffPage).toContain('id="action-plan-heading"');
    expect(staffPage).toContain(`href="/fr/workspace/activities/${activity.id}"`);
    expect(staffPage).toContain(`/agreements/${world.agreement.id}/plans/new`);
    expect(staffPage).toContain(`/agreements/${world.agreement.id}/activities/new?plan=${world.plan.id}`);
    expect(staffPage).toContain(`/fr/workspace/plans/${world.plan.id}/edit`);
    const focalPage = await html(await get(page, cookies.focal ?? ""));
    expect(focalPage).toContain(`/fr/workspace/activities/${activity.id}/report`);
    expect(focalPage).not.toContain("/plans/new");
    for (const role of ["secondFocal", "viewer", "council"]) {
      const text = await html(await get(page, cookies[role] ?? ""));
      expect(text).toContain(`href="/fr/workspace/activities/${activity.id}"`);
      expect(text, role).not.toContain(`/activities/${activity.id}/report`);
      expect(text, role).not.toContain("/plans/new");
    }
  });
});

describe("plan pages", () => {
  it("create a plan, then say so on the agreement's page", async () => {
    const response = await postForm(
      app,
      `/fr/workspace/agreements/${world.agreement.id}/plans`,
      cookies.staff ?? "",
      {
        "title.fr": "Plan d’action 2027",
        periodStart: "2027-01-01",
        periodEnd: "2027-12-31",
      },
    );
    expect(response.status).toBe(303);
    const location = response.headers.get("location") ?? "";
    expect(location).toBe(`/fr/workspace/agreements/${world.agreement.id}?notice=plan-created#action-plan`);
    const page = await html(await get(location.replace(/#.*/, ""), cookies.staff ?? ""));
    expect(page).toContain("Le plan d’action a été créé.");
    expect(page).toContain("Plan d’action 2027");
  });

  it("show a refused plan again with the person's input and the reason", async () => {
    const response = await postForm(
      app,
      `/fr/workspace/agreements/${world.agreement.id}/plans`,
      cookies.staff ?? "",
      {
        "title.fr": "Plan à l’envers",
        periodStart: "2027-12-31",
        periodEnd: "2027-01-01",
      },
    );
    expect(response.status).toBe(400);
    const page = await html(response);
    expect(page).toContain("ne doit pas précéder la date de début");
    expect(page).toContain('value="Plan à l’envers"');
  });

  it("keep the person's input beside the saved plan when someone saved first", async () => {
    const plan = await buildActionPlan(handle.db, world.agreement.id, {
      version: 2,
      title: { fr: "Leur titre" },
    });
    const response = await postForm(app, `/fr/workspace/plans/${plan.id}`, cookies.staff ?? "", {
      version: "1",
      "title.fr": "Mon titre",
    });
    expect(response.status).toBe(409);
    const page = await html(response);
    expect(page).toContain('class="conflict"');
    expect(page).toContain("Leur titre");
    expect(page).toContain('value="Mon titre"');
    expect(page).toContain('name="version" value="2"');
  });

  it("refuse to delete a plan holding activities, saying why", async () => {
    const plan = await buildActionPlan(handle.db, world.agreement.id);
    await buildActivity(handle.db, world.agreement.id, { actionPlanId: plan.id });
    const response = await postForm(app, `/fr/workspace/plans/${plan.id}/delete`, cookies.staff ?? "", {
      version: "1",
      confirm: "yes",
    });
    expect(response.status).toBe(409);
    expect(await html(response)).toContain("Ce plan contient encore des activités (1)");
    expect(await handle.db.select().from(actionPlans).where(eq(actionPlans.id, plan.id))).toHaveLength(1);
  });
});

describe("activity pages", () => {
  it("create an activity from the form, and show all of it on its page", async () => {
    const form = await html(
      await get(
        `/fr/workspace/agreements/${world.agreement.id}/activities/new?plan=${world.plan.id}`,
        cookies.staff ?? "",
      ),
    );
    const fields = parse(form);
    // The councils to invite, grouped by region.
    // The region's councils, among the places and among the presidents present.
    const region = allByRole(fields, "group", "Tanger-Tétouan-Al Hoceïma");
    expect(region.some((group) => group.querySelector("#attendance-01-571"))).toBe(true);
    expect(all(fields, 'input[dir="rtl"], textarea[dir="rtl"]').length).toBeGreaterThan(0);
    const response = await postForm(
      app,
      `/fr/workspace/agreements/${world.agreement.id}/activities`,
      cookies.staff ?? "",
      activityFields(),
    );
    expect(response.status).toBe(303);
    const location = response.headers.get("location") ?? "";
    expect(location).toMatch(/^\/fr\/workspace\/activities\/[0-9a-f-]{36}\?notice=activity-created$/);
    const id = location.split("/").at(-1)?.split("?")[0] ?? "";
    const record = await getActivity({ db: handle.db, actor: world.actors.staff, id });
    expect(record).toMatchObject({ budgetPlanned: "12500.50", status: "done", participantCount: 30 });
    expect(record.objectiveIds).toHaveLength(2);
    const page = await html(await get(location, cookies.council ?? ""));
    expect(page).toContain("L’activité a été créée.");
    expect(page).toContain("Tétouan");
    expect(page).toContain("Rabat");
    expect(page).toContain(`/fr/workspace/documents/${world.documents.internal.id}/download`);
    expect(page).toContain(formatNumber("fr", 12500.5, { style: "currency", currency: "MAD" }));
    const arabic = await html(await get(`/ar/workspace/activities/${id}`, cookies.council ?? ""));
    expect(arabic).toContain("تطوان");
  });

  it("show a refused activity again with the input kept and each reason named", async () => {
    const response = await postForm(
      app,
      `/fr/workspace/agreements/${world.agreement.id}/activities`,
      cookies.staff ?? "",
      activityFields([
        ["budgetPlanned", "douze"],
        ["participantCount", "1"],
      ]),
    );
    expect(response.status).toBe(400);
    const page = await html(response);
    expect(page).toContain("Budget prévu : doit être un montant en dirhams");
    expect(page).toContain('value="douze"');
    expect(page).toContain('value="Formation des élus"');
    expect(formFieldsOf(page, "#activity-form").filter(([name]) => name === "attendance")).toEqual([
      ["attendance", TETOUAN],
      ["attendance", RABAT],
    ]);
  });

  it("show the conflict panel and keep the input when the activity was saved meanwhile", async () => {
    const activity = await buildActivity(handle.db, world.agreement.id, {
      actionPlanId: world.plan.id,
      version: 3,
      title: { fr: "Version enregistrée" },
    });
    const edit = await html(await get(`/fr/workspace/activities/${activity.id}/edit`, cookies.staff ?? ""));
    const fields = new URLSearchParams(formFieldsOf(edit, "#activity-form"));
    fields.set("version", "2");
    fields.set("title.fr", "Ma version");
    const response = await postForm(
      app,
      `/fr/workspace/activities/${activity.id}`,
      cookies.staff ?? "",
      fields,
    );
    expect(response.status).toBe(409);
    const page = await html(response);
    const conflict = parse(page);
    expect(textOf(byRole(conflict, "alert", fr("workspace.conflict.title")))).toContain(
      "Version enregistrée",
    );
    expect(fieldValue(byName(conflict, "title.fr"))).toBe("Ma version");
    expect(fieldValue(byName(conflict, "version"))).toBe("3");
    // Dates and statuses read as the history reads them, not as they are stored.
    const panel = byRole(conflict, "alert", fr("workspace.conflict.title"));
    const cells = (label: string) =>
      all(panel, "tbody tr")
        .map((row) => all(row, "th, td").map(textOf))
        .find(([name]) => name === label)
        ?.slice(1);
    expect(cells(fr("activities.fields.plannedStart"))).toEqual([
      formatDate("fr", "2026-03-01"),
      formatDate("fr", "2026-03-01"),
    ]);
    const status = fr(`activities.statuses.${activity.status}`);
    expect(cells(fr("activities.fields.status"))).toEqual([status, status]);
    expect((await getActivity({ db: handle.db, actor: world.actors.staff, id: activity.id })).title).toEqual({
      fr: "Version enregistrée",
    });
  });

  it("let the responsible focal point report progress, and nobody else of its kind", async () => {
    const activity = await buildActivity(handle.db, world.agreement.id, { actionPlanId: world.plan.id });
    const url = `/fr/workspace/activities/${activity.id}/report`;
    const form = await html(await get(url, cookies.focal ?? ""));
    expect(form).not.toContain('name="plannedStart"');
    const fields = new URLSearchParams(formFieldsOf(form, "#activity-form"));
    fields.set("status", "ongoing");
    fields.set("actualStart", "2026-03-02");
    fields.set("budgetSpent", "1500");
    const response = await postForm(app, url, cookies.focal ?? "", fields);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(
      `/fr/workspace/activities/${activity.id}?notice=activity-reported`,
    );
    expect(await getActivity({ db: handle.db, actor: world.actors.staff, id: activity.id })).toMatchObject({
      status: "ongoing",
      budgetSpent: "1500.00",
      version: 2,
    });
    expect((await get(url, cookies.secondFocal ?? "")).status).toBe(403);
    expect((await postForm(app, url, cookies.secondFocal ?? "", fields)).status).toBe(403);
    expect((await get(url, cookies.outsiderFocal ?? "")).status).toBe(404);
  });

  it("let a council record and withdraw its own president's attendance", async () => {
    const activity = await buildActivity(handle.db, world.agreement.id, { actionPlanId: world.plan.id });
    const page = `/fr/workspace/activities/${activity.id}`;
    expect(await html(await get(page, cookies.council ?? ""))).toContain(
      "n’est pas enregistré comme présent",
    );
    const recorded = await postForm(app, `${page}/attendance`, cookies.council ?? "", { intent: "attend" });
    expect(recorded.status).toBe(303);
    expect(recorded.headers.get("location")).toBe(`${page}?notice=attendance-recorded`);
    const after = await html(await get(`${page}?notice=attendance-recorded`, cookies.council ?? ""));
    expect(after).toContain("La présence de votre président a été enregistrée.");
    expect(after).toContain("Le président du conseil de Tétouan est enregistré comme présent.");
    expect(
      (await postForm(app, `${page}/attendance`, cookies.council ?? "", { intent: "attend", code: RABAT }))
        .status,
    ).toBe(403);
    expect(
      (await postForm(app, `${page}/attendance`, cookies.council ?? "", { intent: "maybe" })).status,
    ).toBe(400);
    expect(
      (await postForm(app, `${page}/attendance`, cookies.council ?? "", { intent: "withdraw" })).status,
    ).toBe(303);
    expect(
      (await getActivity({ db: handle.db, actor: world.actors.staff, id: activity.id })).attendance,
    ).toEqual([]);
    expect((await get(page, cookies.otherCouncil ?? "")).status).toBe(404);
  });

  it("offer the history to the staff, and delete an activity back to the agreement's page", async () => {
    const activity = await buildActivity(handle.db, world.agreement.id, { actionPlanId: world.plan.id });
    const page = `/fr/workspace/activities/${activity.id}`;
    expect(await html(await get(page, cookies.staff ?? ""))).toContain(
      `/fr/workspace/history/activity/${activity.id}`,
    );
    expect(await html(await get(page, cookies.viewer ?? ""))).not.toContain("/history/activity/");
    const response = await postForm(app, `${page}/delete`, cookies.staff ?? "", {
      version: "1",
      confirm: "yes",
    });
    expect(response.headers.get("location")).toBe(
      `/fr/workspace/agreements/${world.agreement.id}?notice=activity-deleted#action-plan`,
    );
    expect(await handle.db.select().from(activities).where(eq(activities.id, activity.id))).toEqual([]);
  });

  it("escape whatever was typed into texts", async () => {
    const [payload] = markupPayloads;
    const activity = await buildActivity(handle.db, world.agreement.id, {
      actionPlanId: world.plan.id,
      title: { fr: payload },
      deliverables: { fr: markupPayloads[1] },
    });
    for (const url of [
      `/fr/workspace/activities/${activity.id}`,
      `/fr/workspace/agreements/${world.agreement.id}`,
      `/fr/workspace/activities/${activity.id}/edit`,
    ]) {
      const page = await html(await get(url, cookies.staff ?? ""));
      expect(page, url).not.toContain(payload);
      expectShownAsText(page, payload);
    }
  });
});
