import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildOrganization, buildUser } from "../../test/factories.js";
import { all, byLabel, htmlOf, one, rowWith, textOf } from "../../test/html.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { auditEvents, outboxEmails, users } from "../db/schema/index.js";
import { translator } from "../shared/i18n.js";

const fr = translator("fr");
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let admin: Awaited<ReturnType<typeof buildUser>>;
let adminCookie: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  admin = await buildUser(handle.db, { role: "admin", name: "Amina Admin" });
  adminCookie = await signIn(app, admin.email);
});
afterAll(async () => {
  await handle?.close();
});

const get = (path: string, cookie = adminCookie) => app.request(path, { headers: { cookie } });

async function emailsTo(address: string) {
  return handle.db
    .select()
    .from(outboxEmails)
    .where(eq(outboxEmails.toAddress, address))
    .orderBy(desc(outboxEmails.createdAt));
}

async function userByEmail(email: string) {
  const [row] = await handle.db.select().from(users).where(eq(users.email, email));
  return row;
}

/** The path and token of the password link in an email's text. */
function linkIn(text: string) {
  const path = text.match(/http:\/\/localhost(\/(?:ar|fr|en)\/workspace\/reset-password\?token=\S+)/)?.[1];
  if (!path) throw new Error(`no password link in:\n${text}`);
  return { path, token: new URL(path, TEST_ORIGIN).searchParams.get("token") as string };
}

