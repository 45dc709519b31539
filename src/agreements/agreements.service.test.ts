import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization } from "../../test/factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { agreements, auditEvents } from "../db/schema/index.js";
import { updateOrganization } from "../partners/organizations.edits.js";
import { anonymous, systemActor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import {
  countAgreementFigures,
  getAgreementDetail,
  listAgreements,
  listSignatureYears,
} from "./agreements.queries.js";
import { createAgreement, transitionAgreement } from "./agreements.service.js";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const expectAppError = async (promise: Promise<unknown>, code: string, field?: string) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (field) expect((error as AppError).issues.map((issue) => issue.field)).toContain(field);
  return error as AppError;
};

describe("createAgreement", () => {
  it("stores every part of the agreement in order and records an audit event", async () => {
    const { db } = handle;
    const ministry = await buildOrganization(db, {
      kind: "ministry",
      name: { fr: "Ministère de l'Intérieur" },
    });
    const university = await buildOrganization(db);
    const created = await createAgreement({
      db,
      actor: systemActor,
      input: {
        reference: "CONV-2024-007",
        kind: "framework",
        title: { fr: "Convention-cadre", ar: "اتفاقية إطار" },
        visibility: "public",
        status: "in_force",
        signedOn: "2024-03-01",
        effectiveOn: "2024-03-01",
        expiresOn: "2027-02-28",
        renewal: "tacit",
        renewalNoticeDays: 90,
        national: false,
        territoryCodes: ["04.441", "01"],
        themes: ["research", "training"],
        parties: [
          { organizationId: ministry.id, role: "signatory" },
          { organizationId: university.id, role: "implementing" },
        ],
        objectives: [{ fr: "Premier" }, { fr: "Deuxième" }, { fr: "Troisième" }],
        commitments: [{ organizationId: university.id, text: { fr: "Former 40 cadres" } }],
        contributions: [{ organizationId: ministry.id, amount: 1500000.5, nature: "cash" }],
        amendments: [{ signedOn: "2025-01-10", summary: { fr: "Prolongation" } }],
        actionPlans: [{ title: { fr: "Plan 2024" }, periodStart: "2024-01-01", periodEnd: "2024-12-31" }],
      },
    });
    const detail = await getAgreementDetail({ db, actor: anonymous, id: created.id });
    expect(detail.objectives.map((objective) => objective.text.fr)).toEqual([
      "Premier",
      "Deuxième",
      "Troisième",
    ]);
    expect(detail.parties.map((party) => [party.organization.id, party.role])).toEqual([
      [ministry.id, "signatory"],
      [university.id, "implementing"],
    ]);
    expect(detail.territories.map((territory) => territory.code)).toEqual(["01", "04.441"]);
    expect(detail.contributions[0]?.amount).toBe("1500000.50");
    expect(detail.commitments[0]?.text.fr).toBe("Former 40 cadres");
    expect(detail.amendments[0]?.signedOn).toBe("2025-01-10");
    expect(detail.actionPlans[0]?.periodEnd).toBe("2024-12-31");
    const events = await db.select().from(auditEvents).where(eq(auditEvents.entityId, created.id));
    expect(events.map((event) => event.action)).toEqual(["agreement.create"]);
    expect(events[0]?.actor).toBe("system");
  });

  it("names each invalid field and saves nothing", async () => {
    const { db } = handle;
    const before = (await db.select().from(agreements)).length;
    const error = await expectAppError(
      createAgreement({
        db,
        actor: systemActor,
        input: {
          reference: "  ",
          kind: "partnership",
          title: {},
          parties: [],
          effectiveOn: "2024-02-30",
        },
      }),
      "validation",
    );
    expect(error.issues.map((issue) => issue.field)).toEqual(
      expect.arrayContaining(["reference", "title", "parties", "effectiveOn"]),
    );
    expect((await db.select().from(agreements)).length).toBe(before);
  });

  it("refuses unknown organisations, territories and a duplicate reference by field", async () => {
    const { db } = handle;
    const existing = await buildAgreement(db);
    await expectAppError(
      buildAgreement(db, {
        parties: [{ organizationId: "00000000-0000-4000-8000-000000000000", role: "signatory" }],
      }),
      "validation",
      "parties.0.organizationId",
    );
    await expectAppError(
      buildAgreement(db, { national: false, territoryCodes: ["99.999"] }),
      "validation",
      "territoryCodes.0",
    );
    await expectAppError(buildAgreement(db, { reference: existing.reference }), "validation", "reference");
  });

  it("refuses writes from the anonymous public", async () => {
    await expectAppError(
      createAgreement({ db: handle.db, actor: anonymous, input: {} as never }),
      "unauthenticated",
    );
  });
});

describe("transitionAgreement", () => {
  it("follows the lifecycle and refuses a jump or a missing signature date", async () => {
    const { db } = handle;
    const agreement = await buildAgreement(db, { status: "draft" });
    await expectAppError(
      transitionAgreement({ db, actor: systemActor, id: agreement.id, to: "in_force" }),
      "invalid_transition",
      "status",
    );
    await transitionAgreement({ db, actor: systemActor, id: agreement.id, to: "negotiation" });
    await expectAppError(
      transitionAgreement({ db, actor: systemActor, id: agreement.id, to: "signed" }),
      "invalid_transition",
      "signedOn",
    );
    const signed = await transitionAgreement({
      db,
      actor: systemActor,
      id: agreement.id,
      to: "signed",
      signedOn: "2025-06-01",
    });
    expect(signed.status).toBe("signed");
    expect(signed.version).toBe(3);
    const events = await db.select().from(auditEvents).where(eq(auditEvents.entityId, agreement.id));
    expect(events.map((event) => event.action)).toEqual([
      "agreement.create",
      "agreement.transition",
      "agreement.transition",
    ]);
  });
});

