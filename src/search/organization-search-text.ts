import { inArray, sql } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { organizationSearch, organizations } from "../db/schema/index.js";
import { indexWords } from "./words.js";

const IDS_PER_STATEMENT = 1_000;

/**
 * Writes what these organisations are found by (names in every language, acronym) from what
 * the database holds now: call it after creating or renaming one, in the same transaction.
 */
export async function writeOrganizationSearchText({
  db,
  organizationIds,
}: {
  db: Executor;
  organizationIds: readonly string[];
}): Promise<void> {
  const ids = [...new Set(organizationIds)];
  for (let start = 0; start < ids.length; start += IDS_PER_STATEMENT) {
    const rows = await db
      .select({ id: organizations.id, name: organizations.name, acronym: organizations.acronym })
      .from(organizations)
      .where(inArray(organizations.id, ids.slice(start, start + IDS_PER_STATEMENT)));
    if (!rows.length) continue;
    const values = rows.map((row) => ({
      organization_id: row.id,
      search_text: indexWords(row.name.ar, row.name.fr, row.name.en, row.acronym).join(" "),
    }));
    // One JSON parameter for every row: ::text first, so that neither driver re-encodes it.
    await db.execute(sql`insert into ${organizationSearch} (organization_id, search_text)
      select organization_id, search_text
      from jsonb_to_recordset(${JSON.stringify(values)}::text::jsonb) as r(organization_id uuid, search_text text)
      on conflict (organization_id) do update set search_text = excluded.search_text`);
  }
}
