import { and, asc, desc, eq, exists, getTableColumns, gte, lt, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  agreementPolicy,
  assertCanReadAgreement,
  insideAgreementsCondition,
  readableAgreementsCondition,
  readableVisibility,
} from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import { jsonArray, jsonRow, parseJson, renderedOnce } from "../db/json-rows.js";
import { keptPerGeneration } from "../db/registry-generation.js";
import { queryRows } from "../db/rows.js";
import {
  type AgreementKind,
  type AgreementStatus,
  actionPlans,
  agreementCounts,
  agreementParties,
  agreementSearch,
  agreements,
  agreementTerritories,
  amendments,
  commitments,
  contributions,
  type OrganizationKind,
  objectives,
  organizations,
  type PartyRole,
  territories,
  type Visibility,
} from "../db/schema/index.js";
import { associationIdSql } from "../partners/organizations.service.js";
import { correctedQuery, searchMatches, searchRank } from "../search/agreement-search-text.js";
import { parseSearchQuery, type SearchQuery, type SearchRequest } from "../search/query.js";
import type { Actor } from "../shared/actor.js";
import { notFound } from "../shared/errors.js";
import type { LocalizedText } from "../shared/localized.js";
import { isUuid } from "../shared/validation.js";
import type { Theme } from "./agreements.input.js";

export interface AgreementFilter {
  status?: AgreementStatus;
  kind?: AgreementKind;
  theme?: Theme;
  /** HCP code: agreements that are national, or name this territory, its region or one of its provinces */
  territory?: string;
  partnerKind?: OrganizationKind;
  /** an organisation party to the agreement */
  partner?: string;
  /** the year the agreement was signed */
  year?: number;
  /** true: only national agreements; false: only those naming territories */
  national?: boolean;
  q?: string;
  /** only these agreements (the follow-up filters' answer) */
  ids?: readonly string[];
  /** only those whose inside the actor sees (insideAgreementsCondition), not every public one */
  inside?: boolean;
  /** the workspace's choice: only public or only internal agreements (within what the actor reads) */
  visibility?: Visibility;
}

/**
 * The orders a list of agreements can take. `signed` (newest signature first) is the catalogue's;
 * `relevance` (best match first, then signed) is a search's default and means `signed` without one.
 */
export const agreementSorts = ["relevance", "signed", "reference", "expires", "updated"] as const;
export type AgreementSort = (typeof agreementSorts)[number];

function filterConditions(db: Executor, actor: Actor, filter: AgreementFilter): SQL[] {
  const conditions: SQL[] = [];
  const readable = readableAgreementsCondition(actor);
  if (readable) conditions.push(readable);
  if (filter.status) conditions.push(eq(agreements.status, filter.status));
  if (filter.visibility) conditions.push(eq(agreements.visibility, filter.visibility));
  if (filter.inside) {
    const inside = insideAgreementsCondition(actor);
    if (inside) conditions.push(inside);
  }
  // One array parameter, however many: thousands of agreements may be at risk.
  if (filter.ids)
    conditions.push(
      filter.ids.length ? sql`${agreements.id} = any(${`{${filter.ids.join(",")}}`}::uuid[])` : sql`false`,
    );
  // A range rather than extract(year from …): the catalogue's order index (signature date) answers it.
  if (filter.year)
    conditions.push(
      and(
        gte(agreements.signedOn, `${filter.year}-01-01`),
        lt(agreements.signedOn, `${filter.year + 1}-01-01`),
      ) as SQL,
    );
  if (filter.national !== undefined) conditions.push(eq(agreements.national, filter.national));
  if (filter.kind) conditions.push(eq(agreements.kind, filter.kind));
  if (filter.theme) conditions.push(sql`${agreements.themes} @> array[${filter.theme}]::text[]`);
  if (filter.q) {
    const query = parseSearchQuery(filter.q);
    // A query with nothing to search by (punctuation, marks) matches nothing rather than everything.
    // Otherwise the matches come from the search index first, then their agreements by key: ranked
    // results need every match, and this way the planner never reads the agreements to find them.
    conditions.push(
      query
        ? sql`${agreements.id} = any(array(select ${agreementSearch.agreementId} from ${agreementSearch} where ${searchMatches(query)}))`
        : sql`false`,
    );
  }
  if (filter.partnerKind) {
    conditions.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(agreementParties)
          .innerJoin(organizations, eq(organizations.id, agreementParties.organizationId))
          .where(
            and(
              eq(agreementParties.agreementId, agreements.id),
              eq(organizations.kind, filter.partnerKind),
              sql`${organizations.id} is distinct from ${associationIdSql}`,
            ),
          ),
      ),
    );
  }
  if (filter.partner) {
    const partnerId = filter.partner;
    conditions.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(agreementParties)
          .where(
            and(
              eq(agreementParties.agreementId, agreements.id),
              eq(agreementParties.organizationId, partnerId),
            ),
          ),
      ),
    );
  }
  if (filter.territory) {
    const code = filter.territory;
    // A territory is reached by its own code, by its region's, or (for a region) by any of its provinces'.
    const reaching = sql`select ${territories.code} from ${territories}
      where ${territories.code} = ${code}
         or ${territories.code} = (select ${territories.regionCode} from ${territories} where ${territories.code} = ${code})
         or ${territories.regionCode} = ${code}`;
    const named = exists(
      db
        .select({ one: sql`1` })
        .from(agreementTerritories)
        .where(
          and(
            eq(agreementTerritories.agreementId, agreements.id),
            sql`${agreementTerritories.territoryCode} in (${reaching})`,
          ),
        ),
    );
    conditions.push(or(eq(agreements.national, true), named) as SQL);
  }
  return conditions;
}

