import { and, asc, count, eq, inArray, isNull, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { assertCanReadAgreement, readableAgreementsCondition } from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import { loadRowById } from "../db/rows.js";
import {
  activities,
  agreements,
  agreementTermColumns,
  documents,
  indicators,
  indicatorValues,
  objectives,
  organizations,
  users,
} from "../db/schema/index.js";
import { type Actor, isStaff } from "../shared/actor.js";
import { notFound } from "../shared/errors.js";
import { seesInternalValues } from "./indicators.policy.js";
import type {
  IndicatorAgreement,
  IndicatorDetail,
  IndicatorRow,
  IndicatorWithValues,
  ListedValue,
  ValueWorkItem,
} from "./indicators.types.js";

/** An indicator's row; not found for a malformed id too, never a database error. */
export const loadIndicatorRow = (db: Executor, id: string, forUpdate = false): Promise<IndicatorRow> =>
  loadRowById(db, indicators, id, "Indicator", forUpdate);

/** The indicator, if the actor may read its agreement (else "not found": existence does not leak). */
export async function readableIndicator({ db, actor, id }: { db: Executor; actor: Actor; id: string }) {
  const row = await loadIndicatorRow(db, id);
  await assertCanReadAgreement({ db, actor, id: row.agreementId }).catch(() => {
    throw notFound("Indicator", id);
  });
  return row;
}

const enteredUser = alias(users, "entered_user");
const reviewedUser = alias(users, "reviewed_user");

/**
 * The values of some indicators, oldest period first. The public view holds approved values
 * only, and none of their internal fields: what is not selected cannot be shown by mistake.
 */
async function valuesOf(db: Executor, indicatorIds: string[], internal: boolean) {
  const byIndicator = new Map<string, ListedValue[]>(indicatorIds.map((id) => [id, []]));
  if (!indicatorIds.length) return byIndicator;
  const rows = await db
    .select({
      value: indicatorValues,
      enteredByName: enteredUser.name,
      reviewedByName: reviewedUser.name,
      evidenceTitle: documents.title,
      evidenceFileName: documents.fileName,
    })
    .from(indicatorValues)
    .leftJoin(enteredUser, eq(enteredUser.id, indicatorValues.enteredBy))
    .leftJoin(reviewedUser, eq(reviewedUser.id, indicatorValues.reviewedBy))
    .leftJoin(
      documents,
      and(eq(documents.id, indicatorValues.evidenceDocumentId), isNull(documents.deletedAt)),
    )
    .where(
      and(
        inArray(indicatorValues.indicatorId, indicatorIds),
        internal ? undefined : eq(indicatorValues.status, "approved"),
      ),
    )
    .orderBy(asc(indicatorValues.periodStart));
  for (const row of rows) {
    const { value } = row;
    const listed: ListedValue = {
      id: value.id,
      indicatorId: value.indicatorId,
      period: value.period,
      periodStart: value.periodStart,
      periodEnd: value.periodEnd,
      value: Number(value.value),
      source: value.source,
      status: value.status,
      version: value.version,
    };
    if (internal) {
      listed.internal = {
        comment: value.comment,
        evidence:
          value.evidenceDocumentId && row.evidenceTitle && row.evidenceFileName
            ? { id: value.evidenceDocumentId, title: row.evidenceTitle, fileName: row.evidenceFileName }
            : null,
        returnReason: value.returnReason,
        enteredBy: value.enteredBy,
        enteredByName: row.enteredByName,
        enteredAt: value.enteredAt,
        reviewedBy: value.reviewedBy,
        reviewedByName: row.reviewedByName,
        reviewedAt: value.reviewedAt,
      };
    }
    byIndicator.get(value.indicatorId)?.push(listed);
  }
  return byIndicator;
}

/** One value as its writer sees it after a change (the writer may see its inside). */
export async function loadWrittenValue(
  db: Executor,
  indicatorId: string,
  valueId: string,
): Promise<ListedValue> {
  const listed = (await valuesOf(db, [indicatorId], true))
    .get(indicatorId)
    ?.find((value) => value.id === valueId);
  if (!listed) throw notFound("Indicator value", valueId);
  return listed;
}

/** Indicators (of one agreement) with what they measure and who reports them, in a stable order. */
async function indicatorsWhere(db: Executor, where: SQL) {
  const rows = await db
    .select({
      indicator: indicators,
      objectiveText: objectives.text,
      objectivePosition: objectives.position,
      activityTitle: activities.title,
      organizationName: organizations.name,
    })
    .from(indicators)
    .leftJoin(objectives, eq(objectives.id, indicators.objectiveId))
    .leftJoin(activities, eq(activities.id, indicators.activityId))
    .innerJoin(organizations, eq(organizations.id, indicators.responsibleOrganizationId))
    .where(where)
    .orderBy(
      asc(objectives.position),
      asc(activities.plannedStart),
      asc(indicators.createdAt),
      asc(indicators.id),
    );
  return rows.map((row) => ({
    ...row.indicator,
    measures: row.indicator.objectiveId
      ? {
          kind: "objective" as const,
          id: row.indicator.objectiveId,
          text: row.objectiveText ?? {},
          position: row.objectivePosition,
        }
      : {
          kind: "activity" as const,
          id: row.indicator.activityId ?? "",
          text: row.activityTitle ?? {},
          position: null,
        },
    responsibleOrganizationName: row.organizationName,
  }));
}

/**
 * An agreement's indicators with their values, for the workspace, the portal and the API.
 * `publicOnly` (the portal) gives what the public sees whoever asks: approved values, no
 * comments; otherwise the actor's scope decides (see seesInternalValues).
 */
export async function listAgreementIndicators({
  db,
  actor,
  agreementId,
  publicOnly = false,
}: {
  db: Executor;
  actor: Actor;
  agreementId: string;
  publicOnly?: boolean;
}): Promise<IndicatorWithValues[]> {
  await assertCanReadAgreement({ db, actor, id: agreementId });
  const internal = !publicOnly && (await seesInternalValues({ db, actor, agreementId }));
  const rows = await indicatorsWhere(db, eq(indicators.agreementId, agreementId));
  const values = await valuesOf(
    db,
    rows.map((row) => row.id),
    internal,
  );
  return rows.map((row) => ({ ...row, values: values.get(row.id) ?? [], internal }));
}

const agreementColumns = {
  id: agreements.id,
  reference: agreements.reference,
  title: agreements.title,
  visibility: agreements.visibility,
  ...agreementTermColumns,
};

export async function loadIndicatorAgreement(db: Executor, agreementId: string): Promise<IndicatorAgreement> {
  const [row] = await db.select(agreementColumns).from(agreements).where(eq(agreements.id, agreementId));
  if (!row) throw notFound("Agreement", agreementId);
  return row;
}

/** One indicator with its values and its agreement, as the actor may see them. */
export async function getIndicator({
  db,
  actor,
  id,
}: {
  db: Executor;
  actor: Actor;
  id: string;
}): Promise<IndicatorDetail> {
  const row = await readableIndicator({ db, actor, id });
  const internal = await seesInternalValues({ db, actor, agreementId: row.agreementId });
  const [listed] = await indicatorsWhere(db, eq(indicators.id, id));
  if (!listed) throw notFound("Indicator", id);
  const values = await valuesOf(db, [id], internal);
  return {
    ...listed,
    values: values.get(id) ?? [],
    internal,
    agreement: await loadIndicatorAgreement(db, row.agreementId),
  };
}

/** The agreement's activities an indicator may measure, for the form's choice. */
export async function listActivityChoices(db: Executor, agreementId: string) {
  return db
    .select({ id: activities.id, title: activities.title })
    .from(activities)
    .where(eq(activities.agreementId, agreementId))
    .orderBy(asc(activities.plannedStart), asc(activities.createdAt));
}

/** Values in a work list, with their indicator and agreement, oldest entry first. */
async function valueWorkList(db: Executor, where: SQL, limit: number, known?: number) {
  const [items, [total]] = await Promise.all([
    db
      .select({
        value: indicatorValues,
        indicator: {
          id: indicators.id,
          name: indicators.name,
          unit: indicators.unit,
          frequency: indicators.frequency,
        },
        agreement: { id: agreements.id, reference: agreements.reference, title: agreements.title },
      })
      .from(indicatorValues)
      .innerJoin(indicators, eq(indicators.id, indicatorValues.indicatorId))
      .innerJoin(agreements, eq(agreements.id, indicators.agreementId))
      .where(where)
      .orderBy(asc(indicatorValues.enteredAt), asc(indicatorValues.id))
      .limit(limit),
    known === undefined
      ? db
          .select({ count: count() })
          .from(indicatorValues)
          .innerJoin(indicators, eq(indicators.id, indicatorValues.indicatorId))
          .innerJoin(agreements, eq(agreements.id, indicators.agreementId))
          .where(where)
      : [{ count: known }],
  ]);
  return { items: items satisfies ValueWorkItem[], total: total?.count ?? 0 };
}

/**
 * The values waiting for the secretariat's review, oldest first: every submitted value in the
 * staff's scope; nothing for anyone else (only the staff review).
 */
export async function listValuesAwaitingReview({
  db,
  actor,
  limit = 50,
  total,
}: {
  db: Executor;
  actor: Actor;
  limit?: number;
  /** how many there are, when the caller knows already (the kept standings count them): not counted again */
  total?: number;
}): Promise<{ items: ValueWorkItem[]; total: number }> {
  if (!isStaff(actor)) return { items: [], total: 0 };
  return valueWorkList(
    db,
    and(eq(indicatorValues.status, "submitted"), readableAgreementsCondition(actor)) as SQL,
    limit,
    total,
  );
}

/** A focal point's values returned by the secretariat, to correct: its organisation's indicators only. */
export async function listReturnedValues({
  db,
  actor,
  limit = 50,
}: {
  db: Executor;
  actor: Actor;
  limit?: number;
}): Promise<{ items: ValueWorkItem[]; total: number }> {
  if (actor.role !== "focal_point" || !actor.organizationId) return { items: [], total: 0 };
  return valueWorkList(
    db,
    and(
      eq(indicatorValues.status, "returned"),
      eq(indicators.responsibleOrganizationId, actor.organizationId),
      readableAgreementsCondition(actor),
    ) as SQL,
    limit,
  );
}
