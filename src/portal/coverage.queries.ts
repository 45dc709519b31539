import { and, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { readableAgreementsCondition } from "../access/agreement-access.js";
import { countAgreementsReachingProvinces } from "../agreements/agreement-reach.queries.js";
import type { Theme } from "../agreements/agreements.input.js";
import type { Executor } from "../db/client.js";
import { keptPerGeneration } from "../db/registry-generation.js";
import {
  type AgreementStatus,
  activities,
  activityTerritories,
  agreements,
  territories,
} from "../db/schema/index.js";
import { anonymous } from "../shared/actor.js";
import type { LocalizedText } from "../shared/localized.js";

/** Which public agreements count: all, or those of a theme, a status, a year of signature. */
export interface CoverageFilter {
  theme?: Theme;
  status?: AgreementStatus;
  year?: number;
}

export interface TerritoryCoverage {
  code: string;
  /** ISO 3166-2, what the map's shapes are keyed by */
  iso: string | null;
  name: LocalizedText;
  regionCode: string;
  regionName: LocalizedText;
  population: number | null;
  /** agreements reaching it: national ones, and those naming it or its region */
  agreements: number;
  /** activities placed in it or in its region */
  activities: number;
}

export interface Coverage {
  territories: TerritoryCoverage[];
  /** the prefectures and provinces no agreement reaches, and how many people live there */
  withoutAgreement: { count: number; population: number };
  withoutActivity: { count: number; population: number };
  population: number;
}

function agreementConditions(filter: CoverageFilter): SQL | undefined {
  return and(
    readableAgreementsCondition(anonymous),
    filter.theme ? sql`${agreements.themes} @> array[${filter.theme}]::text[]` : undefined,
    filter.status ? eq(agreements.status, filter.status) : undefined,
    filter.year
      ? and(
          gte(agreements.signedOn, `${filter.year}-01-01`),
          lt(agreements.signedOn, `${filter.year + 1}-01-01`),
        )
      : undefined,
  );
}

/**
 * The 75 prefectures and provinces with the public agreements and activities reaching each, as
 * three grouped statements (national agreements are counted once and added to every one).
 */
export async function coverage({
  db,
  filter = {},
}: {
  db: Executor;
  filter?: CoverageFilter;
}): Promise<Coverage> {
  const counted = agreementConditions(filter);
  const chosen = sql`select ${agreements.id} from ${agreements} where ${counted ?? sql`true`}`;
  const [places, regions, reach, placed] = await Promise.all([
    db
      .select({
        code: territories.code,
        iso: territories.iso3166_2,
        name: territories.name,
        regionCode: territories.regionCode,
        population: territories.population2024,
      })
      .from(territories)
      .where(sql`${territories.kind} <> 'region'`),
    db
      .select({ code: territories.code, name: territories.name })
      .from(territories)
      .where(eq(territories.kind, "region")),
    countAgreementsReachingProvinces({ db, where: counted }),
    db
      .select({ code: territories.code, count: sql<number>`count(distinct ${activities.id})::int` })
      .from(territories)
      .innerJoin(
        activityTerritories,
        sql`${activityTerritories.territoryCode} in (${territories.code}, ${territories.regionCode})`,
      )
      .innerJoin(activities, eq(activities.id, activityTerritories.activityId))
      .where(and(sql`${activities.agreementId} in (${chosen})`, sql`${territories.kind} <> 'region'`))
      .groupBy(territories.code),
  ]);
  const regionName = new Map(regions.map((region) => [region.code, region.name]));
  const placedIn = new Map(placed.map((row) => [row.code, row.count]));
  const rows: TerritoryCoverage[] = places.map((place) => ({
    code: place.code,
    iso: place.iso,
    name: place.name,
    regionCode: place.regionCode ?? place.code,
    regionName: regionName.get(place.regionCode ?? "") ?? place.name,
    population: place.population,
    agreements: reach.of(place.code),
    activities: placedIn.get(place.code) ?? 0,
  }));
  // The least reached first, and among them the most populous: who is left out, and how many.
  rows.sort(
    (a, b) =>
      a.agreements - b.agreements ||
      a.activities - b.activities ||
      (b.population ?? 0) - (a.population ?? 0) ||
      a.code.localeCompare(b.code),
  );
  const sum = (list: TerritoryCoverage[]) => list.reduce((total, row) => total + (row.population ?? 0), 0);
  const withoutAgreement = rows.filter((row) => row.agreements === 0);
  const withoutActivity = rows.filter((row) => row.activities === 0);
  return {
    territories: rows,
    withoutAgreement: { count: withoutAgreement.length, population: sum(withoutAgreement) },
    withoutActivity: { count: withoutActivity.length, population: sum(withoutActivity) },
    population: sum(rows),
  };
}

/** The coverage as of the registry's generation, counted once per generation, database and filter. */
const coveragePerGeneration = keptPerGeneration(
  (db, filter: CoverageFilter) => coverage({ db, filter }),
  (filter) => JSON.stringify([filter.theme ?? null, filter.status ?? null, filter.year ?? null]),
);

export const currentCoverage = ({ db, filter = {} }: { db: Executor; filter?: CoverageFilter }) =>
  coveragePerGeneration(db, filter);
