import { asc, eq, sql } from "drizzle-orm";
import { readableVisibility } from "../access/agreement-access.js";
import { catalogueOrder, suggestAgreements } from "../agreements/agreements.queries.js";
import type { Executor } from "../db/client.js";
import { committedGeneration } from "../db/registry-generation.js";
import { agreementSearch, agreements, organizationSearch, organizations } from "../db/schema/index.js";
import {
  associationIdSql,
  suggestOrganizations,
  visibleOrganizationsCondition,
} from "../partners/organizations.service.js";
import { parseSearchQuery, type SearchQuery, type SearchRequest } from "../search/query.js";
import { WordPostings } from "../search/word-postings.js";
import { type Actor, anonymous } from "../shared/actor.js";
import { logger } from "../shared/logger.js";
import type { Suggestions } from "./suggestions.views.js";

/**
 * What suggestions as you type look in, held in memory for one registry generation: every
 * agreement in the catalogue's order with the words of its titles and reference and of its
 * parties' names (the vectors the database's suggestions read), and every organisation but the
 * association, in name order, with the words it is found by. Asked per letter typed, a
 * suggestion then costs no statement but the generation's read; the database's own answer
 * (suggestAgreements, suggestOrganizations) serves whoever the index cannot (a focal point or a
 * council reads by parties and territories) and every request until the index is built.
 */
interface SuggestionIndex {
  agreements: { id: string; reference: string; title: Suggestions["agreements"][number]["title"] }[];
  agreementIsPublic: Uint8Array;
  /** the positions of the agreements with each reference key (referenceKey), in order */
  byReferenceKey: Map<string, number[]>;
  titleWords: WordPostings;
  partyWords: WordPostings;
  organizations: Suggestions["partners"];
  /** 1 for an organisation party to a public agreement: what the public may see of them */
  organizationIsPublic: Uint8Array;
  organizationWords: WordPostings;
}

function positionsByKey(keys: readonly string[]): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  keys.forEach((key, position) => {
    const list = positions.get(key);
    if (list) list.push(position);
    else positions.set(key, [position]);
  });
  return positions;
}

/**
 * A vector's words as one string, split here: a text array of 10,000 rows took the driver's
 * parser 0.8 s. A word holds no space (words.ts keeps letters and digits only).
 */
const lexemes = (vector: unknown) =>
  sql<string>`array_to_string(tsvector_to_array(${vector}), ' ')`.mapWith((value: string) =>
    value ? value.split(" ") : [],
  );

async function buildSuggestionIndex(db: Executor): Promise<SuggestionIndex> {
  const agreementRows = await db
    .select({
      id: agreements.id,
      reference: agreements.reference,
      title: agreements.title,
      visibility: agreements.visibility,
      referenceKey: agreementSearch.referenceKey,
      titleWords: lexemes(agreementSearch.titleWords),
      partyWords: lexemes(agreementSearch.partyWords),
    })
    .from(agreements)
    .innerJoin(agreementSearch, eq(agreementSearch.agreementId, agreements.id))
    // The catalogue's order, which ranks suggestions of one kind.
    .orderBy(...catalogueOrder);
  const organizationRows = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      acronym: organizations.acronym,
      words: lexemes(organizationSearch.words),
      isPublic: sql<boolean>`${visibleOrganizationsCondition(db, anonymous) ?? sql`true`}`,
    })
    .from(organizations)
    .innerJoin(organizationSearch, eq(organizationSearch.organizationId, organizations.id))
    .where(sql`${organizations.id} is distinct from ${associationIdSql}`)
    .orderBy(asc(organizations.nameKey));
  return {
    agreements: agreementRows.map(({ id, reference, title }) => ({ id, reference, title })),
    agreementIsPublic: Uint8Array.from(agreementRows, (row) => (row.visibility === "public" ? 1 : 0)),
    byReferenceKey: positionsByKey(agreementRows.map((row) => row.referenceKey)),
    titleWords: WordPostings.build(agreementRows.map((row) => row.titleWords)),
    partyWords: WordPostings.build(agreementRows.map((row) => row.partyWords)),
    organizations: organizationRows.map(({ id, name, acronym }) => ({ id, name, acronym })),
    organizationIsPublic: Uint8Array.from(organizationRows, (row) => (row.isPublic ? 1 : 0)),
    organizationWords: WordPostings.build(organizationRows.map((row) => row.words)),
  };
}

interface KeptIndex {
  generation: number;
  startedAt: number;
  building: Promise<SuggestionIndex | undefined>;
  /** set once built */
  index?: SuggestionIndex;
  /** whether the build is over, built or not */
  settled?: boolean;
}
/** Per database: the index of the newest generation a build started for. */
const kept = new WeakMap<Executor, KeptIndex>();

/**
 * A build reads every agreement (a quarter of a second at 10,000 on PostgreSQL): while writes
 * keep raising the generation, one starts at most this often per database, one at a time, and
 * the database answers in between.
 */
