import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { expectErrorsMarked } from "../../test/form-errors.js";
import { formFieldsOf } from "../../test/forms.js";
import { all, byName, fieldValue, one, parse, textOf } from "../../test/html.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { systemActor } from "../shared/actor.js";
import { translator } from "../shared/i18n.js";
import { getAgreementDetail } from "./agreements.queries.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

const page = async (path: string, cookie: string) =>
  (await app.request(path, { headers: { cookie } })).text();
const withField = (fields: [string, string][], name: string, value: string): [string, string][] => [
  ...fields.filter(([key]) => key !== name),
  [name, value],
];

describe("two people editing one agreement", () => {
  it("refuses the second save, shows both versions, loses nothing, and saves on purpose afterwards", async () => {
    const agreement = await buildAgreement(handle.db, {
      title: { fr: "Titre d’origine" },
      visibility: "internal",
    });
    const amina = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
    const karim = await signIn(app, (await buildUser(handle.db, { role: "admin" })).email);
    const aminaForm = formFieldsOf(await page(`/fr/workspace/agreements/${agreement.id}/edit`, amina));
    const karimForm = formFieldsOf(await page(`/fr/workspace/agreements/${agreement.id}/edit`, karim));

    const first = await postForm(
      app,
      `/fr/workspace/agreements/${agreement.id}`,
      amina,
      new URLSearchParams([
        ...withField(withField(aminaForm, "title.fr", "Titre d’Amina"), "kind", "cooperation"),
        ["intent", "save"],
      ]),
    );
    expect(first.status).toBe(303);

    const second = await postForm(
      app,
      `/fr/workspace/agreements/${agreement.id}`,
      karim,
      new URLSearchParams([...withField(karimForm, "title.fr", "Titre de Karim"), ["intent", "save"]]),
    );
    expect(second.status).toBe(409);
    const html = await second.text();
    expect(html).toContain("Quelqu’un d’autre a enregistré cette fiche");
    // Each field in words, as the history says it: languages, kinds and visibility by their labels.
    const fr = translator("fr");
    const rows = all(one(parse(html), "section.conflict"), "tbody tr").map((row) =>
      all(row, "th, td").map(textOf),
    );
    const rowOf = (label: string) => rows.find(([name]) => name === label);
    expect(rowOf(fr("fields.title"))?.slice(1)).toEqual([
      `${fr("languageNames.fr")} : Titre d’Amina`,
      `${fr("languageNames.fr")} : Titre de Karim`,
    ]);
    expect(rowOf(fr("agreement.kind"))?.slice(1)).toEqual([fr("kind.cooperation"), fr("kind.partnership")]);
    expect(rowOf(fr("fields.visibility"))?.slice(1)).toEqual([
      fr("visibility.internal"),
      fr("visibility.internal"),
    ]);
    expect(rows.flat()).not.toContain("cooperation");
    // The form still holds Karim's text and now carries the new version.
    const resubmitted = formFieldsOf(html);
    expect(resubmitted).toContainEqual(["title.fr", "Titre de Karim"]);
    let stored = await getAgreementDetail({ db: handle.db, actor: systemActor, id: agreement.id });
    expect(stored.title.fr).toBe("Titre d’Amina");
    expect(resubmitted).toContainEqual(["version", String(stored.version)]);

    const chosen = await postForm(
      app,
      `/fr/workspace/agreements/${agreement.id}`,
      karim,
      new URLSearchParams([...resubmitted, ["intent", "save"]]),
    );
    expect(chosen.status).toBe(303);
    stored = await getAgreementDetail({ db: handle.db, actor: systemActor, id: agreement.id });
    expect(stored.title.fr).toBe("Titre de Karim");
  });
});

