import { z } from "@hono/zod-openapi";
import {
  activityKinds,
  activityStatuses,
  documentKinds,
  targetGroups,
  visibilities,
} from "../db/schema/index.js";
import { localizedTextOut, versionIn } from "../web/openapi.js";
import { plannedShape, planShape, progressShape } from "./activities.input.js";

/*
 * The JSON shapes of action plans and activities in /api/v1 (the OpenAPI document is built from
 * them). Bodies reuse the services' own field schemas, made strict; the rules across fields
 * are the services', with the same 400 answer naming the field and the reason.
 */

const internalOnly = (description: string) => ({ description: `${description}; signed-in callers only` });

export const planOut = z
  .object({
    id: z.uuid(),
    agreementId: z.uuid(),
    title: localizedTextOut,
    periodStart: z.string().nullable().openapi({ example: "2026-01-01" }),
    periodEnd: z.string().nullable().openapi({ example: "2026-12-31" }),
    version: z.number().int().optional().openapi(internalOnly("Send it back with a change")),
  })
  .openapi("ActionPlan");

export const activityDocumentOut = z
  .object({
    id: z.uuid(),
    title: localizedTextOut,
    kind: z.enum(documentKinds),
    fileName: z.string(),
    visibility: z.enum(visibilities),
    contentUrl: z.string().openapi({ description: "where the bytes are downloaded" }),
  })
  .openapi("ActivityDocument");

export const activityOut = z
  .object({
    id: z.uuid(),
    agreementId: z.uuid(),
    actionPlanId: z.uuid(),
    kind: z.enum(activityKinds),
    title: localizedTextOut,
    description: localizedTextOut,
    status: z.enum(activityStatuses),
    responsibleOrganization: z.object({
      id: z.uuid(),
      name: localizedTextOut,
      acronym: z.string().nullable(),
    }),
    objectiveIds: z.array(z.uuid()).openapi({ description: "the agreement's objectives it serves" }),
    territoryCodes: z
      .array(z.string())
      .openapi({ description: "HCP codes of where it takes place; none: wherever the agreement reaches" }),
    targetGroups: z.array(z.enum(targetGroups)),
    plannedStart: z.string().nullable(),
    plannedEnd: z.string().nullable(),
    actualStart: z.string().nullable(),
    actualEnd: z.string().nullable(),
    budgetPlanned: z.string().optional().openapi({
      example: "150000.00",
      description: "MAD, a decimal as a string; signed-in readers only (the public sees totals in /progress)",
    }),
    budgetSpent: z.string().optional().openapi({
      example: "42000.50",
      description: "MAD, a decimal as a string; signed-in readers only (the public sees totals in /progress)",
    }),
    participantCount: z.number().int().nullable(),
    attendance: z.array(z.string()).openapi({
      description: "HCP codes of the prefectures and provinces whose council president attended",
      example: ["01.571"],
    }),
    deliverables: localizedTextOut
      .optional()
      .openapi(internalOnly("What it produced, as reported by the responsible party")),
    documents: z.array(activityDocumentOut).openapi({
      description:
        "the agreement's documents it produced, as far as the caller may see them (the public: public ones)",
    }),
    version: z.number().int().optional().openapi(internalOnly("Send it back with a change or a report")),
    createdAt: z.string().optional().openapi(internalOnly("When it was recorded")),
    updatedAt: z.string().optional().openapi(internalOnly("When it last changed")),
  })
  .openapi("Activity");

export const planWithActivitiesOut = planOut
  .extend({ activities: z.array(activityOut) })
  .openapi("ActionPlanWithActivities");

export const planCreateIn = z.strictObject(planShape).openapi("ActionPlanInput", {
  description: "A new action plan: a title in at least one language, and optionally its period (YYYY-MM-DD)",
});

export const planPatchIn = z
  .strictObject({
    version: versionIn,
    title: planShape.title.optional(),
    periodStart: planShape.periodStart,
    periodEnd: planShape.periodEnd,
  })
  .openapi("ActionPlanPatch", {
    description:
      "A change to a plan, based on `version`. Fields left out keep their value; null clears a date.",
  });

export const activityCreateIn = z
  .strictObject({ ...plannedShape, ...progressShape })
  .openapi("ActivityInput", {
    description:
      "A new activity in one of the agreement's plans. The responsible organisation must be a party; objectives and documents must be the agreement's own; attendance names prefectures or provinces (not regions). Amounts are in MAD, at most 2 decimals.",
  });

export const activityPatchIn = z
  .strictObject({
    version: versionIn,
    actionPlanId: plannedShape.actionPlanId.optional(),
    kind: plannedShape.kind.optional(),
    title: plannedShape.title.optional(),
    description: plannedShape.description.unwrap().optional(),
    objectiveIds: plannedShape.objectiveIds.unwrap().optional(),
    responsibleOrganizationId: plannedShape.responsibleOrganizationId.optional(),
    territoryCodes: plannedShape.territoryCodes.unwrap().optional(),
    targetGroups: plannedShape.targetGroups.unwrap().optional(),
    plannedStart: plannedShape.plannedStart,
    plannedEnd: plannedShape.plannedEnd,
    budgetPlanned: plannedShape.budgetPlanned.unwrap().optional(),
    status: progressShape.status.unwrap().optional(),
    actualStart: progressShape.actualStart,
    actualEnd: progressShape.actualEnd,
    budgetSpent: progressShape.budgetSpent.unwrap().optional(),
    participantCount: progressShape.participantCount,
    attendance: progressShape.attendance.unwrap().optional(),
    deliverables: progressShape.deliverables.unwrap().optional(),
    documentIds: progressShape.documentIds.unwrap().optional(),
  })
  .openapi("ActivityPatch", {
    description:
      "A change to an activity (staff), based on `version`. Fields left out keep their value; a list or a text sent replaces the current one whole; null clears a date or the participant count.",
  });

export const progressReportIn = z
  .strictObject({ ...progressShape, version: versionIn })
  .openapi("ActivityProgressReport", {
    description:
      "The whole progress report, based on `version`: fields left out are cleared (dates, count), emptied (lists, texts), 0 (budget spent) or `planned` (status). A done activity needs its actual end date, not in the future; the participant count may not be below the number of presidents recorded as attending.",
  });
