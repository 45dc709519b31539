import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement } from "../../test/factories.js";
import { formFieldsOf } from "../../test/forms.js";
import { all, byName, byRole, fieldValue, nameOf, one, parse, textOf } from "../../test/html.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { indicators, indicatorValues } from "../db/schema/index.js";
import { translator } from "../shared/i18n.js";
import {
  type IndicatorFixture,
  indicatorFixture,
  insertIndicator,
  insertIndicatorValue,
} from "./indicators.test-support.js";

const fr = translator("fr");
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let fixture: IndicatorFixture;
const cookies: Partial<Record<keyof IndicatorFixture["actors"], string>> = {};

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  fixture = await indicatorFixture(handle.db);
  for (const role of ["staff", "focal", "otherFocal", "outsiderFocal", "council", "viewer"] as const) {
    cookies[role] = await signIn(app, fixture.emails[role]);
  }
});
afterAll(async () => {
  await handle?.close();
});

const cookie = (role: keyof typeof cookies) => cookies[role] as string;
const page = async (path: string, role: keyof typeof cookies) => {
  const response = await app.request(path, { headers: { cookie: cookie(role) } });
  return { status: response.status, html: await response.text() };
};
const post = (path: string, role: keyof typeof cookies, fields: Record<string, string>) =>
  postForm(app, path, cookie(role), fields);

const indicatorForm = (overrides: Record<string, string> = {}) => ({
  measures: `objective:${fixture.objectiveIds[0]}`,
  "name.fr": "Élus formés",
  "name.ar": "المنتخبون المكونون",
  "unit.fr": "personnes",
  direction: "increase",
  baselineValue: "0",
  baselineOn: "2025-01-01",
  targetValue: "120",
  targetOn: "2027-12-31",
  frequency: "quarterly",
  aggregation: "cumulative",
  responsibleOrganizationId: fixture.partnerId,
  ...overrides,
});

const newIndicator = (overrides: Parameters<typeof insertIndicator>[2] = {}) =>
  insertIndicator(handle.db, fixture.agreementId, {
    baselineOn: "2025-01-01",
    targetOn: "2027-12-31",
    ...overrides,
  });

