import { z } from "zod";
import { isoDate } from "../agreements/agreements.input.js";
import { indicatorAggregations, indicatorDirections, indicatorFrequencies } from "../db/schema/index.js";
import { cleanText, localizedTextSchema } from "../shared/localized.js";
import { blankToUndefined } from "../shared/validation.js";

/*
 * What an indicator, a period's value and a review may hold. Rules between fields that need
 * no database (a target on the right side of the baseline, dates in order) are here; those
 * that do (the objective is the agreement's, the responsible party is a party, the period is
 * the indicator's) are the services'.
 */

export const MAX_NAME_LENGTH = 300;
export const MAX_UNIT_LENGTH = 60;
export const MAX_SOURCE_LENGTH = 300;
export const MAX_COMMENT_LENGTH = 2000;
export const MAX_REASON_LENGTH = 1000;
/** numeric(18, 4): fourteen digits before the point, four after */
export const MAX_ABSOLUTE_VALUE = 1e14;
export const DECIMALS = 4;

const reason = (key: string) => ({ reason: `indicators.reasons.${key}` });

/**
 * "12,5", "1 250.75" and 12.5 as a number. Spaces (also the narrow no-break ones French
 * numbers are written with) group digits; a lone comma is a decimal point.
 */
export function parseDecimal(input: unknown): number | undefined {
  if (typeof input === "number") return Number.isFinite(input) ? input : undefined;
  if (typeof input !== "string") return undefined;
  let text = input.replace(/[\s\u00a0\u202f]/g, "");
  if (!text.includes(".") && (text.match(/,/g) ?? []).length === 1) text = text.replace(",", ".");
  if (!/^[-+]?\d+(\.\d+)?$/.test(text)) return undefined;
  return Number(text);
}

const decimalPlaces = (value: number) => {
  const [, fraction = ""] = String(value).split(".");
  return /e/i.test(String(value)) ? Number.POSITIVE_INFINITY : fraction.length;
};

/** A decimal number, from JSON or from a form's text, with at most four decimals. */
export const decimalSchema = z.unknown().transform((input, ctx): number => {
  if (input === undefined || input === null || (typeof input === "string" && input.trim() === "")) {
    ctx.addIssue({ code: "custom", message: "is required", params: { reason: "required" } });
    return z.NEVER;
  }
  const value = parseDecimal(input);
  if (value === undefined) {
    ctx.addIssue({ code: "custom", message: "must be a number, like 12.5", params: reason("notADecimal") });
    return z.NEVER;
  }
  if (Math.abs(value) >= MAX_ABSOLUTE_VALUE) {
    ctx.addIssue({ code: "custom", message: "is too large", params: { reason: "tooLarge" } });
    return z.NEVER;
  }
  if (decimalPlaces(value) > DECIMALS) {
    ctx.addIssue({
      code: "custom",
      message: `may have at most ${DECIMALS} decimals`,
      params: reason("tooManyDecimals"),
    });
    return z.NEVER;
  }
  // -0 and +0 are the same value; the database would say "0" anyway.
  return value === 0 ? 0 : value;
});

const optionalText = (max: number) => z.preprocess(blankToUndefined, cleanText(max).optional());
const versionSchema = z.coerce.number().int().min(1);

const indicatorShape = {
  /** exactly one of objectiveId and activityId: what the indicator measures */
  objectiveId: z.preprocess(blankToUndefined, z.uuid().nullish()),
  activityId: z.preprocess(blankToUndefined, z.uuid().nullish()),
  name: localizedTextSchema(MAX_NAME_LENGTH),
  unit: localizedTextSchema(MAX_UNIT_LENGTH),
  direction: z.enum(indicatorDirections),
  baselineValue: decimalSchema,
  baselineOn: isoDate,
  targetValue: decimalSchema,
  targetOn: isoDate,
  frequency: z.enum(indicatorFrequencies),
  aggregation: z.enum(indicatorAggregations),
  /** the party whose focal point reports the values */
  responsibleOrganizationId: z.uuid(),
};

