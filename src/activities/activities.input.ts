import { z } from "zod";
import { isoDate } from "../agreements/agreements.input.js";
import { activityKinds, activityStatuses, targetGroups } from "../db/schema/index.js";
import { todayInMorocco } from "../domain/periods.js";
import { localizedTextSchema, optionalLocalizedTextSchema } from "../shared/localized.js";
import { blankToUndefined } from "../shared/validation.js";
import { hcpCodeSchema } from "../territories/territories.input.js";

/*
 * What the services accept for action plans and activities. Shapes are plain objects so that
 * the API builds its bodies from them (one definition of every rule); the rules across fields
 * (end after start, "done" needs its end…) are refinements the services apply to the whole
 * state, whichever part of it a caller changed.
 */

const reason = (key: string) => ({ reason: `activities.reasons.${key}` });

/** numeric(16,2) holds more, but no activity of the association costs ten thousand billion dirhams. */
export const MAX_AMOUNT = 1e13;

/** An amount in MAD: not negative, at most 2 decimals. */
export const amountSchema = z.number().superRefine((value, ctx) => {
  if (value < 0) {
    ctx.addIssue({ code: "custom", message: "must not be negative", params: reason("negativeAmount") });
  } else if (value > MAX_AMOUNT) {
    ctx.addIssue({ code: "custom", message: "is too large", params: reason("amountTooLarge") });
  } else if (Math.abs(Math.round(value * 100) - value * 100) > 1e-6) {
    ctx.addIssue({ code: "custom", message: "has more than 2 decimals", params: reason("twoDecimals") });
  }
});

/** A council is a prefecture's or a province's ("04.441"), never a region's ("04"). */
export const councilCodeSchema = z.string().refine((value) => /^\d{2}\.\d{3}$/.test(value), {
  message: "must be the HCP code of a prefecture or province, like 04.441",
  params: reason("notACouncil"),
});

const optionalDate = isoDate.nullable().optional();

export const planShape = {
  title: localizedTextSchema(300),
  periodStart: optionalDate,
  periodEnd: optionalDate,
};

/** What the responsible party reports: how the activity went. */
export const progressShape = {
  status: z.enum(activityStatuses).default("planned"),
  actualStart: optionalDate,
  actualEnd: optionalDate,
  budgetSpent: amountSchema.default(0),
  participantCount: z.number().int().min(0).max(10_000_000).nullable().optional(),
  /** the prefectures and provinces whose council president attended */
  attendance: z.array(councilCodeSchema).max(100).default([]),
  deliverables: optionalLocalizedTextSchema(8000).default({}),
  /** the agreement's own documents */
  documentIds: z.array(z.uuid()).max(100).default([]),
};

/** What the staff plan: what the activity is, who carries it out, where, when, for how much. */
export const plannedShape = {
  actionPlanId: z.uuid(),
  kind: z.enum(activityKinds),
  title: localizedTextSchema(500),
  description: optionalLocalizedTextSchema(8000).default({}),
  objectiveIds: z.array(z.uuid()).max(200).default([]),
  responsibleOrganizationId: z.uuid(),
  territoryCodes: z.array(hcpCodeSchema).max(100).default([]),
  targetGroups: z.array(z.enum(targetGroups)).max(targetGroups.length).default([]),
  plannedStart: optionalDate,
  plannedEnd: optionalDate,
  budgetPlanned: amountSchema.default(0),
};

const versionSchema = z.number().int().min(1);

interface StateToCheck {
  periodStart?: string | null;
  periodEnd?: string | null;
  plannedStart?: string | null;
  plannedEnd?: string | null;
  status?: string;
  actualStart?: string | null;
  actualEnd?: string | null;
  participantCount?: number | null;
  attendance?: string[];
}

function endNotBefore(
  value: StateToCheck,
  ctx: z.RefinementCtx,
  start: keyof StateToCheck,
  end: keyof StateToCheck,
) {
  const from = value[start];
  const to = value[end];
  if (typeof from === "string" && typeof to === "string" && to < from) {
    ctx.addIssue({
      code: "custom",
      path: [end],
      message: `must not be before ${start}`,
      params: reason("endBeforeStart"),
    });
  }
}

/**
 * The rules across fields, on the state an activity (or a plan) would have once saved.
 * "Today" is Casablanca's: a done activity cannot have ended tomorrow.
 */
export function checkState(value: StateToCheck, ctx: z.RefinementCtx, today = todayInMorocco()): void {
  endNotBefore(value, ctx, "periodStart", "periodEnd");
  endNotBefore(value, ctx, "plannedStart", "plannedEnd");
  endNotBefore(value, ctx, "actualStart", "actualEnd");
  if (value.status === "done") {
    if (!value.actualEnd) {
      ctx.addIssue({
        code: "custom",
        path: ["actualEnd"],
        message: "is required once the activity is done",
        params: reason("doneNeedsActualEnd"),
      });
    }
    for (const field of ["actualStart", "actualEnd"] as const) {
      const date = value[field];
      if (date && date > today) {
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: "must not be in the future for a done activity",
          params: reason("futureForDone"),
        });
      }
    }
  }
  const attending = new Set(value.attendance ?? []).size;
  if (typeof value.participantCount === "number" && value.participantCount < attending) {
    ctx.addIssue({
      code: "custom",
      path: ["participantCount"],
      message: `must be at least the number of council presidents recorded as attending (${attending})`,
      params: reason("fewerThanAttendance"),
    });
  }
}

export const planInputSchema = z.strictObject(planShape).superRefine((value, ctx) => checkState(value, ctx));
export const planUpdateSchema = z
  .strictObject({ ...planShape, version: versionSchema })
  .superRefine((value, ctx) => checkState(value, ctx));

export const activityInputSchema = z
  .strictObject({ ...plannedShape, ...progressShape })
  .superRefine((value, ctx) => checkState(value, ctx));
export const activityUpdateSchema = z
  .strictObject({ ...plannedShape, ...progressShape, version: versionSchema })
  .superRefine((value, ctx) => checkState(value, ctx));

export const progressReportSchema = z
  .strictObject({ ...progressShape, version: versionSchema })
  .superRefine((value, ctx) => checkState(value, ctx));

export type PlanInput = z.input<typeof planInputSchema>;
export type PlanUpdateInput = z.input<typeof planUpdateSchema>;
export type ActivityInput = z.input<typeof activityInputSchema>;
export type ActivityData = z.output<typeof activityInputSchema>;
export type ActivityUpdateInput = z.input<typeof activityUpdateSchema>;
export type ProgressReportInput = z.input<typeof progressReportSchema>;
export type ProgressReportData = z.output<typeof progressReportSchema>;

/** The orders of an agreement's activities: as planned (start), by due date (end), by title. */
export const activitySorts = ["planned", "due", "title"] as const;
export type ActivitySort = (typeof activitySorts)[number];

const optional = <S extends z.ZodType>(schema: S) => z.preprocess(blankToUndefined, schema.optional());

/** The list of an agreement's activities: its filters, order and page, as the address gives them. */
export const activityListQuery = z.object({
  plan: optional(z.uuid("must be an action plan id")),
  status: optional(z.enum(activityStatuses)),
  kind: optional(z.enum(activityKinds)),
  late: optional(z.literal("1", "must be 1")),
  sort: optional(z.enum(activitySorts)),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type ActivityListFilter = Omit<z.output<typeof activityListQuery>, "page">;
