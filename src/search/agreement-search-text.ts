import { asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { parseJson } from "../db/json-rows.js";
import {
  agreementParties,
  agreementSearch,
  agreements,
  objectives,
  organizations,
  searchWords,
} from "../db/schema/index.js";
import { flattenText, type LocalizedText } from "../shared/localized.js";

/**
 * The condition on `agreement_search` that its words match a tsquery (see prefixQuery): written
 * as the index is, so the index answers it.
 */
export function searchMatches(tsquery: string): SQL {
  return sql`${searchWords(agreementSearch.searchText)} @@ to_tsquery('simple', ${tsquery})`;
}

/** What of an agreement is searched: its reference and texts, and its parties' names and acronyms. */
export interface AgreementSearchFields {
  reference: string;
  title: LocalizedText;
  summary: LocalizedText;
  objectives: LocalizedText[];
  /** in the parties' order, each organisation once */
  parties: { name: LocalizedText; acronym: string | null }[];
}

/**
 * Every language's texts and the parties' names, for full-text search. Lower-cased here rather
 * than by the database, whose lower() only knows ASCII under the C locale PGlite runs with.
 */
export function agreementSearchText(data: AgreementSearchFields): string {
  return [
    data.reference.toLowerCase(),
    flattenText(data.title, data.summary, ...data.objectives),
    flattenText(...data.parties.map((party) => party.name)),
    data.parties
      .map((party) => party.acronym ?? "")
      .join(" ")
      .toLowerCase(),
  ].join(" \n ");
}

/** Ids per statement: well under the 65,535 parameters a statement may carry. */
const IDS_PER_STATEMENT = 1_000;

/**
 * Writes the search text of these agreements from what the database holds now (their
 * reference, texts, objectives and parties), with their visibility: call it after writing
 * an agreement and its parts, in the same transaction. Two statements per thousand
 * agreements, whatever the number: creating one, importing a registry and renaming a partner
 * of many agreements all come here.
 */
export async function writeAgreementSearchText({
  db,
  agreementIds,
}: {
  db: Executor;
  agreementIds: readonly string[];
}): Promise<void> {
  const ids = [...new Set(agreementIds)];
  for (let start = 0; start < ids.length; start += IDS_PER_STATEMENT) {
    const chunk = ids.slice(start, start + IDS_PER_STATEMENT);
    // Each organisation once, at its first position among the parties.
    const partyNames = sql`(select coalesce(json_agg(json_build_object('name', ${organizations.name}, 'acronym', ${organizations.acronym}) order by first.position), '[]'::json)
      from (select ${agreementParties.organizationId} as organization_id, min(${agreementParties.position}) as position
            from ${agreementParties} where ${agreementParties.agreementId} = ${agreements.id}
            group by ${agreementParties.organizationId}) as first
      join ${organizations} on ${organizations.id} = first.organization_id)`;
    const objectiveTexts = sql`(select coalesce(json_agg(${objectives.text} order by ${objectives.position}), '[]'::json)
      from ${objectives} where ${objectives.agreementId} = ${agreements.id})`;
    const rows = await db
      .select({
        id: agreements.id,
        visibility: agreements.visibility,
        reference: agreements.reference,
        title: agreements.title,
        summary: agreements.summary,
        objectives: sql`${objectiveTexts}`.mapWith((value) => parseJson(value) as LocalizedText[]),
        parties: sql`${partyNames}`.mapWith((value) => parseJson(value) as AgreementSearchFields["parties"]),
      })
      .from(agreements)
      .where(inArray(agreements.id, chunk));
    if (!rows.length) continue;
    const values = rows.map((row) => ({
      agreement_id: row.id,
      visibility: row.visibility,
      search_text: agreementSearchText(row),
    }));
    // One JSON parameter for every row: ::text first, so that neither driver re-encodes it.
    await db.execute(sql`insert into ${agreementSearch} (agreement_id, visibility, search_text)
      select agreement_id, visibility, search_text
      from jsonb_to_recordset(${JSON.stringify(values)}::text::jsonb) as r(agreement_id uuid, visibility text, search_text text)
      on conflict (agreement_id) do update set visibility = excluded.visibility, search_text = excluded.search_text`);
  }
}

/**
 * Rebuilds the search text of every agreement an organisation is party to: its names are
 * searched with the agreement's, so renaming it must not leave the old name findable.
 */
export async function refreshSearchTextForOrganization({
  db,
  organizationId,
}: {
  db: Executor;
  organizationId: string;
}): Promise<void> {
  const linked = await db
    .selectDistinct({ id: agreementParties.agreementId })
    .from(agreementParties)
    .where(eq(agreementParties.organizationId, organizationId))
    .orderBy(asc(agreementParties.agreementId));
  await writeAgreementSearchText({ db, agreementIds: linked.map((row) => row.id) });
}
