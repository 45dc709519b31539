import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization } from "../../test/factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { agreementSearch, searchFormat } from "../db/schema/index.js";
import { ensureSearchIndexCurrent, SEARCH_FORMAT } from "../search/reindex.js";
import { type Actor, anonymous, systemActor } from "../shared/actor.js";
import { listAgreements } from "./agreements.queries.js";

/*
 * Search over a fixed corpus: which agreements each query finds, in which order, for the
 * public and for the staff, through the catalogue's own listing.
 */

let handle: DatabaseHandle;
const ids: Record<string, string> = {};

beforeAll(async () => {
  handle = await createTestDatabase();
  const { db } = handle;
  const akhawayn = await buildOrganization(db, {
    kind: "university",
    name: { fr: "Université Al Akhawayn", en: "Al Akhawayn University", ar: "جامعة الأخوين" },
    acronym: "AUI",
  });
  const sociology = await buildOrganization(db, {
    kind: "association",
    name: { fr: "Association marocaine de sociologie", ar: "الجمعية المغربية لعلم الاجتماع" },
    acronym: "AMS",
  });
  const ministry = await buildOrganization(db, {
    kind: "public_institution",
    name: { fr: "Ministère de l'Intérieur", en: "Ministry of the Interior", ar: "وزارة الداخلية" },
    acronym: "MI",
  });
  const signed = (on: string) => ({ status: "in_force" as const, signedOn: on });
  ids.akhawayn = (
    await buildAgreement(db, {
      reference: "AMPCPP-003",
      ...signed("2019-05-01"),
      title: {
        fr: "Convention de partenariat avec l'Université Al Akhawayn d'Ifrane",
        ar: "اتفاقية شراكة مع جامعة الأخوين بإفران",
        en: "Partnership agreement with Al Akhawayn University",
      },
      objectives: [{ fr: "Former les élus des conseils", ar: "تكوين المنتخبين" }],
      themes: ["research"],
      territoryCodes: ["03.271"],
      parties: [{ organizationId: akhawayn.id, role: "signatory" }],
    })
  ).id;
  ids.sociology = (
    await buildAgreement(db, {
      reference: "AMPCPP-030",
      ...signed("2021-02-01"),
      title: {
        fr: "Accord avec l'Association marocaine de sociologie",
        ar: "اتفاقية مع الجمعية المغربية لعلم الاجتماع",
      },
      objectives: [{ fr: "Études sur le développement territorial" }],
      territoryCodes: ["04.421"],
      parties: [{ organizationId: sociology.id, role: "signatory" }],
    })
  ).id;
  ids.ministry = (
    await buildAgreement(db, {
      reference: "MI-2024-01",
      kind: "framework",
      ...signed("2024-01-15"),
      title: {
        fr: "Convention-cadre avec le Ministère de l'Intérieur",
        ar: "اتفاقية إطار مع وزارة الداخلية",
        en: "Framework agreement with the Ministry of the Interior",
      },
      objectives: [{ ar: "دعم التخطيط الاستراتيجي للمجالس", fr: "Appui à la planification stratégique" }],
      themes: ["territorial-planning"],
      parties: [{ organizationId: ministry.id, role: "signatory" }],
    })
  ).id;
  // Newer than the first, so that date order alone would put these before it.
  ids.akhawaynParty = (
    await buildAgreement(db, {
      reference: "AMPCPP-050",
      ...signed("2023-03-01"),
      title: { fr: "Programme de recherche commun" },
      objectives: [{ fr: "Enquêtes de terrain" }],
      parties: [{ organizationId: akhawayn.id, role: "signatory" }],
    })
  ).id;
  ids.akhawaynObjective = (
    await buildAgreement(db, {
      reference: "AMPCPP-060",
      ...signed("2025-06-01"),
      title: { fr: "Échanges universitaires" },
      objectives: [{ fr: "Visites d'étude à Al Akhawayn" }],
      parties: [{ organizationId: ministry.id, role: "signatory" }],
    })
  ).id;
  ids.internal = (
    await buildAgreement(db, {
      reference: "INT-001",
      visibility: "internal",
      title: { fr: "Note interne zanzibarique sur la sociologie" },
      objectives: [{ fr: "Confidentiel" }],
      parties: [{ organizationId: sociology.id, role: "signatory" }],
    })
  ).id;
});
afterAll(async () => {
  await handle?.close();
});

const names = (found: { id: string }[]) =>
  found.map((agreement) => Object.entries(ids).find(([, id]) => id === agreement.id)?.[0] ?? agreement.id);

async function search(q: string, actor: Actor = anonymous) {
  const result = await listAgreements({ db: handle.db, actor, filter: { q }, limit: 50 });
  return { found: names(result.items), total: result.total, closeMatchesFor: result.closeMatchesFor };
}

