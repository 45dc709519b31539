import { and, eq, sql } from "drizzle-orm";
import { readableAgreementsCondition } from "../access/agreement-access.js";
import type { Theme } from "../agreements/agreements.input.js";
import type { Executor } from "../db/client.js";
import { keptPerGeneration } from "../db/registry-generation.js";
import {
  type AgreementKind,
  activities,
  activityAttendance,
  activityTerritories,
  agreementParties,
  agreements,
  type OrganizationKind,
  organizations,
  territories,
} from "../db/schema/index.js";
import { associationIdSql } from "../partners/organizations.service.js";
import { type Actor, anonymous } from "../shared/actor.js";
import type { LocalizedText } from "../shared/localized.js";

/** A figure split by one key, largest first (ties by key, so that the order never wavers). */
export type Breakdown<K extends string> = { key: K; count: number }[];

export interface PublicFigures {
  agreements: number;
  byTheme: Breakdown<Theme>;
  byKind: Breakdown<AgreementKind>;
  /** agreements with at least one partner of the kind (the association itself is not a partner) */
  byPartnerKind: Breakdown<OrganizationKind>;
  /** by year of signature, oldest first; unsigned agreements are not in it */
  byYear: { year: number; count: number }[];
  /** activities carried out (done), by the region of the places they were held in */
  activitiesByRegion: { code: string; name: LocalizedText; count: number }[];
  activitiesDone: number;
  /** of the activities not cancelled, in MAD */
  budget: { planned: number; spent: number };
  /** the prefectures and provinces whose council president attended at least one activity */
  presidents: { territories: number; attendances: number; of: number };
}

const byCount =
  <T extends { count: number }>(key: (row: T) => string) =>
  (a: T, b: T) =>
    b.count - a.count || key(a).localeCompare(key(b));

/** An activity's year: the year it ended, or was planned to end. */
const activityYear = sql`extract(year from coalesce(${activities.actualEnd}, ${activities.plannedEnd}))`;

/**
 * What the portal's "in figures" page shows: the public agreements and their activities,
 * counted by the database (a few grouped statements, side by side on PostgreSQL). The annual
 * report asks the same of one year (agreements signed in it, activities ending in it) and, in
 * the workspace, of what its reader may read.
 */
export async function publicFigures({
  db,
  actor = anonymous,
  year,
}: {
  db: Executor;
  actor?: Actor;
  year?: number;
}): Promise<PublicFigures> {
  const readable = readableAgreementsCondition(actor) ?? sql`true`;
  const isPublic =
    year === undefined ? readable : and(readable, sql`extract(year from ${agreements.signedOn}) = ${year}`);
  const publicActivity =
    year === undefined
      ? sql`${activities.agreementId} in (select ${agreements.id} from ${agreements} where ${readable})`
      : sql`${activities.agreementId} in (select ${agreements.id} from ${agreements} where ${readable}) and ${activityYear} = ${year}`;
  const [kinds, themes, partnerKinds, years, regions, [budget], [presidents], [provinces]] =
    await Promise.all([
      db
        .select({ key: agreements.kind, count: sql<number>`count(*)::int` })
        .from(agreements)
        .where(isPublic)
        .groupBy(agreements.kind),
      db
        .select({ key: sql<Theme>`theme`, count: sql<number>`count(*)::int` })
        .from(sql`${agreements}, unnest(${agreements.themes}) as theme`)
        .where(isPublic)
        .groupBy(sql`theme`),
      db
        .select({ key: organizations.kind, count: sql<number>`count(distinct ${agreements.id})::int` })
        .from(agreements)
        .innerJoin(agreementParties, eq(agreementParties.agreementId, agreements.id))
        .innerJoin(organizations, eq(organizations.id, agreementParties.organizationId))
        .where(and(isPublic, sql`${organizations.id} is distinct from ${associationIdSql}`))
        .groupBy(organizations.kind),
      db
        .select({
          year: sql<number>`extract(year from ${agreements.signedOn})::int`,
          count: sql<number>`count(*)::int`,
        })
        .from(agreements)
        .where(and(isPublic, sql`${agreements.signedOn} is not null`))
        .groupBy(sql`1`),
      // A province's activity counts for its region; one held in two provinces of a region, once.
      db
        .select({
          code: territories.code,
          name: territories.name,
          count: sql<number>`count(distinct ${activities.id})::int`,
        })
        .from(activities)
        .innerJoin(activityTerritories, eq(activityTerritories.activityId, activities.id))
        .innerJoin(sql`${territories} as place`, sql`place.code = ${activityTerritories.territoryCode}`)
        .innerJoin(territories, sql`${territories.code} = coalesce(place.region_code, place.code)`)
        .where(and(publicActivity, eq(activities.status, "done")))
        .groupBy(territories.code, territories.name),
      db
        .select({
          planned: sql<string>`coalesce(sum(${activities.budgetPlanned}), 0)`,
          spent: sql<string>`coalesce(sum(${activities.budgetSpent}), 0)`,
          done: sql<number>`count(*) filter (where ${activities.status} = 'done')::int`,
        })
        .from(activities)
        .where(and(publicActivity, sql`${activities.status} <> 'cancelled'`)),
      db
        .select({
          territories: sql<number>`count(distinct ${activityAttendance.territoryCode})::int`,
          attendances: sql<number>`count(*)::int`,
        })
        .from(activityAttendance)
        .innerJoin(activities, eq(activities.id, activityAttendance.activityId))
        .where(publicActivity),
      db
        .select({ count: sql<number>`count(*)::int` })
        .from(territories)
        .where(sql`${territories.kind} <> 'region'`),
    ]);
  return {
    agreements: kinds.reduce((sum, row) => sum + row.count, 0),
    byKind: kinds.sort(byCount((row) => row.key)),
    byTheme: themes.sort(byCount((row) => row.key)),
    byPartnerKind: partnerKinds.sort(byCount((row) => row.key)),
    byYear: years.sort((a, b) => a.year - b.year),
    activitiesByRegion: regions.sort(byCount((row) => row.code)),
    activitiesDone: budget?.done ?? 0,
    budget: { planned: Number(budget?.planned ?? 0), spent: Number(budget?.spent ?? 0) },
    presidents: {
      territories: presidents?.territories ?? 0,
      attendances: presidents?.attendances ?? 0,
      of: provinces?.count ?? 0,
    },
  };
}

/** The figures as of the registry's generation, counted once per generation and database. */
const figuresPerGeneration = keptPerGeneration(
  (db, _: undefined) => publicFigures({ db }),
  () => "",
);

export const currentPublicFigures = ({ db }: { db: Executor }): Promise<PublicFigures> =>
  figuresPerGeneration(db, undefined);
