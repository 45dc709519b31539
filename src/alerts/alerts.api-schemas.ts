import { z } from "@hono/zod-openapi";
import { alertDeliveryModes, alertKinds } from "../db/schema/index.js";
import { idParam, localizedTextOut } from "../web/openapi.js";
import { MAX_LEAD_DAYS, MAX_LEAD_TIMES } from "./alert-rules.js";
import { MAX_SNOOZE_DAYS } from "./alerts.service.js";

/*
 * The alerts' part of the OpenAPI document. Bodies are strict (an unknown field is refused,
 * not dropped); the services apply the rules again with the same 400 answer.
 */

export const alertParams = z.object({ alertId: idParam("alertId", "The alert's id") });
export const kindParams = z.object({
  alertKind: z
    .enum(alertKinds)
    .openapi({ param: { name: "alertKind", in: "path" }, example: "activity_overdue" }),
});

export const alertOut = z
  .object({
    id: z.uuid(),
    kind: z.enum(alertKinds),
    stage: z.number().int().openapi({
      description: "The lead time reached (days before the deadline), or -1 once the deadline has passed",
      example: 7,
    }),
    late: z.boolean().openapi({ description: "the deadline has passed" }),
    dueOn: z.string().openapi({ format: "date", example: "2026-06-30" }),
    detail: z.string().openapi({
      description:
        "What tells occurrences apart: an indicator's period, a meeting's start (ISO), an agreement's reference",
    }),
    agreement: z.object({ id: z.uuid(), reference: z.string() }),
    subject: z.object({ title: localizedTextOut }),
    link: z.string().openapi({ description: "The record's workspace page, in the caller's language" }),
  })
  .openapi("Alert");

export const alertListOut = z
  .object({
    items: z.array(alertOut),
    total: z
      .number()
      .int()
      .openapi({ description: "every open alert of the caller; items holds the most urgent" }),
  })
  .openapi("AlertList");

export const snoozeIn = z
  .strictObject({
    days: z
      .number()
      .int()
      .min(1)
      .max(MAX_SNOOZE_DAYS)
      .openapi({
        description: `1 to ${MAX_SNOOZE_DAYS}; the alert comes back on the morning of the last`,
        example: 7,
      }),
  })
  .openapi("AlertSnooze");

export const snoozeOut = z
  .object({ id: z.uuid(), snoozedUntil: z.string().openapi({ format: "date" }) })
  .openapi("AlertSnoozed");

const modeOf = z.enum(alertDeliveryModes).openapi({
  description: "workspace: the alert centre; email: the daily digest; both; none",
});

export const preferencesOut = z
  .object(
    Object.fromEntries(alertKinds.map((kind) => [kind, modeOf])) as Record<
      (typeof alertKinds)[number],
      typeof modeOf
    >,
  )
  .openapi("AlertPreferences", { description: "How the caller is told of each kind of alert" });

export const preferencesIn = z
  .strictObject(
    Object.fromEntries(alertKinds.map((kind) => [kind, modeOf.optional()])) as Record<
      (typeof alertKinds)[number],
      z.ZodOptional<typeof modeOf>
    >,
  )
  .openapi("AlertPreferencesInput", { description: "The kinds to change; the others keep their mode" });

export const leadTimesOut = z
  .object({
    kind: z.enum(alertKinds),
    leadDays: z.array(z.number().int()).openapi({ example: [90, 30, 7] }),
    defaultLeadDays: z.array(z.number().int()),
    overdue: z
      .boolean()
      .openapi({ description: "whether the kind also alerts once its deadline has passed" }),
    version: z.number().int().openapi({ description: "0 while the kind keeps its defaults" }),
  })
  .openapi("AlertLeadTimes");

export const leadTimesListOut = z
  .object({ items: z.array(leadTimesOut), total: z.number().int() })
  .openapi("AlertLeadTimesList");

export const leadTimesIn = z
  .strictObject({
    leadDays: z
      .array(z.number().int().min(0).max(MAX_LEAD_DAYS))
      .max(MAX_LEAD_TIMES)
      .openapi({
        description: `Days before the deadline, 0 to ${MAX_LEAD_DAYS}, at most ${MAX_LEAD_TIMES}`,
        example: [60, 14],
      }),
    version: z.number().int().min(0).openapi({
      description: "The version read (0 for a kind still on its defaults); a stale one answers 409",
    }),
  })
  .openapi("AlertLeadTimesInput");