/** An agreement an export writes: its key, and whether the actor sees its inside (seesInsideOf). */
export interface ExportedAgreement {
  id: string;
  reference: string;
  seesInside: boolean;
}

/**
 * Every agreement the list shows with this filter (no page, no typo correction of `q`), by
 * reference: what a spreadsheet export writes. Only ids and references, so that even the whole
 * registry is a small list; the rows are read a batch of agreements at a time.
 */
export async function listExportedAgreements({
  db,
  actor,
  filter,
}: {
  db: Executor;
  actor: Actor;
  filter: AgreementFilter;
}): Promise<ExportedAgreement[]> {
  const inside = actor.role === "anonymous" ? sql`false` : (insideAgreementsCondition(actor) ?? sql`true`);
  return db
    .select({ id: agreements.id, reference: agreements.reference, seesInside: sql<boolean>`${inside}` })
    .from(agreements)
    .where(and(...filterConditions(db, actor, filter)))
    .orderBy(asc(agreements.reference));
}

/**
 * How many agreements match, as SQL for one value, from the cheapest source that is exact:
 * - visibility alone (the public, or those who see everything) and at most a status: the kept
 *   counts (agreement_counts), a few rows whatever the size of the registry;
 * - the same with a text search: the search table and its index (it carries the visibility);
 * - anything else: the agreements themselves, through the indexes the conditions allow.
 */
function totalOf(actor: Actor, filter: AgreementFilter, where: SQL | undefined): SQL {
  const scope = readableVisibility(actor);
  const { status, visibility, q: text, ...others } = filter;
  // As filterConditions reads them: an empty search is no search.
  const q = text || undefined;
  const narrowed = Object.values(others).some((value) => value !== undefined);
  if (scope && !narrowed && q === undefined) {
    const conditions = [
      scope === "public" ? eq(agreementCounts.visibility, "public") : undefined,
      visibility ? eq(agreementCounts.visibility, visibility) : undefined,
      status ? eq(agreementCounts.status, status) : undefined,
    ];
    return sql`(select coalesce(sum(${agreementCounts.count}), 0) from ${agreementCounts} where ${and(sql`true`, ...conditions)})`;
  }
  if (scope && !narrowed && q !== undefined && !status && !visibility) {
    const query = parseSearchQuery(q);
    if (!query) return sql`0`;
    const visible = scope === "public" ? eq(agreementSearch.visibility, "public") : undefined;
    return sql`(select count(*) from ${agreementSearch} where ${and(searchMatches(query), visible)})`;
  }
  return sql`(select count(*) from ${agreements} where ${where ?? sql`true`})`;
}

