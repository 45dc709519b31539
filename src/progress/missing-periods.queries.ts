import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Executor } from "../db/client.js";
import { queryRows } from "../db/rows.js";
import { agreements, type IndicatorFrequency, indicators, indicatorValues } from "../db/schema/index.js";
import { indicatorFigures, periodBounds, REPORTING_GRACE_DAYS } from "../domain/figures.js";
import { addDays } from "../domain/periods.js";
import type { LocalizedText } from "../shared/localized.js";

/**
 * Indicator periods that have ended and have no value (submitted or approved), for the
 * indicators matching `where`: what a focal point (or the staff, for the association) still
 * has to report.
 *
 * The staff answer for thousands of indicators, so the database first finds the ones with a
 * gap, by counting: an indicator misses a period when it has fewer values than ended periods
 * since its start (the rule of figures.ts: from the baseline date, or the agreement's start,
 * to the target date; values returned for correction do not count). figures.ts then lists
 * the periods of the ones shown; `missing-periods.queries.test.ts` checks that both agree.
 */

export interface MissingPeriodsItem {
  indicator: { id: string; name: LocalizedText; frequency: IndicatorFrequency };
  agreement: { id: string; reference: string; title: LocalizedText };
  /** the ended periods with no value, oldest first */
  periods: string[];
  /** when the oldest one's value was (or is) due: its end + the reporting grace */
  dueOn: string;
  overdue: boolean;
}

/** A date's period as a number (quarters, half-years or years since year 0), so that periods count by subtraction. */
const periodIndex = (date: SQL | AnyPgColumn, frequency: SQL | AnyPgColumn) => sql`(case ${frequency}
  when 'quarterly' then extract(year from ${date})::int * 4 + (extract(month from ${date})::int - 1) / 3
  when 'half_yearly' then extract(year from ${date})::int * 2 + (extract(month from ${date})::int - 1) / 6
  else extract(year from ${date})::int end)`;
const monthsPerPeriod = sql`(case ${indicators.frequency} when 'quarterly' then 3 when 'half_yearly' then 6 else 12 end)`;
/** A value's period is one of its indicator's frequency ("2026-Q3", "2026-H2", "2026"). */
const ofFrequency = sql`(case ${indicators.frequency}
  when 'quarterly' then substr(${indicatorValues.period}, 5, 2) = '-Q'
  when 'half_yearly' then substr(${indicatorValues.period}, 5, 2) = '-H'
  else length(${indicatorValues.period}) = 4 end)`;

export async function listMissingPeriods({
  db,
  where,
  today,
  limit,
}: {
  db: Executor;
  /** a condition on `indicators` joined with `agreements` (none: every indicator) */
  where?: SQL;
  today: string;
  limit: number;
}): Promise<{ items: MissingPeriodsItem[]; total: number }> {
  const start = sql`coalesce(${indicators.baselineOn}, ${agreements.effectiveOn}, ${agreements.signedOn})`;
  const first = periodIndex(start, indicators.frequency);
  // The last period ended before today, and not after the target's.
  const last = sql`least(${periodIndex(indicators.targetOn, indicators.frequency)}, ${periodIndex(sql`${today}::date`, indicators.frequency)} - 1)`;
  const reported = sql`(select count(*) from ${indicatorValues}
    where ${indicatorValues.indicatorId} = ${indicators.id} and ${indicatorValues.status} <> 'returned' and ${ofFrequency}
      and ${periodIndex(indicatorValues.periodStart, indicators.frequency)} between ${first} and ${last})`;
  const matching = db
    .select({
      id: sql<string>`${indicators.id}`.as("id"),
      first: sql<number>`${first}`.as("first_period"),
      last: sql<number>`${last}`.as("last_period"),
      reported: sql<number>`${reported}`.as("reported"),
      months: sql<number>`${monthsPerPeriod}`.as("months_per_period"),
    })
    .from(indicators)
    .innerJoin(agreements, eq(agreements.id, indicators.agreementId))
    .where(
      and(where, sql`${start} <= least(${indicators.targetOn}, ${today}::date)`, sql`${last} >= ${first}`),
    );
  // Materialized, so that each indicator's values are counted once, not once per use below.
  const found = await queryRows<{ id: string; total: number | string }>(
    db,
    sql`
    with candidates as materialized (${matching})
    select id, count(*) over () as total from candidates
    where last_period - first_period + 1 > reported
    -- Where the first gap would be if the values came in order: the oldest gaps first.
    order by (first_period + reported) * months_per_period, id
    limit ${limit}`,
  );
  const gaps = found.map((row) => ({
    id: row.id,
    total: Number(row.total),
  }));
  const total = gaps[0]?.total ?? 0;
  if (!gaps.length) return { items: [], total };

  const shown = gaps.map((gap) => gap.id);
  const rows = await db
    .select({
      indicator: {
        id: indicators.id,
        name: indicators.name,
        direction: indicators.direction,
        baselineValue: indicators.baselineValue,
        baselineOn: indicators.baselineOn,
        targetValue: indicators.targetValue,
        targetOn: indicators.targetOn,
        frequency: indicators.frequency,
        aggregation: indicators.aggregation,
      },
      start: sql<string | null>`coalesce(${agreements.effectiveOn}, ${agreements.signedOn})`,
      agreement: { id: agreements.id, reference: agreements.reference, title: agreements.title },
    })
    .from(indicators)
    .innerJoin(agreements, eq(agreements.id, indicators.agreementId))
    .where(inArray(indicators.id, shown));
  const values = await db
    .select({
      indicatorId: indicatorValues.indicatorId,
      period: indicatorValues.period,
      status: indicatorValues.status,
    })
    .from(indicatorValues)
    .where(inArray(indicatorValues.indicatorId, shown));

  // "Ended" rather than "due": a period is listed from the day after it ends, and its value
  // is overdue once the grace has passed. figures.ts counts a period due after the grace, so
  // asking it as of today + the grace gives the periods ended by today.
  const asOf = addDays(today, REPORTING_GRACE_DAYS);
  const items: MissingPeriodsItem[] = [];
  for (const { indicator, start: agreementStart, agreement } of rows) {
    const figures = indicatorFigures(
      {
        ...indicator,
        baselineValue: Number(indicator.baselineValue),
        targetValue: Number(indicator.targetValue),
        // Only which periods have a value matters here, not the values themselves.
        values: values
          .filter((value) => value.indicatorId === indicator.id)
          .map((value) => ({ period: value.period, value: 0, status: value.status })),
      },
      asOf,
      { start: agreementStart },
    );
    const oldest = figures.missingPeriods[0];
    if (!oldest) continue;
    const dueOn = addDays(periodBounds(oldest).end, REPORTING_GRACE_DAYS);
    items.push({
      indicator: { id: indicator.id, name: indicator.name, frequency: indicator.frequency },
      agreement,
      periods: figures.missingPeriods,
      dueOn,
      overdue: dueOn < today,
    });
  }
  items.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.indicator.id.localeCompare(b.indicator.id));
  return { items, total };
}
