import { and, eq } from "drizzle-orm";
import { assertCanReadAgreement } from "../access/agreement-access.js";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { isOwnedBy } from "../db/owners.js";
import { insertOne, loadRowById } from "../db/rows.js";
import { indicatorValues } from "../db/schema/index.js";
import { agreementDocumentOwners } from "../documents/document-owners.js";
import { periodBounds, periodKey, todayInMorocco } from "../domain/figures.js";
import { isPeriodOf } from "../domain/periods.js";
import type { Actor } from "../shared/actor.js";
import {
  AppError,
  assertSameVersion,
  type FieldIssue,
  notFound,
  staleVersionError,
  validationError,
} from "../shared/errors.js";
import { issuesFromZod, parseInput } from "../shared/validation.js";
import {
  assertCanEnterValues,
  assertCanReview,
  assertMayEnterSomeValues,
  valuePolicy,
} from "./indicator-values.policy.js";
import {
  PERIOD_PATTERN,
  type ReviewInput,
  reviewInputSchema,
  type ValueData,
  type ValueInput,
  valueInputSchema,
} from "./indicators.input.js";
import { auditedValue } from "./indicators.presenter.js";
import { loadIndicatorRow, readableIndicator } from "./indicators.queries.js";
import type { IndicatorRow, IndicatorValueRow } from "./indicators.types.js";

/*
 * A period's value: entered by the staff (it counts at once) or submitted by the responsible
 * organisation's focal point (it counts once the secretariat approves it, or comes back with
 * a reason to correct). One row per indicator and period, replaced in place with its version.
 */

const reason = (key: string) => `indicators.reasons.${key}`;

/**
 * The indicator whose values the actor wants to enter: refused (not found) when its agreement
 * is out of reach, (forbidden) when the actor does not report it. Before any input is read.
 */
export async function assertCanEnterValuesOf({
  db,
  actor,
  indicatorId,
}: {
  db: Executor;
  actor: Actor;
  indicatorId: string;
}): Promise<IndicatorRow> {
  assertMayEnterSomeValues(actor);
  const indicator = await readableIndicator({ db, actor, id: indicatorId });
  assertCanEnterValues(actor, indicator);
  return indicator;
}

const wrongPeriodReasons: Record<IndicatorRow["frequency"], string> = {
  quarterly: "notAQuarter",
  half_yearly: "notAHalfYear",
  yearly: "notAYear",
};

/** The period must be the indicator's kind, begun by today, and not before the baseline's period. */
function checkPeriod(indicator: IndicatorRow, period: string, today: string): FieldIssue | undefined {
  if (!isPeriodOf(indicator.frequency, period)) {
    return {
      field: "period",
      message: `is not a ${indicator.frequency.replace("_", "-")} period (like ${periodKey(indicator.frequency, today)})`,
      reason: reason(wrongPeriodReasons[indicator.frequency]),
    };
  }
  const bounds = periodBounds(period);
  if (bounds.start > today) {
    return { field: "period", message: "has not begun yet", reason: reason("periodInFuture") };
  }
  if (
    indicator.baselineOn &&
    bounds.end < periodBounds(periodKey(indicator.frequency, indicator.baselineOn)).start
  ) {
    return {
      field: "period",
      message: "ends before the baseline date's period",
      reason: reason("periodBeforeBaseline"),
    };
  }
  return undefined;
}

/**
 * The input, validated: every faulty field at once, the period's rules included even when
 * another field is wrong, so that the person corrects everything in one go. `owners` holds the
 * agreement of the evidence document named (agreementDocumentOwners).
 */