export type PartyWithOrganization = {
  role: (typeof agreementParties.$inferSelect)["role"];
  position: number;
  organization: typeof organizations.$inferSelect;
};

const organizationJson = jsonRow(organizations);

/** An agreement's parties with their organisations, in their order: one JSON value of its row. */
const partiesJson = renderedOnce(
  jsonArray(sql`select json_agg(json_build_object('role', ${agreementParties.role}, 'position', ${agreementParties.position}, 'organization', ${organizationJson.object}) order by ${agreementParties.position})
    from ${agreementParties} join ${organizations} on ${organizations.id} = ${agreementParties.organizationId}
    where ${agreementParties.agreementId} = ${agreements.id}`),
);
const partiesOf = () =>
  sql<PartyWithOrganization[]>`${partiesJson}`.mapWith((value) =>
    (parseJson(value) as { role: PartyRole; position: number; organization: unknown }[]).map((party) => ({
      role: party.role,
      position: party.position,
      organization: organizationJson.decode(party.organization),
    })),
  );

/** The catalogue's order: newest signature first (unsigned last), then newest record, then reference. */
export const catalogueOrder = [
  sql`${agreements.signedOn} desc nulls last`,
  desc(agreements.createdAt),
  asc(agreements.reference),
];

/** Each sort's order after a search's rank (if any); the reference, unique, settles every tie. */
const sortOrders: Record<Exclude<AgreementSort, "relevance">, SQL[]> = {
  signed: catalogueOrder,
  reference: [asc(agreements.reference)],
  expires: [sql`${agreements.expiresOn} asc nulls last`, asc(agreements.reference)],
  updated: [desc(agreements.updatedAt), asc(agreements.reference)],
};

/** The order of a list: a search ranks its matches first unless another order was asked for. */
function listOrder(sort: AgreementSort | undefined, query: SearchQuery | undefined): SQL[] {
  if (sort === undefined || sort === "relevance")
    return query ? [rankOf(query), ...catalogueOrder] : catalogueOrder;
  return sortOrders[sort];
}

/**
 * An agreement's rank for a search, read from its search row by its key: the matches themselves
 * come from the search index (filterConditions), which is where the planner starts.
 */
const rankOf = (query: SearchQuery) =>
  sql`(select ${searchRank(query)} from ${agreementSearch} where ${agreementSearch.agreementId} = ${agreements.id})`;

/** Suggestions rank at most this many of a query's matches: typing two letters matches most of the registry. */
const SUGGESTION_CANDIDATES = 200;

/**
 * A few agreements the actor may read for what is being typed, ranked as a search's results
 * are, for suggestions as you type: those whose title (or reference) or parties' names hold
 * every word typed, found by these small vectors' own indexes. Bounded whatever the query: only
 * the first few hundred matches the index gives are ranked, so two letters cost about what a
 * precise word does (the suggestions of a short prefix are some of its matches, not the best of
 * all of them; each letter typed narrows them until they are).
 */
export async function suggestAgreements({ db, actor, q, limit = 8 }: SearchRequest) {
  const query = parseSearchQuery(q);
  if (!query) return [];
  const publicOnly = readableVisibility(actor) === "public";
  const tsquery = sql`to_tsquery('simple', ${query.tsquery})`;
  const inTitleOrParties = sql`(${agreementSearch.titleWords} @@ ${tsquery} or ${agreementSearch.partyWords} @@ ${tsquery})`;
  const candidates = sql`${agreements.id} = any(array(select ${agreementSearch.agreementId} from ${agreementSearch}
    where ${and(inTitleOrParties, publicOnly ? eq(agreementSearch.visibility, "public") : undefined)}
    limit ${SUGGESTION_CANDIDATES}))`;
  return db
    .select({ id: agreements.id, reference: agreements.reference, title: agreements.title })
    .from(agreements)
    .where(and(candidates, readableAgreementsCondition(actor)))
    .orderBy(rankOf(query), ...catalogueOrder)
    .limit(limit);
}