const REBUILD_INTERVAL_MS = 10_000;

function startBuild(db: Executor, generation: number): KeptIndex {
  const entry: KeptIndex = {
    generation,
    startedAt: performance.now(),
    building: buildSuggestionIndex(db).then(
      (index) => {
        entry.index = index;
        entry.settled = true;
        return index;
      },
      (error: unknown) => {
        // Left to the database's answer; a later generation tries again.
        entry.settled = true;
        logger.warn("suggestion index not built", error);
        return undefined;
      },
    ),
  };
  kept.set(db, entry);
  return entry;
}

/**
 * The index of the committed generation, or undefined when it is not built yet: then it is
 * built behind the caller, who asks the database meanwhile. The generation is read before the
 * rows: rows newer than their generation are at worst rebuilt later, never older ones kept.
 */
async function readyIndex(db: Executor): Promise<SuggestionIndex | undefined> {
  const generation = await committedGeneration(db);
  const entry = kept.get(db);
  if (entry?.index && entry.generation === generation) return entry.index;
  // No index of this generation: none built yet, an older one, or a build that failed (tried
  // again, as a build for a newer generation is, once the interval has passed).
  if (!entry || (entry.settled && performance.now() - entry.startedAt >= REBUILD_INTERVAL_MS))
    startBuild(db, generation);
  return undefined;
}

/** The index of the committed generation, built now if it must be (for tests and warm-up). */
export async function suggestionIndexFor(db: Executor): Promise<SuggestionIndex | undefined> {
  const generation = await committedGeneration(db);
  const entry = kept.get(db);
  if (entry?.generation === generation) return entry.building;
  await entry?.building;
  return startBuild(db, generation).building;
}

/** Which of the index's entries the actor may see, when visibility alone says (else the database answers). */
function indexScope(actor: Actor): "all" | "public" | undefined {
  const scope = readableVisibility(actor);
  if (scope === "all") return "all";
  // A signed-in reader who sees only public agreements may still see its own organisation.
  return actor.role === "anonymous" ? "public" : undefined;
}

function suggestFromIndex(
  index: SuggestionIndex,
  query: SearchQuery,
  scope: "all" | "public",
  limits: { agreements: number; partners: number },
): Suggestions {
  const inTitle = index.titleWords.matching(query);
  const inParties = index.partyWords.matching(query);
  const publicOnly = scope === "public";
  // As the database ranks them (searchRank): the reference typed whole, then a match in the
  // titles, then in the parties' names only; each in the catalogue's order. The walk stops as
  // soon as the page is full: a common prefix matches most of the registry.
  const agreementPositions: number[] = [];
  const take = (position: number) => {
    if (agreementPositions.length >= limits.agreements || agreementPositions.includes(position)) return;
    if (!publicOnly || index.agreementIsPublic[position]) agreementPositions.push(position);
  };
  for (const position of index.byReferenceKey.get(query.referenceKey) ?? [])
    if (inTitle[position] || inParties[position]) take(position);
  for (
    let position = 0;
    position < inTitle.length && agreementPositions.length < limits.agreements;
    position++
  )
    if (inTitle[position]) take(position);
  for (
    let position = 0;
    position < inParties.length && agreementPositions.length < limits.agreements;
    position++
  )
    if (inParties[position] && !inTitle[position]) take(position);
  const byName = index.organizationWords.matching(query);
  const partners: Suggestions["partners"] = [];
  for (
    let position = 0;
    position < index.organizations.length && partners.length < limits.partners;
    position++
  )
    if (byName[position] && (scope === "all" || index.organizationIsPublic[position]))
      partners.push(index.organizations[position] as Suggestions["partners"][number]);
  return {
    agreements: agreementPositions.map(
      (position) => index.agreements[position] as Suggestions["agreements"][number],
    ),
    partners,
  };
}

/**
 * Agreements and partners for what is being typed, within what the actor may read: from the
 * kept index when it is built and visibility alone decides what the actor reads, otherwise
 * from the database. Both answer alike (suggestions.service.test.ts), but for a query matching
 * more than the database ranks (SUGGESTION_CANDIDATES, in agreements.queries.ts): the index
 * ranks every match, the database the first few hundred its index gives.
 */
export async function suggestAgreementsAndPartners({
  db,
  actor,
  q,
  limits,
}: SearchRequest & { limits: { agreements: number; partners: number } }): Promise<Suggestions> {
  const query = parseSearchQuery(q);
  if (!query) return { agreements: [], partners: [] };
  const scope = indexScope(actor);
  const index = scope ? await readyIndex(db) : undefined;
  if (scope && index) return suggestFromIndex(index, query, scope, limits);
  const [found, partners] = await Promise.all([
    suggestAgreements({ db, actor, q, limit: limits.agreements }),
    suggestOrganizations({ db, actor, q, limit: limits.partners }),
  ]);
  return { agreements: found, partners };
}