describe("creating accounts", () => {
  it("creates a focal point without a password and emails a link that lets them choose one", async () => {
    const organization = await buildOrganization(handle.db, {
      name: { fr: "Agence de l’Eau Test", en: "Water Agency Test" },
    });
    const form = await get("/fr/workspace/users/new");
    expect(form.status).toBe(200);
    const formPage = await htmlOf(form);
    const organizations = byLabel(formPage, fr("users.labels.organization"));
    expect(textOf(one(organizations, `option[value="${organization.id}"]`))).toBe("Agence de l’Eau Test");
    expect(all(byLabel(formPage, fr("users.labels.role")), "option").map(textOf)).toContain(
      fr("roles.focal_point"),
    );
    expect(byLabel(formPage, fr("users.labels.territory")).getAttribute("name")).toBe("territoryCode");

    const response = await postForm(app, "/fr/workspace/users", adminCookie, {
      email: "Focal.Point@Example.org",
      name: "Fatima Focal",
      role: "focal_point",
      organizationId: organization.id,
      territoryCode: "",
      locale: "ar",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/fr/workspace/users?notice=created");

    const created = await userByEmail("focal.point@example.org");
    expect(created).toMatchObject({ role: "focal_point", organizationId: organization.id, locale: "ar" });
    const [email] = await emailsTo("focal.point@example.org");
    expect(email).toMatchObject({ status: "kept", purpose: "password_reset" });
    // The email speaks the new account's language, and so does its link.
    const { path, token } = linkIn(email?.textBody ?? "");
    expect(path).toMatch(/^\/ar\/workspace\/reset-password/);

    const list = await (await get("/fr/workspace/users?notice=created")).text();
    expect(list).toContain("Le compte est créé.");
    expect(list).toContain("Fatima Focal");
    expect(list).toContain("Agence de l’Eau Test");

    expect((await app.request(path)).status).toBe(200);
    const saved = await postForm(app, "/ar/workspace/reset-password", "", {
      token,
      password: "the focal point's own password",
    });
    expect(saved.status).toBe(303);
    const cookie = await signIn(app, "focal.point@example.org", "the focal point's own password");
    expect((await get("/fr/workspace", cookie)).status).toBe(200);
  });

  it("creates a council for a province, and names the province in the list", async () => {
    const response = await postForm(app, "/fr/workspace/users", adminCookie, {
      email: "council@example.org",
      name: "Conseil Test",
      role: "council",
      organizationId: "",
      territoryCode: "01.571",
      locale: "fr",
    });
    expect(response.status).toBe(303);
    expect(await userByEmail("council@example.org")).toMatchObject({ territoryCode: "01.571" });
    // The row names the role and, in the next cell, the province by its name (not "—" nor its code).
    const list = await htmlOf(await get("/fr/workspace/users"));
    const [, , role, scope] = all(rowWith(list, "Conseil Test"), "td").map(textOf);
    expect(role).toBe(fr("roles.council"));
    expect(scope).not.toMatch(/^(|—|01\.571)$/);
  });

  it("names in the list the languages each translator translates into, in the reader's language", async () => {
    const made = await buildUser(handle.db, {
      role: "viewer",
      name: "Traductrice Test",
      translates: ["en", "ar"],
    });
    const saved = (await userByEmail(made.email))?.translates ?? [];
    expect(saved).toHaveLength(2);
    const ar = translator("ar");
    const column = async (lang: "fr" | "ar", name: string) => {
      const page = await htmlOf(await get(`/${lang}/workspace/users`));
      const headers = all(page, "table.data th").map(textOf);
      const cells = all(rowWith(page, name), "td").map(textOf);
      return cells[headers.indexOf(translator(lang)("users.columns.translates"))];
    };
    expect(await column("fr", "Traductrice Test")).toBe(
      saved.map((code) => fr(`languageNames.${code}`)).join(", "),
    );
    // In Arabic, with the Arabic comma.
    expect(await column("ar", "Traductrice Test")).toBe(
      saved.map((code) => ar(`languageNames.${code}`)).join("، "),
    );
    expect(await column("fr", "Amina Admin")).toBe("—");
  });

  it("re-shows the form with every refused field named in the page's language", async () => {
    const response = await postForm(app, "/fr/workspace/users", adminCookie, {
      email: "not-an-email",
      name: "",
      role: "focal_point",
      organizationId: "",
      territoryCode: "",
      locale: "fr",
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("L’adresse électronique doit avoir la forme nom@exemple.ma.");
    expect(html).toContain("« nom »");
    expect(html).toContain("« organisation » est à remplir.");
    expect(html).toContain('value="not-an-email"');

    const region = await postForm(app, "/en/workspace/users", adminCookie, {
      email: "region@example.org",
      name: "Region",
      role: "council",
      territoryCode: "01",
      locale: "en",
    });
    expect(region.status).toBe(400);
    expect(await region.text()).toContain("must be a prefecture or a province");
  });

  it("refuses an email that another account uses, saying so, and creates nothing", async () => {
    const response = await postForm(app, "/fr/workspace/users", adminCookie, {
      email: admin.email.toUpperCase(),
      name: "Twin",
      role: "viewer",
      locale: "fr",
    });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("est déjà utilisée par un autre compte");
    const rows = await handle.db.select().from(users).where(eq(users.email, admin.email));
    expect(rows).toHaveLength(1);
  });
});

describe("only administrators manage accounts", () => {
  it("answers 403 to everyone else, and changes nothing", async () => {
    for (const role of ["secretariat", "viewer", "focal_point", "council"] as const) {
      const someone = await buildUser(handle.db, { role });
      const cookie = await signIn(app, someone.email);
      for (const path of ["/fr/workspace/users", "/fr/workspace/users/new", "/fr/workspace/outbox"]) {
        expect((await get(path, cookie)).status, `${role} ${path}`).toBe(403);
      }
      expect((await get(`/fr/workspace/users/${admin.id}/edit`, cookie)).status).toBe(403);
      const created = await postForm(app, "/fr/workspace/users", cookie, {
        email: `made-by-${role}@example.org`,
        name: "Sneaky",
        role: "admin",
        locale: "fr",
      });
      expect(created.status).toBe(403);
      expect(await userByEmail(`made-by-${role}@example.org`)).toBeUndefined();
      const promoted = await postForm(app, `/fr/workspace/users/${someone.id}`, cookie, {
        name: someone.name,
        role: "admin",
        locale: "fr",
        active: "on",
        version: String(someone.version),
      });
      expect(promoted.status).toBe(403);
      expect((await userByEmail(someone.email))?.role).toBe(role);
      expect((await postForm(app, `/fr/workspace/users/${admin.id}/password-link`, cookie, {})).status).toBe(
        403,
      );
    }
    const menu = await (await get("/fr/workspace")).text();
    expect(menu).toContain('href="/fr/workspace/users"');
  });
});

describe("editing accounts", () => {
  it("saves a change, and refuses a stale version with 409 showing both versions", async () => {
    const viewer = await buildUser(handle.db, { role: "viewer", name: "Victor Viewer" });
    const edit = await (await get(`/fr/workspace/users/${viewer.id}/edit`)).text();
    expect(edit).toContain('name="version" value="1"');

    const first = await postForm(app, `/fr/workspace/users/${viewer.id}`, adminCookie, {
      name: "Victor Viewer",
      role: "secretariat",
      locale: "fr",
      active: "on",
      version: "1",
    });
    expect(first.status).toBe(303);
    expect(await userByEmail(viewer.email)).toMatchObject({ role: "secretariat", version: 2 });

    const stale = await postForm(app, `/fr/workspace/users/${viewer.id}`, adminCookie, {
      name: "Victor V.",
      role: "viewer",
      locale: "en",
      active: "on",
      version: "1",
    });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("Quelqu’un d’autre a enregistré cette fiche");
    expect(html).toContain("Secrétariat");
    expect(html).toContain('value="Victor V."');
    // The form now starts from the saved version, so saving again keeps the person's values.
    expect(html).toContain('name="version" value="2"');
    expect(await userByEmail(viewer.email)).toMatchObject({ name: "Victor Viewer", role: "secretariat" });
  });

  it("does not let an administrator demote or deactivate themselves", async () => {
    for (const change of [{ role: "secretariat", active: "on" }, { role: "admin" }] as Record<
      string,
      string
    >[]) {
      const current = await userByEmail(admin.email);
      const response = await postForm(app, `/fr/workspace/users/${admin.id}`, adminCookie, {
        name: admin.name,
        locale: "fr",
        version: String(current?.version),
        ...change,
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(
        "un administrateur ne peut ni se retirer son propre rôle d’administrateur ni désactiver son propre compte",
      );
    }
    expect(await userByEmail(admin.email)).toMatchObject({ role: "admin", active: true });
    expect((await get("/fr/workspace/users")).status).toBe(200);
  });

  it("emails a new password link on request, and records it", async () => {
    const viewer = await buildUser(handle.db, { role: "viewer" });
    const response = await postForm(app, `/fr/workspace/users/${viewer.id}/password-link`, adminCookie, {});
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/fr/workspace/users/${viewer.id}/edit?notice=link-sent`);
    const [email] = await emailsTo(viewer.email);
    linkIn(email?.textBody ?? "");
    const events = await handle.db.select().from(auditEvents).where(eq(auditEvents.entityId, viewer.id));
    expect(events.map((event) => event.action)).toContain("user.password_link");
    expect(await (await get(response.headers.get("location") as string)).text()).toContain(
      "Un nouveau lien pour choisir le mot de passe a été envoyé",
    );
  });
});

describe("the outbox", () => {
  it("shows the administrator the latest emails, with their text", async () => {
    const response = await get("/fr/workspace/outbox");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("focal.point@example.org");
    expect(html).toContain("Lien de mot de passe");
    expect(html).toContain("Conservé (non envoyé)");
    expect(html).toContain(
      "<details><summary>Afficher le texte du courriel à focal.point@example.org</summary>",
    );
    expect(html).toContain("/workspace/reset-password?token=");
  });
});

describe("the list of accounts", () => {
  it("narrows to a role, a state and a part of a name or address, says how many, and keeps the filters in the address", async () => {
    await buildUser(handle.db, { role: "viewer", name: "Listée Viewer", email: "listee.viewer@example.org" });
    await buildUser(handle.db, {
      role: "secretariat",
      name: "Listée Staff",
      email: "listee.staff@example.org",
    });
    await buildUser(handle.db, { role: "viewer", name: "Other 100%_", email: "other.viewer@example.org" });
    const namesIn = async (query: string) =>
      all(await htmlOf(await get(`/fr/workspace/users?${query}`)), "table.data tbody tr td:first-child").map(
        textOf,
      );
    expect(await namesIn("q=listée")).toEqual(["Listée Staff", "Listée Viewer"]);
    expect(await namesIn("q=LISTEE.VIEWER")).toEqual(["Listée Viewer"]);
    expect(await namesIn("q=listée&role=viewer")).toEqual(["Listée Viewer"]);
    expect(await namesIn("q=listée&state=inactive")).toEqual([]);
    // % and _ are letters to find, not patterns.
    expect(await namesIn("q=100%25_")).toEqual(["Other 100%_"]);
    expect(await namesIn("q=%25")).toEqual(["Other 100%_"]);
    const page = await htmlOf(await get("/fr/workspace/users?q=listée&role=viewer"));
    expect(textOf(one(page, "main"))).toContain("1 compte");
    const english = all(page, "a[hreflang=en]").map((link) => link.getAttribute("href") ?? "");
    expect(english.some((href) => href.includes("role=viewer"))).toBe(true);
  });

  it("answers a page past the last with 404 and an unknown role or state with 400", async () => {
    expect((await get("/fr/workspace/users?page=9")).status).toBe(404);
    expect((await get("/fr/workspace/users?role=king")).status).toBe(400);
    expect((await get("/fr/workspace/users?state=asleep")).status).toBe(400);
  });
});
