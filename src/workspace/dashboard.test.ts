import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { buildActivity } from "../../test/followup-factories.js";
import { byRole, parse, rowWith, textOf } from "../../test/html.js";
import { signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
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
  it("says what a focal point acts for and lists only what it may see", async () => {
    const organization = await buildOrganization(handle.db, { name: { fr: "Université Ibn Tofail" } });
    const ours = await buildAgreement(handle.db, {
      visibility: "internal",
      parties: [{ organizationId: organization.id, role: "signatory" }],
    });
    const hidden = await buildAgreement(handle.db, { visibility: "internal" });
    const focal = await buildUser(handle.db, { role: "focal_point", organizationId: organization.id });
    const html = await dashboard(await signIn(app, focal.email));
    expect(html).toContain("Vous agissez pour Université Ibn Tofail.");
    expect(html).toContain(ours.reference);
    expect(html).not.toContain(hidden.reference);
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
    expect(rowOf(await dashboard(cookie))).toContain(fr("progress.levels.off_track"));
    const list = await (
      await app.request("/fr/workspace/agreements?q=HEALTH-LATE", { headers: { cookie } })
    ).text();
    byRole(parse(list), "columnheader", fr("progress.columns.health"));
    expect(rowOf(list)).toContain(fr("progress.levels.off_track"));
  });
});