export interface AgreementPage<T> {
  items: T[];
  total: number;
  /**
   * The search found nothing as typed: these are the results of this corrected query instead
   * ("Showing close matches for …"), found within what the actor may read.
   */
  closeMatchesFor?: string;
}

/**
 * A page of the agreements the actor may read, each with its parties, and how many there are in
 * all: one statement (the total is computed once, in it). In the catalogue's order, or with a
 * text search, best match first (searchRank) and then in that order. A page past the end asks
 * for the total alone. A search that finds nothing is tried once more with its mistyped words
 * corrected (correctedQuery).
 */
export async function listAgreements({
  db,
  actor,
  filter = {},
  sort,
  limit = 20,
  offset = 0,
}: {
  db: Executor;
  actor: Actor;
  filter?: AgreementFilter;
  sort?: AgreementSort;
  limit?: number;
  offset?: number;
}): Promise<AgreementPage<AgreementListItem>> {
  const found = await listAgreementsAsTyped({ db, actor, filter, sort, limit, offset });
  const query = filter.q ? parseSearchQuery(filter.q) : undefined;
  // (Whatever the page: the second page of a corrected search is the corrected search's.)
  if (found.total > 0 || !query) return found;
  const corrected = await correctedQuery(db, query);
  if (!corrected) return found;
  const retried = await listAgreementsAsTyped({
    db,
    actor,
    filter: { ...filter, q: corrected },
    sort,
    limit,
    offset,
  });
  return retried.total > 0 ? { ...retried, closeMatchesFor: corrected } : found;
}

/**
 * The page's agreements are picked by key first (ordered and skipped on the keys and indexes
 * alone), then only those few are read with their parties: a deep page skips rows without
 * building each one's parties, so page 200 costs about what page 1 does.
 */
async function listAgreementsAsTyped({
  db,
  actor,
  filter,
  sort,
  limit,
  offset,
}: {
  db: Executor;
  actor: Actor;
  filter: AgreementFilter;
  sort: AgreementSort | undefined;
  limit: number;
  offset: number;
}) {
  const query = filter.q ? parseSearchQuery(filter.q) : undefined;
  const where = and(...filterConditions(db, actor, filter));
  const total = totalOf(actor, filter, where);
  const order = listOrder(sort, query);
  const pageIds = db
    .select({ id: agreements.id })
    .from(agreements)
    .where(where)
    .orderBy(...order)
    .limit(limit)
    .offset(offset);
  const rows = await db
    .select({
      ...getTableColumns(agreements),
      parties: partiesOf(),
      total: sql<number>`${total}`.mapWith(Number),
    })
    .from(agreements)
    .where(sql`${agreements.id} = any(array(${pageIds}))`)
    .orderBy(...order);
  const items = rows.map(({ total: _total, ...item }) => item);
  if (rows[0]) return { items, total: rows[0].total };
  if (offset === 0) return { items, total: 0 };
  const [counted] = await queryRows<{ total: number | string }>(db, sql`select ${total} as total`);
  return { items, total: Number(counted?.total ?? 0) };
}

const related = alias(agreements, "related");
/** In SQL text, an alias renders as its name alone: the FROM item names the table too. */
const relatedFrom = sql`${agreements} as ${sql.identifier("related")}`;
const relatedJson = jsonRow(related);
const territoryJson = jsonRow(territories);
const objectiveJson = jsonRow(objectives);
const commitmentJson = jsonRow(commitments);
const contributionJson = jsonRow(contributions);
const amendmentJson = jsonRow(amendments);
const actionPlanJson = jsonRow(actionPlans);

/** The rows of an agreement's part as one JSON array (rendered once), and how to read them back. */
function jsonPart<T>(shape: { decode(value: unknown): T }, subquery: SQL) {
  const rendered = renderedOnce(jsonArray(subquery));
  return () =>
    sql<T[]>`${rendered}`.mapWith((value) => (parseJson(value) as unknown[]).map((row) => shape.decode(row)));
}

