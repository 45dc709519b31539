import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildOrganization, buildUser } from "../../test/factories.js";
import { buildActionPlan, buildIndicator, buildMeeting } from "../../test/followup-factories.js";
import { expectErrorsMarked } from "../../test/form-errors.js";
import { postForm, signIn } from "../../test/session.js";
import { buildPartnership } from "../../test/worlds.js";
import type { DatabaseHandle } from "../db/client.js";

/*
 * Every workspace form, refused, marks its fields where the eye is (issue #13 point 8): the
 * summary links to elements of the page, each field at fault is aria-invalid and names the
 * message under it, in French and in Arabic.
 */

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let staff: string;
let admin: string;
let world: Awaited<ReturnType<typeof buildPartnership>>;
let planId: string;
let indicatorId: string;
let meetingId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  world = await buildPartnership(handle.db);
  planId = (await buildActionPlan(handle.db, world.agreement.id)).id;
  indicatorId = (await buildIndicator(handle.db, world.agreement.id)).id;
  meetingId = (await buildMeeting(handle.db, world.agreement.id)).id;
  staff = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
  admin = await signIn(app, (await buildUser(handle.db, { role: "admin" })).email);
});
afterAll(async () => {
  await handle?.close();
});

interface Case {
  form: string;
  path: () => string;
  fields: () => Record<string, string> | URLSearchParams;
  marked: { name?: string; id?: string }[];
  cookie?: () => string;
}

const cases: Case[] = [
  {
    form: "agreement",
    path: () => "/workspace/agreements",
    fields: () => ({
      reference: "",
      kind: "partnership",
      status: "in_force",
      visibility: "internal",
      renewal: "tacit",
      "title.fr": "",
      "parties.0.organizationId": "",
      "parties.0.role": "signatory",
      intent: "save",
    }),
    marked: [
      { name: "reference" },
      { id: "title" },
      { id: "territoryCodes" },
      { name: "signedOn" },
      { name: "renewalNoticeDays" },
    ],
  },
  {
    form: "action plan",
    path: () => `/workspace/agreements/${world.agreement.id}/plans`,
    fields: () => ({ "title.fr": "", periodStart: "2026-02-30" }),
    marked: [{ id: "title" }],
  },
  {
    form: "activity",
    path: () => `/workspace/agreements/${world.agreement.id}/activities`,
    fields: () => ({
      actionPlanId: planId,
      kind: "training",
      "title.fr": "Formation",
      responsibleOrganizationId: world.partnerId,
      budgetPlanned: "douze",
    }),
    marked: [{ name: "budgetPlanned" }],
  },
  {
    form: "indicator",
    path: () => `/workspace/agreements/${world.agreement.id}/indicators`,
    fields: () => ({ measures: "", "name.fr": "", "unit.fr": "%", direction: "increase" }),
    marked: [{ id: "name" }],
  },
  {
    form: "indicator value",
    path: () => `/workspace/indicators/${indicatorId}/values`,
    fields: () => ({ period: "2026", value: "beaucoup" }),
    marked: [{ name: "value" }],
  },
  {
    form: "committee member",
    path: () => `/workspace/agreements/${world.agreement.id}/committee-members`,
    fields: () => ({ fullName: " ", role: "member" }),
    marked: [{ name: "fullName" }],
  },
  {
    form: "meeting",
    path: () => `/workspace/agreements/${world.agreement.id}/meetings`,
    fields: () => ({ "title.fr": "Comité", startsAt: "", status: "planned" }),
    marked: [{ name: "startsAt" }],
  },
  {
    form: "decision",
    path: () => `/workspace/meetings/${meetingId}/decisions`,
    fields: () => ({ "text.fr": "Lancer l'étude", "action.description.fr": "Rédiger les termes" }),
    marked: [{ name: "action.dueOn" }],
  },
  {
    form: "follow-up action",
    path: () => `/workspace/agreements/${world.agreement.id}/actions`,
    fields: () => ({ "description.fr": "Rédiger", ownerOrganizationId: world.partnerId, dueOn: "" }),
    marked: [{ name: "dueOn" }],
  },
  {
    form: "organisation and contact",
    path: () => "/workspace/organizations",
    fields: () => ({
      "name.fr": "",
      kind: "university",
      website: "pas une adresse",
      "contacts.0.fullName": "Salma",
      "contacts.0.email": "pas-un-courriel",
    }),
    marked: [{ id: "name" }, { name: "website" }, { name: "contacts.0.email" }],
  },
  {
    form: "account",
    path: () => "/workspace/users",
    fields: () => ({ email: "not-an-email", name: "", role: "viewer", locale: "fr" }),
    marked: [{ name: "email" }],
    cookie: () => admin,
  },
];

describe("a refused workspace form", () => {
  for (const lang of ["fr", "ar"] as const) {
    for (const form of cases) {
      it(`marks its fields and links its summary to them (${form.form}, ${lang})`, async () => {
        const response = await postForm(
          app,
          `/${lang}${form.path()}`,
          form.cookie?.() ?? staff,
          form.fields(),
        );
        expect(response.status, form.form).toBe(400);
        const said = expectErrorsMarked(await response.text(), form.marked);
        if (lang === "ar") expect(said.join(" ")).toMatch(/\p{Script=Arabic}/u);
      });
    }
    it(`marks a document upload's missing file (${lang})`, async () => {
      const body = new FormData();
      body.set("kind", "signed_agreement");
      body.set("visibility", "internal");
      const response = await app.request(`/${lang}/workspace/agreements/${world.agreement.id}/documents`, {
        method: "POST",
        headers: { origin: TEST_ORIGIN, cookie: staff },
        body,
      });
      expect(response.status).toBe(400);
      expectErrorsMarked(await response.text(), [{ name: "file" }]);
    });
  }

  it("says the agreement's issues as sentences, each row's at the row the person filled in", async () => {
    const other = await buildOrganization(handle.db);
    const response = await postForm(app, "/fr/workspace/agreements", staff, {
      reference: "FORM-ROWS",
      kind: "partnership",
      status: "draft",
      visibility: "internal",
      renewal: "none",
      national: "on",
      "title.fr": "",
      "parties.0.organizationId": "",
      "parties.0.role": "signatory",
      "parties.1.organizationId": world.partnerId,
      "parties.1.role": "signatory",
      "commitments.0.organizationId": "",
      "commitments.1.organizationId": other.id,
      "commitments.1.text.fr": "Former les élus",
      intent: "save",
    });
    expect(response.status).toBe(400);
    const said = expectErrorsMarked(await response.text(), [
      { id: "title" },
      { name: "commitments.1.organizationId" },
    ]);
    expect(said).toContain("Le titre est obligatoire en au moins une langue.");
    expect(said.join(" ")).toContain("Cette organisation doit d’abord figurer parmi les parties");
  });
});
