import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization } from "../../test/factories.js";
import { statementsOf } from "../../test/statements.js";
import { buildPeople, sessionActors } from "../../test/worlds.js";
import { suggestAgreements } from "../agreements/agreements.queries.js";
import { setAgreementVisibility } from "../agreements/agreements.update.service.js";
import type { DatabaseHandle } from "../db/client.js";
import { updateOrganization } from "../partners/organizations.edits.js";
import { suggestOrganizations } from "../partners/organizations.service.js";
import { type Actor, anonymous, systemActor } from "../shared/actor.js";
import { suggestAgreementsAndPartners, suggestionIndexFor } from "./suggestions.service.js";

const limits = { agreements: 8, partners: 3 };

let handle: DatabaseHandle;
let actors: Record<"anonymous" | "staff" | "focal", Actor>;
let internalId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  const university = await buildOrganization(db, {
    kind: "university",
    name: { fr: "Université Al Akhawayn", ar: "جامعة الأخوين", en: "Al Akhawayn University" },
    acronym: "AUI",
  });
  const cooperative = await buildOrganization(db, {
    kind: "association",
    name: { fr: "Coopérative du safran", ar: "تعاونية الزعفران" },
  });
  const hidden = await buildOrganization(db, { kind: "association", name: { fr: "Collectif confidentiel" } });
  const titles = [
    { fr: "Convention de coopération universitaire", ar: "اتفاقية التعاون الجامعي" },
    { fr: "Formation des élus à l'université", en: "Training elected members at the university" },
    { fr: "Développement de la filière du safran", ar: "تنمية سلسلة الزعفران" },
    { fr: "Coopération culturelle", en: "Cultural cooperation" },
    { fr: "Tourisme rural et coopératives", ar: "السياحة القروية والتعاونيات" },
  ];
  let n = 0;
  for (const title of titles)
    for (const signedOn of ["2021-03-01", "2024-06-15", undefined]) {
      n++;
      await buildAgreement(db, {
        reference: `SUG-${String(n).padStart(3, "0")}`,
        title,
        status: signedOn ? "signed" : "draft",
        signedOn,
        parties: [{ organizationId: (n % 2 ? university : cooperative).id, role: "signatory" }],
      });
    }
  internalId = (
    await buildAgreement(db, {
      reference: "SUG-SECRET",
      title: { fr: "Coopération confidentielle avec le collectif" },
      visibility: "internal",
      parties: [{ organizationId: hidden.id, role: "signatory" }],
    })
  ).id;
  const people = await buildPeople(db, {
    partnerId: university.id,
    otherPartyId: cooperative.id,
    outsiderId: hidden.id,
  });
  actors = { anonymous, ...sessionActors({ staff: people.staff, focal: people.focal }) };
});

afterAll(async () => {
  await handle?.close();
});

/** What the database answers, whatever the index holds. */
async function fromDatabase(actor: Actor, q: string) {
  const db = handle.db;
  const [agreements, partners] = await Promise.all([
    suggestAgreements({ db, actor, q, limit: limits.agreements }),
    suggestOrganizations({ db, actor, q, limit: limits.partners }),
  ]);
  return { agreements, partners };
}

/** What the kept index answers, failing if the database was asked instead. */
async function fromIndex(actor: Actor, q: string) {
  let answered: Awaited<ReturnType<typeof suggestAgreementsAndPartners>> | undefined;
  const statements = await statementsOf(handle.db, async () => {
    answered = await suggestAgreementsAndPartners({ db: handle.db, actor, q, limits });
  });
  expect(
    statements.filter((statement) => !/registry_generation/.test(statement.sql)),
    `${actor.role}: ${q} was answered by the database`,
  ).toEqual([]);
  return answered;
}

const queries = [
  "co",
  "coop",
  "univ",
  "UNIVERSITE",
  "جامعة",
  "الجامعة",
  "زعفران",
  "safran",
  "sug-004",
  "SUG 7",
  "aui",
  "formation elus",
  "confidentiel",
  "collectif",
  "tour rur",
  "zzz",
];

