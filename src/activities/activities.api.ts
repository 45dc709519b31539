import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { blankToUndefined } from "../shared/validation.js";
import type { AppEnv } from "../web/context.js";
import { guard } from "../web/guards.js";
import {
  errorOut,
  idParam,
  jsonAnswer,
  jsonBody,
  listOf,
  readSecurity,
  writeErrors,
  writeSecurity,
} from "../web/openapi.js";
import {
  activityCreateIn,
  activityOut,
  activityPatchIn,
  planCreateIn,
  planOut,
  planPatchIn,
  planWithActivitiesOut,
  progressReportIn,
} from "./activities.api-schemas.js";
import { assertCanManageActivities, assertMayRecordAttendance } from "./activities.policy.js";
import {
  audienceOf,
  presentActivity,
  presentPlan,
  presentPlanWithActivities,
} from "./activities.presenter.js";
import { getActivity, getPlan, listAgreementActivities, listAgreementPlans } from "./activities.queries.js";
import {
  assertCanReportOn,
  createActivity,
  currentInputOf,
  deleteActivity,
  reportActivityProgress,
  updateActivity,
} from "./activities.service.js";
import { setCouncilAttendance } from "./attendance.service.js";
import { createActionPlan, deleteActionPlan, updateActionPlan } from "./plans.service.js";

/*
 * /api/v1 for action plans and activities. Who may use a write route is decided by its
 * middleware before the body is validated; the services check everything again.
 */

const staffManages = guard(assertCanManageActivities);
const reporter = guard((actor, c) =>
  assertCanReportOn({ db: c.var.db, actor, id: c.req.param("activityId") ?? "" }),
);
const attendanceRecorder = guard((actor, c) => assertMayRecordAttendance(actor, c.req.param("code") ?? ""));

const readErrors = {
  400: jsonAnswer("A parameter is not valid", errorOut),
  404: jsonAnswer("No such record, or not visible to the caller", errorOut),
};

const agreementParams = z.object({ id: idParam("id", "The agreement's id") });
const planParams = z.object({ planId: idParam("planId", "The action plan's id") });
const activityParams = z.object({ activityId: idParam("activityId", "The activity's id") });
const attendanceParams = activityParams.extend({
  code: z.string().openapi({
    param: { name: "code", in: "path" },
    description: "HCP code of a prefecture or province (its council)",
    example: "01.571",
  }),
});
const versionQuery = z
  .object({
    version: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).optional()).openapi({
      param: { name: "version", in: "query" },
      description: "When given, a stale version answers 409",
    }),
  })
  .strict();

const listPlansRoute = createRoute({
  method: "get",
  path: "/agreements/{id}/plans",
  summary: "An agreement's action plans, each with its activities",
  description: "Anonymous callers see public agreements only, without versions, and public documents only.",
  security: readSecurity,
  request: { params: agreementParams },
  responses: {
    200: jsonAnswer("Plans by period", listOf(planWithActivitiesOut, "ActionPlanList")),
    ...readErrors,
  },
});

const getPlanRoute = createRoute({
  method: "get",
  path: "/plans/{planId}",
  summary: "One action plan with its activities",
  security: readSecurity,
  request: { params: planParams },
  responses: { 200: jsonAnswer("The plan", planWithActivitiesOut), ...readErrors },
});

const createPlanRoute = createRoute({
  middleware: [staffManages] as const,
  method: "post",
  path: "/agreements/{id}/plans",
  summary: "Add an action plan to an agreement (staff)",
  security: writeSecurity,
  request: { params: agreementParams, body: jsonBody(planCreateIn) },
  responses: {
    201: {
      ...jsonAnswer("The new plan; `Location` gives its address", planOut),
      headers: z.object({ Location: z.string().openapi({ example: "/api/v1/plans/{planId}" }) }),
    },
    ...writeErrors,
  },
});

const patchPlanRoute = createRoute({
  middleware: [staffManages] as const,
  method: "patch",
  path: "/plans/{planId}",
  summary: "Change an action plan's title or period (staff)",
  security: writeSecurity,
  request: { params: planParams, body: jsonBody(planPatchIn) },
  responses: { 200: jsonAnswer("The plan as saved", planOut), ...writeErrors },
});

