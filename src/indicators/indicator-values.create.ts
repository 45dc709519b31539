import { inArray } from "drizzle-orm";
import { assertCanReadAgreement } from "../access/agreement-access.js";
import { recordAuditEvents } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { indicators, indicatorValues } from "../db/schema/index.js";
import { agreementDocumentOwners } from "../documents/document-owners.js";
import { todayInMorocco } from "../domain/figures.js";
import type { Actor } from "../shared/actor.js";
import { chunks } from "../shared/collections.js";
import { AppError, notFound } from "../shared/errors.js";
import { isUuid } from "../shared/validation.js";
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

/** Each value asked for: entered, or refused with the reason its form would give. */
export type ValueEntered =
  | { row: IndicatorValueRow; error?: undefined }
  | { row?: undefined; error: AppError };

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
}): Promise<ValueEntered[]> {
  assertMayEnterSomeValues(actor);
  const results: (ValueEntered | undefined)[] = items.map(() => undefined);
  const refuse = (index: number, error: unknown) => {
    if (!(error instanceof AppError)) throw error;
    results[index] = { error };
  };
  const indicatorIds = [...new Set(items.map((item) => item.indicatorId).filter(isUuid))];
  const indicatorOf = new Map<string, IndicatorRow>();
  // Locked, as one entry locks its indicator: a change of its frequency or its deletion waits.
  for (const some of chunks(indicatorIds, 5000))
    for (const row of await db.select().from(indicators).where(inArray(indicators.id, some)).for("update"))
      indicatorOf.set(row.id, row);
  const unreadable = new Set<string>();
  for (const agreementId of new Set([...indicatorOf.values()].map((row) => row.agreementId)))
    await assertCanReadAgreement({ db, actor, id: agreementId }).catch(() => unreadable.add(agreementId));
  const owners = await agreementDocumentOwners(
    db,
    items.map((item) => item.input.evidenceDocumentId),
  );
  const stored = await storedPeriods(db, indicatorIds);

  const accepted: { index: number; indicator: IndicatorRow; key: string; fields: object; action: string }[] =
    [];
  const now = new Date();
  items.forEach(({ indicatorId, input, kept }, index) => {
    try {
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
      accepted.push({
        index,
        indicator,
        key,
        fields: { indicatorId: indicator.id, period: data.period, ...fields },
        action,
      });
    } catch (error) {
      refuse(index, error);
    }
  });

  const rows = new Map<string, IndicatorValueRow>();
  for (const part of chunks(accepted, 500)) {
    const inserted = await db
      .insert(indicatorValues)
      .values(part.map((item) => item.fields as typeof indicatorValues.$inferInsert))
      .returning();
    for (const row of inserted) rows.set(`${row.indicatorId}|${row.period}`, row);
  }
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
  for (const { index, key } of accepted) results[index] = { row: rows.get(key) as IndicatorValueRow };
  return results as ValueEntered[];
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
