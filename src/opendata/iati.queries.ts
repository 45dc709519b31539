import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import {
  activities,
  agreementParties,
  agreements,
  agreementTerritories,
  contributions,
  documents,
  indicators,
  indicatorValues,
  objectives,
  organizations,
  territories,
} from "../db/schema/index.js";
import { publishedStatuses } from "./iati.codes.js";

/**
 * What the IATI file says of the public agreements, read in a few statements over all of them
 * (or one): the agreements, then each of their parts grouped by agreement. Only what the portal
 * shows: public agreements, approved indicator values, public documents.
 */
export async function loadIatiRegistry(db: Executor, agreementId?: string) {
  const published = and(
    eq(agreements.visibility, "public"),
    inArray(agreements.status, [...publishedStatuses]),
    agreementId ? eq(agreements.id, agreementId) : undefined,
  );
  const chosen = sql`(select ${agreements.id} from ${agreements} where ${published})`;
  const [rows, parties, places, goals, money, spending, planned, measures, values, files] = await Promise.all(
    [
      db.select().from(agreements).where(published).orderBy(asc(agreements.reference)),
      db
        .select({
          agreementId: agreementParties.agreementId,
          role: agreementParties.role,
          name: organizations.name,
          kind: organizations.kind,
          organizationId: organizations.id,
        })
        .from(agreementParties)
        .innerJoin(organizations, eq(organizations.id, agreementParties.organizationId))
        .where(sql`${agreementParties.agreementId} in ${chosen}`)
        .orderBy(asc(agreementParties.position)),
      db
        .select({
          agreementId: agreementTerritories.agreementId,
          code: territories.code,
          name: territories.name,
        })
        .from(agreementTerritories)
        .innerJoin(territories, eq(territories.code, agreementTerritories.territoryCode))
        .where(sql`${agreementTerritories.agreementId} in ${chosen}`)
        .orderBy(asc(territories.code)),
      db
        .select({ agreementId: objectives.agreementId, id: objectives.id, text: objectives.text })
        .from(objectives)
        .where(sql`${objectives.agreementId} in ${chosen}`)
        .orderBy(asc(objectives.position)),
      db
        .select({
          agreementId: contributions.agreementId,
          organizationId: contributions.organizationId,
          amount: contributions.amount,
          currency: contributions.currency,
          nature: contributions.nature,
        })
        .from(contributions)
        .where(sql`${contributions.agreementId} in ${chosen}`),
      // What the activities carried out spent, by the year they ended (one transaction a year).
      db
        .select({
          agreementId: activities.agreementId,
          year: sql<number>`extract(year from coalesce(${activities.actualEnd}, ${activities.plannedEnd}))::int`,
          spent: sql<string>`sum(${activities.budgetSpent})`,
        })
        .from(activities)
        .where(
          and(
            sql`${activities.agreementId} in ${chosen}`,
            eq(activities.status, "done"),
            sql`coalesce(${activities.actualEnd}, ${activities.plannedEnd}) is not null`,
            sql`${activities.budgetSpent} > 0`,
          ),
        )
        .groupBy(sql`1, 2`),
      // What the activities not cancelled plan to spend, by the year they are planned to end.
      db
        .select({
          agreementId: activities.agreementId,
          year: sql<number>`extract(year from ${activities.plannedEnd})::int`,
          planned: sql<string>`sum(${activities.budgetPlanned})`,
        })
        .from(activities)
        .where(
          and(
            sql`${activities.agreementId} in ${chosen}`,
            sql`${activities.status} <> 'cancelled'`,
            sql`${activities.plannedEnd} is not null`,
            sql`${activities.budgetPlanned} > 0`,
          ),
        )
        .groupBy(sql`1, 2`),
      db
        .select({
          id: indicators.id,
          agreementId: indicators.agreementId,
          objectiveId: indicators.objectiveId,
          name: indicators.name,
          unit: indicators.unit,
          direction: indicators.direction,
          baselineValue: indicators.baselineValue,
          baselineOn: indicators.baselineOn,
          targetValue: indicators.targetValue,
          targetOn: indicators.targetOn,
        })
        .from(indicators)
        .where(sql`${indicators.agreementId} in ${chosen}`)
        .orderBy(asc(indicators.createdAt), asc(indicators.id)),
      db
        .select({
          indicatorId: indicatorValues.indicatorId,
          periodStart: indicatorValues.periodStart,
          periodEnd: indicatorValues.periodEnd,
          value: indicatorValues.value,
        })
        .from(indicatorValues)
        .innerJoin(indicators, eq(indicators.id, indicatorValues.indicatorId))
        .where(and(sql`${indicators.agreementId} in ${chosen}`, eq(indicatorValues.status, "approved")))
        .orderBy(asc(indicatorValues.periodStart)),
      db
        .select({
          id: documents.id,
          agreementId: sql<string>`${documents.ownerId}`,
          kind: documents.kind,
          title: documents.title,
          mediaType: documents.mediaType,
          createdAt: documents.createdAt,
        })
        .from(documents)
        .where(
          and(
            eq(documents.ownerType, "agreement"),
            sql`${documents.ownerId} in (select ${agreements.id}::text from ${agreements} where ${published})`,
            eq(documents.visibility, "public"),
            isNull(documents.deletedAt),
          ),
        )
        .orderBy(asc(documents.createdAt)),
    ],
  );
  const grouping = <T>(items: T[], keyOf: (item: T) => string) => {
    const grouped = new Map<string, T[]>();
    for (const item of items) {
      const key = keyOf(item);
      const list = grouped.get(key);
      if (list) list.push(item);
      else grouped.set(key, [item]);
    }
    return (key: string) => grouped.get(key) ?? [];
  };
  const by = <T extends { agreementId: string }>(items: T[]) => grouping(items, (item) => item.agreementId);
  const valuesOf = grouping(values, (value) => value.indicatorId);
  const [partiesOf, placesOf, goalsOf, moneyOf, spendingOf, plannedOf, measuresOf, filesOf] = [
    by(parties),
    by(places),
    by(goals),
    by(money),
    by(spending),
    by(planned),
    by(measures),
    by(files),
  ];
  return rows.map((agreement) => ({
    agreement,
    parties: partiesOf(agreement.id),
    territories: placesOf(agreement.id),
    objectives: goalsOf(agreement.id),
    contributions: moneyOf(agreement.id),
    spending: spendingOf(agreement.id),
    planned: plannedOf(agreement.id),
    indicators: measuresOf(agreement.id).map((indicator) => ({
      ...indicator,
      values: valuesOf(indicator.id),
    })),
    documents: filesOf(agreement.id),
  }));
}

export type IatiAgreement = Awaited<ReturnType<typeof loadIatiRegistry>>[number];
