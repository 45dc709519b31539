import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { buildActivity } from "../../test/followup-factories.js";
import { all, byRole, parse, rowWith, textOf } from "../../test/html.js";
import { signIn } from "../../test/session.js";
import { statementsOf } from "../../test/statements.js";
import type { DatabaseHandle } from "../db/client.js";
import { updateOrganization } from "../partners/organizations.edits.js";
import { systemActor } from "../shared/actor.js";
import { translator } from "../shared/i18n.js";

const fr = translator("fr");

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

const dashboard = async (cookie: string, lang = "fr") =>
  (await app.request(`/${lang}/workspace`, { headers: { cookie } })).text();

describe("dashboard", () => {
  it("reads the person's session once per page, the dashboard as any other workspace page", async () => {
    const cookie = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
    for (const path of ["/fr/workspace", "/fr/workspace/agreements"]) {
      const statements = await statementsOf(handle.db, async () => {
        expect((await app.request(path, { headers: { cookie } })).status).toBe(200);
      });
      const sessionReads = statements.filter((statement) => /from "sessions"/.test(statement.sql));
      expect(sessionReads, path).toHaveLength(1);
    }
  });

  it("says what a focal point acts for and lists only what it may see", async () => {
    const organization = await buildOrganization(handle.db, { name: { fr: "Université Ibn Tofail" } });
    const ours = await buildAgreement(handle.db, {
      visibility: "internal",
      parties: [{ organizationId: organization.id, role: "signatory" }],
    });
    const hidden = await buildAgreement(handle.db, { visibility: "internal" });
    const focal = await buildUser(handle.db, { role: "focal_point", organizationId: organization.id });
    const cookie = await signIn(app, focal.email);
    const html = await dashboard(cookie);
    expect(html).toContain("Vous agissez pour Université Ibn Tofail.");
    expect(html).toContain(ours.reference);
    expect(html).not.toContain(hidden.reference);
    // The organisation's name is kept with the focal point's dashboard, and renamed with it.
    const again = await statementsOf(handle.db, () => dashboard(cookie));
    expect(again.filter((statement) => /from "organizations"/.test(statement.sql))).toEqual([]);
    await updateOrganization({
      db: handle.db,
      actor: systemActor,
      id: organization.id,
      input: { name: { fr: "Université Ibn Tofail de Kénitra" }, version: organization.version },
    });
    expect(await dashboard(cookie)).toContain("Vous agissez pour Université Ibn Tofail de Kénitra.");
  });

  it("lays out each reader's figures for their role, whoever loaded the same figures first, and anew after a write", async () => {
    const viewer = await signIn(app, (await buildUser(handle.db, { role: "viewer" })).email);
    const secretariat = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
    const reviewRow = fr("workspace.dashboard.valuesAwaitingReview");
    // The viewer and the secretariat read every agreement (one reading scope, one set of kept
    // figures); only the staff, who review values, are shown the values awaiting review.
    expect(await dashboard(viewer)).not.toContain(reviewRow);
    expect(await dashboard(secretariat)).toContain(reviewRow);
    expect(await dashboard(viewer)).not.toContain(reviewRow);
    const draft = await buildAgreement(handle.db, { status: "draft", visibility: "internal" });
    for (const cookie of [viewer, secretariat]) expect(await dashboard(cookie)).toContain(draft.reference);
  });

  it("says which territory a council sees, in Arabic", async () => {
    const council = await buildUser(handle.db, { role: "council", territoryCode: "01.571" });
    const html = await dashboard(await signIn(app, council.email), "ar");
    expect(html).toContain("ترى ما يهم تطوان.");
    expect(html).toContain('dir="rtl"');
  });

  it("shows the audit log and accounts in the menu only to those who may open them", async () => {
    const viewer = await dashboard(await signIn(app, (await buildUser(handle.db, { role: "viewer" })).email));
    expect(viewer).not.toContain("/fr/workspace/audit");
    expect(viewer).not.toContain("/fr/workspace/users");
    const admin = await dashboard(await signIn(app, (await buildUser(handle.db, { role: "admin" })).email));
    expect(admin).toContain("/fr/workspace/audit");
    expect(admin).toContain("/fr/workspace/users");
    expect(admin).toContain('href="/fr/workspace/outbox"');
    expect(viewer).toContain('href="/fr/workspace/territory"');
    const secretariat = await dashboard(
      await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email),
    );
    expect(secretariat).toContain('href="/fr/workspace/audit"');
    expect(secretariat).not.toContain('href="/fr/workspace/outbox"');
    const focalPoint = await dashboard(
      await signIn(app, (await buildUser(handle.db, { role: "focal_point" })).email),
    );
    expect(focalPoint).not.toContain('href="/fr/workspace/territory"');
    expect(focalPoint).toContain('href="/fr/workspace/my-work"');
  });

  it("shows each recent agreement's health, on the dashboard and in the agreements list", async () => {
    const late = await buildAgreement(handle.db, {
      reference: "HEALTH-LATE",
      status: "in_force",
      signedOn: "2025-01-01",
      effectiveOn: "2025-01-01",
      expiresOn: "2099-12-31",
      visibility: "internal",
    });
    // Its one activity ended long ago and is not done: off track.
    await buildActivity(handle.db, late.id, { plannedEnd: "2025-06-30" });
    const cookie = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
    const rowOf = (html: string) => textOf(rowWith(parse(html), "HEALTH-LATE"));
    // Among the recent agreements, and among those needing attention first: off track in both.
    const rows = all(parse(await dashboard(cookie)), "tr").filter((row) =>
      textOf(row).includes("HEALTH-LATE"),
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(textOf(row)).toContain(fr("progress.levels.off_track"));
    const list = await (
      await app.request("/fr/workspace/agreements?q=HEALTH-LATE", { headers: { cookie } })
    ).text();
    byRole(parse(list), "columnheader", fr("progress.columns.health"));
    expect(rowOf(list)).toContain(fr("progress.levels.off_track"));
  });

  it("counts the agreements a person may read by status, each count the size of the list it links to", async () => {
    const organization = await buildOrganization(handle.db);
    for (const status of ["in_force", "in_force", "suspended"] as const) {
      await buildAgreement(handle.db, {
        status,
        signedOn: "2025-01-01",
        visibility: "internal",
        parties: [{ organizationId: organization.id, role: "signatory" }],
      });
    }
    // Another's internal agreement: not the focal point's to count.
    await buildAgreement(handle.db, { status: "in_force", signedOn: "2025-01-01", visibility: "internal" });
    const cookie = await signIn(
      app,
      (await buildUser(handle.db, { role: "focal_point", organizationId: organization.id })).email,
    );
    const page = parse(await dashboard(cookie));
    const table = byRole(page, "table", fr("workspace.dashboard.byStatus"));
    const links = Array.from(table.querySelectorAll("tbody a"));
    expect(links.length).toBeGreaterThan(1);
    for (const link of links) {
      const href = link.getAttribute("href") ?? "";
      expect(href).toMatch(/^\/fr\/workspace\/agreements\?status=[a-z_]+$/);
      const list = parse(await (await app.request(href, { headers: { cookie } })).text());
      const count = Number(textOf(link));
      expect(
        textOf(all(list, "main p").find((p) => textOf(p) === fr("catalogue.results", { count })) ?? null),
      ).toBe(fr("catalogue.results", { count }));
    }
    // Its drafts: none, said as such (not "nothing matches these filters": there are none).
    const paragraphs = all(page, "p").map((paragraph) => textOf(paragraph));
    expect(paragraphs).toContain(fr("workspace.dashboard.noDrafts"));
    expect(paragraphs).not.toContain(fr("catalogue.noResults"));
  });
});
