import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { auditEvents, contacts } from "../db/schema/index.js";
import { type Actor, anonymous, systemActor } from "../shared/actor.js";
import type { AppError } from "../shared/errors.js";
import { deleteOrganization, updateOrganization } from "./organizations.edits.js";
import { listOrganizations } from "./organizations.queries.js";
import {
  findOrganizationByName,
  getAssociation,
  getOrganization,
  listOrganizationAgreements,
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

const person = (role: Actor["role"], extra: Partial<Actor> = {}): Actor => ({
  id: `user-${role}`,
  role,
  via: "session",
  ...extra,
});

const auditOf = (id: string, action: string) =>
  handle.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, action)));

describe("updateOrganization", () => {
  it("updates on the current version: bumps it, renames, keeps contacts' identity, and records before/after", async () => {
    const { db } = handle;
    const org = await buildOrganization(db, {
      name: { fr: "Ancien nom" },
      contacts: [{ fullName: "Ali" }, { fullName: "Badr" }],
    });
    const [ali, badr] = (await getOrganization({ db, actor: systemActor, id: org.id })).contacts ?? [];
    const other = await buildOrganization(db, { contacts: [{ fullName: "Chez les autres" }] });
    const [foreign] = (await getOrganization({ db, actor: systemActor, id: other.id })).contacts ?? [];
    const updated = await updateOrganization({
      db,
      actor: person("admin"),
      id: org.id,
      input: {
        version: 1,
        kind: "foundation",
        name: { fr: "Nouveau nom", en: "New name" },
        website: "https://example.ma",
        contacts: [
          { id: badr?.id, fullName: "Badr", email: "badr@example.ma" },
          // an id that is not this organisation's is a new contact, never a change to another's
          { id: foreign?.id, fullName: "Copie" },
        ],
      },
    });
    expect(updated).toMatchObject({ version: 2, kind: "foundation", website: "https://example.ma" });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(org.updatedAt.getTime());
    expect(updated.contacts.map((row) => row.fullName)).toEqual(["Badr", "Copie"]);
    expect(updated.contacts[0]?.id).toBe(badr?.id);
    expect(updated.contacts[1]?.id).not.toBe(foreign?.id);
    expect(
      (
        await db
          .select()
          .from(contacts)
          .where(eq(contacts.id, ali?.id ?? ""))
      ).length,
    ).toBe(0);
    const untouched = await getOrganization({ db, actor: systemActor, id: other.id });
    expect(untouched.contacts?.map((row) => row.fullName)).toEqual(["Chez les autres"]);
    expect((await findOrganizationByName({ db, name: "new name" }))?.id).toBe(org.id);
    expect(await findOrganizationByName({ db, name: "ancien nom" })).toBeUndefined();
    const [event] = await auditOf(org.id, "organization.update");
    expect(event?.actor).toBe("user-admin");
    expect(event?.changes).toMatchObject({
      before: {
        name: { fr: "Ancien nom" },
        version: 1,
        contacts: [{ fullName: "Ali" }, { fullName: "Badr" }],
      },
      after: { name: { fr: "Nouveau nom", en: "New name" }, version: 2 },
    });
  });

  it("refuses a stale version with a conflict on `version`, changing nothing", async () => {
    const { db } = handle;
    const org = await buildOrganization(db, { name: { fr: "Stable" }, contacts: [{ fullName: "Reste" }] });
    await updateOrganization({
      db,
      actor: systemActor,
      id: org.id,
      input: { version: 1, name: { fr: "V2" } },
    });
    const stale = await errorOf(
      updateOrganization({
        db,
        actor: systemActor,
        id: org.id,
        input: { version: 1, name: { fr: "Écrasé" } },
      }),
    );
    expect(stale?.code).toBe("conflict");
    expect(stale?.issues[0]).toMatchObject({ field: "version", reason: "staleVersion" });
    const stored = await getOrganization({ db, actor: systemActor, id: org.id });
    expect(stored).toMatchObject({ name: { fr: "V2" }, version: 2 });
    expect(stored.contacts?.map((row) => row.fullName)).toEqual(["Reste"]);
    expect((await auditOf(org.id, "organization.update")).length).toBe(1);
  });

  it("lets a focal point edit its own organisation but not its kind, nor another's; others may not write", async () => {
    const { db } = handle;
    const own = await buildOrganization(db);
    const other = await buildOrganization(db);
    const focal = person("focal_point", { organizationId: own.id });
    const renamed = await updateOrganization({
      db,
      actor: focal,
      id: own.id,
      input: { version: 1, name: { fr: "Par le point focal" }, contacts: [{ fullName: "Moi" }] },
    });
    expect(renamed).toMatchObject({ kind: "university", version: 2 });
    const kind = await errorOf(
      updateOrganization({
        db,
        actor: focal,
        id: own.id,
        input: { version: 2, kind: "ministry", name: { fr: "X" } },
      }),
    );
    expect(kind?.code).toBe("forbidden");
    expect(kind?.issues[0]?.field).toBe("kind");
    const input = { version: 1, name: { fr: "Pris" } };
    for (const [actor, code] of [
      [focal, "forbidden"],
      [person("focal_point", { organizationId: null }), "forbidden"],
      [person("council", { territoryCode: "01.571" }), "forbidden"],
      [person("viewer"), "forbidden"],
      [person("admin", { via: "token", tokenScope: "read" }), "forbidden"],
      [anonymous, "unauthenticated"],
    ] as const) {
      expect((await errorOf(updateOrganization({ db, actor, id: other.id, input })))?.code).toBe(code);
    }
    expect(
      (
        await updateOrganization({
          db,
          actor: person("secretariat", { via: "token", tokenScope: "write" }),
          id: other.id,
          input,
        })
      ).version,
    ).toBe(2);
  });

  it("names each invalid field", async () => {
    const { db } = handle;
    const org = await buildOrganization(db);
    const invalid = await errorOf(
      updateOrganization({
        db,
        actor: systemActor,
        id: org.id,
        input: {
          version: 1,
          name: {},
          website: "javascript:alert(1)",
          contacts: [{ fullName: "Y", phone: "call me" }],
        },
      }),
    );
    expect(invalid?.code).toBe("validation");
    expect(invalid?.issues.map((issue) => [issue.field, issue.reason])).toEqual(
      expect.arrayContaining([
        ["name", "atLeastOneLanguage"],
        ["website", "invalidUrl"],
        ["contacts.0.phone", "invalidFormat"],
      ]),
    );
  });
});

