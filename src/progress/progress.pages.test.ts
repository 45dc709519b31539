import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildOrganization, buildUser } from "../../test/factories.js";
import {
  buildActionPlan,
  buildActivity,
  buildDecision,
  buildFollowUpAction,
  buildIndicator,
  buildIndicatorValue,
  buildMeeting,
} from "../../test/followup-factories.js";
import { all, attr, byLabel, byRole, expectShownAsText, parse, textOf } from "../../test/html.js";
import { markupPayloads } from "../../test/payloads.js";
import { signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { translator } from "../shared/i18n.js";
import { buildUnderwayAgreement, daysFromToday, placeActivity } from "./progress.test-support.js";

const fr = translator("fr");
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let staffCookie: string;
let focalCookie: string;
let publicId: string;
let internalId: string;
let markupId: string;
let indicatorId: string;
let internalIndicatorId: string;

const secrets = [
  "SECRET-SUBMITTED-COMMENT",
  "SECRET-APPROVED-COMMENT",
  "SECRET-RETURN-REASON",
  "SECRET-MEETING",
  "SECRET-DECISION",
  "SECRET-ACTION",
];

beforeAll(async () => {
  handle = await createTestDatabase();
  const { db } = handle;
  app = createTestApp(db);
  const organization = await buildOrganization(db);
  staffCookie = await signIn(app, (await buildUser(db, { role: "secretariat" })).email);
  focalCookie = await signIn(
    app,
    (await buildUser(db, { role: "focal_point", organizationId: organization.id })).email,
  );

  const parties = [{ organizationId: organization.id, role: "signatory" as const }];
  const agreement = await buildUnderwayAgreement(db, { visibility: "public", parties });
  publicId = agreement.id;
  const plan = await buildActionPlan(db, publicId, {
    title: { fr: "Plan 2026", en: "Plan 2026", ar: "خطة 2026" },
  });
  const activity = (name: string, extra: Record<string, unknown>) =>
    buildActivity(db, publicId, { title: { fr: name, en: name, ar: name }, actionPlanId: plan.id, ...extra });
  const done = await activity("Done workshop", {
    status: "done",
    budgetPlanned: "1000",
    budgetSpent: "800",
    participantCount: 42,
  });
  await placeActivity(db, done.id, ["01.571"]);
  await activity("Late study", { status: "planned", plannedEnd: daysFromToday(-10), budgetPlanned: "1000" });
  await activity("Cancelled caravan", { status: "cancelled", budgetPlanned: "5000" });

  const indicator = await buildIndicator(db, publicId, {
    name: { fr: "Jeunes formés", en: "Young people trained", ar: "الشباب المكونون" },
    baselineValue: "0",
    targetValue: "100",
    baselineOn: daysFromToday(-365),
    targetOn: daysFromToday(365),
  });
  indicatorId = indicator.id;
  await buildIndicatorValue(db, indicator.id, {
    period: "2025-Q4",
    value: "10",
    comment: "SECRET-APPROVED-COMMENT",
  });
  await buildIndicatorValue(db, indicator.id, {
    period: "2026-Q1",
    value: "30",
    status: "submitted",
    comment: "SECRET-SUBMITTED-COMMENT",
  });
  await buildIndicatorValue(db, indicator.id, {
    period: "2026-Q2",
    value: "55",
    status: "returned",
    returnReason: "SECRET-RETURN-REASON",
  });
  const meeting = await buildMeeting(db, publicId, { title: { fr: "SECRET-MEETING" } });
  const decision = await buildDecision(db, meeting, { text: { fr: "SECRET-DECISION" } });
  await buildFollowUpAction(db, publicId, { decisionId: decision.id, description: { fr: "SECRET-ACTION" } });

  internalId = (await buildUnderwayAgreement(db, { visibility: "internal" })).id;
  internalIndicatorId = (await buildIndicator(db, internalId)).id;
  await buildIndicatorValue(db, internalIndicatorId, { period: "2025-Q4", value: "10" });
  // Markup typed into the texts the progress pages show, on an agreement of their own.
  const [script = "", attribute = ""] = markupPayloads;
  markupId = (await buildUnderwayAgreement(db, { visibility: "public", parties })).id;
  await buildActivity(db, markupId, { title: { fr: script }, plannedEnd: daysFromToday(40) });
  await buildIndicator(db, markupId, { name: { fr: attribute }, unit: { fr: script } });
});
afterAll(async () => {
  await handle?.close();
});

describe("the health section of the workspace agreement page", () => {
  it("says the level in words, the reasons as sentences, and the figures with labelled gauges", async () => {
    const response = await app.request(`/fr/workspace/agreements/${publicId}`, {
      headers: { cookie: staffCookie },
    });
    expect(response.status).toBe(200);
    const health = byRole(parse(await response.text()), "region", fr("progress.health.heading"));
    const said = textOf(health);
    // One of the two counted activities is late: more than a third, so off track.
    expect(said).toContain(fr("progress.levels.off_track"));
    expect(said).toContain(fr("progress.reasons.activitiesOverdue", { count: 1 }));
    // The figures themselves, as numbers are written in French.
    expect(said).toMatch(/Réalisées : 1 sur 2 comptées \(50\s?%\)/);
    expect(said).toContain(fr("progress.figures.cancelled", { count: 1 }));
    const completion = byLabel(health, fr("progress.figures.completion"));
    expect([completion.tagName, attr(completion, "max"), attr(completion, "value")]).toEqual([
      "PROGRESS",
      "1",
      "0.5",
    ]);
    const budget = byLabel(health, fr("progress.figures.budget"));
    expect([budget.tagName, attr(budget, "min"), attr(budget, "max"), attr(budget, "value")]).toEqual([
      "METER",
      "0",
      "1",
      "0.4",
    ]);
    expect(said).toMatch(/800,00\s?MAD dépensés sur 2[.\s]?000,00\s?MAD prévus \(40\s?%\)/);
    expect(byLabel(health, fr("progress.figures.elapsed")).tagName).toBe("PROGRESS");
    expect(said).toContain(fr("progress.figures.awaitingReview", { count: 1 }));
  });

  it("shows the health to a focal point of a party, in Arabic right to left", async () => {
    const response = await app.request(`/ar/workspace/agreements/${publicId}`, {
      headers: { cookie: focalCookie },
    });
    const html = await response.text();
    expect(html).toContain('dir="rtl"');
    expect(html).toContain("وضعية الاتفاقية");
    expect(html).toContain("خارج المسار");
    expect(html).toContain("نشاط واحد متأخر");
  });

  it("shows another partner reading the public agreement its figures, but no health nor internal counts", async () => {
    const outsider = await signIn(app, (await buildUser(handle.db, { role: "focal_point" })).email);
    const html = await (
      await app.request(`/fr/workspace/agreements/${publicId}`, { headers: { cookie: outsider } })
    ).text();
    const figures = byRole(parse(html), "region", fr("progress.figures.heading"));
    expect(byLabel(figures, fr("progress.figures.elapsed")).tagName).toBe("PROGRESS");
    expect(html).not.toContain(fr("progress.health.heading"));
    expect(html).not.toContain(fr("progress.levels.off_track"));
    expect(html).not.toContain("attend la validation du secrétariat");
  });
});

describe("texts typed by people", () => {
  it("are shown as text, never as markup, on the portal and in the workspace", async () => {
    for (const [path, cookie] of [
      [`/fr/agreements/${markupId}`, ""],
      [`/fr/workspace/agreements/${markupId}`, staffCookie],
      ["/fr/workspace/my-work", focalCookie],
    ] as const) {
      const html = await (await app.request(path, { headers: { cookie } })).text();
      expectShownAsText(html, "<script>alert(1)</script>");
    }
  });
});

describe("the portal's action plan and progress", () => {
  it("shows plans, activities and indicators from approved values only, never internal follow-up", async () => {
    const response = await app.request(`/fr/agreements/${publicId}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Plan d’action et avancement");
    expect(html).toContain("Plan 2026");
    expect(html).toContain("Done workshop");
    expect(html).toContain("Tétouan");
    expect(html).toContain(">42<");
    expect(html).toContain("Réalisée");
    expect(html).toContain("Jeunes formés");
    // Cumulative from the approved value only: 0 + 10, 10 % of the way to 100.
    const progress = parse(html);
    expect(all(progress, "td.number").map(textOf)).toContain("10");
    const achievement = byRole(
      progress,
      "meter",
      fr("progress.portal.achievementOf", { indicator: "Jeunes formés" }),
    );
    expect(textOf(achievement)).toMatch(/^10\s?%$/);
    // The workspace's chart of the indicator, with its table of approved values only; the chart
    // an image fetched on its own, not drawn into the page.
    expect(all(progress, "figure.indicator-figure")).toHaveLength(1);
    expect(all(progress, "figure.indicator-figure svg")).toHaveLength(0);
    const src = attr(all(progress, "figure.indicator-figure img.indicator-chart")[0], "src");
    expect(src).toMatch(
      new RegExp(`^/fr/agreements/${publicId}/indicators/${indicatorId}/chart\\.svg\\?v=[\\w-]+$`),
    );
    for (const secret of secrets) expect(html).not.toContain(secret);
    expect(html).not.toContain(">30<");
    expect(html).not.toContain(">55<");
    expect(html).not.toContain("Santé de la convention");
  });

  it("serves each indicator's chart as an image, revalidated by its tag, for public agreements only", async () => {
    const path = `/ar/agreements/${publicId}/indicators/${indicatorId}/chart.svg`;
    const chart = await app.request(path);
    expect(chart.status).toBe(200);
    expect(chart.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    const svg = await chart.text();
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("الشباب المكونون");
    const etag = chart.headers.get("etag") as string;
    expect((await app.request(path, { headers: { "if-none-match": etag } })).status).toBe(304);
    // Another language is another chart, with another tag.
    const french = await app.request(`/fr/agreements/${publicId}/indicators/${indicatorId}/chart.svg`);
    expect(french.headers.get("etag")).not.toBe(etag);
    for (const unknown of [
      `/fr/agreements/${internalId}/indicators/${internalIndicatorId}/chart.svg`,
      `/fr/agreements/${internalId}/indicators/${indicatorId}/chart.svg`,
      `/fr/agreements/${publicId}/indicators/${internalIndicatorId}/chart.svg`,
      `/fr/agreements/${publicId}/indicators/not-an-id/chart.svg`,
      `/fr/agreements/not-an-id/indicators/${indicatorId}/chart.svg`,
    ]) {
      const response = await app.request(unknown);
      expect(response.status, unknown).toBe(404);
      expect(response.headers.get("content-type"), unknown).toMatch(/^text\/html/);
    }
  });

  it("is in Arabic for the Arabic portal, and absent from an internal agreement's (not found)", async () => {
    const arabic = await (await app.request(`/ar/agreements/${publicId}`)).text();
    expect(arabic).toContain('dir="rtl"');
    expect(arabic).toContain("خطة العمل ومدى التقدم");
    expect(arabic).toContain("الشباب المكونون");
    expect((await app.request(`/fr/agreements/${internalId}`)).status).toBe(404);
  });
});