type IndicatorFields = {
  objectiveId?: string | null;
  activityId?: string | null;
  direction: (typeof indicatorDirections)[number];
  baselineValue: number;
  targetValue: number;
  baselineOn: string;
  targetOn: string;
};

/** The rules across fields: one thing measured, a target beyond the baseline, dates in order. */
function checkIndicator(value: IndicatorFields, ctx: z.RefinementCtx) {
  if (Boolean(value.objectiveId) === Boolean(value.activityId)) {
    ctx.addIssue({
      code: "custom",
      path: ["objectiveId"],
      message: "name exactly one objective or one activity that the indicator measures",
      params: reason("measuresOne"),
    });
  }
  if (value.targetValue === value.baselineValue) {
    ctx.addIssue({
      code: "custom",
      path: ["targetValue"],
      message: "must differ from the baseline value",
      params: reason("targetEqualsBaseline"),
    });
  } else if (value.direction === "increase" && value.targetValue < value.baselineValue) {
    ctx.addIssue({
      code: "custom",
      path: ["targetValue"],
      message: "must be above the baseline value for an indicator that should increase",
      params: reason("targetBelowBaseline"),
    });
  } else if (value.direction === "decrease" && value.targetValue > value.baselineValue) {
    ctx.addIssue({
      code: "custom",
      path: ["targetValue"],
      message: "must be below the baseline value for an indicator that should decrease",
      params: reason("targetAboveBaseline"),
    });
  }
  if (value.targetOn < value.baselineOn) {
    ctx.addIssue({
      code: "custom",
      path: ["targetOn"],
      message: "must not be before the baseline date",
      params: reason("targetBeforeBaseline"),
    });
  }
}

export const indicatorInputSchema = z.object(indicatorShape).strict().superRefine(checkIndicator);
export type IndicatorInput = z.input<typeof indicatorInputSchema>;
export type IndicatorData = z.output<typeof indicatorInputSchema>;

export const indicatorUpdateSchema = z
  .object({ ...indicatorShape, version: versionSchema })
  .strict()
  .superRefine(checkIndicator);
export type IndicatorUpdateInput = z.input<typeof indicatorUpdateSchema>;

/** "2026" (yearly), "2026-H1" (half-yearly), "2026-Q3" (quarterly). */
export const PERIOD_PATTERN = /^\d{4}(-(H[12]|Q[1-4]))?$/;

export const valueInputSchema = z
  .object({
    period: z
      .string()
      .trim()
      .refine((period) => PERIOD_PATTERN.test(period), {
        message: "must be a period like 2026, 2026-H1 or 2026-Q3",
        params: reason("periodFormat"),
      }),
    value: decimalSchema,
    source: optionalText(MAX_SOURCE_LENGTH),
    /** internal: never shown to the public */
    comment: optionalText(MAX_COMMENT_LENGTH),
    evidenceDocumentId: z.preprocess(blankToUndefined, z.uuid().nullish()),
    /** the version of the period's value being replaced; none for a first value */
    version: z.preprocess(blankToUndefined, versionSchema.optional()),
  })
  .strict();
export type ValueInput = z.input<typeof valueInputSchema>;
export type ValueData = z.output<typeof valueInputSchema>;

export const reviewDecisions = ["approve", "return"] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];

export const reviewInputSchema = z
  .object({
    decision: z.enum(reviewDecisions),
    /** why a value is returned: required then, and shown to the partner */
    reason: optionalText(MAX_REASON_LENGTH),
    version: versionSchema,
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.decision === "return" && !value.reason) {
      ctx.addIssue({
        code: "custom",
        path: ["reason"],
        message: "is required to return a value: say what should be corrected",
        params: reason("returnReasonRequired"),
      });
    }
  });
export type ReviewInput = z.input<typeof reviewInputSchema>;
