import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { all, attr, byName, byRole, fieldValue, one, parse, rowsOf, textOf } from "../../test/html.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { auditEvents, contacts, organizations } from "../db/schema/index.js";
import { systemActor } from "../shared/actor.js";
import { translator } from "../shared/i18n.js";
import { updateOrganization } from "./organizations.edits.js";
import { getAssociation, getOrganization } from "./organizations.service.js";

const fr = translator("fr");

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
const cookies: Record<"staff" | "focal" | "council" | "viewer", string> = {
  staff: "",
  focal: "",
  council: "",
  viewer: "",
};
let focalOrgId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  const { db } = handle;
  const staff = await buildUser(db, { role: "secretariat" });
  const focal = await buildUser(db, { role: "focal_point" });
  focalOrgId = focal.organizationId ?? "";
  const council = await buildUser(db, { role: "council" });
  const viewer = await buildUser(db, { role: "viewer" });
  cookies.staff = await signIn(app, staff.email);
  cookies.focal = await signIn(app, focal.email);
  cookies.council = await signIn(app, council.email);
  cookies.viewer = await signIn(app, viewer.email);
});
afterAll(async () => {
  await handle?.close();
});

const get = (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} });
const html = async (response: Response) => response.text();
const idFromLocation = (response: Response) =>
  /\/organizations\/([0-9a-f-]{36})/.exec(response.headers.get("location") ?? "")?.[1] ?? "";
const eventsOf = (id: string) =>
  handle.db.select().from(auditEvents).where(eq(auditEvents.entityId, id)).orderBy(auditEvents.id);

