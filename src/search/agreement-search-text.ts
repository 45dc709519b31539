import { readFileSync } from "node:fs";
import { asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { parseJson } from "../db/json-rows.js";
import { queryRows } from "../db/rows.js";
import {
  activities,
  agreementParties,
  agreementSearch,
  agreements,
  agreementTerritories,
  commitments,
  objectives,
  organizations,
  searchTerms,
  searchWords,
  territories,
} from "../db/schema/index.js";
import { translator } from "../shared/i18n.js";
import { type LocalizedText, languages } from "../shared/localized.js";
import { sourceFile } from "../shared/package-files.js";
import { referenceKey, type SearchQuery } from "./query.js";
import { foldText, indexWords, MAX_WORD_LENGTH, splitWords } from "./words.js";

/**
 * The other names a territory is written with (the reference data's "variants": "Tanger-Tetouan-
 * Al Hoceima", "الجهة الشرقية"): read from the same file the territories are loaded from, once.
 */
let variantsByCode: Map<string, string[]> | undefined;
function territoryVariants(code: string): string[] {
  if (!variantsByCode) {
    const reference = JSON.parse(readFileSync(sourceFile("territories/data/territories.json"), "utf8")) as {
      code: string;
      variants?: Record<string, string[]>;
    }[];
    variantsByCode = new Map(
      reference.map((territory) => [territory.code, Object.values(territory.variants ?? {}).flat()]),
    );
  }
  return variantsByCode.get(code) ?? [];
}

/**
 * The condition on `agreement_search` that its words match a query: written as the index is,
 * so the index answers it.
 */
export function searchMatches(query: SearchQuery): SQL {
  return sql`${searchWords(agreementSearch.searchText)} @@ to_tsquery('simple', ${query.tsquery})`;
}

/**
 * Where a match ranks, lowest first: the reference typed whole, then every word in a title or
 * the reference, in the parties' names, in the objectives, anywhere else. Read from the small
 * vectors of the search row, never from its text.
 */
export function searchRank(query: SearchQuery): SQL<number> {
  const tsquery = sql`to_tsquery('simple', ${query.tsquery})`;
  return sql<number>`case when ${agreementSearch.referenceKey} = ${query.referenceKey} then 0
    when ${agreementSearch.titleWords} @@ ${tsquery} then 1
    when ${agreementSearch.partyWords} @@ ${tsquery} then 2
    when ${agreementSearch.objectiveWords} @@ ${tsquery} then 3
    else 4 end`;
}

/** A query's words are corrected to known words at least this similar (pg_trgm's similarity). */
const CORRECTION_SIMILARITY = 0.3;

/**
 * The query with each word no title or partner's name starts with replaced by the most similar
 * word that one holds ("sosiologie" → "sociologie"), or undefined when no word needed (or
 * found) a correction. Only a suggestion: the caller searches with it, within what the person
 * may read, and shows it only if it finds something.
 */
export async function correctedQuery(db: Executor, query: SearchQuery): Promise<string | undefined> {
  let changed = false;
  const words: string[] = [];
  for (const { word } of query.terms) {
    if (word.length < 3 || /^[0-9]+$/.test(word)) {
      words.push(word);
      continue;
    }
    // The words hold letters and digits only: nothing in them is a LIKE wildcard.
    const rows = await queryRows<{ known: boolean; closest: string | null }>(
      db,
      sql`select exists (select 1 from ${searchTerms} where ${searchTerms.term} like ${`${word}%`}) as known,
        (select ${searchTerms.term} from ${searchTerms}
         where ${searchTerms.term} % ${word} and similarity(${searchTerms.term}, ${word}) >= ${CORRECTION_SIMILARITY}
         order by similarity(${searchTerms.term}, ${word}) desc, ${searchTerms.term} limit 1) as closest`,
    );
    const row = rows[0];
    if (row?.closest && !row.known) {
      words.push(row.closest);
      changed = true;
    } else words.push(word);
  }
  return changed ? words.join(" ") : undefined;
}

/** What of an agreement is searched, as the database holds it. */
export interface AgreementSearchFields {
  reference: string;
  kind: string;
  themes: string[];
  title: LocalizedText;
  summary: LocalizedText;
  objectives: LocalizedText[];
  commitments: LocalizedText[];
  /** in the parties' order, each organisation once */
  parties: { name: LocalizedText; acronym: string | null }[];
  territories: { code: string; iso: string | null; name: LocalizedText; fullName: LocalizedText }[];
  activities: LocalizedText[];
}

/** What a search row holds: every word the agreement is found by, and the parts ranking reads. */
export interface AgreementSearchEntry {
  searchText: string;
  referenceKey: string;
  titleText: string;
  partyText: string;
  objectiveText: string;
  /** the words of titles and parties' names, as typed: what a mistyped query is corrected to */
  vocabulary: string[];
}

const allLanguages = (value: LocalizedText | null | undefined) =>
  value ? [value.ar, value.fr, value.en] : [];
const labelsOf = (key: string) => languages.map((lang) => translator(lang)(key));

/** The words of an agreement for search (src/search/words.ts), and the parts ranking reads. */
export function agreementSearchEntry(data: AgreementSearchFields): AgreementSearchEntry {
  const key = referenceKey(data.reference);
  const titleWords = indexWords(data.reference, key, ...allLanguages(data.title));
  const partyTexts = data.parties.flatMap((party) => [...allLanguages(party.name), party.acronym]);
  const partyWords = indexWords(...partyTexts);
  const objectiveWords = indexWords(...data.objectives.flatMap(allLanguages));
  const otherWords = indexWords(
    ...allLanguages(data.summary),
    ...data.commitments.flatMap(allLanguages),
    ...data.territories.flatMap((territory) => [
      territory.code,
      territory.iso,
      ...allLanguages(territory.name),
      ...allLanguages(territory.fullName),
      ...territoryVariants(territory.code),
    ]),
    ...labelsOf(`kind.${data.kind}`),
    ...data.themes.flatMap((theme) => labelsOf(`theme.${theme}`)),
    ...data.activities.flatMap(allLanguages),
  );
  const vocabulary = new Set(
    [...allLanguages(data.title), ...partyTexts]
      .flatMap((text) => (text ? splitWords(foldText(text)) : []))
      .filter((word) => word.length >= 3 && word.length <= MAX_WORD_LENGTH && !/^[0-9]+$/.test(word)),
  );
  return {
    searchText: [...new Set([...titleWords, ...partyWords, ...objectiveWords, ...otherWords])].join(" "),
    referenceKey: key,
    titleText: titleWords.join(" "),
    partyText: partyWords.join(" "),
    objectiveText: objectiveWords.join(" "),
    vocabulary: [...vocabulary],
  };
}

/** Ids per statement: well under the 65,535 parameters a statement may carry. */
const IDS_PER_STATEMENT = 1_000;

/** The parts of an agreement that search reads, each one JSON value of its row. */
function searchedParts() {
  // Each organisation once, at its first position among the parties.
  const parties = sql`(select coalesce(json_agg(json_build_object('name', ${organizations.name}, 'acronym', ${organizations.acronym}) order by first.position), '[]'::json)
    from (select ${agreementParties.organizationId} as organization_id, min(${agreementParties.position}) as position
          from ${agreementParties} where ${agreementParties.agreementId} = ${agreements.id}
          group by ${agreementParties.organizationId}) as first
    join ${organizations} on ${organizations.id} = first.organization_id)`;
  const objectiveTexts = sql`(select coalesce(json_agg(${objectives.text} order by ${objectives.position}), '[]'::json)
    from ${objectives} where ${objectives.agreementId} = ${agreements.id})`;
  const commitmentTexts = sql`(select coalesce(json_agg(${commitments.text} order by ${commitments.position}), '[]'::json)
    from ${commitments} where ${commitments.agreementId} = ${agreements.id})`;
  const territoryRows = sql`(select coalesce(json_agg(json_build_object('code', ${territories.code}, 'iso', ${territories.iso3166_2}, 'name', ${territories.name}, 'fullName', ${territories.fullName}) order by ${territories.code}), '[]'::json)
    from ${agreementTerritories} join ${territories} on ${territories.code} = ${agreementTerritories.territoryCode}
    where ${agreementTerritories.agreementId} = ${agreements.id})`;
  const activityTitles = sql`(select coalesce(json_agg(${activities.title} order by ${activities.id}), '[]'::json)
    from ${activities} where ${activities.agreementId} = ${agreements.id})`;
  const json = <T>(part: SQL) => sql`${part}`.mapWith((value) => parseJson(value) as T);
  return {
    objectives: json<LocalizedText[]>(objectiveTexts),
    commitments: json<LocalizedText[]>(commitmentTexts),
    parties: json<AgreementSearchFields["parties"]>(parties),
    territories: json<AgreementSearchFields["territories"]>(territoryRows),
    activities: json<LocalizedText[]>(activityTitles),
  };
}

/**
 * Writes the search entry of these agreements from what the database holds now (their
 * reference, texts, parts, parties, territories and activities), with their visibility: call it
 * after writing an agreement or one of these parts, in the same transaction. Three statements
 * per thousand agreements, whatever the number: creating one, importing a registry and renaming
 * a partner of many agreements all come here.
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
    const rows = await db
      .select({
        id: agreements.id,
        visibility: agreements.visibility,
        reference: agreements.reference,
        kind: agreements.kind,
        themes: agreements.themes,
        title: agreements.title,
        summary: agreements.summary,
        ...searchedParts(),
      })
      .from(agreements)
      .where(inArray(agreements.id, chunk));
    if (!rows.length) continue;
    const vocabulary = new Set<string>();
    const values = rows.map((row) => {
      const entry = agreementSearchEntry(row);
      for (const word of entry.vocabulary) vocabulary.add(word);
      return {
        agreement_id: row.id,
        visibility: row.visibility,
        search_text: entry.searchText,
        reference_key: entry.referenceKey,
        title_text: entry.titleText,
        party_text: entry.partyText,
        objective_text: entry.objectiveText,
      };
    });
    // One JSON parameter for every row: ::text first, so that neither driver re-encodes it.
    await db.execute(sql`insert into ${agreementSearch} (agreement_id, visibility, search_text, reference_key, title_words, party_words, objective_words)
      select agreement_id, visibility, search_text, reference_key,
        to_tsvector('simple', title_text), to_tsvector('simple', party_text), to_tsvector('simple', objective_text)
      from jsonb_to_recordset(${JSON.stringify(values)}::text::jsonb)
        as r(agreement_id uuid, visibility text, search_text text, reference_key text, title_text text, party_text text, objective_text text)
      on conflict (agreement_id) do update set visibility = excluded.visibility, search_text = excluded.search_text,
        reference_key = excluded.reference_key, title_words = excluded.title_words,
        party_words = excluded.party_words, objective_words = excluded.objective_words`);
    // Sorted: two transactions adding the same words take their locks in one order.
    await db.execute(sql`insert into ${searchTerms} (term)
      select term from jsonb_array_elements_text(${JSON.stringify([...vocabulary].sort())}::text::jsonb) as t(term)
      on conflict (term) do nothing`);
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