describe("lifecycle and publication", () => {
  it("refuses 'in force' without a signature date, then accepts it with one", async () => {
    const agreement = await buildAgreement(handle.db, { status: "negotiation" });
    const cookie = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
    const detail = await page(`/en/workspace/agreements/${agreement.id}`, cookie);
    const version = /name="version" value="(\d+)"/.exec(detail)?.[1] ?? "";
    const refused = await postForm(app, `/en/workspace/agreements/${agreement.id}/status`, cookie, {
      to: "in_force",
      signedOn: "",
      version,
      confirm: "yes",
    });
    expect(refused.status).toBe(409);
    const signed = await postForm(app, `/en/workspace/agreements/${agreement.id}/status`, cookie, {
      to: "signed",
      signedOn: "2025-03-01",
      version,
      confirm: "yes",
    });
    expect(signed.status).toBe(303);
    const stale = await postForm(app, `/en/workspace/agreements/${agreement.id}/status`, cookie, {
      to: "in_force",
      signedOn: "",
      version,
      confirm: "yes",
    });
    expect(stale.status).toBe(409);
    expect((await getAgreementDetail({ db: handle.db, actor: systemActor, id: agreement.id })).status).toBe(
      "signed",
    );
  });

  it("changes a status only once its box is ticked, in the page and again on the server", async () => {
    const cookie = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
    const agreement = await buildAgreement(handle.db, { status: "signed", signedOn: "2025-01-10" });
    const detail = parse(await page(`/fr/workspace/agreements/${agreement.id}`, cookie));
    const form = one(detail, `form[action="/fr/workspace/agreements/${agreement.id}/status"]`);
    const box = one(form, 'input[type="checkbox"][name="confirm"]');
    expect(box.hasAttribute("required")).toBe(true);
    expect(textOf(box.parentElement)).toContain("Je confirme");
    const unconfirmed = await postForm(app, `/fr/workspace/agreements/${agreement.id}/status`, cookie, {
      to: "terminated",
      version: String(agreement.version),
    });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("confirmation");
    expect((await getAgreementDetail({ db: handle.db, actor: systemActor, id: agreement.id })).status).toBe(
      "signed",
    );
  });

  it("deletes drafts only", async () => {
    const cookie = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
    const signed = await buildAgreement(handle.db, { status: "signed", signedOn: "2024-01-01" });
    const remove = (id: string, version: string) =>
      postForm(app, `/en/workspace/agreements/${id}/delete`, cookie, { version, confirm: "yes" });
    expect((await remove(signed.id, "1")).status).toBe(409);
    const draft = await buildAgreement(handle.db, { status: "draft" });
    // The version the page showed: a draft someone changed since is not deleted unseen.
    expect((await remove(draft.id, "2")).status).toBe(409);
    expect((await remove(draft.id, "1")).status).toBe(303);
    expect((await app.request(`/en/workspace/agreements/${draft.id}`, { headers: { cookie } })).status).toBe(
      404,
    );
  });
});

