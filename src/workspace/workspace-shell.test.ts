import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildUser } from "../../test/factories.js";
import { all, attr, one, parse, textOf } from "../../test/html.js";
import { signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { userRoles } from "../db/schema/index.js";

/**
 * The workspace's shell (#13): its menu in groups behind a Menu fold, breadcrumbs on its pages,
 * and an agreement's page in sections, each a page of its own.
 */
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
const cookies: Partial<Record<(typeof userRoles)[number], string>> = {};
let agreementId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  for (const role of userRoles)
    cookies[role] = await signIn(app, (await buildUser(handle.db, { role })).email);
  agreementId = (await buildAgreement(handle.db, { visibility: "public", reference: "SHELL-001" })).id;
});
afterAll(async () => {
  await handle?.close();
});

const page = async (path: string, role: (typeof userRoles)[number] = "secretariat") => {
  const response = await app.request(path, { headers: { cookie: cookies[role] ?? "" } });
  return { status: response.status, html: parse(await response.text()) };
};

/** The menu's groups, each with the paths of its links (after /en/workspace). */
const menuOf = (html: ReturnType<typeof parse>) =>
  Object.fromEntries(
    all(html, "details.menu-fold .menu-groups > li")
      .filter((group) => all(group, ".menu-group").length)
      .map((group) => [
        textOf(one(group, ".menu-group")).trim(),
        all(group, "a").map((link) => (attr(link, "href") ?? "").replace("/en/workspace", "")),
      ]),
  );

describe("the workspace menu", () => {
  it("groups each role's entries, in a <details> Menu fold that works without JavaScript", async () => {
    const menus = Object.fromEntries(
      await Promise.all(
        userRoles.map(async (role) => [role, menuOf((await page("/en/workspace", role)).html)]),
      ),
    );
    expect(Object.keys(menus.admin)).toEqual([
      "Registry",
      "Follow-up",
      "Alerts and calendar",
      "Administration",
    ]);
    expect(menus.admin).toEqual({
      Registry: ["/agreements", "/organizations", "/documents", "/import/spreadsheet", "/translations"],
      "Follow-up": ["", "/my-work", "/territory"],
      "Alerts and calendar": ["/alerts", "/calendar"],
      Administration: [
        "/audit",
        "/recently-deleted",
        "/account/tokens",
        "/users",
        "/outbox",
        "/open-data/licence",
      ],
    });
    // As before the groups: the secretariat edits but does not manage accounts; a focal point
    // and a viewer neither import nor read the audit log; a council sees its territory.
    expect(menus.secretariat.Registry).toContain("/import/spreadsheet");
    expect(menus.secretariat.Administration).not.toContain("/users");
    expect(menus.secretariat.Administration).toContain("/recently-deleted");
    expect(menus.focal_point.Registry).toEqual(["/agreements", "/organizations", "/documents"]);
    expect(menus.focal_point.Administration).not.toContain("/recently-deleted");
    expect(menus.focal_point.Administration).not.toContain("/audit");
    expect(menus.focal_point["Follow-up"]).not.toContain("/territory");
    expect(menus.council["Follow-up"]).toContain("/territory");
    expect(menus.viewer.Administration).toEqual(["/account/tokens"]);
    // the translation queue: the staff's, and a translator's (translations.routes.test.ts)
    expect(menus.secretariat.Registry).toContain("/translations");
    expect(menus.viewer.Registry).not.toContain("/translations");
    const { html } = await page("/en/workspace/agreements");
    expect(textOf(one(html, "details.menu-fold > summary")).trim()).toBe("Menu");
    expect(attr(one(html, '.menu-groups a[aria-current="page"]'), "href")).toBe("/en/workspace/agreements");
  });
});

describe("breadcrumbs", () => {
  it("lead back up from every kind of workspace page, the page itself marked current", async () => {
    const trails: Record<string, string[]> = {
      "/en/workspace": ["Workspace"],
      "/en/workspace/agreements": ["Workspace", "Agreements"],
      "/en/workspace/account/tokens": ["Workspace", "Personal API tokens"],
      [`/en/workspace/agreements/${agreementId}`]: ["Workspace", "Agreements", "SHELL-001"],
      [`/en/workspace/agreements/${agreementId}?section=plans`]: [
        "Workspace",
        "Agreements",
        "SHELL-001",
        "Plan and activities",
      ],
    };
    for (const [path, expected] of Object.entries(trails)) {
      const { status, html } = await page(path);
      expect(status, path).toBe(200);
      const crumbs = all(html, 'nav.breadcrumbs[aria-label="Breadcrumb"] li');
      expect(
        crumbs.map((crumb) => textOf(crumb).trim()),
        path,
      ).toEqual(expected);
      expect(all(html, 'nav.breadcrumbs [aria-current="page"]').map((node) => textOf(node).trim())).toEqual([
        expected.at(-1),
      ]);
      expect(all(html, "nav.breadcrumbs a").length, path).toBe(expected.length - 1);
    }
  });
});

describe("an agreement's page in sections", () => {
  it("lists its sections under On this page, each with an anchor on the whole page", async () => {
    const { html } = await page(`/fr/workspace/agreements/${agreementId}`);
    const links = all(html, "nav.page-sections a").map((link) => attr(link, "href"));
    expect(links).toEqual([
      "#section-overview",
      "#section-parties",
      "#section-plans",
      "#section-indicators",
      "#section-committee",
      "#section-documents",
      "#section-history",
    ]);
    for (const link of links) expect(all(html, `${link}.page-section`).length, link ?? "").toBe(1);
  });

  it("shows one section on its own at ?section=, linking to the others and to the whole page", async () => {
    const { status, html } = await page(`/ar/workspace/agreements/${agreementId}?section=parties`);
    expect(status).toBe(200);
    expect(all(html, ".page-section").map((section) => attr(section, "id"))).toEqual(["section-parties"]);
    expect(all(html, "#parties-heading").length).toBe(1);
    expect(all(html, "#dates-heading").length).toBe(0);
    const current = one(html, 'nav.page-sections a[aria-current="page"]');
    expect(attr(current, "href")).toBe(`/ar/workspace/agreements/${agreementId}?section=parties`);
    expect(all(html, `nav.page-sections a[href="/ar/workspace/agreements/${agreementId}"]`).length).toBe(1);
  });

  it("refuses an unknown section with the 400 page naming the field", async () => {
    const { status, html } = await page(`/en/workspace/agreements/${agreementId}?section=budget`);
    expect(status).toBe(400);
    expect(textOf(one(html, "main"))).toContain("The value of “section” is not valid");
    // Named in the reader's language, not by the raw parameter.
    const arabic = await page(`/ar/workspace/agreements/${agreementId}?section=budget`);
    expect(textOf(one(arabic.html, "main"))).toContain("القسم");
  });

  it("shows the committee only to those who may read it: a section they cannot open is not found", async () => {
    // A focal point whose organisation is not a party reads the public agreement, not its inside.
    const focal = await page(`/en/workspace/agreements/${agreementId}`, "focal_point");
    expect(focal.status).toBe(200);
    const sections = all(focal.html, "nav.page-sections a").map((link) => attr(link, "href"));
    expect(sections).not.toContain("#section-committee");
    expect(all(focal.html, "#section-committee").length).toBe(0);
    const alone = await page(`/en/workspace/agreements/${agreementId}?section=committee`, "focal_point");
    expect(alone.status).toBe(404);
  });
});