const deletePlanRoute = createRoute({
  middleware: [staffManages] as const,
  method: "delete",
  path: "/plans/{planId}",
  summary: "Delete an action plan (staff)",
  description: "Refused with 409 `conflict` while the plan holds activities: move or delete them first.",
  security: writeSecurity,
  request: { params: planParams, query: versionQuery },
  responses: { 204: { description: "Deleted" }, ...writeErrors },
});

const listActivitiesRoute = createRoute({
  method: "get",
  path: "/agreements/{id}/activities",
  summary: "An agreement's activities, in the order they are planned",
  description: "Anonymous callers see public agreements only, without versions, and public documents only.",
  security: readSecurity,
  request: { params: agreementParams },
  responses: { 200: jsonAnswer("Activities", listOf(activityOut, "ActivityList")), ...readErrors },
});

const createActivityRoute = createRoute({
  middleware: [staffManages] as const,
  method: "post",
  path: "/agreements/{id}/activities",
  summary: "Add an activity to one of the agreement's plans (staff)",
  security: writeSecurity,
  request: { params: agreementParams, body: jsonBody(activityCreateIn) },
  responses: {
    201: {
      ...jsonAnswer("The new activity; `Location` gives its address", activityOut),
      headers: z.object({ Location: z.string().openapi({ example: "/api/v1/activities/{activityId}" }) }),
    },
    ...writeErrors,
  },
});

const getActivityRoute = createRoute({
  method: "get",
  path: "/activities/{activityId}",
  summary: "One activity",
  security: readSecurity,
  request: { params: activityParams },
  responses: { 200: jsonAnswer("The activity", activityOut), ...readErrors },
});

const patchActivityRoute = createRoute({
  middleware: [staffManages] as const,
  method: "patch",
  path: "/activities/{activityId}",
  summary: "Change an activity, planned and reported fields alike (staff)",
  security: writeSecurity,
  request: { params: activityParams, body: jsonBody(activityPatchIn) },
  responses: { 200: jsonAnswer("The activity as saved", activityOut), ...writeErrors },
});

const deleteActivityRoute = createRoute({
  middleware: [staffManages] as const,
  method: "delete",
  path: "/activities/{activityId}",
  summary: "Delete an activity (staff)",
  description: "Refused with 409 `conflict` while indicators measure it.",
  security: writeSecurity,
  request: { params: activityParams, query: versionQuery },
  responses: { 204: { description: "Deleted" }, ...writeErrors },
});

const reportRoute = createRoute({
  middleware: [reporter] as const,
  method: "put",
  path: "/activities/{activityId}/report",
  summary: "Report an activity's progress (staff, or the responsible organisation's focal point)",
  description:
    "Status, actual dates, budget spent, participants and the presidents who attended, deliverables, documents. The planned fields stay as they are.",
  security: writeSecurity,
  request: { params: activityParams, body: jsonBody(progressReportIn) },
  responses: { 200: jsonAnswer("The activity as saved", activityOut), ...writeErrors },
});

const putAttendanceRoute = createRoute({
  middleware: [attendanceRecorder] as const,
  method: "put",
  path: "/activities/{activityId}/attendance/{code}",
  summary: "Record that a council's president attended (the council itself, or staff)",
  description:
    "Saying it again changes nothing. A participant count below the presidents now recorded is raised to their number. Refused with 409 on a cancelled activity.",
  security: writeSecurity,
  request: { params: attendanceParams },
  responses: { 200: jsonAnswer("The activity as saved", activityOut), ...writeErrors },
});

const deleteAttendanceRoute = createRoute({
  middleware: [attendanceRecorder] as const,
  method: "delete",
  path: "/activities/{activityId}/attendance/{code}",
  summary: "Withdraw a council president's attendance (the council itself, or staff)",
  security: writeSecurity,
  request: { params: attendanceParams },
  responses: { 204: { description: "Withdrawn (or was not recorded)" }, ...writeErrors },
});

