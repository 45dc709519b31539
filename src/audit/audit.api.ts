import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { languages } from "../shared/localized.js";
import { blankToUndefined, validationErrorFrom } from "../shared/validation.js";
import type { AppEnv } from "../web/context.js";
import { guard } from "../web/guards.js";
import { errorOut, listOf } from "../web/openapi.js";
import { auditFilterShape } from "./audit.filters.js";
import { assertCanReadAuditLog } from "./audit.policy.js";
import { presentAuditEvent } from "./audit.presenter.js";
import { getRecordHistory, listAuditEvents } from "./audit.queries.js";

const diffValueOut = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const auditEventOut = z
  .object({
    id: z.number().int(),
    at: z.string().openapi({ example: "2026-03-01T09:30:00.000Z" }),
    actor: z.object({
      id: z.string().openapi({ description: 'a user id, or "system", "anonymous", "cli:<command>"' }),
      name: z.string().nullable(),
      email: z.string().nullable(),
    }),
    action: z.string().openapi({ example: "agreement.create" }),
    entityType: z.string().openapi({ example: "agreement" }),
    entityId: z.string(),
    kind: z.enum(["create", "update", "delete", "event"]),
    changes: z.array(
      z
        .object({
          path: z.string().openapi({ example: "title.fr", description: "dotted path; arrays by index" }),
          before: diffValueOut.optional().openapi({ description: "absent for a created record" }),
          after: diffValueOut.optional().openapi({ description: "absent for a deleted record" }),
          lang: z.enum(languages).optional(),
        })
        .openapi("AuditChange"),
    ),
  })
  .openapi("AuditEvent", {
    description: "One audit event; `changes` lists the fields that differ, never a secret or file bytes",
  });

const pageParams = {
  limit: z
    .preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100).default(20))
    .openapi({ param: { name: "limit", in: "query" }, example: 20, description: "1 to 100" }),
  offset: z
    .preprocess(blankToUndefined, z.coerce.number().int().min(0).max(10_000_000).default(0))
    .openapi({ param: { name: "offset", in: "query" }, example: 0 }),
};

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: errorOut } },
});
const eventList = listOf(auditEventOut, "AuditEventList");

const listRoute = createRoute({
  method: "get",
  path: "/audit-events",
  summary: "The audit log, newest first (administrator and secretariat)",
  description:
    "Filters: actor (user id or system/cli:…), action (exact, or a prefix such as `agreement`), entityType (one of the recorded types), entityId, record (an agreement's reference, compared without case: its events and its follow-up records'; or any record's id; an unknown reference is a 400), change (create, update, delete, restore), from/to (dates, Africa/Casablanca days).",
  request: { query: z.object({ ...pageParams, ...auditFilterShape }).strict() },
  responses: {
    200: { description: "A page of events", content: { "application/json": { schema: eventList } } },
    400: error("A parameter is not valid; `issues` names each field"),
    401: error("Not signed in (session or bearer API token)"),
    403: error("Only the administrator and the secretariat read the whole log"),
  },
});

const historyRoute = createRoute({
  method: "get",
  path: "/history/{entityType}/{entityId}",
  summary: "One record's history, newest first",
  description:
    "Visible to whoever may read the record, by the record's own rule (404 otherwise, as the record answers): an agreement's, an organisation's, a document's and a follow-up record's follow their visibility; a user's and an API token's are the administrator's (a token's also its owner's). Fields the caller may not read on the record (an organisation's contacts) are left out, and so are the e-mail addresses of who made each change, except for the staff.",
  request: {
    params: z.object({
      entityType: z
        .string()
        .regex(/^[a-z_]{1,50}$/)
        .openapi({ param: { name: "entityType", in: "path" }, example: "agreement" }),
      entityId: z
        .string()
        .min(1)
        .max(200)
        .openapi({ param: { name: "entityId", in: "path" } }),
    }),
    query: z.object(pageParams).strict(),
  },
  responses: {
    200: { description: "The record's events", content: { "application/json": { schema: eventList } } },
    400: error("A parameter is not valid"),
    401: error("Not signed in"),
    403: error("Not allowed to see this kind of record's history"),
    404: error("No such record, or not visible to the caller"),
  },
});

/** GET /audit-events and GET /history/{entityType}/{entityId}; mounted under /api/v1. Reading only. */
export function auditApiRoutes(): OpenAPIHono<AppEnv> {
  const api = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationErrorFrom(result.error);
    },
  });

  // Permission before validation: a refused caller learns nothing from a parameter message.
  api.use("/audit-events", guard(assertCanReadAuditLog));

  api.openapi(listRoute, async (c) => {
    const { limit, offset, ...filter } = c.req.valid("query");
    const result = await listAuditEvents({ db: c.var.db, actor: c.var.actor, filter, limit, offset });
    return c.json({ items: result.items.map(presentAuditEvent), total: result.total }, 200);
  });

  api.openapi(historyRoute, async (c) => {
    const { entityType, entityId } = c.req.valid("param");
    const { limit, offset } = c.req.valid("query");
    const result = await getRecordHistory({
      db: c.var.db,
      actor: c.var.actor,
      entityType,
      entityId,
      limit,
      offset,
    });
    return c.json({ items: result.items.map(presentAuditEvent), total: result.total }, 200);
  });

  return api;
}