describe("deleteOrganization", () => {
  it("refuses while the organisation is party to an agreement, naming it", async () => {
    const { db } = handle;
    const org = await buildOrganization(db);
    await buildAgreement(db, {
      reference: "KEEP-2",
      parties: [{ organizationId: org.id, role: "signatory" }],
    });
    await buildAgreement(db, {
      reference: "KEEP-1",
      visibility: "internal",
      parties: [{ organizationId: org.id, role: "funder" }],
    });
    const refused = await errorOf(deleteOrganization({ db, actor: systemActor, id: org.id }));
    expect(refused?.code).toBe("conflict");
    expect(refused?.message).toContain("KEEP-1, KEEP-2");
    expect(refused?.issues[0]).toMatchObject({
      reason: "partyToAgreements",
      values: { references: "KEEP-1, KEEP-2" },
    });
    expect((await getOrganization({ db, actor: systemActor, id: org.id })).id).toBe(org.id);
  });

  it("refuses the association itself, and an organisation user accounts act for", async () => {
    const { db } = handle;
    const association = await getAssociation({ db });
    expect(
      (await errorOf(deleteOrganization({ db, actor: systemActor, id: association?.id ?? "" })))?.issues[0]
        ?.reason,
    ).toBe("associationItself");
    const focal = await buildUser(db, { role: "focal_point" });
    const held = await errorOf(
      deleteOrganization({ db, actor: systemActor, id: focal.organizationId ?? "" }),
    );
    expect(held?.code).toBe("conflict");
    expect(held?.issues[0]?.reason).toBe("hasAccounts");
  });

  it("deletes with its contacts, for staff only, and records the deleted record", async () => {
    const { db } = handle;
    const org = await buildOrganization(db, { contacts: [{ fullName: "Parti" }] });
    const own = person("focal_point", { organizationId: org.id });
    expect((await errorOf(deleteOrganization({ db, actor: own, id: org.id })))?.code).toBe("forbidden");
    expect(
      (await errorOf(deleteOrganization({ db, actor: systemActor, id: org.id, version: 7 })))?.code,
    ).toBe("conflict");
    await deleteOrganization({ db, actor: systemActor, id: org.id, version: 1 });
    expect((await errorOf(getOrganization({ db, actor: systemActor, id: org.id })))?.code).toBe("not_found");
    expect((await db.select().from(contacts).where(eq(contacts.organizationId, org.id))).length).toBe(0);
    const [event] = await auditOf(org.id, "organization.delete");
    expect(event?.changes).toMatchObject({ before: { contacts: [{ fullName: "Parti" }] }, after: null });
    expect((await errorOf(deleteOrganization({ db, actor: systemActor, id: org.id })))?.code).toBe(
      "not_found",
    );
  });
});