describe("scopes", () => {
  it("lets a focal point read its organisation's internal agreements and edit only its own commitments", async () => {
    const organization = await buildOrganization(handle.db);
    const other = await buildOrganization(handle.db);
    const focal = await buildUser(handle.db, { role: "focal_point", organizationId: organization.id });
    const cookie = await signIn(app, focal.email);
    const ours = await buildAgreement(handle.db, {
      visibility: "internal",
      parties: [
        { organizationId: organization.id, role: "signatory" },
        { organizationId: other.id, role: "signatory" },
      ],
      commitments: [{ organizationId: other.id, text: { fr: "Engagement de l’autre partie" } }],
    });
    const theirs = await buildAgreement(handle.db, {
      visibility: "internal",
      parties: [{ organizationId: other.id, role: "signatory" }],
    });
    const html = await page(`/fr/workspace/agreements/${ours.id}`, cookie);
    expect(html).toContain(`action="/fr/workspace/agreements/${ours.id}/commitments"`);
    expect(html).not.toContain(`/fr/workspace/agreements/${ours.id}/edit"`);
    expect((await app.request(`/fr/workspace/agreements/${theirs.id}`, { headers: { cookie } })).status).toBe(
      404,
    );
    expect(
      (await app.request(`/fr/workspace/agreements/${ours.id}/edit`, { headers: { cookie } })).status,
    ).toBe(403);
    const version = /name="version" value="(\d+)"/.exec(html)?.[1] ?? "";
    const saved = await postForm(app, `/fr/workspace/agreements/${ours.id}/commitments`, cookie, {
      version,
      "commitments.0.fr": "Accueillir les stagiaires",
    });
    expect(saved.status).toBe(303);
    const detail = await getAgreementDetail({ db: handle.db, actor: systemActor, id: ours.id });
    expect(detail.commitments.map((item) => item.text.fr).sort()).toEqual([
      "Accueillir les stagiaires",
      "Engagement de l’autre partie",
    ]);
    const list = await page("/fr/workspace/agreements", cookie);
    expect(list).toContain(ours.reference);
    expect(list).not.toContain(theirs.reference);
  });

  it("keeps a focal point's commitments when its save is refused, showing both versions when stale", async () => {
    const organization = await buildOrganization(handle.db);
    const cookie = await signIn(
      app,
      (await buildUser(handle.db, { role: "focal_point", organizationId: organization.id })).email,
    );
    const agreement = await buildAgreement(handle.db, {
      visibility: "internal",
      parties: [{ organizationId: organization.id, role: "signatory" }],
      commitments: [{ organizationId: organization.id, text: { fr: "Engagement enregistré" } }],
    });
    const html = await page(`/fr/workspace/agreements/${agreement.id}`, cookie);
    const version = /name="version" value="(\d+)"/.exec(html)?.[1] ?? "";
    const bidi = await postForm(app, `/fr/workspace/agreements/${agreement.id}/commitments`, cookie, {
      version,
      "commitments.0.fr": "Texte \u202Egnp.exe",
    });
    expect(bidi.status).toBe(400);
    const bidiHtml = await bidi.text();
    // Said beside the French text of the first commitment, and in the summary linking to it.
    const [said] = expectErrorsMarked(bidiHtml, [{ name: "commitments.0.fr" }]);
    expect(said).toContain("contient des caractères de contrôle ou d’inversion de sens");
    expect(textOf(one(parse(bidiHtml), "#commitments-0-fr-error"))).toBe(said);
    expect(fieldValue(byName(parse(bidiHtml), "commitments.0.fr"))).toBe("Texte \u202Egnp.exe");
    // Someone else saves in between: the focal point's text is kept, both versions shown.
    await postForm(app, `/fr/workspace/agreements/${agreement.id}/commitments`, cookie, {
      version,
      "commitments.0.fr": "Version de l’autre onglet",
    });
    const stale = await postForm(app, `/fr/workspace/agreements/${agreement.id}/commitments`, cookie, {
      version,
      "commitments.0.fr": "Ma version",
    });
    expect(stale.status).toBe(409);
    const staleHtml = await stale.text();
    expect(staleHtml).toContain("Quelqu’un d’autre a enregistré cette fiche");
    expect(staleHtml).toContain("Version de l’autre onglet");
    expect(fieldValue(byName(parse(staleHtml), "commitments.0.fr"))).toBe("Ma version");
  });

  it("shows a council what reaches its province, read-only", async () => {
    const council = await buildUser(handle.db, { role: "council", territoryCode: "01.571" });
    const cookie = await signIn(app, council.email);
    const national = await buildAgreement(handle.db, { visibility: "internal", national: true });
    const regional = await buildAgreement(handle.db, {
      visibility: "internal",
      national: false,
      territoryCodes: ["01"],
    });
    const elsewhere = await buildAgreement(handle.db, {
      visibility: "internal",
      national: false,
      territoryCodes: ["06.141"],
    });
    for (const visible of [national, regional]) {
      const html = await page(`/fr/workspace/agreements/${visible.id}`, cookie);
      expect(html).not.toContain(`/agreements/${visible.id}/edit"`);
    }
    expect(
      (await app.request(`/fr/workspace/agreements/${elsewhere.id}`, { headers: { cookie } })).status,
    ).toBe(404);
    const refused = await postForm(app, `/fr/workspace/agreements/${national.id}/visibility`, cookie, {
      visibility: "public",
      version: "1",
    });
    expect(refused.status).toBe(403);
  });
});
