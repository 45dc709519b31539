/**
 * The indicators and indicator values sheets, written through the indicators module's services.
 * A value keeps the review state the file gives it: "submitted" waits for the secretariat's
 * review, "returned" stays returned with its reason; "approved" (or no state) is the importing
 * staff member's own entry, which counts at once, reviewed by them, as when they type it in.
 */
import { eq, inArray } from "drizzle-orm";
import { indicators, indicatorValues } from "../db/schema/index.js";
import { enterNewIndicatorValues } from "../indicators/indicator-values.create.js";
import { enterIndicatorValue, type KeptReview } from "../indicators/indicator-values.service.js";
import { createIndicators } from "../indicators/indicators.create.js";
import type { IndicatorInput } from "../indicators/indicators.input.js";
import { updateIndicator } from "../indicators/indicators.service.js";
import { indicatorNumbering } from "../spreadsheets/spreadsheet-follow-up.queries.js";
import { numberKey, numbersOf } from "./spreadsheet-import.activities.js";
import { type FollowUpContext, type FollowUpKind, rowNumber } from "./spreadsheet-import.followup.js";
import { localizedOf, num, text } from "./spreadsheet-rows.js";

export const indicatorKind: FollowUpKind = {
  sheet: "indicators",
  numbering: indicatorNumbering,
  async load({ tx }, agreementIds) {
    const numbers = await numbersOf(tx, indicatorNumbering, agreementIds);
    const rows = await tx.select().from(indicators).where(inArray(indicators.agreementId, agreementIds));
    return rows.map((row) => ({
      id: row.id,
      agreementId: row.agreementId,
      key: `${row.agreementId}|${numbers.get(row.id)}`,
      version: row.version,
      current: {
        objectiveId: row.objectiveId,
        activityId: row.activityId,
        name: row.name,
        unit: row.unit,
        direction: row.direction,
        baselineValue: Number(row.baselineValue),
        baselineOn: row.baselineOn,
        targetValue: Number(row.targetValue),
        targetOn: row.targetOn,
        frequency: row.frequency,
        aggregation: row.aggregation,
        responsibleOrganizationId: row.responsibleOrganizationId,
      },
    }));
  },
  key: numberKey,
  async wanted(ctx, row, agreementId) {
    const objective = text(row, "objective_number");
    const activity = text(row, "activity_number");
    const objectiveId = objective
      ? await ctx.idOf(row, "objective_number", "objectives", agreementId, objective)
      : null;
    const activityId = activity
      ? await ctx.idOf(row, "activity_number", "activities", agreementId, activity)
      : null;
    if (objectiveId === undefined || activityId === undefined) return undefined;
    return {
      objectiveId,
      activityId,
      name: localizedOf(row, "name"),
      unit: localizedOf(row, "unit"),
      direction: text(row, "direction"),
      baselineValue: num(row, "baseline_value"),
      baselineOn: text(row, "baseline_on") ?? null,
      targetValue: num(row, "target_value"),
      targetOn: text(row, "target_on") ?? null,
      frequency: text(row, "frequency"),
      aggregation: text(row, "aggregation"),
      responsibleOrganizationId: ctx.found(row, "responsible_organization"),
    };
  },
  async createMany({ tx, actor, source }, items) {
    const made = await createIndicators({
      db: tx,
      actor,
      source,
      items: items.map(({ agreementId, wanted }) => ({ agreementId, input: wanted as IndicatorInput })),
    });
    return made.map((result) => (result.row ? { id: result.row.id } : { error: result.error }));
  },
  async update({ tx, actor, source }, stored, wanted) {
    await updateIndicator({
      db: tx,
      actor,
      id: stored.id,
      input: { ...(stored.current as IndicatorInput), ...wanted, version: stored.version } as never,
      source,
    });
  },
  columns: {
    objectiveId: "objective_number",
    activityId: "activity_number",
    name: "name_fr",
    unit: "unit_fr",
    direction: "direction",
    baselineValue: "baseline_value",
    baselineOn: "baseline_on",
    targetValue: "target_value",
    targetOn: "target_on",
    frequency: "frequency",
    aggregation: "aggregation",
    responsibleOrganizationId: "responsible_organization",
  },
};

export const indicatorValueKind: FollowUpKind = {
  sheet: "indicator_values",
  async load({ tx }, agreementIds) {
    const rows = await tx
      .select({ value: indicatorValues, agreementId: indicators.agreementId })
      .from(indicatorValues)
      .innerJoin(indicators, eq(indicators.id, indicatorValues.indicatorId))
      .where(inArray(indicators.agreementId, agreementIds));
    return rows.map(({ value, agreementId }) => ({
      id: value.id,
      agreementId,
      key: `${value.indicatorId}|${value.period}`,
      version: value.version,
      current: {
        indicatorId: value.indicatorId,
        period: value.period,
        value: Number(value.value),
        source: value.source,
        comment: value.comment,
        evidenceDocumentId: value.evidenceDocumentId,
        status: value.status,
        returnReason: value.status === "returned" ? value.returnReason : null,
      },
    }));
  },
  async key(ctx, row, agreementId) {
    const number = rowNumber(ctx, row, "indicator_number");
    if (number === undefined) return undefined;
    const indicatorId = await ctx.idOf(row, "indicator_number", "indicators", agreementId, number);
    return indicatorId && `${indicatorId}|${text(row, "period")}`;
  },
  async wanted(ctx, row, agreementId) {
    const indicatorId = await ctx.idOf(
      row,
      "indicator_number",
      "indicators",
      agreementId,
      text(row, "indicator_number") as string,
    );
    if (!indicatorId) return undefined;
    const status = text(row, "status") ?? "approved";
    return {
      indicatorId,
      period: text(row, "period"),
      value: num(row, "value"),
      source: text(row, "source") ?? "",
      comment: text(row, "comment") ?? "",
      status,
      returnReason: status === "returned" ? (text(row, "return_reason") ?? null) : null,
    };
  },
  async createMany({ tx, actor, source }, items) {
    const entered = await enterNewIndicatorValues({
      db: tx,
      actor,
      source,
      items: items.map(({ wanted }) => asEntry(wanted)),
    });
    return entered.map((result) => (result.row ? { id: result.row.id } : { error: result.error }));
  },
  async update(ctx, stored, wanted) {
    await enter(ctx, { evidenceDocumentId: stored.current.evidenceDocumentId, ...wanted }, stored.version);
  },
  columns: { period: "period", value: "value", source: "source", comment: "comment" },
};

/** A row's wanted value as an entry: the review state it was exported in is kept. */
function asEntry(wanted: Record<string, unknown>) {
  const { indicatorId, status, returnReason, ...input } = wanted as {
    indicatorId: string;
    status: string;
    returnReason: string | null;
    period: string;
    value: number;
  };
  const kept: KeptReview | undefined =
    status === "submitted"
      ? { status: "submitted" }
      : status === "returned"
        ? { status: "returned", returnReason }
        : undefined;
  return { indicatorId, input, ...(kept ? { kept } : {}) };
}

async function enter(
  { tx, actor, source }: FollowUpContext,
  wanted: Record<string, unknown>,
  version: number,
) {
  const { indicatorId, input, kept } = asEntry(wanted);
  await enterIndicatorValue({
    db: tx,
    actor,
    indicatorId,
    input: { ...input, version },
    ...(kept ? { kept } : {}),
    source,
  });
}