describe("search over the catalogue", () => {
  it.each([
    ["universite", ["akhawayn", "akhawaynParty"], "accents not typed: in a title, then a partner's name"],
    ["UNIVERSITE", ["akhawayn", "akhawaynParty"], "capitals"],
    ["elus", ["akhawayn"], "an objective, accent not typed"],
    ["élu", ["akhawayn"], "singular typed, plural written"],
    ["تخطيط", ["ministry"], "the article is not typed"],
    ["الجامعة", ["akhawayn", "akhawaynParty"], "the article is typed, not written"],
    ["جامعه", ["akhawayn", "akhawaynParty"], "ta marbuta typed as ha"],
    ["AMPCPP-003", ["akhawayn"], "a reference"],
    ["ampcpp 3", ["akhawayn"], "a reference without its zeros: ranked before AMPCPP-030, which 3 begins"],
    ["003", ["akhawayn"], "a reference's number"],
    ["Ifrane", ["akhawayn"], "a place in the title and as a territory"],
    ["الرباط", ["sociology"], "a territory's Arabic name only"],
    ["rabat", ["sociology"], "a territory's French name only"],
    ["04.421", ["sociology"], "a territory's HCP code"],
    [
      "AUI",
      ["akhawaynParty", "akhawayn"],
      "a partner's acronym: both by their party, so the latest signed first",
    ],
    ["ams", ["sociology"], "an acronym in lower case; the internal agreement stays hidden"],
    ["amenagement du territoire", ["ministry"], "a theme's French label"],
    ["convention-cadre", ["ministry"], "a kind's French label"],
    ["اطار", ["ministry"], "the title in Arabic, hamza not typed"],
    ["akhawayn", ["akhawayn", "akhawaynParty", "akhawaynObjective"], "title, then partner, then objective"],
    ["zanzibarique", [], "an internal agreement is not found by the public"],
  ])("%s finds %j (%s)", async (q, expected) => {
    const { found, total } = await search(q);
    if (q === "ampcpp 3") expect(found[0]).toBe(expected[0]);
    else expect(found).toEqual(expected);
    if (q !== "ampcpp 3") expect(total).toBe(expected.length);
  });

  it("finds the internal agreement for the staff, by its words and its reference", async () => {
    expect((await search("zanzibarique", systemActor)).found).toEqual(["internal"]);
    expect((await search("sociologie", systemActor)).found).toEqual(["sociology", "internal"]);
  });

  it("corrects a mistyped word when nothing matches, and says so", async () => {
    expect(await search("sosiologie")).toEqual({
      found: ["sociology"],
      total: 1,
      closeMatchesFor: "sociologie",
    });
    expect(await search("akhawain")).toMatchObject({ closeMatchesFor: "akhawayn", total: 3 });
    // The next page of the mistyped search is the next page of the corrected one.
    const second = await listAgreements({
      db: handle.db,
      actor: anonymous,
      filter: { q: "akhawain" },
      limit: 2,
      offset: 2,
    });
    expect({
      found: names(second.items),
      total: second.total,
      closeMatchesFor: second.closeMatchesFor,
    }).toEqual({
      found: ["akhawaynObjective"],
      total: 3,
      closeMatchesFor: "akhawayn",
    });
  });

  it("never corrects towards a word only the staff may read, not even as an empty suggestion", async () => {
    expect(await search("zanzibarike")).toEqual({ found: [], total: 0, closeMatchesFor: undefined });
    expect(await search("zanzibarike", systemActor)).toMatchObject({
      found: ["internal"],
      closeMatchesFor: "zanzibarique",
    });
  });

  it.each([
    ["& | ! ( ) : * \\ '"],
    ["ً"],
    ["a"],
    ["x".repeat(500)],
    ["\u200Fالرباط\u200E"],
    ["université' or 1=1 --"],
    ["ampcpp:* | !"],
  ])("answers %j with a page, never an error", async (q) => {
    const { total } = await search(q);
    expect(total).toBeGreaterThanOrEqual(0);
  });

  it("reads a right-to-left mark as nothing", async () => {
    expect((await search("\u200Fالرباط\u200E")).found).toEqual(["sociology"]);
  });
});

describe("search rows made in an earlier format", () => {
  it("are rebuilt once, on the next start", async () => {
    const { db } = handle;
    await db
      .update(agreementSearch)
      .set({ searchText: "stale" })
      .where(eq(agreementSearch.agreementId, ids.ministry as string));
    await db.update(searchFormat).set({ format: SEARCH_FORMAT - 1 });
    expect((await search("تخطيط")).found).toEqual([]);
    await ensureSearchIndexCurrent({ db });
    expect((await search("تخطيط")).found).toEqual(["ministry"]);
  });
});