const detailParts = {
  territories: jsonPart(
    territoryJson,
    sql`select json_agg(${territoryJson.object} order by ${territories.code}) from ${agreementTerritories}
      join ${territories} on ${territories.code} = ${agreementTerritories.territoryCode}
      where ${agreementTerritories.agreementId} = ${agreements.id}`,
  ),
  objectives: jsonPart(
    objectiveJson,
    sql`select json_agg(${objectiveJson.object} order by ${objectives.position}) from ${objectives}
      where ${objectives.agreementId} = ${agreements.id}`,
  ),
  commitments: jsonPart(
    commitmentJson,
    sql`select json_agg(${commitmentJson.object} order by ${commitments.position}) from ${commitments}
      where ${commitments.agreementId} = ${agreements.id}`,
  ),
  contributions: jsonPart(
    contributionJson,
    sql`select json_agg(${contributionJson.object}) from ${contributions}
      where ${contributions.agreementId} = ${agreements.id}`,
  ),
  amendments: jsonPart(
    amendmentJson,
    sql`select json_agg(${amendmentJson.object} order by ${amendments.signedOn}) from ${amendments}
      where ${amendments.agreementId} = ${agreements.id}`,
  ),
  actionPlans: jsonPart(
    actionPlanJson,
    sql`select json_agg(${actionPlanJson.object} order by ${actionPlans.createdAt}) from ${actionPlans}
      where ${actionPlans.agreementId} = ${agreements.id}`,
  ),
  parentRows: jsonPart(
    relatedJson,
    sql`select json_agg(${relatedJson.object}) from ${relatedFrom} where ${related.id} = ${agreements.parentId}`,
  ),
  children: jsonPart(
    relatedJson,
    sql`select json_agg(${relatedJson.object} order by ${related.reference}) from ${relatedFrom}
      where ${related.parentId} = ${agreements.id}`,
  ),
};

/**
 * One agreement with everything its page shows: its parties, territories, objectives,
 * commitments, contributions, amendments, action plans, framework agreement and implementing
 * ones, in one statement (each part a JSON array of its rows). A named prepared statement: on
 * PostgreSQL each connection plans it once. Those who may not read it get "not found": an
 * internal agreement's existence is internal too.
 */
export async function getAgreementDetail({ db, actor, id }: { db: Executor; actor: Actor; id: string }) {
  if (!isUuid(id)) throw notFound("Agreement", id);
  const [row] = await db
    .select({
      ...getTableColumns(agreements),
      parties: partiesOf(),
      territories: detailParts.territories(),
      objectives: detailParts.objectives(),
      commitments: detailParts.commitments(),
      contributions: detailParts.contributions(),
      amendments: detailParts.amendments(),
      actionPlans: detailParts.actionPlans(),
      parentRows: detailParts.parentRows(),
      children: detailParts.children(),
    })
    .from(agreements)
    .where(eq(agreements.id, sql.placeholder("id")))
    .prepare("agreement_detail")
    .execute({ id });
  if (!row) throw notFound("Agreement", id);
  if (!agreementPolicy.canReadLoaded(actor, row)) await assertCanReadAgreement({ db, actor, id });
  // Related agreements outside the actor's scope are left out (a focal point rarely needs them).
  const visible = (candidate: { visibility: "public" | "internal" }) =>
    agreementPolicy.canReadLoaded(actor, candidate);
  const { parentRows, children, ...agreement } = row;
  return { ...agreement, parent: parentRows.filter(visible)[0], children: children.filter(visible) };
}

export type AgreementDetail = Awaited<ReturnType<typeof getAgreementDetail>>;
export type AgreementListItem = typeof agreements.$inferSelect & { parties: PartyWithOrganization[] };

/**
 * The years in which the agreements the actor may see were signed, latest first. A loose index
 * scan: one index probe per year rather than reading every agreement on each catalogue page.
 */
export async function listSignatureYears({ db, actor }: { db: Executor; actor: Actor }): Promise<number[]> {
  // The catalogue's filter asks on every view: kept until a write for the scopes many readers
  // share (the public, and whoever reads everything); a focal point's or a council's is read.
  const scope = readableVisibility(actor);
  return scope ? [...(await keptSignatureYears(db, actor))] : signatureYearsOf(db, actor);
}

