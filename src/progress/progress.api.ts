import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import {
  actionStatuses,
  activityStatuses,
  indicatorAggregations,
  indicatorDirections,
  indicatorFrequencies,
  indicatorValueStatuses,
} from "../db/schema/index.js";
import { healthGaps, healthReasonKeys, todayInMorocco } from "../domain/figures.js";
import type { AppEnv } from "../web/context.js";
import { guard } from "../web/guards.js";
import { errorOut, localizedTextOut, readSecurity, writeSecurity } from "../web/openapi.js";
import { loadMyWork } from "./my-work.queries.js";
import { assertSignedIn } from "./progress.policy.js";
import { presentMyWork, presentProgress } from "./progress.presenter.js";
import { getAgreementProgress } from "./progress.queries.js";

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: errorOut } },
});

const agreementRefOut = z
  .object({ id: z.uuid(), reference: z.string(), title: localizedTextOut })
  .openapi("AgreementRef");
const ratio = (description: string) => z.number().nullable().openapi({ description });
const levels = ["on_track", "at_risk", "off_track", "not_enough_data", "not_applicable"] as const;

const progressOut = z
  .object({
    agreementId: z.uuid(),
    asOf: z.string().openapi({ description: "the day (in Casablanca) the figures are computed for" }),
    view: z.enum(["public", "internal"]).openapi({
      description: "public: anonymous callers, approved values only, no health",
    }),
    health: z
      .object({
        level: z.enum(levels),
        reasons: z.array(
          z.object({
            key: z.enum(healthReasonKeys),
            level: z.enum(["at_risk", "off_track"]),
            values: z.record(z.string(), z.number()).openapi({ example: { count: 2 } }),
          }),
        ),
        missing: z.array(z.enum(healthGaps)).openapi({
          description:
            "what is not recorded (an action plan's activities, indicators, the term's dates, a steering committee): with it missing, the health is at best not_enough_data",
        }),
      })
      .optional()
      .openapi({ description: "signed-in callers only" }),
    timeElapsed: ratio("share of the agreement's span passed, 0 to 1"),
    term: z.object({ start: z.string(), end: z.string(), renewals: z.number().int() }).nullable(),
    renewalNoticeOn: z.string().nullable(),
    activities: z.object({
      total: z.number().int(),
      cancelled: z.number().int(),
      counted: z.number().int(),
      done: z.number().int(),
      overdue: z.number().int(),
      completion: ratio("done / counted (cancelled excluded)"),
      budgetPlanned: z.number().openapi({ description: "MAD" }),
      budgetSpent: z.number().openapi({ description: "MAD" }),
      budgetExecution: ratio("spent / planned"),
    }),
    indicators: z.array(
      z.object({
        id: z.uuid(),
        name: localizedTextOut,
        unit: localizedTextOut,
        objectiveId: z.uuid().nullable(),
        activityId: z.uuid().nullable(),
        direction: z.enum(indicatorDirections),
        frequency: z.enum(indicatorFrequencies),
        aggregation: z.enum(indicatorAggregations),
        baselineValue: z.number(),
        baselineOn: z.string().nullable(),
        targetValue: z.number(),
        targetOn: z.string().nullable(),
        actual: z.number().nullable().openapi({ description: "from approved values only" }),
        achievement: ratio("(actual − baseline) / (target − baseline)"),
        expected: ratio("share of the baseline→target time passed"),
        status: z.enum(["achieved", "on_track", "behind", "far_behind", "no_data"]),
        missingPeriods: z.array(z.string()).optional().openapi({ description: "signed-in callers only" }),
        awaitingReview: z.number().int().optional().openapi({ description: "signed-in callers only" }),
      }),
    ),
  })
  .openapi("AgreementProgress");

const workList = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int() });
const activityItemOut = z
  .object({
    id: z.uuid(),
    title: localizedTextOut,
    status: z.enum(activityStatuses),
    plannedStart: z.string().nullable(),
    plannedEnd: z.string().nullable(),
    overdue: z.boolean(),
    agreement: agreementRefOut,
  })
  .openapi("WorkActivity");
const actionItemOut = z
  .object({
    id: z.uuid(),
    description: localizedTextOut,
    status: z.enum(actionStatuses),
    dueOn: z.string(),
    overdue: z.boolean(),
    meetingId: z.uuid().nullable(),
    agreement: agreementRefOut,
  })
  .openapi("WorkAction");
const indicatorItemOut = z
  .object({
    id: z.uuid(),
    name: localizedTextOut,
    frequency: z.enum(indicatorFrequencies),
    agreement: agreementRefOut,
  })
  .openapi("WorkIndicator");
