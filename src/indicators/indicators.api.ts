import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { todayInMorocco } from "../domain/figures.js";
import { blankToUndefined } from "../shared/validation.js";
import type { AppEnv } from "../web/context.js";
import { guard } from "../web/guards.js";
import {
  errorOut,
  idParam,
  jsonAnswer,
  jsonBody,
  readSecurity,
  writeErrors,
  writeSecurity,
} from "../web/openapi.js";
import { assertCanReview } from "./indicator-values.policy.js";
import {
  assertCanEnterValuesOf,
  enterIndicatorValue,
  reviewIndicatorValue,
} from "./indicator-values.service.js";
import {
  indicatorIn,
  indicatorOut,
  indicatorPatchIn,
  reviewIn,
  valueIn,
  valueOut,
} from "./indicators.api-schemas.js";
import { agreementFacts, figuresOf, indicatorFacts } from "./indicators.facts.js";
import { assertCanManageIndicators } from "./indicators.policy.js";
import { presentIndicator, presentValue } from "./indicators.presenter.js";
import {
  getIndicator,
  listAgreementIndicators,
  loadIndicatorAgreement,
  loadWrittenValue,
  readableIndicator,
} from "./indicators.queries.js";
import { createIndicator, deleteIndicator, updateIndicator } from "./indicators.service.js";
import type { IndicatorAgreement, IndicatorWithValues } from "./indicators.types.js";

/* The indicators' part of /api/v1: the same services and permissions as the pages. */

const readErrors = {
  400: writeErrors[400],
  404: {
    description: "No such record, or not visible to the caller",
    content: { "application/json": { schema: errorOut } },
  },
};

const agreementParams = z.object({ id: idParam("id", "The agreement's id") });
const indicatorParams = z.object({ indicatorId: idParam("indicatorId", "The indicator's id") });
const valueParams = z.object({ valueId: idParam("valueId", "The value's id") });

/** Permission checks before validation: a refused caller learns nothing from the input's faults. */
const managers = guard(assertCanManageIndicators);
const reviewers = guard(assertCanReview);
const reporters = guard((actor, c) =>
  assertCanEnterValuesOf({ db: c.var.db, actor, indicatorId: c.req.param("indicatorId") ?? "" }),
);

const listRoute = createRoute({
  method: "get",
  path: "/agreements/{id}/indicators",
  summary: "An agreement's indicators, with their values and figures",
  security: readSecurity,
  request: { params: agreementParams },
  responses: {
    200: jsonAnswer(
      "Indicators",
      z.object({ items: z.array(indicatorOut), total: z.number().int() }).openapi("IndicatorList"),
    ),
    ...readErrors,
  },
});

const createRouteDef = createRoute({
  middleware: [managers] as const,
  method: "post",
  path: "/agreements/{id}/indicators",
  summary: "Add an indicator to an agreement (staff)",
  security: writeSecurity,
  request: { params: agreementParams, body: jsonBody(indicatorIn) },
  responses: { 201: jsonAnswer("The new indicator", indicatorOut), ...writeErrors },
});

const getRoute = createRoute({
  method: "get",
  path: "/indicators/{indicatorId}",
  summary: "One indicator, with its values and figures",
  security: readSecurity,
  request: { params: indicatorParams },
  responses: { 200: jsonAnswer("The indicator", indicatorOut), ...readErrors },
});

const patchRoute = createRoute({
  middleware: [managers] as const,
  method: "patch",
  path: "/indicators/{indicatorId}",
  summary: "Change an indicator (staff)",
  description:
    "Based on `version`: a stale one answers 409 and changes nothing. The frequency is fixed once values exist.",
  security: writeSecurity,
  request: { params: indicatorParams, body: jsonBody(indicatorPatchIn) },
  responses: { 200: jsonAnswer("The indicator as saved", indicatorOut), ...writeErrors },
});

const deleteRouteDef = createRoute({
  middleware: [managers] as const,
  method: "delete",
  path: "/indicators/{indicatorId}",
  summary: "Delete an indicator and its values (staff)",
  description: "Refused with 409 while it has approved values; submitted and returned values go with it.",
  security: writeSecurity,
  request: {
    params: indicatorParams,
    query: z
      .object({
        version: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).optional()).openapi({
          param: { name: "version", in: "query" },
          description: "When given, a stale version answers 409",
        }),
      })
      .strict(),
  },
  responses: { 204: { description: "Deleted" }, ...writeErrors },
});

const listValuesRoute = createRoute({
  method: "get",
  path: "/indicators/{indicatorId}/values",
  summary: "An indicator's values (the public: approved ones only, without internal fields)",
  security: readSecurity,
  request: { params: indicatorParams },
  responses: {
    200: jsonAnswer(
      "Values, oldest period first",
      z.object({ items: z.array(valueOut), total: z.number().int() }).openapi("IndicatorValueList"),
    ),
    ...readErrors,
  },
});