export function checkedValueInput(
  indicator: IndicatorRow,
  input: ValueInput,
  today: string,
  owners: Map<string, string>,
): ValueData {
  const parsed = valueInputSchema.safeParse(input);
  const issues = parsed.success ? [] : issuesFromZod(parsed.error);
  const period = typeof input.period === "string" ? input.period.trim() : "";
  if (PERIOD_PATTERN.test(period)) {
    const issue = checkPeriod(indicator, period, today);
    if (issue) issues.push(issue);
  }
  const evidence = parsed.success ? parsed.data.evidenceDocumentId : undefined;
  if (evidence && !isOwnedBy(owners, evidence, indicator.agreementId))
    issues.push({
      field: "evidenceDocumentId",
      message: "must be one of the agreement's documents",
      reason: reason("notThisAgreementsDocument"),
    });
  if (!parsed.success || issues.length) throw validationError(issues);
  return parsed.data;
}

/** A review state carried over from elsewhere (see enterIndicatorValue's `kept`). */
export type KeptReview = { status: "submitted" } | { status: "returned"; returnReason: string | null };

/** The columns an entry writes, and the audit action it is, as the actor enters it. */
export function enteredFields(actor: Actor, data: ValueData, kept: KeptReview | undefined, now: Date) {
  const needsReview = valuePolicy.entriesNeedReview(actor);
  const keep = needsReview ? undefined : kept;
  const bounds = periodBounds(data.period);
  const unreviewed = needsReview || keep?.status === "submitted";
  return {
    fields: {
      periodStart: bounds.start,
      periodEnd: bounds.end,
      value: String(data.value),
      source: data.source ?? "",
      comment: data.comment ?? "",
      evidenceDocumentId: data.evidenceDocumentId ?? null,
      status: keep?.status ?? (needsReview ? ("submitted" as const) : ("approved" as const)),
      returnReason: keep?.status === "returned" ? keep.returnReason : null,
      enteredBy: actor.id,
      enteredAt: now,
      reviewedBy: unreviewed ? null : actor.id,
      reviewedAt: unreviewed ? null : now,
    },
    action: unreviewed ? "indicator_value.submit" : "indicator_value.enter",
  };
}

/** Entering a period that already has a value: why not (no version sent; approved and the actor not staff). */
export function periodTakenError(actor: Actor, period: string, stored: { status: string; version: number }) {
  if (valuePolicy.entriesNeedReview(actor) && stored.status === "approved")
    return new AppError("forbidden", "This value was approved; only the secretariat may change it", {
      issues: [
        {
          field: "period",
          message: "has an approved value, which only the secretariat may change",
          reason: reason("approvedLocked"),
        },
      ],
    });
  return new AppError(
    "conflict",
    `The period ${period} already has a value; send its version to replace it`,
    {
      issues: [
        {
          field: "version",
          message: `is required: ${period} already has a value (version ${stored.version})`,
          reason: reason("periodHasValue"),
          values: { stored: stored.version },
        },
      ],
    },
  );
}

/**
 * Enters (staff) or submits (the responsible focal point) the value of one period. A period
 * that already has a value is replaced in place, as of `input.version` (required then; stale
 * is a conflict). A focal point replaces submitted and returned values, never approved ones.
 * `created` says whether the period had no value before.
 */
