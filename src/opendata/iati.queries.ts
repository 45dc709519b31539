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
import { giveOthersATurn } from "../shared/turns.js";
import { publishedStatuses } from "./iati.codes.js";

const published = and(
  eq(agreements.visibility, "public"),
  inArray(agreements.status, [...publishedStatuses]),
);

/**
 * The agreements the IATI file publishes (all, or this one if it is), in the file's order: public
 * ones with a signature. Only what the portal shows is published of them: approved indicator
 * values, public documents.
 */
export async function listIatiAgreementIds(db: Executor, agreementId?: string): Promise<string[]> {
  const rows = await db
    .select({ id: agreements.id })
    .from(agreements)
    .where(and(published, agreementId ? eq(agreements.id, agreementId) : undefined))
    .orderBy(asc(agreements.reference));
  return rows.map((row) => row.id);
}

/**
 * Agreements loaded and written per batch. At 10,000 agreements (bench, PostgreSQL), 250 a batch
 * held the event loop up to 200–400 ms at a time (rows, writing and the garbage they leave); 100
 * keeps it under about 100 ms, for a few more round trips in all.
 */
export const IATI_BATCH_SIZE = 100;

/**
 * The agreements' data, a batch of `ids` at a time, in their order; between batches the event loop
 * runs whatever else waits, so that the whole registry never holds it for long.
 */
export async function* loadIatiBatches(
  db: Executor,
  ids: readonly string[],
  batchSize = IATI_BATCH_SIZE,
): AsyncGenerator<IatiAgreement[]> {
  for (let start = 0; start < ids.length; start += batchSize) {
    if (start) await giveOthersATurn();
    yield await loadIatiAgreements(db, ids.slice(start, start + batchSize));
  }
}

/**
 * What the IATI file says of these agreements, read in a few statements over all of them: the
 * agreements (still published: one made internal since they were listed is left out), then each
 * of their parts grouped by agreement.
 */
async function loadIatiAgreements(db: Executor, ids: string[]) {
  // One promise for both uses: a query builder runs its statement again on each `then`.
  const measuresLoaded = Promise.resolve(
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
      .where(inArray(indicators.agreementId, ids))
      .orderBy(asc(indicators.createdAt), asc(indicators.id)),
  );
  const [rows, parties, places, goals, money, spending, planned, measures, values, files] = await Promise.all(
    [
      db
        .select()
        .from(agreements)
        .where(and(published, inArray(agreements.id, ids)))
        .orderBy(asc(agreements.reference)),
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
        .where(inArray(agreementParties.agreementId, ids))
        .orderBy(asc(agreementParties.position)),
      db
        .select({
          agreementId: agreementTerritories.agreementId,
          code: territories.code,
          name: territories.name,
        })
        .from(agreementTerritories)
        .innerJoin(territories, eq(territories.code, agreementTerritories.territoryCode))
        .where(inArray(agreementTerritories.agreementId, ids))
        .orderBy(asc(territories.code)),
      db
        .select({ agreementId: objectives.agreementId, id: objectives.id, text: objectives.text })
        .from(objectives)
        .where(inArray(objectives.agreementId, ids))
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
        .where(inArray(contributions.agreementId, ids)),
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
            inArray(activities.agreementId, ids),
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
            inArray(activities.agreementId, ids),
            sql`${activities.status} <> 'cancelled'`,
            sql`${activities.plannedEnd} is not null`,
            sql`${activities.budgetPlanned} > 0`,
          ),
        )
        .groupBy(sql`1, 2`),
      measuresLoaded,
      // By the batch's indicators' ids, once they are known: joined to indicators by agreement
      // instead, PostgreSQL scanned every indicator value for each batch (200 ms, bench).
      measuresLoaded.then((measures) =>
        measures.length
          ? db
              .select({
                indicatorId: indicatorValues.indicatorId,
                periodStart: indicatorValues.periodStart,
                periodEnd: indicatorValues.periodEnd,
                value: indicatorValues.value,
              })
              .from(indicatorValues)
              .where(
                and(
                  inArray(
                    indicatorValues.indicatorId,
                    measures.map((measure) => measure.id),
                  ),
                  eq(indicatorValues.status, "approved"),
                ),
              )
              .orderBy(asc(indicatorValues.periodStart))
          : [],
      ),
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
            inArray(documents.ownerId, ids),
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

export type IatiAgreement = Awaited<ReturnType<typeof loadIatiAgreements>>[number];