const keptSignatureYears = keptPerGeneration(signatureYearsOf, (actor: Actor) =>
  String(readableVisibility(actor)),
);

async function signatureYearsOf(db: Executor, actor: Actor): Promise<number[]> {
  const visible = readableAgreementsCondition(actor) ?? sql`true`;
  const rows = await queryRows<{ year: number }>(
    db,
    sql`
    with recursive years(year) as (
      select extract(year from min(${agreements.signedOn}))::int from ${agreements} where ${visible}
      union all
      select (
        select extract(year from min(${agreements.signedOn}))::int from ${agreements}
        where ${visible} and ${agreements.signedOn} >= make_date(years.year + 1, 1, 1)
      )
      from years where years.year is not null
    )
    select year from years where year is not null order by year desc`,
  );
  return rows.map((row) => Number(row.year));
}

/**
 * The agreements the actor may read, by status. From the kept counts when visibility alone
 * decides what the actor sees; otherwise counted over the agreements it may read.
 */
export async function countAgreementsByStatus({ db, actor }: { db: Executor; actor: Actor }) {
  const scope = readableVisibility(actor);
  const byStatus = scope
    ? await db
        .select({ status: agreementCounts.status, count: sql<number>`sum(${agreementCounts.count})::int` })
        .from(agreementCounts)
        .where(scope === "public" ? eq(agreementCounts.visibility, "public") : undefined)
        .groupBy(agreementCounts.status)
        .having(sql`sum(${agreementCounts.count}) > 0`)
    : await db
        .select({ status: agreements.status, count: sql<number>`count(*)::int` })
        .from(agreements)
        .where(readableAgreementsCondition(actor))
        .groupBy(agreements.status);
  return {
    total: byStatus.reduce((sum, entry) => sum + entry.count, 0),
    byStatus: Object.fromEntries(byStatus.map((entry) => [entry.status, entry.count])) as Partial<
      Record<AgreementStatus, number>
    >,
  };
}

/**
 * Key figures for the portal's home page, over what the actor may see: the agreements by status
 * (countAgreementsByStatus), and three counts over the visible agreements, each its own
 * statement: PostgreSQL runs them side by side (as one statement they took a third longer there).
 */
export async function countAgreementFigures({ db, actor }: { db: Executor; actor: Actor }) {
  const visibility = readableAgreementsCondition(actor);
  const [statuses, [partners], [objectiveCount], [territoryCount]] = await Promise.all([
    countAgreementsByStatus({ db, actor }),
    db
      .select({ count: sql<number>`count(distinct ${agreementParties.organizationId})::int` })
      .from(agreementParties)
      .innerJoin(agreements, eq(agreements.id, agreementParties.agreementId))
      .where(and(visibility, sql`${agreementParties.organizationId} is distinct from ${associationIdSql}`)),
    db
      .select({ count: sql<number>`count(*)::int` })
      .from(objectives)
      .innerJoin(agreements, eq(agreements.id, objectives.agreementId))
      .where(visibility),
    db
      .select({ count: sql<number>`count(distinct ${agreementTerritories.territoryCode})::int` })
      .from(agreementTerritories)
      .innerJoin(agreements, eq(agreements.id, agreementTerritories.agreementId))
      .where(visibility),
  ]);
  return {
    agreements: statuses.total,
    byStatus: statuses.byStatus,
    partners: partners?.count ?? 0,
    objectives: objectiveCount?.count ?? 0,
    territoriesNamed: territoryCount?.count ?? 0,
  };
}

/** An agreement as other pages name it: its reference and title. */
export interface AgreementRef {
  id: string;
  reference: string;
  title: LocalizedText;
}

/** The agreement's reference and title (read after the page's own permission check), if it exists. */
export async function agreementRef(db: Executor, agreementId: string): Promise<AgreementRef | undefined> {
  const [row] = await db
    .select({ id: agreements.id, reference: agreements.reference, title: agreements.title })
    .from(agreements)
    .where(eq(agreements.id, agreementId));
  return row;
}
