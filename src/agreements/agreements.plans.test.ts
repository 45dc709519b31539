import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { planNodes, statementsOf } from "../../test/statements.js";
import type { Database, DatabaseHandle } from "../db/client.js";
import { queryRows } from "../db/rows.js";
import { type Actor, anonymous } from "../shared/actor.js";
import { getAgreementDetail, listAgreements } from "./agreements.queries.js";

/*
 * The catalogue's reads must be driven by indexes, whatever the size of the registry: a plan
 * that reads every agreement, or every search text, on each request is what made a search's
 * count take hundreds of milliseconds. Asked of the planner on whichever database the suite
 * runs on, after ANALYZE, with enough agreements that reading them all is a real choice.
 */

const AGREEMENTS = 4_000;
const staff: Actor = { id: "00000000-0000-4000-8000-000000000001", role: "secretariat" };

let handle: DatabaseHandle;
let db: Database;

/** The tables a statement's plan reads whole, among those that grow with the registry. */
async function fullScans(statement: { sql: string; params: unknown[] }) {
  const nodes = await planNodes(db, statement);
  return nodes.filter((node) => /^Seq Scan on (agreements|agreement_search)$/.test(node));
}

async function plansOf(run: () => Promise<unknown>) {
  const statements = await statementsOf(db, run);
  expect(statements.length).toBeGreaterThan(0);
  return Promise.all(
    statements.map(async (statement) => ({
      sql: statement.sql,
      nodes: await planNodes(db, statement),
      fullScans: await fullScans(statement),
    })),
  );
}

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  // Cheap to make by SQL: 4,000 agreements, 40 % in force, one in seven internal; a search text
  // of some 150 words each (as src/search/words.ts writes them: folded), "tourisme" in one in
  // fifty, "développement" in one in three.
  await db.execute(sql`
    insert into agreements (reference, kind, title, status, visibility, signed_on)
    select 'PLAN-' || g, 'partnership', jsonb_build_object('fr', 'Convention ' || g),
      case when g % 5 < 2 then 'in_force' when g % 5 = 2 then 'signed' else 'expired' end,
      case when g % 7 = 0 then 'internal' else 'public' end,
      date '2000-01-01' + (g % 9000)
    from generate_series(1, ${AGREEMENTS}) as g`);
  await db.execute(sql`
    insert into agreement_search (agreement_id, visibility, search_text)
    select id, visibility, lower(reference) || ' convention de partenariat '
      || case when n % 50 = 0 then 'tourisme durable ' else '' end
      || case when n % 3 = 0 then 'developpement territorial ' else '' end
      || (select string_agg('mot' || ((n * k) % 997), ' ') from generate_series(1, 150) as k)
    from (select id, visibility, reference, substring(reference from 6)::int as n from agreements) as made`);
  await db.execute(sql`analyze`);
});

afterAll(async () => {
  await handle?.close();
});

describe("the catalogue's plans", () => {
  it("finds the public's search results and their count through the search index", async () => {
    for (const q of ["tourisme", "développement"]) {
      const plans = await plansOf(() => listAgreements({ db, actor: anonymous, filter: { q }, limit: 20 }));
      for (const plan of plans) {
        expect(plan.fullScans, `${q}: ${plan.nodes.join(" → ")}`).toEqual([]);
        expect(plan.nodes).toContain("Bitmap Index Scan using agreement_search_words_idx");
      }
    }
  });

  it("counts the agreements in force from the kept counts, and pages them by index", async () => {
    const plans = await plansOf(() =>
      listAgreements({ db, actor: anonymous, filter: { status: "in_force" }, limit: 25 }),
    );
    for (const plan of plans) {
      expect(plan.fullScans, plan.nodes.join(" → ")).toEqual([]);
      expect(plan.nodes.some((node) => node.includes("agreement_counts"))).toBe(true);
    }
  });

  it("lists every agreement for the staff in order without reading them all", async () => {
    for (const filter of [{}, { status: "in_force" as const }, { q: "tourisme" }]) {
      const plans = await plansOf(() => listAgreements({ db, actor: staff, filter, limit: 20 }));
      for (const plan of plans) expect(plan.fullScans, plan.nodes.join(" → ")).toEqual([]);
    }
  });

  it("reads one agreement with its parts in one statement, by its keys", async () => {
    const [first] = await queryRows<{ id: string }>(db, sql`select id from agreements limit 1`);
    const plans = await plansOf(() => getAgreementDetail({ db, actor: anonymous, id: first?.id ?? "" }));
    expect(plans).toHaveLength(1);
    for (const plan of plans) expect(plan.fullScans, plan.nodes.join(" → ")).toEqual([]);
  });

  it("gives the same totals as counting the agreements", async () => {
    const count = async (where: ReturnType<typeof sql>) =>
      Number(
        (await queryRows<{ n: number }>(db, sql`select count(*) as n from agreements where ${where}`))[0]?.n,
      );
    const searched = (word: string) =>
      sql`id in (select agreement_id from agreement_search where search_text like ${`%${word}%`})`;
    const cases = [
      { actor: anonymous, filter: {}, where: sql`visibility = 'public'` },
      {
        actor: anonymous,
        filter: { status: "in_force" as const },
        where: sql`visibility = 'public' and status = 'in_force'`,
      },
      { actor: staff, filter: { status: "signed" as const }, where: sql`status = 'signed'` },
      {
        actor: anonymous,
        filter: { q: "tourisme" },
        where: sql`visibility = 'public' and ${searched("tourisme")}`,
      },
      { actor: staff, filter: { q: "dévelop" }, where: searched("develop") },
    ];
    for (const { actor, filter, where } of cases) {
      const { total } = await listAgreements({ db, actor, filter, limit: 1 });
      expect(total, JSON.stringify(filter)).toBe(await count(where));
      expect(total).toBeGreaterThan(0);
    }
  });
});
