import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import { readableAgreementsCondition, readingScopeKey } from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import { keptPerGeneration } from "../db/registry-generation.js";
import { agreementParties, agreements, type OrganizationKind, organizations } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { type Language, sortByName } from "../shared/localized.js";
import type { OrganizationSort } from "./organizations.input.js";
import { associationIdSql, normalizeName, visibleOrganizationsCondition } from "./organizations.service.js";

/** Which organisations a list shows: those the actor may see, narrowed by these. */
interface OrganizationChoice {
  db: Executor;
  actor: Actor;
  kind?: OrganizationKind;
  /** part of a name in any language, or of the acronym, whatever the case, quotes or spacing */
  q?: string;
  /** the association is a party to all its agreements, but not one of its own partners */
  excludeAssociation?: boolean;
  /** only these organisations (a page's accounts name a few of them) */
  ids?: readonly string[];
}

function choiceCondition({ db, actor, kind, q, excludeAssociation = false, ids }: OrganizationChoice) {
  const conditions = [];
  if (kind) conditions.push(eq(organizations.kind, kind));
  if (ids) conditions.push(ids.length ? inArray(organizations.id, [...ids]) : sql`false`);
  const wanted = q ? normalizeName(q) : "";
  if (wanted) {
    conditions.push(
      or(
        sql`position(${wanted} in ${organizations.nameKey}) > 0`,
        sql`position(${wanted} in lower(coalesce(${organizations.acronym}, ''))) > 0`,
      ),
    );
  }
  if (excludeAssociation) {
    conditions.push(sql`${organizations.id} is distinct from ${associationIdSql}`);
  }
  const visible = visibleOrganizationsCondition(db, actor);
  if (visible) conditions.push(visible);
  return conditions.length ? and(...conditions) : undefined;
}

/**
 * How many agreements the actor may read each organisation is a party to (only what the actor
 * may read, so a number does not reveal hidden agreements): of these organisations, or of all.
 */
async function agreementCountsOf(db: Executor, actor: Actor, ids?: readonly string[]) {
  if (ids?.length === 0) return new Map<string, number>();
  const counts = await db
    .select({
      organizationId: agreementParties.organizationId,
      count: sql<number>`count(distinct ${agreements.id})::int`,
    })
    .from(agreementParties)
    .innerJoin(agreements, eq(agreements.id, agreementParties.agreementId))
    .where(
      and(
        ids ? inArray(agreementParties.organizationId, [...ids]) : undefined,
        readableAgreementsCondition(actor),
      ),
    )
    .groupBy(agreementParties.organizationId);
  return new Map(counts.map((entry) => [entry.organizationId, entry.count]));
}

/**
 * Every organisation's count in the actor's reading scope, kept until a write: the association
 * is a party to every agreement, so even a page's counts read them all (8 ms of SQL on each view
 * of the list at 10,000 agreements).
 */
const keptAgreementCounts = keptPerGeneration(
  (db, actor: Actor) => agreementCountsOf(db, actor),
  (actor) => readingScopeKey(actor),
);

/** Every organisation the actor may see that matches, by its name's key, with how many of its agreements the actor may read. */
export async function listOrganizations(choice: OrganizationChoice) {
  const rows = await choice.db
    .select()
    .from(organizations)
    .where(choiceCondition(choice))
    .orderBy(asc(organizations.nameKey));
  const countById = await agreementCountsOf(
    choice.db,
    choice.actor,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({ ...row, agreementCount: countById.get(row.id) ?? 0 }));
}

/**
 * Every organisation's place in name order in one language, kept until a write: ordering the
 * names by the reader's alphabet (which SQL on the embedded database cannot do) on each page
 * view was most of the organisations list's time.
 */
const keptNameRanks = keptPerGeneration(
  async (db, lang: Language) => {
    const rows = await db.select({ id: organizations.id, name: organizations.name }).from(organizations);
    return new Map(sortByName(rows, lang, (row) => row.name).map((row, index) => [row.id, index]));
  },
  (lang) => lang,
);

/**
 * A page of the organisations `listOrganizations` gives, and how many there are: by name in the
 * reader's language, or those in most agreements first (equal counts by name). The matches are
 * read as ids and ordered by their kept ranks and counts; only the page's rows are read whole.
 */
export async function pageOrganizations({
  sort = "name",
  lang,
  limit,
  offset,
  ...choice
}: OrganizationChoice & { sort?: OrganizationSort; lang: Language; limit: number; offset: number }) {
  const { db, actor } = choice;
  const [ranks, matching, counts] = await Promise.all([
    keptNameRanks(db, lang),
    db.select({ id: organizations.id }).from(organizations).where(choiceCondition(choice)),
    keptAgreementCounts(db, actor),
  ]);
  // One created since the ranks were kept (a concurrent write) goes last.
  const rank = (id: string) => ranks.get(id) ?? Number.MAX_SAFE_INTEGER;
  const ordered = matching.map((row) => row.id).sort((a, b) => rank(a) - rank(b));
  // A stable sort: equal counts stay in the order of their names.
  if (sort === "agreements") ordered.sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0));
  const pageIds = ordered.slice(offset, offset + limit);
  const rows = pageIds.length
    ? await db.select().from(organizations).where(inArray(organizations.id, pageIds))
    : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items = pageIds.flatMap((id) => {
    const row = byId.get(id);
    // Deleted between the two reads: not on the page.
    return row ? [{ ...row, agreementCount: counts.get(id) ?? 0 }] : [];
  });
  return { items, total: ordered.length };
}