export async function enterIndicatorValue({
  db,
  actor,
  indicatorId,
  input,
  today = todayInMorocco(),
  kept,
  source,
}: {
  db: Executor;
  actor: Actor;
  indicatorId: string;
  input: ValueInput;
  /** Casablanca's date, for tests */
  today?: string;
  /**
   * A review state carried over from elsewhere (the spreadsheet import: a value exported as
   * submitted or returned stays so); only the staff's entries, which need no review, keep one.
   */
  kept?: KeptReview;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
}): Promise<{ row: IndicatorValueRow; created: boolean }> {
  const indicator = await assertCanEnterValuesOf({ db, actor, indicatorId });
  const data = checkedValueInput(
    indicator,
    input,
    today,
    await agreementDocumentOwners(db, [input.evidenceDocumentId]),
  );
  const { fields, action } = enteredFields(actor, data, kept, new Date());

  return db.transaction(async (tx) => {
    // Lock the indicator: a concurrent change of its frequency or deletion waits for this value.
    await loadIndicatorRow(tx, indicatorId, true);
    const [before] = await tx
      .select()
      .from(indicatorValues)
      .where(and(eq(indicatorValues.indicatorId, indicatorId), eq(indicatorValues.period, data.period)))
      .for("update");
    if (!before) {
      const row = await insertOne(
        tx
          .insert(indicatorValues)
          .values({ indicatorId, period: data.period, ...fields })
          .returning(),
      );
      await recordAuditEvent({
        db: tx,
        source,
        actor,
        action,
        entityType: "indicator_value",
        entityId: row.id,
        after: auditedValue(row),
      });
      return { row, created: true };
    }
    const locked = valuePolicy.entriesNeedReview(actor) && before.status === "approved";
    if (locked || data.version === undefined) throw periodTakenError(actor, data.period, before);
    assertSameVersion("The value", data.version, before.version);
    const [row] = await tx
      .update(indicatorValues)
      .set({ ...fields, version: before.version + 1 })
      .where(and(eq(indicatorValues.id, before.id), eq(indicatorValues.version, data.version)))
      .returning();
    if (!row) throw staleVersionError("The value", data.version, before.version + 1);
    await recordAuditEvent({
      db: tx,
      source,
      actor,
      action,
      entityType: "indicator_value",
      entityId: row.id,
      before: auditedValue(before),
      after: auditedValue(row),
    });
    return { row, created: false };
  });
}

const loadValueRow = (db: Executor, id: string, forUpdate = false): Promise<IndicatorValueRow> =>
  loadRowById(db, indicatorValues, id, "Indicator value", forUpdate);

/** A value's indicator, if the actor may read its agreement (else "not found"). */
export async function readableValue({ db, actor, id }: { db: Executor; actor: Actor; id: string }) {
  const value = await loadValueRow(db, id);
  const indicator = await loadIndicatorRow(db, value.indicatorId);
  await assertCanReadAgreement({ db, actor, id: indicator.agreementId }).catch(() => {
    throw notFound("Indicator value", id);
  });
  return { value, indicator };
}

/**
 * Approves a submitted value (it counts from now on) or returns it with a reason (its
 * focal point corrects it). The staff only, as of `input.version`; a value is reviewed once.
 */
export async function reviewIndicatorValue({
  db,
  actor,
  valueId,
  input,
}: {
  db: Executor;
  actor: Actor;
  valueId: string;
  input: ReviewInput;
}): Promise<{ row: IndicatorValueRow; indicator: IndicatorRow }> {
  assertCanReview(actor);
  await readableValue({ db, actor, id: valueId });
  const data = parseInput(reviewInputSchema, input);
  return db.transaction(async (tx) => {
    const before = await loadValueRow(tx, valueId, true);
    const indicator = await loadIndicatorRow(tx, before.indicatorId);
    if (before.status !== "submitted") {
      throw new AppError("invalid_transition", `This value is ${before.status}, not waiting for review`, {
        issues: [
          {
            field: "decision",
            message: `cannot be made: the value is ${before.status}, not submitted`,
            reason: reason(before.status === "approved" ? "alreadyApproved" : "alreadyReturned"),
          },
        ],
      });
    }
    assertSameVersion("The value", data.version, before.version);
    const approve = data.decision === "approve";
    const [row] = await tx
      .update(indicatorValues)
      .set({
        status: approve ? "approved" : "returned",
        returnReason: approve ? null : (data.reason ?? null),
        reviewedBy: actor.id,
        reviewedAt: new Date(),
        version: before.version + 1,
      })
      .where(and(eq(indicatorValues.id, valueId), eq(indicatorValues.version, data.version)))
      .returning();
    if (!row) throw staleVersionError("The value", data.version, before.version + 1);
    await recordAuditEvent({
      db: tx,
      actor,
      action: approve ? "indicator_value.approve" : "indicator_value.return",
      entityType: "indicator_value",
      entityId: valueId,
      before: auditedValue(before),
      after: auditedValue(row),
    });
    return { row, indicator };
  });
}