const periodsItemOut = z
  .object({
    indicator: z.object({ id: z.uuid(), name: localizedTextOut, frequency: z.enum(indicatorFrequencies) }),
    agreement: agreementRefOut,
    periods: z.array(z.string()).openapi({ example: ["2026-Q2", "2026-Q3"] }),
    dueOn: z.string(),
    overdue: z.boolean(),
  })
  .openapi("WorkMissingPeriods");
const valueItemOut = z
  .object({
    id: z.uuid(),
    period: z.string(),
    value: z.number(),
    status: z.enum(indicatorValueStatuses),
    returnReason: z.string().nullable(),
    enteredAt: z.string(),
    version: z.number().int(),
    indicator: z.object({ id: z.uuid(), name: localizedTextOut }),
    agreement: agreementRefOut,
  })
  .openapi("WorkValue");

const myWorkOut = z
  .object({
    scope: z.enum(["organization", "association", "territory", "none"]).openapi({
      description:
        "what the caller answers for: its organisation (focal point), the association (staff), its territory (council), nothing (viewer)",
    }),
    asOf: z.string(),
    responsible: z.object({
      activities: workList(activityItemOut),
      indicators: workList(indicatorItemOut),
      actions: workList(actionItemOut),
    }),
    due: z
      .object({
        activities: workList(activityItemOut),
        actions: workList(actionItemOut),
        periods: workList(periodsItemOut),
        agreements: z
          .object({
            page: z.number().int(),
            pages: z.number().int(),
            total: z.number().int().openapi({ description: "agreements with something late or due" }),
            items: z.array(
              z.object({
                agreement: agreementRefOut,
                activities: z.number().int(),
                actions: z.number().int(),
                periods: z.number().int(),
              }),
            ),
          })
          .openapi({
            description: "the page's agreements, the most pressing first, with how many items each has",
          }),
      })
      .openapi({
        description:
          "late, or due within 30 days. The staff get everything in the agreements under way the association is a party to, a focal point its organisation's part, by agreement, 20 agreements a page: the lists hold the page's items and their totals count every page. A council gets the activities reaching its territory (the first 50).",
      }),
    review: z.object({ submitted: workList(valueItemOut), returned: workList(valueItemOut) }),
  })
  .openapi("MyWork");

const progressRoute = createRoute({
  method: "get",
  path: "/agreements/{id}/progress",
  summary:
    "An agreement's derived figures: activity completion, budget execution, time elapsed, indicators, health",
  description:
    "Anonymous callers (public agreements only) get the public view: figures from approved values, no health. Signed-in callers get the health level and its reasons as keys with values (to be worded by the client).",
  security: readSecurity,
  request: { params: z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) }) },
  responses: {
    200: { description: "The figures", content: { "application/json": { schema: progressOut } } },
    400: errorResponse("The id is not valid"),
    404: errorResponse("No such agreement, or not visible to the caller"),
  },
});

const myWorkRoute = createRoute({
  method: "get",
  path: "/my-work",
  summary: "What the caller answers for, what is due within 30 days, and what awaits its review",
  description:
    "What is late or due comes a page of agreements at a time (`page`, past the last: 404); the other lists hold their first 50 items, and `total` says how many there are.",
  security: writeSecurity,
  request: {
    query: z
      .object({
        page: z.coerce
          .number()
          .int()
          .min(1)
          .max(100_000)
          .default(1)
          .openapi({
            param: { name: "page", in: "query" },
            description: "the page of agreements with something late or due",
          }),
      })
      .strict(),
  },
  responses: {
    200: { description: "The caller's work", content: { "application/json": { schema: myWorkOut } } },
    400: errorResponse("The page is not a whole number from 1"),
    401: errorResponse("No valid session or API token"),
    404: errorResponse("A page past the last one"),
  },
});

export function registerProgressRoutes(api: OpenAPIHono<AppEnv>): void {
  api.openapi(progressRoute, async (c) => {
    const today = todayInMorocco();
    const progress = await getAgreementProgress({
      db: c.var.db,
      actor: c.var.actor,
      id: c.req.valid("param").id,
      today,
    });
    return c.json(presentProgress({ ...progress, today }), 200);
  });

  // Signed in first: the anonymous public is asked to sign in, whatever it asks for.
  api.use("/my-work", guard(assertSignedIn));
  api.openapi(myWorkRoute, async (c) => {
    const work = await loadMyWork({ db: c.var.db, actor: c.var.actor, page: c.req.valid("query").page });
    return c.json(presentMyWork(work), 200);
  });
}