describe("suggestions as you type, from the kept index", () => {
  it("answer as the database does, for the public and for the staff", async () => {
    const index = await suggestionIndexFor(handle.db);
    expect(index).toBeDefined();
    for (const actor of [actors.anonymous, actors.staff])
      for (const q of queries) {
        const expected = await fromDatabase(actor, q);
        const answered = await fromIndex(actor, q);
        expect(answered, `${actor.role}: ${q}`).toEqual(expected);
      }
    // Not vacuous: the corpus answers most of these.
    const found = await suggestAgreementsAndPartners({ db: handle.db, actor: anonymous, q: "coop", limits });
    expect(found.agreements.length).toBeGreaterThan(3);
    expect(found.partners.map((partner) => partner.name.fr)).toEqual(["Coopérative du safran"]);
  });

  it("cost no statement but the generation's once the index is built", async () => {
    await suggestionIndexFor(handle.db);
    const statements = await statementsOf(handle.db, () =>
      suggestAgreementsAndPartners({ db: handle.db, actor: anonymous, q: "univ", limits }),
    );
    expect(statements.every((statement) => /registry_generation/.test(statement.sql))).toBe(true);
    expect(statements.length).toBeLessThanOrEqual(1);
  });

  it("never show the public an internal agreement or an organisation only it is party to", async () => {
    await suggestionIndexFor(handle.db);
    expect(await fromIndex(anonymous, "confidentiel")).toEqual({ agreements: [], partners: [] });
    const staffAnswer = await fromIndex(actors.staff, "confidentiel");
    expect(staffAnswer?.agreements.map((agreement) => agreement.id)).toEqual([internalId]);
    expect(staffAnswer?.partners.map((partner) => partner.name.fr)).toEqual(["Collectif confidentiel"]);
  });

  it("ask the database for a focal point, who reads by its organisation's agreements", async () => {
    await suggestionIndexFor(handle.db);
    const statements = await statementsOf(handle.db, () =>
      suggestAgreementsAndPartners({ db: handle.db, actor: actors.focal, q: "coop", limits }),
    );
    expect(statements.some((statement) => /agreement_search/.test(statement.sql))).toBe(true);
  });

  it("follow a write at once: a hidden agreement and a renamed partner", async () => {
    // Records of its own: the other tests' corpus stays as they expect it.
    const db = handle.db;
    const orchard = await buildOrganization(db, { kind: "association", name: { fr: "Verger Amandier" } });
    const orchardAgreements = [];
    for (const n of [1, 2])
      orchardAgreements.push(
        await buildAgreement(db, {
          reference: `ORCH-${n}`,
          title: { fr: `Amandiers du verger ${n}` },
          parties: [{ organizationId: orchard.id, role: "signatory" }],
        }),
      );
    await suggestionIndexFor(db);
    const before = await fromIndex(anonymous, "amandier");
    expect(before?.agreements.map((agreement) => agreement.reference).sort()).toEqual(["ORCH-1", "ORCH-2"]);
    const [hiddenOne] = orchardAgreements;
    const hidden = await setAgreementVisibility({
      db,
      actor: systemActor,
      id: hiddenOne?.id ?? "",
      visibility: "internal",
      version: hiddenOne?.version ?? 0,
    });
    expect(hidden.visibility).toBe("internal");
    // Before the index of the new generation is built (the database answers) and after.
    for (const ready of [false, true]) {
      if (ready) await suggestionIndexFor(db);
      const found = await suggestAgreementsAndPartners({ db, actor: anonymous, q: "amandier", limits });
      expect(
        found.agreements.map((agreement) => agreement.reference),
        `index built: ${ready}`,
      ).toEqual(["ORCH-2"]);
    }
    await updateOrganization({
      db,
      actor: systemActor,
      id: orchard.id,
      input: { kind: "association", name: { fr: "Verger Tiwizi" }, contacts: [], version: orchard.version },
    });
    await suggestionIndexFor(db);
    const renamed = await fromIndex(anonymous, "tiwizi");
    expect(renamed?.partners.map((partner) => partner.name.fr)).toEqual(["Verger Tiwizi"]);
    expect(renamed).toEqual(await fromDatabase(anonymous, "tiwizi"));
  });
});
