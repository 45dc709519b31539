import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { all, attr, byName, parse } from "../../test/html.js";
import { postForm, signIn } from "../../test/session.js";
import { RABAT, TETOUAN } from "../../test/worlds.js";
import type { DatabaseHandle } from "../db/client.js";
import { ensureAssociation } from "../partners/organizations.service.js";
import { systemActor } from "../shared/actor.js";
import { proposeAgreementReference } from "./agreement-reference.queries.js";
import { getAgreementDetail } from "./agreements.queries.js";
import { createAgreement } from "./agreements.service.js";

/* The agreement form's pickers (issue #13 point 7): territories, a new organisation, the reference. */

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let staff: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  staff = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
});
afterAll(async () => {
  await handle?.close();
});

const idFrom = (location: string | null) => /agreements\/([0-9a-f-]{36})/.exec(location ?? "")?.[1] ?? "";
const TANGER_TETOUAN_REGION = "01";

describe("the territory picker", () => {
  it("groups the prefectures and provinces by region, each with its whole region, national first and a filter", async () => {
    const page = parse(
      await (await app.request("/fr/workspace/agreements/new", { headers: { cookie: staff } })).text(),
    );
    const picker = page.querySelector("fieldset.territory-picker#territoryCodes");
    expect(picker).not.toBeNull();
    expect(page.querySelector("select[name=territoryCodes]")).toBeNull();
    const regions = all(page, ".territory-picker fieldset.territory-region");
    expect(regions).toHaveLength(12);
    const boxes = all(page, "input[type=checkbox][name=territoryCodes]");
    expect(boxes).toHaveLength(87);
    expect(new Set(boxes.map((box) => attr(box, "value"))).size).toBe(87);
    expect(all(page, ".whole-region input")).toHaveLength(12);
    expect(attr(byName(page, "national"), "type")).toBe("checkbox");
    const filter = page.querySelector("input[type=search][data-territory-filter]");
    expect(filter).not.toBeNull();
    // Shown only by the script that makes it work: without JavaScript it would do nothing.
    expect(filter?.closest("[hidden]")).not.toBeNull();
    expect(page.querySelector("label[for=territoryCodes-filter]")).not.toBeNull();
  });

  it("posts a whole region, single provinces, or the national scope as plain checkboxes", async () => {
    const party = await buildOrganization(handle.db);
    const base = {
      kind: "partnership",
      status: "draft",
      visibility: "internal",
      renewal: "none",
      "title.fr": "Portée",
      "parties.0.organizationId": party.id,
      "parties.0.role": "signatory",
      intent: "save",
    };
    const regional = await postForm(
      app,
      "/fr/workspace/agreements",
      staff,
      new URLSearchParams([
        ...Object.entries({ ...base, reference: "PICK-1" }),
        ["territoryCodes", TANGER_TETOUAN_REGION],
        ["territoryCodes", RABAT],
      ]),
    );
    expect(regional.status).toBe(303);
    const saved = await getAgreementDetail({
      db: handle.db,
      actor: systemActor,
      id: idFrom(regional.headers.get("location")),
    });
    expect(saved.national).toBe(false);
    expect(saved.territories.map((territory) => territory.code).sort()).toEqual([
      TANGER_TETOUAN_REGION,
      RABAT,
    ]);

    const national = await postForm(app, "/fr/workspace/agreements", staff, {
      ...base,
      reference: "PICK-2",
      national: "on",
    });
    expect(national.status).toBe(303);
    const nationalSaved = await getAgreementDetail({
      db: handle.db,
      actor: systemActor,
      id: idFrom(national.headers.get("location")),
    });
    expect(nationalSaved.national).toBe(true);

    // The edit form shows what was ticked.
    const edit = parse(
      await (
        await app.request(`/fr/workspace/agreements/${saved.id}/edit`, { headers: { cookie: staff } })
      ).text(),
    );
    const ticked = all(edit, "input[name=territoryCodes][checked]").map((box) => attr(box, "value"));
    expect(ticked.sort()).toEqual([TANGER_TETOUAN_REGION, RABAT]);
    expect(edit.querySelector("input[name=national][checked]")).toBeNull();
  });
});

describe("an activity's territories", () => {
  it("offer the agreement's own first, whole regions reaching their provinces, the others folded away", async () => {
    const agreement = await buildAgreement(handle.db, {
      visibility: "internal",
      national: false,
      territoryCodes: [TETOUAN, "04"],
    });
    const { buildActionPlan } = await import("../../test/followup-factories.js");
    await buildActionPlan(handle.db, agreement.id);
    const page = parse(
      await (
        await app.request(`/fr/workspace/agreements/${agreement.id}/activities/new`, {
          headers: { cookie: staff },
        })
      ).text(),
    );
    const picker = page.querySelector("#territoryCodes");
    const first = all(picker as never, ".territory-first input[name=territoryCodes]").map((box) =>
      attr(box, "value"),
    );
    expect(first).toContain(TETOUAN);
    expect(first).toContain("04");
    expect(first).toContain(RABAT);
    expect(first).not.toContain("01.511");
    const folded = all(picker as never, "details input[name=territoryCodes]").map((box) =>
      attr(box, "value"),
    );
    expect(folded).toContain("01.511");
    expect(folded).not.toContain(TETOUAN);
    expect(first.length + folded.length).toBe(87);
    expect(attr(picker?.querySelector("details") as never, "open")).toBeNull();
    // Attendance: councils only, the agreement's first as well.
    const attendance = all(page, "#attendance .territory-first input").map((box) => attr(box, "value"));
    expect(attendance).toContain(TETOUAN);
    expect(attendance).not.toContain("04");
  });
});

