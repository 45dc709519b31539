import {
  type AgreementFacts,
  type IndicatorFacts,
  type IndicatorFigures,
  indicatorFigures,
  timeElapsed,
} from "../domain/figures.js";
import type { IndicatorAgreement, IndicatorRow, ListedValue } from "./indicators.types.js";

/**
 * The bridge from rows to src/domain/figures.ts: the facts it wants, and the figures as it
 * computes them (with the agreement's start and time elapsed standing in for missing dates,
 * exactly as agreementFigures does), so that a page never shows a figure computed another way.
 */

export function indicatorFacts(indicator: IndicatorRow, values: ListedValue[]): IndicatorFacts {
  return {
    direction: indicator.direction,
    baselineValue: Number(indicator.baselineValue),
    baselineOn: indicator.baselineOn,
    targetValue: Number(indicator.targetValue),
    targetOn: indicator.targetOn,
    frequency: indicator.frequency,
    aggregation: indicator.aggregation,
    values: values.map((value) => ({ period: value.period, value: value.value, status: value.status })),
  };
}

export function agreementFacts(agreement: IndicatorAgreement): AgreementFacts {
  return {
    status: agreement.status,
    signedOn: agreement.signedOn,
    effectiveOn: agreement.effectiveOn,
    expiresOn: agreement.expiresOn,
    durationMonths: agreement.durationMonths,
    renewal: agreement.renewal,
    renewalNoticeDays: agreement.renewalNoticeDays,
  };
}

export function figuresOf(facts: IndicatorFacts, agreement: AgreementFacts, today: string): IndicatorFigures {
  return indicatorFigures(facts, today, {
    start: agreement.effectiveOn ?? agreement.signedOn,
    elapsed: timeElapsed(agreement, today),
  });
}
