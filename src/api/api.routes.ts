import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { registerActivitiesApi } from "../activities/activities.routes.js";
import { registerAgreementWrites } from "../agreements/agreements.api.js";
import { agreementOut, agreementSummaryOut } from "../agreements/agreements.api-schemas.js";
import { agreementFilterShape } from "../agreements/agreements.filters.js";
import { presentAgreementDetail, presentAgreementSummary } from "../agreements/agreements.presenter.js";
import { getAgreementDetail, listAgreements } from "../agreements/agreements.queries.js";
import { registerAlertsApi } from "../alerts/alerts.api.js";
import { auditApiRoutes } from "../audit/audit.api.js";
import { organizationKinds, territoryKinds } from "../db/schema/index.js";
import { documentApiRoutes } from "../documents/documents.routes.js";
import { registerIndicatorsApi } from "../indicators/indicators.routes.js";
import { registerMeetingsApi } from "../meetings/meetings.routes.js";
import { openDataApiRoutes } from "../opendata/opendata.api.js";
import { registerOrganizationRoutes } from "../partners/organizations.api.js";
import { organizationOut } from "../partners/organizations.api-schemas.js";
import { presentOrganization } from "../partners/organizations.presenter.js";
import { listOrganizations } from "../partners/organizations.queries.js";
import { registerProgressApi } from "../progress/progress.routes.js";
import { mayWrite } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import { blankToUndefined, validationErrorFrom } from "../shared/validation.js";
import { territoryOut } from "../territories/territories.api-schemas.js";
import { presentTerritory } from "../territories/territories.presenter.js";
import { listTerritories } from "../territories/territories.service.js";
import { registerTranslationsApi } from "../translations/translations.api.js";
import type { AppEnv } from "../web/context.js";
import { errorOut, listOf, readSecurity, securitySchemes } from "../web/openapi.js";

const pageParams = {
  limit: z
    .preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100).default(20))
    .openapi({ param: { name: "limit", in: "query" }, example: 20, description: "1 to 100" }),
  offset: z
    .preprocess(blankToUndefined, z.coerce.number().int().min(0).max(10_000_000).default(0))
    .openapi({ param: { name: "offset", in: "query" }, example: 0 }),
};

const errorResponses = {
  400: {
    description: "A parameter is not valid; `issues` names each field and the reason",
    content: { "application/json": { schema: errorOut } },
  },
  404: {
    description: "No such record, or not public",
    content: { "application/json": { schema: errorOut } },
  },
};

const listAgreementsRoute = createRoute({
  method: "get",
  path: "/agreements",
  summary: "List agreements",
  security: readSecurity,
  description: "Anonymous callers see public agreements only, exactly as the portal shows them.",
  request: { query: z.object({ ...pageParams, ...agreementFilterShape }).strict() },
  responses: {
    200: {
      description: "A page of agreements",
      content: {
        "application/json": {
          schema: listOf(agreementSummaryOut, "AgreementList").extend({
            closeMatchesFor: z.string().optional().openapi({
              description:
                "Present when `q` found nothing as typed: the items are what this corrected query finds instead",
            }),
          }),
        },
      },
    },
    400: errorResponses[400],
  },
});

const getAgreementRoute = createRoute({
  method: "get",
  path: "/agreements/{id}",
  summary: "One agreement with its parties, objectives, commitments and action plans",
  security: readSecurity,
  description: "`version` is what a change (PATCH, transition, publication, commitments) sends back.",
  request: { params: z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) }) },
  responses: {
    200: { description: "The agreement", content: { "application/json": { schema: agreementOut } } },
    ...errorResponses,
  },
});

const listOrganizationsRoute = createRoute({
  method: "get",
  path: "/organizations",
  summary: "Organisations (for anonymous callers: those party to a public agreement)",
  security: readSecurity,
  request: {
    query: z.object({ kind: z.preprocess(blankToUndefined, z.enum(organizationKinds).optional()) }).strict(),
  },
  responses: {
    200: {
      description: "Organisations",
      content: { "application/json": { schema: listOf(organizationOut, "OrganizationList") } },
    },
    400: errorResponses[400],
  },
});

