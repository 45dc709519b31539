import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import {
  buildActivity,
  buildFollowUpAction,
  buildIndicator,
  buildIndicatorValue,
} from "../../test/followup-factories.js";
import { all, byRole, one, parse, selectedIn, textOf } from "../../test/html.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { changesPublicOutput } from "../db/registry-generation.js";
import { addDays, todayInMorocco } from "../domain/periods.js";
import { loadDashboardFigures } from "../progress/dashboard.queries.js";
import type { Actor } from "../shared/actor.js";
import { translator } from "../shared/i18n.js";

/*
 * The dashboard's figures on a small fixed registry, counted by hand for each role, and each
 * figure's link opening a list of exactly that many agreements.
 *
 * - DASH-OFF (org A, Tétouan 01.571, internal, in force): its one activity is overdue → off track.
 * - DASH-RISK (org A, 02.411, internal, in force): ends in 20 days, one overdue action → at risk.
 * - DASH-NOTICE (org B, national, internal, in force, tacit renewal, 30 days' notice, ends in
 *   60 days): notice due in 30 days → at risk.
 * - DASH-DRAFT (org B, Tétouan, internal, draft): no health.
 * - DASH-NODATA (org B, region 01, internal, signed, no dates): not enough data.
 * - DASH-PUBLIC (org B, 02.411, public, in force): ends in 80 days → at risk.
 */

const fr = translator("fr");
const today = todayInMorocco();
const day = (days: number) => addDays(today, days);

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
const cookies: Record<"secretariat" | "focal" | "council", string> = {
  secretariat: "",
  focal: "",
  council: "",
};
const actors: Partial<Record<keyof typeof cookies, Actor>> = {};
let risk: { id: string; version: number };

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  const db = handle.db;
  const orgA = await buildOrganization(db, { name: { fr: "Organisation A" } });
  const orgB = await buildOrganization(db, { name: { fr: "Organisation B" } });
  const party = (organizationId: string) => [{ organizationId, role: "signatory" as const }];
  const inForce = (from: number, to: number) => ({
    status: "in_force" as const,
    signedOn: day(from),
    effectiveOn: day(from),
    expiresOn: day(to),
  });
  const off = await buildAgreement(db, {
    reference: "DASH-OFF",
    ...inForce(-400, 1000),
    visibility: "internal",
    themes: ["training"],
    territoryCodes: ["01.571"],
    parties: party(orgA.id),
  });
  await buildActivity(db, off.id, {
    plannedStart: day(-60),
    plannedEnd: day(-10),
    budgetPlanned: "1000.00",
    budgetSpent: "200.00",
  });
  const indicator = await buildIndicator(db, off.id);
  await buildIndicatorValue(db, indicator.id, { status: "submitted" });
  const atRisk = await buildAgreement(db, {
    reference: "DASH-RISK",
    ...inForce(-100, 20),
    visibility: "internal",
    themes: ["training", "research"],
    territoryCodes: ["02.411"],
    parties: party(orgA.id),
  });
  risk = { id: atRisk.id, version: atRisk.version };
  await buildFollowUpAction(db, atRisk.id, { dueOn: day(-5) });
  await buildAgreement(db, {
    reference: "DASH-NOTICE",
    ...inForce(-305, 60),
    renewal: "tacit",
    renewalNoticeDays: 30,
    visibility: "internal",
    national: true,
    parties: party(orgB.id),
  });
  await buildAgreement(db, {
    reference: "DASH-DRAFT",
    visibility: "internal",
    territoryCodes: ["01.571"],
    parties: party(orgB.id),
  });
  await buildAgreement(db, {
    reference: "DASH-NODATA",
    status: "signed",
    signedOn: day(-30),
    visibility: "internal",
    territoryCodes: ["01"],
    parties: party(orgB.id),
  });
  await buildAgreement(db, {
    reference: "DASH-PUBLIC",
    ...inForce(-50, 80),
    visibility: "public",
    territoryCodes: ["02.411"],
    parties: party(orgB.id),
  });
  const users = {
    secretariat: await buildUser(db, { role: "secretariat" }),
    focal: await buildUser(db, { role: "focal_point", organizationId: orgA.id }),
    council: await buildUser(db, { role: "council", territoryCode: "01.571" }),
  };
  for (const key of Object.keys(users) as (keyof typeof users)[]) {
    const user = users[key];
    cookies[key] = await signIn(app, user.email);
    actors[key] = {
      id: user.id,
      role: user.role,
      organizationId: user.organizationId ?? undefined,
      territoryCode: user.territoryCode ?? undefined,
    } as Actor;
  }
});
afterAll(async () => {
  await handle?.close();
});

const page = async (path: string, cookie: string) =>
  (await app.request(path, { headers: { cookie } })).text();

/** The number of agreements the list says it found. */
function listed(html: string): number {
  const said = all(parse(html), "main p")
    .map((paragraph) => textOf(paragraph))
    .find((text) => /^\d+ convention/.test(text) || text === fr("catalogue.results", { count: 0 }));
  if (said === undefined) throw new Error("the list does not say how many it found");
  return said === fr("catalogue.results", { count: 0 }) ? 0 : Number(said.split(" ")[0]);
}