const enterValueRoute = createRoute({
  middleware: [reporters] as const,
  method: "post",
  path: "/indicators/{indicatorId}/values",
  summary: "Enter or submit a period's value (staff, or the responsible organisation's focal point)",
  description:
    "One value per period, replaced whole (PUT semantics on the period): when the period has one, send its `version`. A focal point's value is `submitted` and counts once the secretariat approves it; a returned value may be corrected and submitted again; an approved one only the staff change. Staff values are approved at once.",
  security: writeSecurity,
  request: { params: indicatorParams, body: jsonBody(valueIn) },
  responses: {
    200: jsonAnswer("The period's value, replaced", valueOut),
    201: jsonAnswer("The period's first value", valueOut),
    ...writeErrors,
  },
});

const reviewRoute = createRoute({
  middleware: [reviewers] as const,
  method: "post",
  path: "/indicator-values/{valueId}/review",
  summary: "Approve or return a submitted value (staff)",
  description:
    "Returning needs a reason, shown to the partner. A value is reviewed once: another review answers 409.",
  security: writeSecurity,
  request: { params: valueParams, body: jsonBody(reviewIn) },
  responses: { 200: jsonAnswer("The reviewed value", valueOut), ...writeErrors },
});

function presentWithFigures(indicator: IndicatorWithValues, agreement: IndicatorAgreement, today: string) {
  const figures = figuresOf(indicatorFacts(indicator, indicator.values), agreementFacts(agreement), today);
  return presentIndicator(indicator, figures);
}

export function registerIndicatorRoutes(api: OpenAPIHono<AppEnv>): void {
  api.openapi(listRoute, async (c) => {
    const { db, actor } = c.var;
    const { id } = c.req.valid("param");
    const items = await listAgreementIndicators({ db, actor, agreementId: id });
    const agreement = await loadIndicatorAgreement(db, id);
    const today = todayInMorocco();
    return c.json(
      { items: items.map((item) => presentWithFigures(item, agreement, today)), total: items.length },
      200,
    );
  });

  api.openapi(createRouteDef, async (c) => {
    const { db, actor } = c.var;
    const row = await createIndicator({
      db,
      actor,
      agreementId: c.req.valid("param").id,
      input: c.req.valid("json"),
    });
    const detail = await getIndicator({ db, actor, id: row.id });
    c.header("Location", `/api/v1/indicators/${row.id}`);
    return c.json(presentWithFigures(detail, detail.agreement, todayInMorocco()), 201);
  });

  api.openapi(getRoute, async (c) => {
    const detail = await getIndicator({
      db: c.var.db,
      actor: c.var.actor,
      id: c.req.valid("param").indicatorId,
    });
    return c.json(presentWithFigures(detail, detail.agreement, todayInMorocco()), 200);
  });

  api.openapi(patchRoute, async (c) => {
    const { db, actor } = c.var;
    const { indicatorId } = c.req.valid("param");
    const patch = c.req.valid("json");
    const current = await readableIndicator({ db, actor, id: indicatorId });
    const moving = patch.objectiveId !== undefined || patch.activityId !== undefined;
    await updateIndicator({
      db,
      actor,
      id: indicatorId,
      input: {
        version: patch.version,
        objectiveId: moving ? (patch.objectiveId ?? null) : current.objectiveId,
        activityId: moving ? (patch.activityId ?? null) : current.activityId,
        name: patch.name ?? current.name,
        unit: patch.unit ?? current.unit,
        direction: patch.direction ?? current.direction,
        baselineValue: patch.baselineValue ?? Number(current.baselineValue),
        // An indicator imported without dates gets them asked for by the service ("required").
        baselineOn: (patch.baselineOn ?? current.baselineOn) as string,
        targetValue: patch.targetValue ?? Number(current.targetValue),
        targetOn: (patch.targetOn ?? current.targetOn) as string,
        frequency: patch.frequency ?? current.frequency,
        aggregation: patch.aggregation ?? current.aggregation,
        responsibleOrganizationId: patch.responsibleOrganizationId ?? current.responsibleOrganizationId,
      },
    });
    const detail = await getIndicator({ db, actor, id: indicatorId });
    return c.json(presentWithFigures(detail, detail.agreement, todayInMorocco()), 200);
  });

  api.openapi(deleteRouteDef, async (c) => {
    const { version } = c.req.valid("query");
    await deleteIndicator({
      db: c.var.db,
      actor: c.var.actor,
      id: c.req.valid("param").indicatorId,
      version,
    });
    return c.body(null, 204);
  });

  api.openapi(listValuesRoute, async (c) => {
    const detail = await getIndicator({
      db: c.var.db,
      actor: c.var.actor,
      id: c.req.valid("param").indicatorId,
    });
    return c.json({ items: detail.values.map(presentValue), total: detail.values.length }, 200);
  });

  api.openapi(enterValueRoute, async (c) => {
    const { db, actor } = c.var;
    const { row, created } = await enterIndicatorValue({
      db,
      actor,
      indicatorId: c.req.valid("param").indicatorId,
      input: c.req.valid("json"),
    });
    return c.json(presentValue(await loadWrittenValue(db, row.indicatorId, row.id)), created ? 201 : 200);
  });

  api.openapi(reviewRoute, async (c) => {
    const { db, actor } = c.var;
    const { row } = await reviewIndicatorValue({
      db,
      actor,
      valueId: c.req.valid("param").valueId,
      input: c.req.valid("json"),
    });
    return c.json(presentValue(await loadWrittenValue(db, row.indicatorId, row.id)), 200);
  });
}
