import { inArray } from "drizzle-orm";
import { unreadableAgreements } from "../access/agreement-access.js";
import { recordAuditEvents } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { insertManyReturning } from "../db/insert-many.js";
import { lowerIds } from "../db/owners.js";
import { indicators, indicatorValues } from "../db/schema/index.js";
import { agreementDocumentOwners } from "../documents/document-owners.js";
import { todayInMorocco } from "../domain/figures.js";
import type { Actor } from "../shared/actor.js";
import { chunks } from "../shared/collections.js";
import { notFound } from "../shared/errors.js";
import { type Answer, answersFor } from "../shared/many.js";
import { assertCanEnterValues, assertMayEnterSomeValues } from "./indicator-values.policy.js";
import {
  checkedValueInput,
  enteredFields,
  type KeptReview,
  periodTakenError,
} from "./indicator-values.service.js";
import type { ValueInput } from "./indicators.input.js";
import { auditedValue } from "./indicators.presenter.js";
import type { IndicatorRow, IndicatorValueRow } from "./indicators.types.js";

/**
 * Enters the values of periods that have none yet, many at once (a spreadsheet import's new
 * rows): each checked as enterIndicatorValue checks one, refused with its error (a period that
 * already has a value among them, as a form sending no version is), the others written a few
 * hundred a statement with their audit events together. The caller's transaction holds them.
 */
export async function enterNewIndicatorValues({
  db,
  actor,
  items,
  today = todayInMorocco(),
  source,
}: {
  db: Executor;
  actor: Actor;
  items: { indicatorId: string; input: ValueInput; kept?: KeptReview }[];
  /** Casablanca's date, for tests */
  today?: string;
  /** named in the audit events, e.g. the file an import read */
  source?: string;
}): Promise<Answer<IndicatorValueRow>[]> {
  assertMayEnterSomeValues(actor);
  const answers = answersFor<IndicatorValueRow>(items.length);
  const indicatorIds = lowerIds(items.map((item) => item.indicatorId));
  const indicatorOf = new Map<string, IndicatorRow>();
  // Locked, as one entry locks its indicator: a change of its frequency or its deletion waits.
  for (const some of chunks(indicatorIds, 5000))
    for (const row of await db.select().from(indicators).where(inArray(indicators.id, some)).for("update"))
      indicatorOf.set(row.id, row);
  const unreadable = await unreadableAgreements({
    db,
    actor,
    ids: [...indicatorOf.values()].map((row) => row.agreementId),
  });
  const owners = await agreementDocumentOwners(
    db,
    items.map((item) => item.input.evidenceDocumentId),
  );
  const stored = await storedPeriods(db, indicatorIds);

  const now = new Date();
  const accepted = items.flatMap(({ indicatorId, input, kept }, index) => {
    const entry = answers.attempt(index, () => {
      const indicator = indicatorOf.get(indicatorId.toLowerCase());
      if (!indicator || unreadable.has(indicator.agreementId)) throw notFound("Indicator", indicatorId);
      assertCanEnterValues(actor, indicator);
      const data = checkedValueInput(indicator, input, today, owners);
      const key = `${indicator.id}|${data.period}`;
      const before = stored.get(key);
      if (before) throw periodTakenError(actor, data.period, before);
      const { fields, action } = enteredFields(actor, data, kept, now);
      // A second row of the same period meets the first as a stored value.
      stored.set(key, { status: fields.status, version: 1 });
      return {
        indicator,
        key,
        fields: { indicatorId: indicator.id, period: data.period, ...fields },
        action,
      };
    });
    return entry ? [{ index, ...entry }] : [];
  });

  const inserted = await insertManyReturning(
    db,
    indicatorValues,
    accepted.map((item) => item.fields),
  );
  const rows = new Map(inserted.map((row) => [`${row.indicatorId}|${row.period}`, row]));
  await recordAuditEvents({
    db,
    actor,
    events: accepted.map(({ key, indicator, action }) => {
      const row = rows.get(key) as IndicatorValueRow;
      return {
        source,
        action,
        entityType: "indicator_value",
        entityId: row.id,
        agreementId: indicator.agreementId,
        after: auditedValue(row),
      };
    }),
  });
  for (const { index, key } of accepted) answers.made(index, rows.get(key) as IndicatorValueRow);
  return answers.all();
}

/** `indicatorId|period` → the stored value's review state and version. */
async function storedPeriods(db: Executor, indicatorIds: string[]) {
  const stored = new Map<string, { status: string; version: number }>();
  for (const some of chunks(indicatorIds, 5000))
    for (const row of await db
      .select({
        indicatorId: indicatorValues.indicatorId,
        period: indicatorValues.period,
        status: indicatorValues.status,
        version: indicatorValues.version,
      })
      .from(indicatorValues)
      .where(inArray(indicatorValues.indicatorId, some)))
      stored.set(`${row.indicatorId}|${row.period}`, row);
  return stored;
}