describe("listAgreements", () => {
  it("filters by territory reach, partner kind, theme, text and hides internal records from the public", async () => {
    const { db } = handle;
    const ngo = await buildOrganization(db, {
      kind: "association",
      name: { fr: "Association Tamkine Filtre" },
    });
    const inRabat = await buildAgreement(db, {
      national: false,
      territoryCodes: ["04.421"],
      themes: ["education"],
      title: { fr: "Écoles de la deuxième chance Rabat" },
      parties: [{ organizationId: ngo.id, role: "implementing" }],
    });
    const inRegion = await buildAgreement(db, {
      national: false,
      territoryCodes: ["04"],
      title: { en: "Region wide" },
    });
    const elsewhere = await buildAgreement(db, { national: false, territoryCodes: ["01.511"] });
    const internal = await buildAgreement(db, {
      visibility: "internal",
      national: false,
      territoryCodes: ["04.421"],
    });

    const ids = (result: { items: { id: string }[] }) => result.items.map((item) => item.id);
    const rabat = await listAgreements({ db, actor: anonymous, filter: { territory: "04.421" }, limit: 100 });
    expect(ids(rabat)).toEqual(expect.arrayContaining([inRabat.id, inRegion.id]));
    expect(ids(rabat)).not.toContain(elsewhere.id);
    expect(ids(rabat)).not.toContain(internal.id);
    const region = await listAgreements({ db, actor: anonymous, filter: { territory: "04" }, limit: 100 });
    expect(ids(region)).toEqual(expect.arrayContaining([inRabat.id, inRegion.id]));
    expect(ids(region)).not.toContain(elsewhere.id);
    const asSystem = await listAgreements({
      db,
      actor: systemActor,
      filter: { territory: "04.421" },
      limit: 100,
    });
    expect(ids(asSystem)).toContain(internal.id);

    expect(
      ids(await listAgreements({ db, actor: anonymous, filter: { partnerKind: "association" }, limit: 100 })),
    ).toEqual([inRabat.id]);
    expect(ids(await listAgreements({ db, actor: anonymous, filter: { theme: "education" } }))).toEqual([
      inRabat.id,
    ]);
    expect(ids(await listAgreements({ db, actor: anonymous, filter: { q: "deuxi chanc" } }))).toEqual([
      inRabat.id,
    ]);
    expect(ids(await listAgreements({ db, actor: anonymous, filter: { q: "tamkine" } }))).toEqual([
      inRabat.id,
    ]);
    expect((await listAgreements({ db, actor: anonymous, filter: { q: "%%%" } })).total).toBe(0);
  });

  it("filters by the year of signature and lists the years", async () => {
    const { db } = handle;
    const signed = await buildAgreement(db, { status: "in_force", signedOn: "2019-05-20" });
    await buildAgreement(db, { status: "in_force", signedOn: "2021-01-02" });
    const ids = (
      await listAgreements({ db, actor: anonymous, filter: { year: 2019 }, limit: 100 })
    ).items.map((item) => item.id);
    expect(ids).toEqual([signed.id]);
    await buildAgreement(db, { status: "in_force", signedOn: "2012-07-01", visibility: "internal" });
    const publicYears = await listSignatureYears({ db, actor: anonymous });
    expect(publicYears).toEqual(expect.arrayContaining([2021, 2019]));
    expect(publicYears).not.toContain(2012);
    expect(publicYears).toEqual([...publicYears].sort((a, b) => b - a));
    expect(await listSignatureYears({ db, actor: systemActor })).toContain(2012);
  });

  it("paginates with a stable total", async () => {
    const { db } = handle;
    const all = await listAgreements({ db, actor: anonymous, limit: 1000 });
    const page = await listAgreements({ db, actor: anonymous, limit: 2, offset: 1 });
    expect(page.total).toBe(all.total);
    expect(page.items.map((item) => item.id)).toEqual(all.items.slice(1, 3).map((item) => item.id));
  });

  it("counts only public agreements in the key figures for the public", async () => {
    const { db } = handle;
    const before = await countAgreementFigures({ db, actor: anonymous });
    await buildAgreement(db, { visibility: "internal" });
    await buildAgreement(db, { visibility: "public" });
    const after = await countAgreementFigures({ db, actor: anonymous });
    expect(after.agreements).toBe(before.agreements + 1);
    expect(after.objectives).toBe(before.objectives + 2);
  });
});

describe("search after a partner's rename", () => {
  it("finds the organisation's agreements by its new name and acronym, no longer by the old ones", async () => {
    const db = handle.db;
    const org = await buildOrganization(db, { name: { fr: "Institut Ancien Nom" }, acronym: "IAN" });
    const agreement = await buildAgreement(db, { parties: [{ organizationId: org.id, role: "signatory" }] });
    const found = async (q: string) =>
      (await listAgreements({ db, actor: systemActor, filter: { q } })).items.map((item) => item.id);
    expect(await found("ancien")).toContain(agreement.id);
    await updateOrganization({
      db,
      actor: systemActor,
      id: org.id,
      input: { version: 1, name: { fr: "Institut Nouveau Nom" }, acronym: "INN" },
    });
    expect(await found("nouveau")).toContain(agreement.id);
    expect(await found("inn")).toContain(agreement.id);
    expect(await found("ancien")).not.toContain(agreement.id);
  });
});