const figuresOf = (who: keyof typeof cookies) =>
  loadDashboardFigures({ db: handle.db, actor: actors[who] as Actor, today });

describe("the dashboard's figures, by hand", () => {
  it("counts the whole registry for the secretariat", async () => {
    const figures = await figuresOf("secretariat");
    expect(figures.underway).toBe(5);
    expect(figures.byHealth).toEqual({ on_track: 0, at_risk: 3, off_track: 1, not_enough_data: 1 });
    expect(figures.deadlines).toEqual([
      { within: 30, count: 2, expiries: 1, notices: 1 },
      { within: 90, count: 3, expiries: 2, notices: 1 },
    ]);
    expect(figures.late).toEqual({
      activities: { items: 1, agreements: 1 },
      actions: { items: 1, agreements: 1 },
    });
    expect(figures.attention.map((item) => item.reference)).toEqual([
      "DASH-OFF",
      "DASH-RISK",
      "DASH-NOTICE",
      "DASH-PUBLIC",
    ]);
    expect(figures.attention[1]?.reasons.map((reason) => reason.key)).toEqual([
      "expiresIn",
      "actionsOverdue",
    ]);
    const offYear = Number(day(-400).slice(0, 4));
    const year = figures.budgetByYear.find((line) => line.year === offYear)?.line;
    expect(year?.planned).toBe(1000);
    expect(year?.spent).toBe(200);
    expect(figures.budgetByTheme.find((line) => line.theme === "training")?.line).toEqual({
      planned: 1000,
      spent: 200,
      agreements: 2,
    });
    expect(figures.territories.find((row) => row.code === "01.571")?.agreements).toBe(4);
  });

  it("counts a focal point's organisation's agreements only", async () => {
    const figures = await figuresOf("focal");
    expect(figures.underway).toBe(2);
    expect(figures.byHealth).toEqual({ on_track: 0, at_risk: 1, off_track: 1, not_enough_data: 0 });
    expect(figures.deadlines.map((window) => window.count)).toEqual([1, 1]);
    expect(figures.late).toEqual({
      activities: { items: 1, agreements: 1 },
      actions: { items: 1, agreements: 1 },
    });
    expect(figures.attention.map((item) => item.reference)).toEqual(["DASH-OFF", "DASH-RISK"]);
    // The map: what it may read (its own, and public ones) reaching Tétouan.
    expect(figures.territories.find((row) => row.code === "01.571")?.agreements).toBe(1);
    expect(figures.territories.find((row) => row.code === "02.411")?.agreements).toBe(2);
  });

  it("counts a council's territory's agreements only", async () => {
    const figures = await figuresOf("council");
    expect(figures.underway).toBe(3);
    expect(figures.byHealth).toEqual({ on_track: 0, at_risk: 1, off_track: 1, not_enough_data: 1 });
    expect(figures.deadlines).toEqual([
      { within: 30, count: 1, expiries: 0, notices: 1 },
      { within: 90, count: 1, expiries: 0, notices: 1 },
    ]);
    expect(figures.late).toEqual({
      activities: { items: 1, agreements: 1 },
      actions: { items: 0, agreements: 0 },
    });
    expect(figures.attention.map((item) => item.reference)).toEqual(["DASH-OFF", "DASH-NOTICE"]);
    expect(figures.territories.find((row) => row.code === "01.571")?.agreements).toBe(4);
  });
});

