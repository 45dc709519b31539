import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement } from "../../test/factories.js";
import { statementsOf } from "../../test/statements.js";
import type { DatabaseHandle } from "../db/client.js";
import { queryRows } from "../db/rows.js";
import { agreementCounts, agreementSearch } from "../db/schema/index.js";
import { anonymous, systemActor } from "../shared/actor.js";
import { getAgreementDetail, listAgreements, listSignatureYears } from "./agreements.queries.js";
import { transitionAgreement } from "./agreements.service.js";
import { deleteAgreement, setAgreementVisibility, updateAgreement } from "./agreements.update.service.js";

/*
 * The totals come from counts the database keeps (agreement_counts) and the public's search
 * from a search row that carries the agreement's visibility: both must follow every write.
 */

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

/** The kept counts and the counts of the agreements themselves, side by side. */
async function keptAndCounted() {
  const { db } = handle;
  const kept = await db.select().from(agreementCounts);
  const counted = await queryRows<{ visibility: string; status: string; count: number | string }>(
    db,
    sql`select visibility, status, count(*) as count from agreements group by visibility, status`,
  );
  const asMap = (rows: { visibility: string; status: string; count: number | string }[]) =>
    Object.fromEntries(
      rows
        .filter((row) => Number(row.count) !== 0)
        .map((row) => [`${row.visibility}/${row.status}`, Number(row.count)]),
    );
  return { kept: asMap(kept), counted: asMap(counted) };
}

describe("the kept counts and the search rows", () => {
  it("follow creation, transitions, publication, edits and deletion", async () => {
    const { db } = handle;
    const start = await keptAndCounted();
    expect(start.kept).toEqual(start.counted);

    const draft = await buildAgreement(db, { visibility: "internal", title: { fr: "Convention zellige" } });
    const other = await buildAgreement(db, { status: "negotiation" });
    let state = await keptAndCounted();
    expect(state.kept).toEqual(state.counted);
    expect(state.kept["internal/draft"]).toBe((start.kept["internal/draft"] ?? 0) + 1);

    const signed = await transitionAgreement({
      db,
      actor: systemActor,
      id: other.id,
      to: "signed",
      signedOn: "2025-01-02",
    });
    const published = await setAgreementVisibility({
      db,
      actor: systemActor,
      id: draft.id,
      visibility: "public",
      version: draft.version,
    });
    state = await keptAndCounted();
    expect(state.kept).toEqual(state.counted);
    // The search row follows the publication: the public finds it, and counts it.
    const [row] = await db.select().from(agreementSearch).where(eq(agreementSearch.agreementId, draft.id));
    expect(row?.visibility).toBe("public");
    const found = await listAgreements({ db, actor: anonymous, filter: { q: "zellige" } });
    expect(found.items.map((item) => item.id)).toEqual([draft.id]);
    expect(found.total).toBe(1);

    await setAgreementVisibility({
      db,
      actor: systemActor,
      id: draft.id,
      visibility: "internal",
      version: published.version,
    });
    const hidden = await listAgreements({ db, actor: anonymous, filter: { q: "zellige" } });
    expect(hidden).toEqual({ items: [], total: 0 });

    // An edit writes the search text again: the new title is found.
    const detail = await getAgreementDetail({ db, actor: systemActor, id: other.id });
    await updateAgreement({
      db,
      actor: systemActor,
      id: other.id,
      input: {
        version: signed.version,
        reference: detail.reference,
        kind: detail.kind,
        title: { fr: "Convention tadelakt" },
        visibility: "public",
        signedOn: "2025-01-02",
        parties: detail.parties.map((party) => ({ organizationId: party.organization.id, role: party.role })),
      },
    });
    expect((await listAgreements({ db, actor: anonymous, filter: { q: "tadelakt" } })).total).toBe(1);

    const current = await getAgreementDetail({ db, actor: systemActor, id: draft.id });
    await deleteAgreement({ db, actor: systemActor, id: draft.id, version: current.version });
    state = await keptAndCounted();
    expect(state.kept).toEqual(state.counted);
    expect(await db.select().from(agreementSearch).where(eq(agreementSearch.agreementId, draft.id))).toEqual(
      [],
    );
  });

  it("follow a statement that writes many agreements at once", async () => {
    const { db } = handle;
    await db.execute(sql`insert into agreements (reference, kind, title, status, visibility)
      select 'BULK-' || g, 'mou', '{"fr": "Lot"}'::jsonb, case when g % 2 = 0 then 'in_force' else 'expired' end, 'public'
      from generate_series(1, 50) as g`);
    await db.execute(
      sql`update agreements set status = 'terminated', visibility = 'internal' where reference like 'BULK-%' and status = 'expired'`,
    );
    let state = await keptAndCounted();
    expect(state.kept).toEqual(state.counted);
    await db.execute(sql`delete from agreements where reference like 'BULK-%'`);
    state = await keptAndCounted();
    expect(state.kept).toEqual(state.counted);
  });

  it("offer the years each reader's agreements were signed in, kept until a write changes them (made, published, withdrawn)", async () => {
    const { db } = handle;
    const years = async () => ({
      all: await listSignatureYears({ db, actor: systemActor }),
      public: await listSignatureYears({ db, actor: anonymous }),
    });
    const before = await years();
    expect(before.all).not.toContain(1987);
    const internal = await buildAgreement(db, {
      signedOn: "1987-03-02",
      visibility: "internal",
      status: "signed",
    });
    let now = await years();
    expect(now.all).toContain(1987);
    expect(now.public).toEqual(before.public);
    const published = await setAgreementVisibility({
      db,
      actor: systemActor,
      id: internal.id,
      visibility: "public",
      version: internal.version,
    });
    now = await years();
    expect(now.public).toContain(1987);
    // Latest first, as the catalogue's filter lists them.
    expect(now.public).toEqual([...now.public].sort((a, b) => b - a));
    await setAgreementVisibility({
      db,
      actor: systemActor,
      id: internal.id,
      visibility: "internal",
      version: published.version,
    });
    now = await years();
    expect(now.public).toEqual(before.public);
    expect(now.all).toContain(1987);
  });

  it("answer a page of the API and an agreement each in one statement", async () => {
    const { db } = handle;
    const agreement = await buildAgreement(db, { status: "in_force", signedOn: "2024-05-06" });
    const list = await statementsOf(db, () =>
      listAgreements({ db, actor: anonymous, filter: { status: "in_force" }, limit: 25 }),
    );
    expect(list).toHaveLength(1);
    const one = await statementsOf(db, () => getAgreementDetail({ db, actor: anonymous, id: agreement.id }));
    expect(one).toHaveLength(1);
    // Past the last page there is no row to carry the total: it is asked alone.
    const past = await statementsOf(db, async () => {
      const page = await listAgreements({
        db,
        actor: anonymous,
        filter: { status: "in_force" },
        offset: 10_000,
      });
      expect(page.items).toEqual([]);
      expect(page.total).toBeGreaterThan(0);
    });
    expect(past).toHaveLength(2);
  });
});
