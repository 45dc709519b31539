import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { agreements, agreementTerritories, territories } from "../db/schema/index.js";

/**
 * How many of the agreements matching `where` reach each prefecture and province: the national
 * ones reach all of them, the others those they name or whose region they name (each agreement
 * counted once). The same rule as the agreements list's territory filter, so that a count and
 * the list it links to agree. Two grouped statements, whatever the number of agreements.
 */
export async function countAgreementsReachingProvinces({
  db,
  where,
}: {
  db: Executor;
  where: SQL | undefined;
}): Promise<{ national: number; named: Map<string, number>; of(code: string): number }> {
  const [[national], named] = await Promise.all([
    db
      .select({ count: sql<number>`count(*)::int` })
      .from(agreements)
      .where(and(where, eq(agreements.national, true))),
    // A province is named by the agreement, or its region is: counted once either way.
    db
      .select({
        code: territories.code,
        count: sql<number>`count(distinct ${agreementTerritories.agreementId})::int`,
      })
      .from(territories)
      .innerJoin(
        agreementTerritories,
        sql`${agreementTerritories.territoryCode} in (${territories.code}, ${territories.regionCode})`,
      )
      .innerJoin(agreements, eq(agreements.id, agreementTerritories.agreementId))
      .where(and(where, eq(agreements.national, false), sql`${territories.kind} <> 'region'`))
      .groupBy(territories.code),
  ]);
  const everywhere = national?.count ?? 0;
  const namedIn = new Map(named.map((row) => [row.code, row.count]));
  return { national: everywhere, named: namedIn, of: (code) => everywhere + (namedIn.get(code) ?? 0) };
}