const listTerritoriesRoute = createRoute({
  method: "get",
  path: "/territories",
  summary: "Regions, prefectures and provinces (HCP codes; credit: HCP, CC BY 4.0)",
  security: readSecurity,
  request: {
    query: z
      .object({
        kind: z.preprocess(blankToUndefined, z.enum(territoryKinds).optional()),
        region: z.preprocess(
          blankToUndefined,
          z
            .string()
            .regex(/^\d{2}$/, "must be a region code like 04")
            .optional(),
        ),
      })
      .strict(),
  },
  responses: {
    200: {
      description: "Territories",
      content: { "application/json": { schema: listOf(territoryOut, "TerritoryList") } },
    },
    400: errorResponses[400],
  },
});

const readMethods = new Set(["GET", "HEAD"]);

/**
 * Writes need a caller, and a token allowed to write. Checked before the body is even read,
 * so that a refused caller learns nothing from validation. A session may write: a browser
 * cannot send JSON cross-site, since this API never allows CORS (keep it so).
 */
export function writeGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (readMethods.has(c.req.method)) return next();
    const { actor } = c.var;
    if (actor.role === "anonymous") {
      throw new AppError(
        "unauthenticated",
        "Sign in, or send an API token (Authorization: Bearer shk_…), to write",
      );
    }
    if (!mayWrite(actor)) {
      throw new AppError(
        "forbidden",
        "This API token is read-only: it may only GET; create a write token to change records",
      );
    }
    await next();
  };
}

/** The API under /api/v1. Handlers: validate (zod), call the service or query as the actor, present. */
export function apiRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationErrorFrom(result.error);
    },
  });
  api.use("*", writeGuard());

  api.openapi(listAgreementsRoute, async (c) => {
    const { limit, offset, ...filter } = c.req.valid("query");
    const result = await listAgreements({ db: c.var.db, actor: c.var.actor, filter, limit, offset });
    return c.json(
      {
        items: result.items.map(presentAgreementSummary),
        total: result.total,
        ...(result.closeMatchesFor ? { closeMatchesFor: result.closeMatchesFor } : {}),
      },
      200,
    );
  });

  api.openapi(getAgreementRoute, async (c) => {
    const detail = await getAgreementDetail({
      db: c.var.db,
      actor: c.var.actor,
      id: c.req.valid("param").id,
    });
    return c.json({ ...presentAgreementDetail(detail), version: detail.version }, 200);
  });

  api.openapi(listOrganizationsRoute, async (c) => {
    const { kind } = c.req.valid("query");
    const rows = await listOrganizations({ db: c.var.db, actor: c.var.actor, kind });
    return c.json({ items: rows.map(presentOrganization), total: rows.length }, 200);
  });

  api.openapi(listTerritoriesRoute, async (c) => {
    const { kind, region } = c.req.valid("query");
    const rows = await listTerritories({ db: c.var.db, kind, regionCode: region });
    return c.json({ items: rows.map(presentTerritory), total: rows.length }, 200);
  });

  registerAgreementWrites(api);
  registerOrganizationRoutes(api);
  api.route("/", documentApiRoutes());
  api.route("/", openDataApiRoutes());
  api.route("/", auditApiRoutes());
  registerActivitiesApi(api);
  registerIndicatorsApi(api);
  registerMeetingsApi(api);
  registerProgressApi(api);
  registerAlertsApi(api);
  registerTranslationsApi(api);

  for (const [name, scheme] of Object.entries(securitySchemes)) {
    api.openAPIRegistry.registerComponent("securitySchemes", name, scheme);
  }
  api.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Sharaka API",
      version: "1.0.0",
      description:
        "Partnership and cooperation agreements. Multilingual texts are objects { ar?, fr?, en? }. Errors are { error: { code, message, issues: [{ field, message, reason? }] } }. Reads work anonymously (public records only) or signed in; writes need a session or an API token allowed to write, and send back the `version` they are based on (a stale one answers 409).",
    },
    servers: [{ url: "/api/v1" }],
  });
  return api;
}
