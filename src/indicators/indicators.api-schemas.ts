import { z } from "@hono/zod-openapi";
import { isoDate } from "../agreements/agreements.input.js";
import {
  indicatorAggregations,
  indicatorDirections,
  indicatorFrequencies,
  indicatorValueStatuses,
} from "../db/schema/index.js";
import { localizedTextOut, versionIn } from "../web/openapi.js";
import { reviewDecisions } from "./indicators.input.js";

/*
 * The JSON shapes of the indicators' API, for the OpenAPI document. Bodies are checked here for
 * their types; the services check them again with every rule (indicators.input.ts).
 */

const numberIn = (description: string) => z.number().openapi({ description, example: 12.5 });

export const valueOut = z
  .object({
    id: z.uuid(),
    indicatorId: z.uuid(),
    period: z.string().openapi({ example: "2026-Q1" }),
    periodStart: z.string(),
    periodEnd: z.string(),
    value: z.number(),
    source: z.string(),
    status: z.enum(indicatorValueStatuses),
    version: z.number().int(),
    comment: z.string().optional().openapi({ description: "internal: absent from the public view" }),
    evidenceDocumentId: z.uuid().nullable().optional(),
    returnReason: z.string().nullable().optional(),
    enteredBy: z.string().optional(),
    enteredByName: z.string().nullable().optional(),
    enteredAt: z.string().optional(),
    reviewedBy: z.string().nullable().optional(),
    reviewedByName: z.string().nullable().optional(),
    reviewedAt: z.string().nullable().optional(),
  })
  .openapi("IndicatorValue", {
    description:
      "One period's value. Callers outside the agreement's scope (the public) see approved values only, without the internal fields.",
  });

const figuresOut = z
  .object({
    actual: z.number().nullable().openapi({ description: "from approved values only" }),
    achievement: z.number().nullable().openapi({ description: "(actual − baseline) / (target − baseline)" }),
    expected: z
      .number()
      .nullable()
      .openapi({ description: "the share of the baseline → target time passed" }),
    status: z.enum(["achieved", "on_track", "behind", "far_behind", "no_data"]),
    duePeriods: z.array(z.string()),
    missingPeriods: z.array(z.string()),
    awaitingReview: z.number().int(),
  })
  .openapi("IndicatorFigures");

export const indicatorOut = z
  .object({
    id: z.uuid(),
    agreementId: z.uuid(),
    objectiveId: z.uuid().nullable(),
    activityId: z.uuid().nullable(),
    name: localizedTextOut,
    unit: localizedTextOut,
    direction: z.enum(indicatorDirections),
    baselineValue: z.number(),
    baselineOn: z.string().nullable(),
    targetValue: z.number(),
    targetOn: z.string().nullable(),
    frequency: z.enum(indicatorFrequencies),
    aggregation: z.enum(indicatorAggregations),
    responsibleOrganizationId: z.uuid(),
    version: z.number().int(),
    figures: figuresOut,
    values: z.array(valueOut),
  })
  .openapi("Indicator");

const localizedIn = z
  .object({ ar: z.string().optional(), fr: z.string().optional(), en: z.string().optional() })
  .strict();

const indicatorFieldsIn = {
  objectiveId: z
    .uuid()
    .nullable()
    .optional()
    .openapi({ description: "exactly one of objectiveId and activityId" }),
  activityId: z.uuid().nullable().optional(),
  name: localizedIn,
  unit: localizedIn,
  direction: z.enum(indicatorDirections),
  baselineValue: numberIn("The value at the baseline date (at most 4 decimals)"),
  baselineOn: isoDate,
  targetValue: numberIn("Above the baseline for an increase, below it for a decrease"),
  targetOn: isoDate,
  frequency: z.enum(indicatorFrequencies),
  aggregation: z.enum(indicatorAggregations).openapi({
    description:
      "cumulative: the periods' values add up from the baseline; latest: the last approved value is the state",
  }),
  responsibleOrganizationId: z
    .uuid()
    .openapi({ description: "a party to the agreement; its focal point reports the values" }),
};

export const indicatorIn = z.strictObject(indicatorFieldsIn).openapi("IndicatorInput");

export const indicatorPatchIn = z
  .strictObject({
    version: versionIn,
    objectiveId: indicatorFieldsIn.objectiveId,
    activityId: indicatorFieldsIn.activityId,
    name: localizedIn.optional(),
    unit: localizedIn.optional(),
    direction: indicatorFieldsIn.direction.optional(),
    baselineValue: indicatorFieldsIn.baselineValue.optional(),
    baselineOn: isoDate.optional(),
    targetValue: indicatorFieldsIn.targetValue.optional(),
    targetOn: isoDate.optional(),
    frequency: indicatorFieldsIn.frequency.optional(),
    aggregation: indicatorFieldsIn.aggregation.optional(),
    responsibleOrganizationId: indicatorFieldsIn.responsibleOrganizationId.optional(),
  })
  .openapi("IndicatorPatch", {
    description:
      "Fields left out keep their value; naming objectiveId or activityId moves what the indicator measures.",
  });

export const valueIn = z
  .strictObject({
    period: z
      .string()
      .openapi({ example: "2026-Q1", description: "2026, 2026-H1 or 2026-Q3, as the indicator's frequency" }),
    value: numberIn("The period's value (at most 4 decimals)"),
    source: z.string().optional(),
    comment: z.string().optional().openapi({ description: "internal, never public" }),
    evidenceDocumentId: z
      .uuid()
      .nullable()
      .optional()
      .openapi({ description: "one of the agreement's documents" }),
    version: versionIn.optional().openapi({ description: "required when the period already has a value" }),
  })
  .openapi("IndicatorValueInput");

export const reviewIn = z
  .strictObject({
    decision: z.enum(reviewDecisions),
    reason: z.string().optional().openapi({ description: "required to return a value" }),
    version: versionIn,
  })
  .openapi("IndicatorValueReview");
