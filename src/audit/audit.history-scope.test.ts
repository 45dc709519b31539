import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { updateOrganization } from "../partners/organizations.edits.js";
import { createOrganization } from "../partners/organizations.service.js";
import { actorFromUser } from "../users/users.presenter.js";

/**
 * An organisation's history shows what its own page shows, to those who may read that page:
 * not found for the others, and without contacts (nor staff e-mail addresses) for those who
 * may read the organisation but not its contacts.
 */
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
const cookies: Record<string, string> = {};
let staffEmail: string;
/** party only to an internal agreement that reaches neither the focal point nor the council */
let hiddenId: string;
/** party to an internal agreement with the focal point's organisation, naming the council's province */
let sharedId: string;

const CONTACT = {
  fullName: "Nadia Contact",
  role: "Directrice",
  email: "nadia@partner.example",
  phone: "+212 600 000 001",
};
const NEW_CONTACT = { fullName: "Omar Contact", email: "omar@partner.example", phone: "+212 600 000 002" };

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  const { db } = handle;
  const secretariat = await buildUser(db, { role: "secretariat", name: "Salma Secrétariat" });
  staffEmail = secretariat.email;
  const staff = actorFromUser(secretariat);
  const focalOrganization = await buildOrganization(db);
  /** An organisation with a contact, created then edited by the staff: two events carrying contacts. */
  const withContacts = async (fr: string) => {
    const row = await createOrganization({
      db,
      actor: staff,
      input: { kind: "association", name: { fr }, contacts: [CONTACT] },
    });
    await updateOrganization({
      db,
      actor: staff,
      id: row.id,
      input: { kind: "association", name: { fr }, version: row.version, contacts: [CONTACT, NEW_CONTACT] },
    });
    return row.id;
  };
  hiddenId = await withContacts("Partenaire Caché");
  sharedId = await withContacts("Partenaire Partagé");
  await buildAgreement(db, {
    visibility: "internal",
    national: false,
    territoryCodes: ["03"],
    parties: [{ organizationId: hiddenId, role: "signatory" }],
  });
  await buildAgreement(db, {
    visibility: "internal",
    national: false,
    territoryCodes: ["01.571"],
    parties: [
      { organizationId: focalOrganization.id, role: "signatory" },
      { organizationId: sharedId, role: "signatory" },
    ],
  });
  const users = {
    secretariat,
    viewer: await buildUser(db, { role: "viewer" }),
    council: await buildUser(db, { role: "council", territoryCode: "01.571" }),
    focal: await buildUser(db, { role: "focal_point", organizationId: focalOrganization.id }),
    sharedFocal: await buildUser(db, { role: "focal_point", organizationId: sharedId }),
  };
  for (const [name, user] of Object.entries(users)) cookies[name] = await signIn(app, user.email);
});
afterAll(async () => {
  await handle?.close();
});

const get = async (path: string, who: string) => {
  const response = await app.request(path, { headers: { cookie: cookies[who] ?? "" } });
  return { status: response.status, text: await response.text() };
};

// biome-ignore lint/suspicious/noExplicitAny: the tests read loosely typed JSON answers
type Body = Record<string, any>;

/** Every changed path of every event, and the actors' e-mail addresses, as the API gives them. */
async function apiHistory(id: string, who: string) {
  const { status, text } = await get(`/api/v1/history/organization/${id}`, who);
  expect(status).toBe(200);
  const body = JSON.parse(text) as Body;
  return {
    actions: body.items.map((item: Body) => item.action) as string[],
    paths: body.items.flatMap((item: Body) => item.changes.map((change: Body) => change.path)) as string[],
    emails: body.items.map((item: Body) => item.actor.email) as (string | null)[],
    text,
  };
}

describe("an organisation's history", () => {
  it("is not found for those who may not read the organisation, as its page is", async () => {
    for (const who of ["focal", "council"]) {
      expect((await get(`/fr/workspace/organizations/${hiddenId}`, who)).status, who).toBe(404);
      const api = await get(`/api/v1/history/organization/${hiddenId}`, who);
      expect(api.status, who).toBe(404);
      expect(api.text).not.toContain("Partenaire Caché");
      const page = await get(`/fr/workspace/history/organization/${hiddenId}`, who);
      expect(page.status, who).toBe(404);
      expect(page.text).not.toContain("Partenaire Caché");
    }
  });

  it("leaves out the contacts and the staff's e-mail addresses for those who may not read them", async () => {
    for (const who of ["focal", "council"]) {
      const history = await apiHistory(sharedId, who);
      expect(history.actions, who).toEqual(["organization.update", "organization.create"]);
      expect(history.paths, who).toContain("name.fr");
      expect(
        history.paths.filter((path) => path.startsWith("contacts")),
        who,
      ).toEqual([]);
      expect(history.emails, who).toEqual([null, null]);
      for (const secret of [CONTACT.email, CONTACT.phone, NEW_CONTACT.email, "Nadia", staffEmail])
        expect(history.text, who).not.toContain(secret);
      const page = await get(`/fr/workspace/history/organization/${sharedId}`, who);
      expect(page.status, who).toBe(200);
      expect(page.text).toContain("Partenaire Partagé");
      expect(page.text).toContain("Salma Secrétariat");
      for (const secret of [CONTACT.email, CONTACT.phone, NEW_CONTACT.email, "Nadia", staffEmail])
        expect(page.text, who).not.toContain(secret);
    }
  });

  it("shows the contacts to those who may read them, and everything to the staff", async () => {
    for (const who of ["secretariat", "viewer", "sharedFocal"]) {
      const history = await apiHistory(sharedId, who);
      expect(history.paths, who).toEqual(
        expect.arrayContaining(["contacts.0.email", "contacts.0.phone", "contacts.1.email"]),
      );
      const page = await get(`/fr/workspace/history/organization/${sharedId}`, who);
      expect(page.text, who).toContain(CONTACT.email);
      expect(page.text, who).toContain(NEW_CONTACT.phone);
    }
    const staff = await apiHistory(hiddenId, "secretariat");
    expect(staff.paths).toContain("contacts.0.email");
    expect(staff.emails).toEqual([staffEmail, staffEmail]);
    expect((await get(`/fr/workspace/history/organization/${hiddenId}`, "secretariat")).text).toContain(
      staffEmail,
    );
  });
});