/** The action plans' and activities' part of /api/v1 (registered by src/api/api.routes.ts). */
export function registerActivitiesApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(listPlansRoute, async (c) => {
    const { db, actor } = c.var;
    const plans = await listAgreementPlans({ db, actor, agreementId: c.req.valid("param").id });
    const items = plans.map((plan) => presentPlanWithActivities(plan, audienceOf(actor)));
    return c.json({ items, total: items.length }, 200);
  });

  api.openapi(getPlanRoute, async (c) => {
    const { db, actor } = c.var;
    const plan = await getPlan({ db, actor, id: c.req.valid("param").planId });
    const activities = (await listAgreementActivities({ db, actor, agreementId: plan.agreementId })).filter(
      (activity) => activity.actionPlanId === plan.id,
    );
    return c.json(presentPlanWithActivities({ ...plan, activities }, audienceOf(actor)), 200);
  });

  api.openapi(createPlanRoute, async (c) => {
    const { db, actor } = c.var;
    const row = await createActionPlan({
      db,
      actor,
      agreementId: c.req.valid("param").id,
      input: c.req.valid("json"),
    });
    c.header("Location", `/api/v1/plans/${row.id}`);
    return c.json(presentPlan(row, "internal"), 201);
  });

  api.openapi(patchPlanRoute, async (c) => {
    const { db, actor } = c.var;
    const { planId } = c.req.valid("param");
    const patch = c.req.valid("json");
    const current = await getPlan({ db, actor, id: planId });
    const row = await updateActionPlan({
      db,
      actor,
      id: planId,
      input: {
        version: patch.version,
        title: patch.title ?? current.title,
        periodStart: patch.periodStart === undefined ? current.periodStart : patch.periodStart,
        periodEnd: patch.periodEnd === undefined ? current.periodEnd : patch.periodEnd,
      },
    });
    return c.json(presentPlan(row, "internal"), 200);
  });

  api.openapi(deletePlanRoute, async (c) => {
    const { version } = c.req.valid("query");
    await deleteActionPlan({ db: c.var.db, actor: c.var.actor, id: c.req.valid("param").planId, version });
    return c.body(null, 204);
  });

  api.openapi(listActivitiesRoute, async (c) => {
    const { db, actor } = c.var;
    const records = await listAgreementActivities({ db, actor, agreementId: c.req.valid("param").id });
    const items = records.map((record) => presentActivity(record, audienceOf(actor)));
    return c.json({ items, total: items.length }, 200);
  });

  api.openapi(createActivityRoute, async (c) => {
    const { db, actor } = c.var;
    const row = await createActivity({
      db,
      actor,
      agreementId: c.req.valid("param").id,
      input: c.req.valid("json"),
    });
    c.header("Location", `/api/v1/activities/${row.id}`);
    return c.json(presentActivity(await getActivity({ db, actor, id: row.id }), "internal"), 201);
  });

  api.openapi(getActivityRoute, async (c) => {
    const { db, actor } = c.var;
    const record = await getActivity({ db, actor, id: c.req.valid("param").activityId });
    return c.json(presentActivity(record, audienceOf(actor)), 200);
  });

  api.openapi(patchActivityRoute, async (c) => {
    const { db, actor } = c.var;
    const { activityId } = c.req.valid("param");
    const patch = Object.fromEntries(
      Object.entries(c.req.valid("json")).filter(([, value]) => value !== undefined),
    );
    const current = await getActivity({ db, actor, id: activityId });
    await updateActivity({
      db,
      actor,
      id: activityId,
      input: { ...currentInputOf(current), ...patch, version: c.req.valid("json").version },
    });
    return c.json(presentActivity(await getActivity({ db, actor, id: activityId }), "internal"), 200);
  });

  api.openapi(deleteActivityRoute, async (c) => {
    const { version } = c.req.valid("query");
    await deleteActivity({ db: c.var.db, actor: c.var.actor, id: c.req.valid("param").activityId, version });
    return c.body(null, 204);
  });

  api.openapi(reportRoute, async (c) => {
    const { db, actor } = c.var;
    const { activityId } = c.req.valid("param");
    await reportActivityProgress({ db, actor, id: activityId, input: c.req.valid("json") });
    return c.json(presentActivity(await getActivity({ db, actor, id: activityId }), "internal"), 200);
  });

  api.openapi(putAttendanceRoute, async (c) => {
    const { db, actor } = c.var;
    const { activityId, code } = c.req.valid("param");
    await setCouncilAttendance({ db, actor, id: activityId, code, present: true });
    return c.json(presentActivity(await getActivity({ db, actor, id: activityId }), "internal"), 200);
  });

  api.openapi(deleteAttendanceRoute, async (c) => {
    const { activityId, code } = c.req.valid("param");
    await setCouncilAttendance({ db: c.var.db, actor: c.var.actor, id: activityId, code, present: false });
    return c.body(null, 204);
  });
}
