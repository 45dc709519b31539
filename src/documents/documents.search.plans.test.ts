import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { planNodes, statementsOf } from "../../test/statements.js";
import type { Database, DatabaseHandle } from "../db/client.js";
import { queryRows } from "../db/rows.js";
import type { Actor } from "../shared/actor.js";
import { searchDocuments } from "./documents.search.js";

/*
 * A search of documents must be driven by its indexes for every role, as the catalogue's
 * search is (agreements.plans.test.ts): it had read every document, and every agreement a
 * focal point may read, on each search. Asked of the planner after ANALYZE, with enough rows
 * that reading them all is a real choice.
 */

const AGREEMENTS = 3_000;
const DOCUMENTS = 3_000;

let handle: DatabaseHandle;
let db: Database;
let actors: Record<string, Actor>;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  await db.execute(sql`
    insert into organizations (kind, name, name_key)
    select 'association', jsonb_build_object('fr', 'Organisation ' || g), 'organisation ' || g
    from generate_series(1, 30) as g`);
  await db.execute(sql`
    insert into agreements (reference, kind, title, status, visibility, signed_on)
    select 'DOC-' || g, 'partnership', jsonb_build_object('fr', 'Convention ' || g), 'in_force',
      case when g % 4 = 0 then 'internal' else 'public' end, date '2010-01-01' + g
    from generate_series(1, ${AGREEMENTS}) as g`);
  await db.execute(sql`
    insert into agreement_parties (agreement_id, organization_id, role, position)
    select a.id, o.id, 'signatory', 1
    from (select id, row_number() over (order by reference) as n from agreements) as a
    join (select id, row_number() over (order by name_key) as n from organizations) as o on o.n = 1 + a.n % 30`);
  // One document per agreement, a few of them with "piezometrie" in their text, one in a
  // hundred with "hydrologie" in their title.
  await db.execute(sql`
    insert into documents (owner_type, owner_id, kind, title, file_name, media_type, size_bytes, sha256, visibility, uploaded_by, search_text)
    select 'agreement', a.id::text, 'report', jsonb_build_object('fr', 'Rapport ' || a.n), 'rapport.pdf',
      'application/pdf', 1000, 'sha-' || a.n, case when a.n % 3 = 0 then 'public' else 'internal' end, 'test',
      'rapport ' || a.n || case when a.n % 100 = 0 then ' hydrologie' else '' end
    from (select id, row_number() over (order by reference) as n from agreements) as a
    where a.n <= ${DOCUMENTS}`);
  await db.execute(
    sql`insert into document_texts (sha256, status) select sha256, 'extracted' from documents`,
  );
  await db.execute(sql`
    insert into document_text_parts (sha256, part, page, text, search_text)
    select d.sha256, p, p, 'page ' || p, 'page ' || p || case when p = 2 and d.size_bytes = 1000
      and substring(d.sha256 from 5)::int % 60 = 0 then ' piezometrie' else '' end
      || (select string_agg(' mot' || ((substring(d.sha256 from 5)::int * k) % 997), '') from generate_series(1, 80) as k)
    from documents d cross join generate_series(1, 3) as p`);
  await db.execute(sql`analyze`);
  const [organization] = await queryRows<{ id: string }>(db, sql`select id from organizations limit 1`);
  actors = {
    staff: { id: "staff", role: "secretariat" },
    focal: { id: "focal", role: "focal_point", organizationId: organization?.id },
    council: { id: "council", role: "council", territoryCode: "04.421" },
    public: { id: "anonymous", role: "anonymous" },
  };
});

afterAll(async () => {
  await handle?.close();
});

describe("the documents search's plans", () => {
  it("find matches by the words' indexes and check each one's reader, reading no table whole", async () => {
    for (const [role, actor] of Object.entries(actors))
      for (const q of ["hydrologie", "piezometrie"]) {
        const statements = await statementsOf(db, () => searchDocuments({ db, actor, q, limit: 10 }));
        expect(statements.length).toBeGreaterThan(0);
        for (const statement of statements) {
          const nodes = await planNodes(db, statement);
          const fullScans = nodes.filter((node) =>
            /^Seq Scan on (documents|agreements|document_text_parts)/.test(node),
          );
          expect(fullScans, `${role}, ${q}: ${nodes.join(" → ")}`).toEqual([]);
        }
      }
  });

  it("finds what the corpus holds (the plans above are of real searches)", async () => {
    const staffFound = await searchDocuments({
      db,
      actor: actors.staff as Actor,
      q: "piezometrie",
      limit: 100,
    });
    expect(staffFound.length).toBe(DOCUMENTS / 60);
    expect(staffFound.every((document) => document.hit?.page === 2)).toBe(true);
    const publicFound = await searchDocuments({
      db,
      actor: actors.public as Actor,
      q: "hydrologie",
      limit: 100,
    });
    // Public: a public document of a public agreement (one in three documents, three in four agreements).
    expect(publicFound.length).toBeGreaterThan(0);
    expect(publicFound.length).toBeLessThan(DOCUMENTS / 100);
  });
});
