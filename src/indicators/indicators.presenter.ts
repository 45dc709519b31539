import type { IndicatorFigures } from "../domain/figures.js";
import type {
  IndicatorRow,
  IndicatorValueRow,
  IndicatorWithValues,
  ListedValue,
  ValueWorkItem,
} from "./indicators.types.js";

/** The JSON shapes of indicators and values (the API's schemas in indicators.api.ts describe them). */

export function presentValue(value: ListedValue) {
  const shown = {
    id: value.id,
    indicatorId: value.indicatorId,
    period: value.period,
    periodStart: value.periodStart,
    periodEnd: value.periodEnd,
    value: value.value,
    source: value.source,
    status: value.status,
    version: value.version,
  };
  const inside = value.internal;
  if (!inside) return shown;
  return {
    ...shown,
    comment: inside.comment,
    evidenceDocumentId: inside.evidence?.id ?? null,
    returnReason: inside.returnReason,
    enteredBy: inside.enteredBy,
    enteredByName: inside.enteredByName,
    enteredAt: inside.enteredAt.toISOString(),
    reviewedBy: inside.reviewedBy,
    reviewedByName: inside.reviewedByName,
    reviewedAt: inside.reviewedAt?.toISOString() ?? null,
  };
}

export function presentFigures(figures: IndicatorFigures) {
  return {
    actual: figures.actual,
    achievement: figures.achievement,
    expected: figures.expected,
    status: figures.status,
    duePeriods: figures.duePeriods,
    missingPeriods: figures.missingPeriods,
    awaitingReview: figures.awaitingReview,
  };
}

export function presentIndicator(indicator: IndicatorWithValues, figures: IndicatorFigures) {
  return {
    id: indicator.id,
    agreementId: indicator.agreementId,
    objectiveId: indicator.objectiveId,
    activityId: indicator.activityId,
    name: indicator.name,
    unit: indicator.unit,
    direction: indicator.direction,
    baselineValue: Number(indicator.baselineValue),
    baselineOn: indicator.baselineOn,
    targetValue: Number(indicator.targetValue),
    targetOn: indicator.targetOn,
    frequency: indicator.frequency,
    aggregation: indicator.aggregation,
    responsibleOrganizationId: indicator.responsibleOrganizationId,
    version: indicator.version,
    figures: presentFigures(figures),
    values: indicator.values.map(presentValue),
  };
}

export function presentWorkItem(item: ValueWorkItem) {
  return {
    valueId: item.value.id,
    period: item.value.period,
    value: Number(item.value.value),
    status: item.value.status,
    returnReason: item.value.returnReason,
    enteredAt: item.value.enteredAt.toISOString(),
    version: item.value.version,
    indicator: item.indicator,
    agreement: item.agreement,
  };
}

/** What the audit log keeps of an indicator. */
export function auditedIndicator(row: IndicatorRow) {
  return {
    agreementId: row.agreementId,
    objectiveId: row.objectiveId,
    activityId: row.activityId,
    name: row.name,
    unit: row.unit,
    direction: row.direction,
    baselineValue: row.baselineValue,
    baselineOn: row.baselineOn,
    targetValue: row.targetValue,
    targetOn: row.targetOn,
    frequency: row.frequency,
    aggregation: row.aggregation,
    responsibleOrganizationId: row.responsibleOrganizationId,
    version: row.version,
  };
}

/** What the audit log keeps of a value (the comment too: the log is internal). */
export function auditedValue(row: IndicatorValueRow) {
  return {
    indicatorId: row.indicatorId,
    period: row.period,
    value: row.value,
    source: row.source,
    comment: row.comment,
    evidenceDocumentId: row.evidenceDocumentId,
    status: row.status,
    returnReason: row.returnReason,
    enteredBy: row.enteredBy,
    reviewedBy: row.reviewedBy,
    version: row.version,
  };
}