describe("the staff", () => {
  it("create an organisation through the form, in three languages, with contacts", async () => {
    const page = await get("/fr/workspace/organizations/new", cookies.staff);
    expect(page.status).toBe(200);
    const form = await html(page);
    const fields = parse(form);
    expect(byName(fields, "name.ar").getAttribute("dir")).toBe("rtl");
    byName(fields, "contacts.1.fullName");
    const created = await postForm(app, "/fr/workspace/organizations", cookies.staff, {
      kind: "public_institution",
      "name.ar": "الوكالة الوطنية لإنعاش التشغيل",
      "name.fr": "Agence nationale de promotion de l’emploi",
      "name.en": "National Employment Agency",
      acronym: "ANAPEC",
      website: "www.anapec.ma",
      "contacts.0.fullName": "Amina Idrissi",
      "contacts.0.role": "Point focal",
      "contacts.0.email": "amina@anapec.ma",
      "contacts.0.phone": "+212 5 37 00 00 00",
      "contacts.1.fullName": "",
      "contacts.1.email": "",
    });
    expect(created.status).toBe(303);
    expect(created.headers.get("location")).toMatch(
      /^\/fr\/workspace\/organizations\/[0-9a-f-]{36}\?notice=created$/,
    );
    const id = idFromLocation(created);
    const detail = await html(await get(`/fr/workspace/organizations/${id}?notice=created`, cookies.staff));
    expect(detail).toContain("Organisation créée.");
    expect(detail).toContain("الوكالة الوطنية لإنعاش التشغيل");
    expect(detail).toContain("Amina Idrissi");
    expect(detail).toContain('href="https://www.anapec.ma"');
    expect(detail).toContain(`href="/fr/workspace/history/organization/${id}"`);
    const org = await getOrganization({ db: handle.db, actor: systemActor, id });
    expect(org.name.en).toBe("National Employment Agency");
    expect(org.contacts?.map((row) => row.fullName)).toEqual(["Amina Idrissi"]);
    expect((await eventsOf(id)).map((event) => event.action)).toEqual(["organization.create"]);
  });

  it("edit names and kind, change a contact, remove one and add one, all audited", async () => {
    const org = await buildOrganization(handle.db, {
      contacts: [{ fullName: "Karim Bennani", role: "Directeur" }, { fullName: "Salma Tazi" }],
    });
    const before = await getOrganization({ db: handle.db, actor: systemActor, id: org.id });
    const [karim, salma] = before.contacts ?? [];
    const edit = await html(await get(`/fr/workspace/organizations/${org.id}/edit`, cookies.staff));
    const editForm = parse(edit);
    expect(fieldValue(byName(editForm, "version"))).toBe("1");
    expect(fieldValue(byName(editForm, "contacts.0.id"))).toBe(karim?.id);
    byName(editForm, "contacts.1.remove");
    expect(edit).toContain('name="contacts.3.fullName"');
    const saved = await postForm(app, `/fr/workspace/organizations/${org.id}`, cookies.staff, {
      version: "1",
      kind: "foundation",
      "name.ar": "مؤسسة المعرفة",
      "name.fr": "Fondation du Savoir",
      "name.en": "",
      acronym: "FDS",
      website: "",
      "contacts.0.id": karim?.id ?? "",
      "contacts.0.fullName": "Karim Bennani",
      "contacts.0.role": "Directeur général",
      "contacts.1.id": salma?.id ?? "",
      "contacts.1.fullName": "Salma Tazi",
      "contacts.1.remove": "1",
      "contacts.2.fullName": "Nadia Chraibi",
      "contacts.2.email": "nadia@example.ma",
      "contacts.3.fullName": "",
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/fr/workspace/organizations/${org.id}?notice=saved`);
    const after = await getOrganization({ db: handle.db, actor: systemActor, id: org.id });
    expect(after).toMatchObject({ kind: "foundation", acronym: "FDS", website: null, version: 2 });
    expect(after.name).toEqual({ ar: "مؤسسة المعرفة", fr: "Fondation du Savoir" });
    expect(after.nameKey).toBe("مؤسسة المعرفة|fondation du savoir");
    expect(after.contacts?.map((row) => [row.fullName, row.role])).toEqual([
      ["Karim Bennani", "Directeur général"],
      ["Nadia Chraibi", null],
    ]);
    expect(after.contacts?.[0]?.id).toBe(karim?.id);
    const page = await html(await get(`/fr/workspace/organizations/${org.id}?notice=saved`, cookies.staff));
    expect(page).toContain("Modifications enregistrées.");
    const events = await eventsOf(org.id);
    expect(events.map((event) => event.action)).toEqual(["organization.create", "organization.update"]);
    const changes = events[1]?.changes as { before: Record<string, unknown>; after: Record<string, unknown> };
    expect(changes.before).toMatchObject({ kind: "university", version: 1 });
    expect(changes.after).toMatchObject({ kind: "foundation", acronym: "FDS", version: 2 });
    expect((changes.before.contacts as { fullName: string }[]).map((c) => c.fullName)).toEqual([
      "Karim Bennani",
      "Salma Tazi",
    ]);
    expect((changes.after.contacts as { fullName: string }[]).map((c) => c.fullName)).toEqual([
      "Karim Bennani",
      "Nadia Chraibi",
    ]);
    expect(events[1]?.actor).not.toBe("system");
  });

  it("add a contact row without JavaScript, and with htmx", async () => {
    const org = await buildOrganization(handle.db);
    const more = await postForm(app, `/fr/workspace/organizations/${org.id}`, cookies.staff, {
      version: "1",
      kind: "university",
      "name.fr": "Nom changé mais pas encore enregistré",
      "contacts.0.fullName": "Premier",
      "contacts.1.fullName": "",
      "contacts.2.fullName": "",
      addRow: "1",
    });
    expect(more.status).toBe(200);
    const form = await html(more);
    expect(form).toContain('value="Nom changé mais pas encore enregistré"');
    expect(form).toContain('name="contacts.3.fullName"');
    expect((await getOrganization({ db: handle.db, actor: systemActor, id: org.id })).version).toBe(1);
    const fragment = await get("/fr/workspace/organizations/contact-row?index=4&addRow=1", cookies.staff);
    expect(fragment.status).toBe(200);
    const row = await html(fragment);
    expect(row).toContain('name="contacts.4.fullName"');
    expect(row).toMatch(/hx-get="\/fr\/workspace\/organizations\/contact-row\?index=5"/);
    expect(row).toContain('hx-swap-oob="true"');
  });

  it("filter the list by kind and by name, with each one's number of agreements", async () => {
    const ministry = await buildOrganization(handle.db, {
      kind: "ministry",
      name: { fr: "Ministère de l’Intérieur", ar: "وزارة الداخلية" },
      acronym: "MINT",
    });
    await buildAgreement(handle.db, { parties: [{ organizationId: ministry.id, role: "funder" }] });
    await buildAgreement(handle.db, {
      visibility: "internal",
      parties: [{ organizationId: ministry.id, role: "signatory" }],
    });
    const found = await html(
      await get("/fr/workspace/organizations?kind=ministry&q=int%C3%A9rieur", cookies.staff),
    );
    expect(found).toContain(`href="/fr/workspace/organizations/${ministry.id}"`);
    expect(found).toMatch(/Ministère de l’Intérieur[\s\S]*?<td class="number">2<\/td>/);
    expect(found).not.toContain("Université Test");
    const byArabic = await html(
      await get(`/fr/workspace/organizations?q=${encodeURIComponent("الداخلية")}`, cookies.staff),
    );
    expect(byArabic).toContain(ministry.id);
    const byAcronym = await html(await get("/fr/workspace/organizations?q=mint", cookies.staff));
    expect(byAcronym).toContain(ministry.id);
    expect((await get("/fr/workspace/organizations?kind=castle", cookies.staff)).status).toBe(400);
    // Control characters typed or sent in the box are spaces: a NUL reached PostgreSQL (a 500).
    const withNul = await get("/fr/workspace/organizations?q=min%00t%1B", cookies.staff);
    expect(withNul.status).toBe(200);
    expect(await withNul.text()).not.toContain(ministry.id);
    const onlyNul = await get("/fr/workspace/organizations?q=%00", cookies.staff);
    expect(onlyNul.status).toBe(200);
    expect(await onlyNul.text()).toContain(ministry.id);
  });

  it("see the agreements an organisation is party to, each linking to its workspace page", async () => {
    const org = await buildOrganization(handle.db);
    const agreement = await buildAgreement(handle.db, {
      reference: "ORG-LINK-1",
      visibility: "internal",
      parties: [{ organizationId: org.id, role: "technical" }],
    });
    const detail = await html(await get(`/fr/workspace/organizations/${org.id}`, cookies.staff));
    expect(detail).toContain(`href="/fr/workspace/agreements/${agreement.id}"`);
    expect(detail).toContain("ORG-LINK-1");
    expect(detail).toContain("Partenaire technique");
  });
});

describe("validation and conflicts", () => {
  it("refuses invalid input with 400, naming each field and reason in French, keeping the input", async () => {
    const org = await buildOrganization(handle.db, { name: { fr: "Avant erreur" } });
    const response = await postForm(app, `/fr/workspace/organizations/${org.id}`, cookies.staff, {
      version: "1",
      kind: "university",
      "name.fr": "",
      website: "pas une adresse",
      "contacts.0.fullName": "Sans courriel valide",
      "contacts.0.email": "pas-un-courriel",
      "contacts.1.email": "orphelin@example.ma",
    });
    expect(response.status).toBe(400);
    const page = await html(response);
    expect(page).toContain("Le nom est obligatoire en au moins une langue.");
    expect(page).toContain("Le site web doit être une adresse complète, comme https://exemple.ma.");
    expect(page).toContain("Contact 1 — L’adresse électronique doit avoir la forme nom@exemple.ma.");
    expect(page).toContain("« contact 2 nom complet » est à remplir.");
    const form = parse(page);
    const values = all(form, "input").map(fieldValue);
    expect(values).toEqual(
      expect.arrayContaining(["pas une adresse", "pas-un-courriel", "orphelin@example.ma"]),
    );
    expect(attr(byName(form, "contacts.0.email"), "aria-invalid")).toBe("true");
    const stored = await getOrganization({ db: handle.db, actor: systemActor, id: org.id });
    expect(stored).toMatchObject({ name: { fr: "Avant erreur" }, version: 1, website: null });

    const created = await postForm(app, "/fr/workspace/organizations", cookies.staff, {
      "name.fr": "Sans type",
    });
    expect(created.status).toBe(400);
    expect(await html(created)).toContain("Choisissez une des valeurs proposées pour « type ».");
  });

  it("answers a stale version with 409, both versions side by side, and overwrites nothing", async () => {
    const org = await buildOrganization(handle.db, { name: { fr: "Nom d’origine" }, acronym: "ORI" });
    // Someone else saves first.
    await updateOrganization({
      db: handle.db,
      actor: systemActor,
      id: org.id,
      input: { version: 1, kind: "university", name: { fr: "Leur nom" }, acronym: "LEUR" },
    });
    const stale = await postForm(app, `/fr/workspace/organizations/${org.id}`, cookies.staff, {
      version: "1",
      kind: "university",
      "name.fr": "Mon nom",
      acronym: "MIEN",
      "contacts.0.fullName": "Mon contact",
    });
    expect(stale.status).toBe(409);
    const page = await html(stale);
    const conflict = parse(page);
    const versions = byRole(conflict, "alert", fr("workspace.conflict.title"));
    expect(textOf(versions)).toContain(fr("workspace.conflict.theirs", { version: 2 }));
    // Each changed field: the saved value, then the person's.
    const theirsThenYours = rowsOf(versions).map((cells) => cells.slice(-2));
    expect(theirsThenYours).toContainEqual(["Leur nom", "Mon nom"]);
    expect(theirsThenYours).toContainEqual(["LEUR", "MIEN"]);
    expect(theirsThenYours).toContainEqual(["—", "Mon contact"]);
    expect(fieldValue(byName(conflict, "version"))).toBe("2");
    expect(fieldValue(byName(conflict, "name.fr"))).toBe("Mon nom");
    const stored = await getOrganization({ db: handle.db, actor: systemActor, id: org.id });
    expect(stored).toMatchObject({ name: { fr: "Leur nom" }, acronym: "LEUR", version: 2, contacts: [] });

    // Saving again, on the version now shown, keeps the person's values deliberately.
    const again = await postForm(app, `/fr/workspace/organizations/${org.id}`, cookies.staff, {
      version: "2",
      kind: "university",
      "name.fr": "Mon nom",
      acronym: "MIEN",
      "contacts.0.fullName": "Mon contact",
    });
    expect(again.status).toBe(303);
    const kept = await getOrganization({ db: handle.db, actor: systemActor, id: org.id });
    expect(kept).toMatchObject({ name: { fr: "Mon nom" }, acronym: "MIEN", version: 3 });
    expect(kept.contacts?.map((row) => row.fullName)).toEqual(["Mon contact"]);
  });
});

describe("deleting", () => {
  it("refuses to delete a party to an agreement, naming the agreement, and the association itself", async () => {
    const org = await buildOrganization(handle.db);
    await buildAgreement(handle.db, {
      reference: "DEL-REF-7",
      parties: [{ organizationId: org.id, role: "signatory" }],
    });
    const refused = await postForm(app, `/fr/workspace/organizations/${org.id}/delete`, cookies.staff, {
      confirm: "yes",
      version: "1",
    });
    expect(refused.status).toBe(409);
    const page = await html(refused);
    expect(page).toContain("Cette organisation ne peut pas être supprimée");
    expect(page).toContain("Elle est partie aux conventions suivantes : DEL-REF-7");
    expect((await handle.db.select().from(organizations).where(eq(organizations.id, org.id))).length).toBe(1);

    const association = await getAssociation({ db: handle.db });
    const detail = await html(await get(`/fr/workspace/organizations/${association?.id}`, cookies.staff));
    expect(detail).not.toContain("/delete");
    const own = await postForm(app, `/fr/workspace/organizations/${association?.id}/delete`, cookies.staff, {
      confirm: "yes",
    });
    expect(own.status).toBe(409);
    expect(await html(own)).toContain("C’est l’organisation de l’association elle-même");
  });

  it("deletes an organisation with its contacts after confirmation, and records it", async () => {
    const org = await buildOrganization(handle.db, { contacts: [{ fullName: "À effacer" }] });
    const unconfirmed = await postForm(
      app,
      `/fr/workspace/organizations/${org.id}/delete`,
      cookies.staff,
      {},
    );
    expect(unconfirmed.status).toBe(400);
    expect(await html(unconfirmed)).toContain("Cochez la case de confirmation");
    const deleted = await postForm(app, `/fr/workspace/organizations/${org.id}/delete`, cookies.staff, {
      confirm: "yes",
      version: "1",
    });
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("location")).toBe("/fr/workspace/organizations?notice=deleted");
    expect((await get(`/fr/workspace/organizations/${org.id}`, cookies.staff)).status).toBe(404);
    expect((await handle.db.select().from(contacts).where(eq(contacts.organizationId, org.id))).length).toBe(
      0,
    );
    const [event] = await handle.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, org.id), eq(auditEvents.action, "organization.delete")));
    expect(
      (event?.changes as { before?: { contacts: { fullName: string }[] } } | undefined)?.before?.contacts[0]
        ?.fullName,
    ).toBe("À effacer");
  });
});

describe("who may do what", () => {
  it("lets a focal point edit its own organisation, but not its kind, nor another's, nor create", async () => {
    const edit = await html(await get(`/fr/workspace/organizations/${focalOrgId}/edit`, cookies.focal));
    expect(edit).not.toContain('name="kind"');
    const saved = await postForm(app, `/fr/workspace/organizations/${focalOrgId}`, cookies.focal, {
      version: "1",
      kind: "ministry",
      "name.fr": "Notre université",
      "name.ar": "جامعتنا",
      "contacts.0.fullName": "Point focal",
      "contacts.0.email": "focal@example.ma",
    });
    expect(saved.status).toBe(303);
    const own = await getOrganization({ db: handle.db, actor: systemActor, id: focalOrgId });
    expect(own).toMatchObject({ kind: "university", name: { fr: "Notre université", ar: "جامعتنا" } });
    expect(own.contacts?.map((row) => row.email)).toEqual(["focal@example.ma"]);
    const detail = await html(await get(`/fr/workspace/organizations/${focalOrgId}`, cookies.focal));
    expect(detail).toContain(`/organizations/${focalOrgId}/edit`);
    expect(detail).not.toContain("/delete");

    // Party to no agreement the focal point may read: not even its existence shows.
    const other = await buildOrganization(handle.db, { name: { fr: "Pas la sienne" } });
    expect((await get(`/fr/workspace/organizations/${other.id}`, cookies.focal)).status).toBe(404);
    expect(await html(await get("/fr/workspace/organizations", cookies.focal))).not.toContain(other.id);
    expect((await get(`/fr/workspace/organizations/${other.id}/edit`, cookies.focal)).status).toBe(404);
    const refused = await postForm(app, `/fr/workspace/organizations/${other.id}`, cookies.focal, {
      version: "1",
      "name.fr": "Détournée",
    });
    expect(refused.status).toBe(404);
    expect((await getOrganization({ db: handle.db, actor: systemActor, id: other.id })).name.fr).toBe(
      "Pas la sienne",
    );
    expect((await get("/fr/workspace/organizations/new", cookies.focal)).status).toBe(403);
    expect(
      (await postForm(app, "/fr/workspace/organizations", cookies.focal, { kind: "other", "name.fr": "X" }))
        .status,
    ).toBe(403);
    expect(
      (
        await postForm(app, `/fr/workspace/organizations/${focalOrgId}/delete`, cookies.focal, {
          confirm: "yes",
        })
      ).status,
    ).toBe(403);
  });

  it("lets a viewer read every organisation and its contacts, a council those its agreements name without contacts, and neither edit", async () => {
    const org = await buildOrganization(handle.db, {
      name: { fr: "Lecture seule" },
      contacts: [{ fullName: "Contact Lisible", email: "lisible@example.ma" }],
    });
    const hidden = await buildOrganization(handle.db, { name: { fr: "Partenaire en négociation" } });
    // A national internal agreement reaches every council.
    await buildAgreement(handle.db, {
      visibility: "internal",
      national: true,
      parties: [{ organizationId: org.id, role: "signatory" }],
    });
    await buildAgreement(handle.db, {
      visibility: "internal",
      national: false,
      territoryCodes: ["06.141"],
      parties: [{ organizationId: hidden.id, role: "signatory" }],
    });
    for (const [who, cookie] of [
      ["council", cookies.council],
      ["viewer", cookies.viewer],
    ] as const) {
      const list = await get("/fr/workspace/organizations", cookie);
      expect(list.status).toBe(200);
      const listed = await html(list);
      expect(listed).toContain(org.id);
      expect(listed.includes(hidden.id)).toBe(who === "viewer");
      expect(listed).not.toContain("/organizations/new");
      const detail = await get(`/fr/workspace/organizations/${org.id}`, cookie);
      expect(detail.status).toBe(200);
      const page = await html(detail);
      expect(page.includes("lisible@example.ma")).toBe(who === "viewer");
      expect(page).not.toContain(`/organizations/${org.id}/edit`);
      expect((await get(`/fr/workspace/organizations/${org.id}/edit`, cookie)).status).toBe(403);
      const post = await postForm(app, `/fr/workspace/organizations/${org.id}`, cookie, {
        version: "1",
        kind: "university",
        "name.fr": "Changée",
      });
      expect(post.status).toBe(403);
    }
    expect((await getOrganization({ db: handle.db, actor: systemActor, id: org.id })).name.fr).toBe(
      "Lecture seule",
    );
  });

  it("sends the anonymous to sign in, and never shows them contacts", async () => {
    const org = await buildOrganization(handle.db, {
      name: { fr: "Partenaire public" },
      contacts: [{ fullName: "Personne Privée", email: "prive@example.ma" }],
    });
    await buildAgreement(handle.db, { parties: [{ organizationId: org.id, role: "signatory" }] });
    for (const path of ["/fr/workspace/organizations", `/fr/workspace/organizations/${org.id}`]) {
      const response = await get(path);
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toMatch(/^\/fr\/workspace\/sign-in/);
    }
    const post = await app.request(`/fr/workspace/organizations/${org.id}`, {
      method: "POST",
      headers: { origin: TEST_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: "version=1&name.fr=Pirate",
    });
    expect(post.status).toBe(401);
    for (const path of ["/fr/partners", "/api/v1/organizations"]) {
      const body = await html(await get(path));
      expect(body).toContain("Partenaire public");
      expect(body).not.toContain("prive@example.ma");
      expect(body).not.toContain("Personne Privée");
    }
  });

  it("answers 404 for an unknown or malformed id", async () => {
    expect((await get("/fr/workspace/organizations/not-a-uuid", cookies.staff)).status).toBe(404);
    expect(
      (await get("/fr/workspace/organizations/00000000-0000-4000-8000-000000000000", cookies.staff)).status,
    ).toBe(404);
  });

  it("shows the Arabic page right to left, with the Arabic name's input right to left", async () => {
    const page = await html(await get(`/ar/workspace/organizations/${focalOrgId}/edit`, cookies.staff));
    const arabic = parse(page);
    const root = one(arabic, "html");
    expect([root.getAttribute("lang"), root.getAttribute("dir")]).toEqual(["ar", "rtl"]);
    expect(byName(arabic, "name.ar").getAttribute("dir")).toBe("rtl");
    expect(byName(arabic, "name.fr").getAttribute("dir")).toBe("ltr");
  });
});
