import { and, asc, desc, eq, exists, getTableColumns, inArray, or, type SQL, sql } from "drizzle-orm";
import {
  agreementPolicy,
  assertCanReadAgreement,
  readableAgreementsCondition,
} from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import { queryRows } from "../db/rows.js";
import {
  type AgreementKind,
  type AgreementStatus,
  actionPlans,
  agreementParties,
  agreements,
  agreementTerritories,
  amendments,
  commitments,
  contributions,
  type OrganizationKind,
  objectives,
  organizations,
  territories,
} from "../db/schema/index.js";
import { associationIdSql } from "../partners/organizations.service.js";
import type { Actor } from "../shared/actor.js";
import { notFound } from "../shared/errors.js";
import type { Theme } from "./agreements.input.js";

/** Every column but the search ones: they are large and only the database reads them. */
const {
  searchText: _searchText,
  searchVector: _searchVector,
  ...listedColumns
} = getTableColumns(agreements);

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
}

/** Letters and digits only, each as a prefix: "akhaw univ" finds "Al Akhawayn University". */
export function prefixQuery(text: string): string | undefined {
  const tokens = text
    .normalize("NFC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 12);
  return tokens.length ? tokens.map((token) => `${token}:*`).join(" & ") : undefined;
}

function filterConditions(db: Executor, actor: Actor, filter: AgreementFilter): SQL[] {
  const conditions: SQL[] = [];
  const readable = readableAgreementsCondition(actor);
  if (readable) conditions.push(readable);
  if (filter.status) conditions.push(eq(agreements.status, filter.status));
  if (filter.year) conditions.push(sql`extract(year from ${agreements.signedOn}) = ${filter.year}`);
  if (filter.national !== undefined) conditions.push(eq(agreements.national, filter.national));
  if (filter.kind) conditions.push(eq(agreements.kind, filter.kind));
  if (filter.theme) conditions.push(sql`${agreements.themes} @> array[${filter.theme}]::text[]`);
  if (filter.q) {
    const query = prefixQuery(filter.q);
    // A query with no letters or digits matches nothing rather than everything.
    conditions.push(query ? sql`${agreements.searchVector} @@ to_tsquery('simple', ${query})` : sql`false`);
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

export type PartyWithOrganization = {
  agreementId: string;
  role: (typeof agreementParties.$inferSelect)["role"];
  position: number;
  organization: typeof organizations.$inferSelect;
};

async function partiesOf(db: Executor, agreementIds: string[]): Promise<PartyWithOrganization[]> {
  if (!agreementIds.length) return [];
  const rows = await db
    .select({ party: agreementParties, organization: organizations })
    .from(agreementParties)
    .innerJoin(organizations, eq(organizations.id, agreementParties.organizationId))
    .where(inArray(agreementParties.agreementId, agreementIds))
    .orderBy(asc(agreementParties.position));
  return rows.map(({ party, organization }) => ({
    agreementId: party.agreementId,
    role: party.role,
    position: party.position,
    organization,
  }));
}

export async function listAgreements({
  db,
  actor,
  filter = {},
  limit = 20,
  offset = 0,
}: {
  db: Executor;
  actor: Actor;
  filter?: AgreementFilter;
  limit?: number;
  offset?: number;
}) {
  const where = and(...filterConditions(db, actor, filter));
  const [rows, [counted]] = await Promise.all([
    db
      .select(listedColumns)
      .from(agreements)
      .where(where)
      .orderBy(
        sql`${agreements.signedOn} desc nulls last`,
        desc(agreements.createdAt),
        asc(agreements.reference),
      )
      .limit(limit)
      .offset(offset),
    db.select({ total: sql<number>`count(*)::int` }).from(agreements).where(where),
  ]);
  const parties = await partiesOf(
    db,
    rows.map((row) => row.id),
  );
  const items = rows.map((row) => ({
    ...row,
    parties: parties.filter((party) => party.agreementId === row.id),
  }));
  return { items, total: counted?.total ?? 0 };
}

export async function getAgreementDetail({ db, actor, id }: { db: Executor; actor: Actor; id: string }) {
  const [row] = await db.select(listedColumns).from(agreements).where(eq(agreements.id, id));
  // An internal agreement is "not found" for those who may not see it: its existence is internal too.
  if (!row) throw notFound("Agreement", id);
  if (!agreementPolicy.canReadLoaded(actor, row)) await assertCanReadAgreement({ db, actor, id });
  const [
    parties,
    territoryRows,
    objectiveRows,
    commitmentRows,
    contributionRows,
    amendmentRows,
    planRows,
    parentRows,
    childRows,
  ] = await Promise.all([
    partiesOf(db, [id]),
    db
      .select({ territory: territories })
      .from(agreementTerritories)
      .innerJoin(territories, eq(territories.code, agreementTerritories.territoryCode))
      .where(eq(agreementTerritories.agreementId, id))
      .orderBy(asc(territories.code)),
    db.select().from(objectives).where(eq(objectives.agreementId, id)).orderBy(asc(objectives.position)),
    db.select().from(commitments).where(eq(commitments.agreementId, id)).orderBy(asc(commitments.position)),
    db.select().from(contributions).where(eq(contributions.agreementId, id)),
    db.select().from(amendments).where(eq(amendments.agreementId, id)).orderBy(asc(amendments.signedOn)),
    db.select().from(actionPlans).where(eq(actionPlans.agreementId, id)).orderBy(asc(actionPlans.createdAt)),
    row.parentId
      ? db.select(listedColumns).from(agreements).where(eq(agreements.id, row.parentId))
      : Promise.resolve([]),
    db
      .select(listedColumns)
      .from(agreements)
      .where(eq(agreements.parentId, id))
      .orderBy(asc(agreements.reference)),
  ]);
  // Related agreements outside the actor's scope are left out (a focal point rarely needs them).
  const visible = (candidate: { visibility: "public" | "internal" }) =>
    agreementPolicy.canReadLoaded(actor, candidate);
  return {
    ...row,
    parties,
    territories: territoryRows.map((entry) => entry.territory),
    objectives: objectiveRows,
    commitments: commitmentRows,
    contributions: contributionRows,
    amendments: amendmentRows,
    actionPlans: planRows,
    parent: parentRows.filter(visible)[0],
    children: childRows.filter(visible),
  };
}

export type AgreementDetail = Awaited<ReturnType<typeof getAgreementDetail>>;
export type AgreementListItem = Awaited<ReturnType<typeof listAgreements>>["items"][number];

/**
 * The years in which the agreements the actor may see were signed, latest first. A loose index
 * scan: one index probe per year rather than reading every agreement on each catalogue page.
 */
export async function listSignatureYears({ db, actor }: { db: Executor; actor: Actor }): Promise<number[]> {
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

/** Key figures for the portal's home page, over what the actor may see. */
export async function countAgreementFigures({ db, actor }: { db: Executor; actor: Actor }) {
  const visibility = readableAgreementsCondition(actor);
  const [byStatus, [partners], [objectiveCount], [territoryCount]] = await Promise.all([
    db
      .select({ status: agreements.status, count: sql<number>`count(*)::int` })
      .from(agreements)
      .where(visibility)
      .groupBy(agreements.status),
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
  const total = byStatus.reduce((sum, entry) => sum + entry.count, 0);
  return {
    agreements: total,
    byStatus: Object.fromEntries(byStatus.map((entry) => [entry.status, entry.count])) as Partial<
      Record<AgreementStatus, number>
    >,
    partners: partners?.count ?? 0,
    objectives: objectiveCount?.count ?? 0,
    territoriesNamed: territoryCount?.count ?? 0,
  };
}