describe("a new organisation from the agreement form", () => {
  it("keeps everything typed and comes back with the new organisation chosen", async () => {
    const draft = {
      reference: "ORG-STEP-1",
      kind: "partnership",
      status: "draft",
      visibility: "internal",
      renewal: "none",
      national: "on",
      "title.fr": "Convention avec un nouveau partenaire",
      "summary.ar": "ملخص",
      "parties.0.organizationId": "",
      "parties.0.role": "funder",
      "objectives.0.text.fr": "Un objectif",
    };
    const step = await postForm(app, "/fr/workspace/agreements", staff, {
      ...draft,
      intent: "new-organization:parties.0",
    });
    expect(step.status).toBe(200);
    const stepPage = parse(await step.text());
    const hidden = Object.fromEntries(
      all(stepPage, "#organization-step input[type=hidden]").map((input) => [
        attr(input, "name"),
        attr(input, "value"),
      ]),
    );
    expect(hidden).toMatchObject({ ...draft, "parties.0.organizationId": "", organizationFor: "parties.0" });

    const refused = await postForm(app, "/fr/workspace/agreements", staff, {
      ...(hidden as Record<string, string>),
      "organization.name.fr": "",
      "organization.kind": "university",
      intent: "create-organization",
    });
    expect(refused.status).toBe(400);
    const refusedPage = parse(await refused.text());
    expect(refusedPage.querySelector(".error-summary a[href='#organization-name']")).not.toBeNull();
    expect(attr(byName(refusedPage, "title.fr"), "value")).toBe(draft["title.fr"]);

    const created = await postForm(app, "/fr/workspace/agreements", staff, {
      ...(hidden as Record<string, string>),
      "organization.name.fr": "Université Nouvelle",
      "organization.acronym": "UN",
      "organization.kind": "university",
      intent: "create-organization",
    });
    expect(created.status).toBe(200);
    const form = parse(await created.text());
    const chosen = form.querySelector("select[name='parties.0.organizationId'] option[selected]");
    expect(chosen?.textContent).toContain("Université Nouvelle");
    expect(attr(byName(form, "title.fr"), "value")).toBe(draft["title.fr"]);
    expect(form.querySelector("select[name='parties.0.role'] option[selected]")?.getAttribute("value")).toBe(
      "funder",
    );
    expect(byName(form, "objectives.0.text.fr").textContent).toBe("Un objectif");
    expect(attr(byName(form, "reference"), "value")).toBe("ORG-STEP-1");
  });

  it("gives up without creating anything, the form as it was", async () => {
    const response = await postForm(app, "/fr/workspace/agreements", staff, {
      reference: "ORG-STEP-2",
      "title.fr": "Gardée",
      "parties.0.organizationId": "",
      "parties.0.role": "signatory",
      organizationFor: "parties.0",
      intent: "cancel-organization",
    });
    expect(response.status).toBe(200);
    const page = parse(await response.text());
    expect(attr(byName(page, "title.fr"), "value")).toBe("Gardée");
  });
});

describe("the proposed reference", () => {
  it("is the association's acronym and the next free number, editable, ignoring other prefixes", async () => {
    const association = await ensureAssociation({ db: handle.db, actor: systemActor });
    const acronym = association.acronym ?? "";
    await buildAgreement(handle.db, { reference: `${acronym}-007` });
    await buildAgreement(handle.db, { reference: `${acronym}-012` });
    await buildAgreement(handle.db, { reference: "OTHER-999" });
    await buildAgreement(handle.db, { reference: `X${acronym}-500` });
    await buildAgreement(handle.db, { reference: `${acronym}-2024-900` });
    expect(await proposeAgreementReference({ db: handle.db })).toBe(`${acronym}-013`);
    const page = parse(
      await (await app.request("/fr/workspace/agreements/new", { headers: { cookie: staff } })).text(),
    );
    const reference = byName(page, "reference");
    expect(attr(reference, "value")).toBe(`${acronym}-013`);
    expect(attr(reference, "readonly")).toBeNull();
    expect(attr(reference, "aria-describedby")).toBe("reference-hint");
  });

  it("is still refused by the service when someone took it meanwhile", async () => {
    const proposed = await proposeAgreementReference({ db: handle.db });
    const party = await buildOrganization(handle.db);
    const input = {
      reference: proposed,
      kind: "partnership" as const,
      title: { fr: "Course" },
      parties: [{ organizationId: party.id, role: "signatory" as const }],
    };
    const results = await Promise.allSettled([
      createAgreement({ db: handle.db, actor: systemActor, input }),
      createAgreement({ db: handle.db, actor: systemActor, input }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const response = await postForm(app, "/fr/workspace/agreements", staff, {
      reference: proposed,
      kind: "partnership",
      status: "draft",
      visibility: "internal",
      renewal: "none",
      national: "on",
      "title.fr": "Trop tard",
      "parties.0.organizationId": party.id,
      "parties.0.role": "signatory",
      intent: "save",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Cette référence est déjà prise par une autre convention");
    expect(await proposeAgreementReference({ db: handle.db })).not.toBe(proposed);
  });
});
