import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization } from "../../test/factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { auditEvents, organizations } from "../db/schema/index.js";
import { anonymous, systemActor } from "../shared/actor.js";
import type { AppError } from "../shared/errors.js";
import { loadReferenceTerritories } from "../territories/territories.service.js";
import { updateOrganization } from "./organizations.edits.js";
import { listOrganizations } from "./organizations.queries.js";
import {
  createOrganization,
  defaultAssociation,
  ensureAssociation,
  findOrganizationByName,
  getAssociation,
  getOrganization,
  readAssociation,
} from "./organizations.service.js";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as AppError,
  );

describe("organisations", () => {
  it("creates an organisation with its contacts in order, and records it", async () => {
    const { db } = handle;
    const created = await createOrganization({
      db,
      actor: systemActor,
      input: {
        kind: "public_institution",
        name: { fr: "Agence  de Développement ", ar: "وكالة التنمية" },
        acronym: "ADD",
        contacts: [
          {
            fullName: "Amina Idrissi",
            role: "Point focal",
            email: "amina@example.ma",
            phone: "+212 5 37 00 00 00",
          },
          { fullName: "Youssef Alami" },
        ],
      },
    });
    const detail = await getOrganization({ db, actor: systemActor, id: created.id });
    expect(detail.name).toEqual({ fr: "Agence  de Développement", ar: "وكالة التنمية" });
    expect(detail.contacts?.map((contact) => contact.fullName)).toEqual(["Amina Idrissi", "Youssef Alami"]);
    const events = await db.select().from(auditEvents).where(eq(auditEvents.entityId, created.id));
    expect(events.map((event) => event.action)).toEqual(["organization.create"]);
  });

  it("finds an organisation by any of its names, whatever the case, quotes or spacing", async () => {
    const { db } = handle;
    const jisr = await buildOrganization(db, {
      kind: "association",
      name: { en: 'Association "Jisr"', ar: "جمعية جسر" },
    });
    expect((await findOrganizationByName({ db, name: "association  ``jisr``" }))?.id).toBe(jisr.id);
    expect((await findOrganizationByName({ db, name: "جمعية جسر" }))?.id).toBe(jisr.id);
    expect(await findOrganizationByName({ db, name: "Association" })).toBeUndefined();
  });

  it("names each invalid field, saves nothing, and refuses the anonymous public", async () => {
    const { db } = handle;
    const before = (await db.select().from(organizations)).length;
    const invalid = await errorOf(
      createOrganization({
        db,
        actor: systemActor,
        input: {
          kind: "castle" as never,
          name: { fr: "  " },
          contacts: [{ fullName: "X", email: "not-an-email" }],
        },
      }),
    );
    expect(invalid?.code).toBe("validation");
    expect(invalid?.issues.map((issue) => issue.field)).toEqual(
      expect.arrayContaining(["kind", "name.fr", "contacts.0.email"]),
    );
    expect(
      (
        await errorOf(
          createOrganization({ db, actor: anonymous, input: { kind: "other", name: { en: "X" } } }),
        )
      )?.code,
    ).toBe("unauthenticated");
    expect((await errorOf(loadReferenceTerritories({ db, actor: anonymous })))?.code).toBe("unauthenticated");
    expect((await db.select().from(organizations)).length).toBe(before);
  });

  it("shows the public only organisations party to a public agreement, and can set the association apart", async () => {
    const { db } = handle;
    const visible = await buildOrganization(db);
    const hidden = await buildOrganization(db);
    const association = await getAssociation({ db });
    await buildAgreement(db, {
      visibility: "public",
      parties: [
        { organizationId: visible.id, role: "signatory" },
        { organizationId: association?.id ?? "", role: "signatory" },
      ],
    });
    await buildAgreement(db, {
      visibility: "internal",
      parties: [{ organizationId: hidden.id, role: "signatory" }],
    });
    const publicIds = (await listOrganizations({ db, actor: anonymous })).map((row) => row.id);
    expect(publicIds).toEqual(expect.arrayContaining([visible.id, association?.id]));
    expect(publicIds).not.toContain(hidden.id);
    const partners = await listOrganizations({ db, actor: anonymous, excludeAssociation: true });
    expect(partners.map((row) => row.id)).not.toContain(association?.id);
    expect(partners.find((row) => row.id === visible.id)?.agreementCount).toBe(1);
    expect((await listOrganizations({ db, actor: systemActor })).map((row) => row.id)).toContain(hidden.id);
  });

  it("shows the pages the association as it is now: named, then renamed, whatever was kept", async () => {
    const own = await createTestDatabase({ referenceData: false });
    try {
      const { db } = own;
      expect(await readAssociation({ db })).toBeUndefined();
      // An organisation of the association's name, not yet named the association.
      const named = await createOrganization({ db, actor: systemActor, input: defaultAssociation });
      expect(await readAssociation({ db })).toBeUndefined();
      await ensureAssociation({ db, actor: systemActor });
      expect((await readAssociation({ db }))?.id).toBe(named.id);
      await updateOrganization({
        db,
        actor: systemActor,
        id: named.id,
        input: {
          ...defaultAssociation,
          name: { ...defaultAssociation.name, fr: "Association renommée" },
          version: named.version,
        },
      });
      expect((await readAssociation({ db }))?.name.fr).toBe("Association renommée");
      expect(await readAssociation({ db })).toEqual(await getAssociation({ db }));
    } finally {
      await own.close();
    }
  });
});