describe("reading", () => {
  it("never gives the public an organisation's contacts, nor an organisation it may not see", async () => {
    const { db } = handle;
    const visible = await buildOrganization(db, { contacts: [{ fullName: "Privé" }] });
    const hidden = await buildOrganization(db);
    await buildAgreement(db, { parties: [{ organizationId: visible.id, role: "signatory" }] });
    await buildAgreement(db, {
      visibility: "internal",
      parties: [{ organizationId: hidden.id, role: "signatory" }],
    });
    const seen = await getOrganization({ db, actor: anonymous, id: visible.id });
    expect(seen.contacts).toBeNull();
    expect((await errorOf(getOrganization({ db, actor: anonymous, id: hidden.id })))?.code).toBe("not_found");
    const signedIn = await getOrganization({ db, actor: person("viewer"), id: visible.id });
    expect(signedIn.contacts?.map((row) => row.fullName)).toEqual(["Privé"]);
  });

  it("counts and lists only the agreements the actor may read", async () => {
    const { db } = handle;
    const org = await buildOrganization(db, { name: { fr: "Compteur Unique" } });
    await buildAgreement(db, {
      reference: "CNT-PUB",
      parties: [{ organizationId: org.id, role: "signatory" }],
    });
    await buildAgreement(db, {
      reference: "CNT-INT",
      visibility: "internal",
      parties: [
        { organizationId: org.id, role: "signatory" },
        { organizationId: org.id, role: "funder" },
      ],
    });
    const focal = person("focal_point", { organizationId: (await buildOrganization(db)).id });
    const [forFocal] = await listOrganizations({ db, actor: focal, q: "compteur unique" });
    expect(forFocal?.agreementCount).toBe(1);
    const [forStaff] = await listOrganizations({ db, actor: systemActor, q: "COMPTEUR" });
    expect(forStaff?.agreementCount).toBe(2);
    const agreements = await listOrganizationAgreements({ db, actor: systemActor, id: org.id });
    expect(agreements.map((row) => [row.reference, row.roles])).toEqual([
      ["CNT-INT", ["signatory", "funder"]],
      ["CNT-PUB", ["signatory"]],
    ]);
    expect(
      (await listOrganizationAgreements({ db, actor: focal, id: org.id })).map((row) => row.reference),
    ).toEqual(["CNT-PUB"]);
  });
});