describe("the dashboard page", () => {
  for (const who of ["secretariat", "focal", "council"] as const) {
    it(`links each of ${who}'s figures to a list of exactly that many agreements`, async () => {
      const cookie = cookies[who];
      const html = parse(await page("/fr/workspace", cookie));
      const tables = [
        fr("workspace.dashboard.byHealth"),
        fr("workspace.dashboard.deadlines"),
        fr("workspace.dashboard.overdue"),
        fr("workspace.dashboard.budgetByYear"),
        fr("workspace.dashboard.budgetByTheme"),
      ].map((caption) => byRole(html, "table", caption));
      const links = tables.flatMap((table) =>
        all(table, "a").filter((link) => link.getAttribute("href")?.startsWith("/fr/workspace/agreements?")),
      );
      expect(links.length).toBeGreaterThan(4);
      for (const link of links) {
        const href = link.getAttribute("href") ?? "";
        const cell = link.closest("tr");
        // An overdue row's first number counts activities or actions: its agreements are the second.
        const agreements =
          href.includes("late=") && cell ? Number(textOf(all(cell, "td")[1] ?? null)) : Number(textOf(link));
        expect(listed(await page(href, cookie)), href).toBe(agreements);
      }
      // The map's Tétouan opens the list of what the person may read reaching it.
      const tetouan = one(html, 'svg.territory-map a[href$="territory=01.571"]');
      const count = Number(/(\d+)/.exec(tetouan.getAttribute("aria-label") ?? "")?.[1]);
      expect(listed(await page(tetouan.getAttribute("href") ?? "", cookie))).toBe(count);
    });
  }

  it("shows the staff the values awaiting their review, the same that my work lists", async () => {
    const html = parse(await page("/fr/workspace", cookies.secretariat));
    const row = all(byRole(html, "table", fr("workspace.dashboard.overdue")), "tr").find((tr) =>
      textOf(tr).includes(fr("workspace.dashboard.valuesAwaitingReview")),
    );
    const link = row ? one(row, "a") : null;
    expect(link?.getAttribute("href")).toBe("/fr/workspace/my-work#review-submitted");
    expect(textOf(link)).toBe("1");
    const work = parse(await page("/fr/workspace/my-work", cookies.secretariat));
    // The anchor is the list's heading; its section holds the table.
    expect(all(one(work, 'section[aria-labelledby="review-submitted"]'), "tbody tr")).toHaveLength(1);
    const focal = await page("/fr/workspace", cookies.focal);
    expect(focal).not.toContain(fr("workspace.dashboard.valuesAwaitingReview"));
  });

  it("lists the agreements needing attention with their reasons, in Arabic too", async () => {
    const html = parse(await page("/ar/workspace", cookies.council));
    const table = byRole(html, "table", translator("ar")("workspace.dashboard.attentionIntro"));
    const rows = all(table, "tbody tr").map((row) => textOf(row));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain("DASH-OFF");
    expect(rows[0]).toContain(translator("ar")("progress.levels.off_track"));
    expect(rows[1]).toContain("DASH-NOTICE");
    expect(rows[1]).toContain(translator("ar")("progress.reasons.renewalNoticeDue", { count: 30 }));
  });

  it("says which follow-up filter the list shows, and keeps it when the list is searched", async () => {
    const html = parse(await page("/fr/workspace/agreements?health=at_risk&mine=1", cookies.focal));
    const said = all(html, "main p").find((p) =>
      textOf(p).startsWith(fr("workspace.dashboard.followUpFilters")),
    );
    expect(textOf(said ?? null)).toContain(fr("progress.levels.at_risk"));
    expect(textOf(said ?? null)).toContain(fr("agreementForm.listFilters.mine"));
    const form = one(html, `main search form[action="/fr/workspace/agreements"]`);
    expect(selectedIn(form, "health")).toEqual(["at_risk"]);
    expect(one(form, 'input[name="mine"]').getAttribute("value")).toBe("1");
    expect(one(form, 'input[name="mine"]').hasAttribute("checked")).toBe(true);
    // The focal point's agreement at risk is DASH-RISK alone (DASH-PUBLIC, at risk too, is another's).
    const atRisk = await page("/fr/workspace/agreements?health=at_risk", cookies.focal);
    expect(listed(atRisk)).toBe(1);
    expect(atRisk).toContain("DASH-RISK");
    expect(atRisk).not.toContain("DASH-PUBLIC");
  });

  it("refuses a follow-up filter it does not know with the 400 page", async () => {
    for (const query of ["health=late", "due=soon", "due=-1", "late=meetings", "mine=yes"]) {
      const response = await app.request(`/fr/workspace/agreements?${query}`, {
        headers: { cookie: cookies.secretariat },
      });
      expect(response.status, query).toBe(400);
    }
  });

  it("is kept under a generation that every write to what it reads raises, internal records included", () => {
    // The standings read these records (whatever the agreement's visibility); the registry's
    // generation is raised by entity type, so a write to any of them drops what was kept.
    for (const entityType of [
      "agreement",
      "organization",
      "territory",
      "action_plan",
      "activity",
      "indicator",
      "indicator_value",
      "meeting",
      "decision",
      "follow_up_action",
      "committee_member",
    ])
      expect(changesPublicOutput(entityType), entityType).toBe(true);
  });

  it("shows a person's own edit at once: an agreement ended is no longer at risk nor late", async () => {
    const before = await figuresOf("secretariat");
    expect(before.byHealth.at_risk).toBe(3);
    const ended = await postForm(app, `/fr/workspace/agreements/${risk.id}/status`, cookies.secretariat, {
      to: "terminated",
      version: String(risk.version),
      confirm: "yes",
      // the second post, from the page that names what termination means
      step: "confirmed",
    });
    expect(ended.status).toBe(303);
    const html = parse(await page("/fr/workspace", cookies.secretariat));
    const health = byRole(html, "table", fr("workspace.dashboard.byHealth"));
    const atRisk = all(health, "tbody tr").find((row) => textOf(row).includes(fr("progress.levels.at_risk")));
    expect(textOf(atRisk ? (all(atRisk, "td")[0] ?? null) : null)).toBe("2");
    const after = await figuresOf("secretariat");
    expect(after.late.actions).toEqual({ items: 0, agreements: 0 });
    expect(after.deadlines[0]?.count).toBe(1);
  });
});
