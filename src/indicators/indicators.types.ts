import type {
  AgreementStatus,
  IndicatorValueStatus,
  indicators,
  indicatorValues,
  RenewalMode,
  Visibility,
} from "../db/schema/index.js";
import type { LocalizedText } from "../shared/localized.js";

/** The shapes the indicators' queries hand to presenters, views and other modules. */

export type IndicatorRow = typeof indicators.$inferSelect;
export type IndicatorValueRow = typeof indicatorValues.$inferSelect;

/** What anyone who may read the agreement sees of a value (approved ones only, for the public). */
export interface PublicValue {
  id: string;
  indicatorId: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  value: number;
  source: string;
  status: IndicatorValueStatus;
  version: number;
}

/** What only those whose scope reaches the agreement see: never on the portal. */
export interface ValueInternals {
  comment: string;
  evidence: { id: string; title: LocalizedText; fileName: string } | null;
  returnReason: string | null;
  enteredBy: string;
  enteredByName: string | null;
  enteredAt: Date;
  reviewedBy: string | null;
  reviewedByName: string | null;
  reviewedAt: Date | null;
}

/** A listed value; `internal` is absent from the public view. */
export interface ListedValue extends PublicValue {
  internal?: ValueInternals;
}

/** What the indicator measures: one of its agreement's objectives, or one of its activities. */
export interface Measured {
  kind: "objective" | "activity";
  id: string;
  text: LocalizedText;
  /** an objective's place in the agreement's list (0-based) */
  position: number | null;
}

/** The agreement facts the figures need (its term, for a missing baseline or target date). */
export interface IndicatorAgreement {
  id: string;
  reference: string;
  title: LocalizedText;
  visibility: Visibility;
  status: AgreementStatus;
  signedOn: string | null;
  effectiveOn: string | null;
  expiresOn: string | null;
  durationMonths: number | null;
  renewal: RenewalMode;
  renewalNoticeDays: number | null;
}

/** An indicator with its values as the actor may see them. */
export interface IndicatorWithValues extends IndicatorRow {
  measures: Measured;
  responsibleOrganizationName: LocalizedText;
  values: ListedValue[];
  /** whether the actor sees the inside (every value, comments, review states) */
  internal: boolean;
}

export interface IndicatorDetail extends IndicatorWithValues {
  agreement: IndicatorAgreement;
}

/** A value in a work list ("my work"): with its indicator and agreement, to link and name them. */
export interface ValueWorkItem {
  value: IndicatorValueRow;
  indicator: { id: string; name: LocalizedText; unit: LocalizedText; frequency: IndicatorRow["frequency"] };
  agreement: { id: string; reference: string; title: LocalizedText };
}