describe("the agreement page's indicators", () => {
  it("groups them by objective, with where each stands and its chart", async () => {
    const indicator = await newIndicator({ objectiveId: fixture.objectiveIds[1] });
    await insertIndicatorValue(handle.db, indicator.id, {
      period: "2025-Q1",
      value: "25",
      status: "approved",
    });
    const { status, html } = await page(`/fr/workspace/agreements/${fixture.agreementId}`, "staff");
    expect(status).toBe(200);
    const section = byRole(parse(html), "region", fr("indicators.heading"));
    expect(byRole(section, "link", fr("indicators.new")).getAttribute("href")).toBe(
      `/fr/workspace/agreements/${fixture.agreementId}/indicators/new`,
    );
    // The factory numbers its objectives' texts ("Second objective 7").
    const objective = fr("indicators.groups.objective", { n: 2, text: "Second objective" });
    const group = byRole(section, "region", new RegExp(`^${objective} \\d+$`));
    one(group, `a[href="/fr/workspace/indicators/${indicator.id}"]`);
    const figure = byRole(group, "figure");
    expect(nameOf(figure)).not.toBe("");
    // Achievement 25 / 100, from figures.ts.
    expect(textOf(section)).toContain("25\u00a0%");
    // The chart is an image the browser fetches and caches, not drawn into the page.
    expect(all(section, "svg")).toEqual([]);
    const src = one(figure, "img.indicator-chart").getAttribute("src");
    expect(src).toMatch(new RegExp(`^/fr/workspace/indicators/${indicator.id}/chart\\.svg\\?v=`));
    const chart = await app.request(src as string, { headers: { cookie: cookie("staff") } });
    expect(chart.status).toBe(200);
    expect(chart.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    const svg = await chart.text();
    expect(svg.startsWith("<svg")).toBe(true);
    expect(one(parse(svg), "svg").getAttribute("xmlns")).toBe("http://www.w3.org/2000/svg");
    const etag = chart.headers.get("etag") as string;
    const again = await app.request(src as string, {
      headers: { cookie: cookie("staff"), "if-none-match": etag },
    });
    expect(again.status).toBe(304);
    // A new value changes the image's address, and the chart's tag.
    await insertIndicatorValue(handle.db, indicator.id, {
      period: "2025-Q2",
      value: "5",
      status: "approved",
    });
    const after = (await page(`/fr/workspace/agreements/${fixture.agreementId}`, "staff")).html;
    expect(all(parse(after), "img.indicator-chart").map((image) => image.getAttribute("src"))).not.toContain(
      src,
    );
    const changed = await app.request(src as string, {
      headers: { cookie: cookie("staff"), "if-none-match": etag },
    });
    expect(changed.status).toBe(200);
    // Who may not read the agreement gets no chart either.
    expect((await app.request(src as string, { headers: { cookie: cookie("outsiderFocal") } })).status).toBe(
      404,
    );
  });

  it("offers no new indicator to partners", async () => {
    const { html } = await page(`/fr/workspace/agreements/${fixture.agreementId}`, "focal");
    byRole(parse(html), "region", fr("indicators.heading"));
    expect(html).not.toContain("/indicators/new");
  });
});

describe("the indicator form", () => {
  it("creates an indicator and shows its page", async () => {
    const form = await page(`/fr/workspace/agreements/${fixture.agreementId}/indicators/new`, "staff");
    expect(form.status).toBe(200);
    byName(parse(form.html), "measures");
    const response = await post(
      `/fr/workspace/agreements/${fixture.agreementId}/indicators`,
      "staff",
      indicatorForm(),
    );
    expect(response.status).toBe(303);
    const location = response.headers.get("location") ?? "";
    expect(location).toMatch(/\/fr\/workspace\/indicators\/[0-9a-f-]{36}\?notice=indicator-created$/);
    const shown = await page(location, "staff");
    expect(shown.html).toContain("L’indicateur a été créé.");
    expect(shown.html).toContain("Élus formés");
  });

  it("shows the refusal in the page's language and keeps the input", async () => {
    const response = await post(
      `/fr/workspace/agreements/${fixture.agreementId}/indicators`,
      "staff",
      indicatorForm({ targetValue: "-3", baselineValue: "douze", "name.fr": "Nom gardé" }),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("doit être un nombre, comme 12,5");
    const form = parse(html);
    expect(fieldValue(byName(form, "name.fr"))).toBe("Nom gardé");
    expect(fieldValue(byName(form, "baselineValue"))).toBe("douze");
    expect(byName(form, "baselineValue").getAttribute("aria-invalid")).toBe("true");
  });

  it("edits as of the version and shows both versions when someone saved first", async () => {
    const indicator = await newIndicator();
    const edit = await page(`/fr/workspace/indicators/${indicator.id}/edit`, "staff");
    const fields = Object.fromEntries(formFieldsOf(edit.html, "#indicator-form"));
    expect(fields).toMatchObject({
      version: "1",
      measures: `objective:${fixture.objectiveIds[0]}`,
      frequency: "quarterly",
    });
    await handle.db
      .update(indicators)
      .set({ version: 2, targetValue: "500" })
      .where(eq(indicators.id, indicator.id));
    const stale = await post(`/fr/workspace/indicators/${indicator.id}`, "staff", {
      ...fields,
      targetValue: "250",
    });
    expect(stale.status).toBe(409);
    const conflict = parse(await stale.text());
    byRole(conflict, "alert", fr("workspace.conflict.title"));
    expect(fieldValue(byName(conflict, "targetValue"))).toBe("250");
    expect(fieldValue(byName(conflict, "version"))).toBe("2");
    const saved = await post(`/fr/workspace/indicators/${indicator.id}`, "staff", {
      ...fields,
      targetValue: "250",
      version: "2",
    });
    expect(saved.status).toBe(303);
    const [row] = await handle.db.select().from(indicators).where(eq(indicators.id, indicator.id));
    expect([row?.targetValue, row?.version]).toEqual(["250.0000", 3]);
  });

  it("deletes an indicator without approved values, and explains why not otherwise", async () => {
    const kept = await newIndicator();
    await insertIndicatorValue(handle.db, kept.id, { period: "2025-Q1", status: "approved" });
    const refused = await post(`/fr/workspace/indicators/${kept.id}/delete`, "staff", {
      version: "1",
      confirm: "yes",
    });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("1 valeur approuvée");
    const gone = await newIndicator();
    const unconfirmed = await post(`/fr/workspace/indicators/${gone.id}/delete`, "staff", { version: "1" });
    expect(unconfirmed.status).toBe(400);
    const deleted = await post(`/fr/workspace/indicators/${gone.id}/delete`, "staff", {
      version: "1",
      confirm: "yes",
    });
    expect(deleted.status).toBe(303);
    const back = await page(deleted.headers.get("location") ?? "", "staff");
    expect(back.html).toContain("L’indicateur a été supprimé.");
  });
});

describe("entering and reviewing values on the indicator page", () => {
  it("lets the focal point submit, the staff approve or return, and the focal point correct", async () => {
    const indicator = await newIndicator();
    const base = `/fr/workspace/indicators/${indicator.id}`;
    const focalPage = await page(base, "focal");
    expect(focalPage.html).toContain("Soumettre pour validation");
    const offered = formFieldsOf(focalPage.html, "#value-form");
    expect(offered.find(([name]) => name === "period")?.[1]).toMatch(/^\d{4}-Q[1-4]$/);

    const submitted = await post(`${base}/values`, "focal", {
      period: "2025-Q1",
      value: "12,5",
      source: "Listes",
      comment: "à vérifier",
    });
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get("location")).toBe(`${base}?notice=value-submitted#values-heading`);
    const [value] = await handle.db
      .select()
      .from(indicatorValues)
      .where(eq(indicatorValues.indicatorId, indicator.id));
    expect(value).toMatchObject({ status: "submitted", value: "12.5000" });

    const staffPage = await page(base, "staff");
    expect(staffPage.html).toContain("Soumise, en attente de validation");
    expect(staffPage.html).toContain(`action="/fr/workspace/indicator-values/${value?.id}/review"`);
    const noReason = await post(`/fr/workspace/indicator-values/${value?.id}/review`, "staff", {
      decision: "return",
      version: "1",
    });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("motif du renvoi");
    const returned = await post(`/fr/workspace/indicator-values/${value?.id}/review`, "staff", {
      decision: "return",
      reason: "Compter la 2e session",
      version: "1",
    });
    expect(returned.headers.get("location")).toBe(`${base}?notice=value-returned#values-heading`);

    const toCorrect = await page(`${base}?period=2025-Q1`, "focal");
    expect(toCorrect.html).toContain("Renvoyée : Compter la 2e session");
    const fields = Object.fromEntries(formFieldsOf(toCorrect.html, "#value-form"));
    expect(fields).toMatchObject({ period: "2025-Q1", version: "2", value: "12.5", comment: "à vérifier" });
    const corrected = await post(`${base}/values`, "focal", { ...fields, value: "20" });
    expect(corrected.status).toBe(303);

    const [again] = await handle.db
      .select()
      .from(indicatorValues)
      .where(eq(indicatorValues.id, value?.id as string));
    const approved = await post(`/fr/workspace/indicator-values/${again?.id}/review`, "staff", {
      decision: "approve",
      version: String(again?.version),
    });
    expect(approved.headers.get("location")).toBe(`${base}?notice=value-approved#values-heading`);
    const twice = await post(`/fr/workspace/indicator-values/${again?.id}/review`, "staff", {
      decision: "approve",
      version: "4",
    });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain("cette valeur a déjà été approuvée");
    // Approved: the focal point may no longer change it.
    expect((await page(`${base}?period=2025-Q1`, "focal")).html).not.toContain('name="version"');
  });

  it("keeps the person's value beside the saved one when the period changed meanwhile", async () => {
    const indicator = await newIndicator();
    await insertIndicatorValue(handle.db, indicator.id, {
      period: "2025-Q2",
      value: "7",
      status: "submitted",
      version: 3,
    });
    const response = await post(`/fr/workspace/indicators/${indicator.id}/values`, "focal", {
      period: "2025-Q2",
      value: "9",
      version: "2",
    });
    expect(response.status).toBe(409);
    const conflict = parse(await response.text());
    byRole(conflict, "alert", fr("workspace.conflict.title"));
    expect(fieldValue(byName(conflict, "value"))).toBe("9");
    expect(fieldValue(byName(conflict, "version"))).toBe("3");
  });

  it("shows refusals next to the form, in the page's language", async () => {
    const indicator = await newIndicator();
    const response = await post(`/fr/workspace/indicators/${indicator.id}/values`, "focal", {
      period: "2099-Q1",
      value: "abc",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("n’a pas encore commencé");
    expect(html).toContain("doit être un nombre");
  });

  it("shows no entry form to councils, viewers or another partner, and nothing to outsiders", async () => {
    const indicator = await newIndicator();
    for (const role of ["council", "viewer", "otherFocal"] as const) {
      const { status, html } = await page(`/fr/workspace/indicators/${indicator.id}`, role);
      expect(status, role).toBe(200);
      expect(all(parse(html), "#value-form"), role).toEqual([]);
    }
    expect((await page(`/fr/workspace/indicators/${indicator.id}`, "outsiderFocal")).status).toBe(404);
    expect((await post(`/fr/workspace/indicators/${indicator.id}/values`, "otherFocal", {})).status).toBe(
      403,
    );
  });

  it("shows a reader from outside a public agreement its approved values only, without comments", async () => {
    const agreement = await buildAgreement(handle.db, { visibility: "public" });
    const indicator = await insertIndicator(handle.db, agreement.id);
    await insertIndicatorValue(handle.db, indicator.id, {
      period: "2026-Q1",
      status: "approved",
      comment: "note interne",
    });
    await insertIndicatorValue(handle.db, indicator.id, {
      period: "2026-Q2",
      status: "submitted",
      value: "99",
    });
    const { status, html } = await page(`/fr/workspace/indicators/${indicator.id}`, "outsiderFocal");
    expect(status).toBe(200);
    expect(html).not.toContain("note interne");
    expect(html).not.toContain(fr("indicators.statuses.submitted"));
    expect(all(parse(html), 'tr[id^="value-"]')).toHaveLength(1);
  });

  it("speaks Arabic right to left, chart included, with no inline style", async () => {
    const indicator = await newIndicator();
    await insertIndicatorValue(handle.db, indicator.id, { period: "2025-Q1", status: "approved" });
    const { html } = await page(`/ar/workspace/indicators/${indicator.id}`, "staff");
    const arabic = parse(html);
    expect(one(arabic, "html").getAttribute("dir")).toBe("rtl");
    byRole(arabic, "heading", translator("ar")("indicators.values.heading"));
    expect(all(arabic, "svg text").map(textOf)).toContain("الفصل 1 من 2025");
    expect(all(arabic, "style, [style]")).toEqual([]);
  });
});
