import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { AppError } from "../shared/errors.js";
import type { AppEnv } from "../web/context.js";
import { guard } from "../web/guards.js";
import { jsonAnswer, jsonBody, readSecurity, writeErrors, writeSecurity } from "../web/openapi.js";
import { actionPolicy, assertCanEditActions } from "./actions.policy.js";
import {
  assertMayUpdateActionStatus,
  createAction,
  getAction,
  listActions,
  updateAction,
  updateActionStatus,
} from "./actions.service.js";
import {
  actionCreateIn,
  actionOut,
  actionParams,
  actionPatchIn,
  agreementParams,
  listOut,
} from "./meetings.api-schemas.js";
import { presentAction } from "./meetings.presenter.js";

/* /api/v1: follow-up actions (internal: never the anonymous public). */

const actionCreator = guard(assertCanEditActions);

/** Fields the owning organisation's focal point may send; anything else is the staff's to change. */
const statusFields = new Set(["status", "version"]);

/**
 * Before the body is validated: the caller must be the staff or the owning organisation's
 * focal point, and the latter may send the status (and version) only.
 */
const actionChanger = guard(async (actor, c) => {
  await assertMayUpdateActionStatus({ db: c.var.db, actor, id: c.req.param("actionId") ?? "" });
  if (!actionPolicy.canEdit(actor)) {
    const body: unknown = await c.req.json().catch(() => undefined);
    const others =
      body && typeof body === "object" ? Object.keys(body).filter((key) => !statusFields.has(key)) : [];
    if (others.length) {
      throw new AppError("forbidden", "The owning organisation's focal point changes the status only", {
        issues: others.map((field) => ({ field, message: "may be changed by the association's staff only" })),
      });
    }
  }
});

const listActionsRoute = createRoute({
  method: "get",
  path: "/agreements/{id}/actions",
  summary: "An agreement's follow-up actions, soonest due first",
  description:
    "Internal: signed-in callers whose scope reaches the agreement (staff, viewers, its parties' focal points, the councils it reaches); others get 404.",
  security: readSecurity,
  request: { params: agreementParams },
  responses: {
    200: jsonAnswer("The actions", listOut(actionOut, "FollowUpActionList")),
    400: writeErrors[400],
    404: writeErrors[404],
  },
});

const createActionRoute = createRoute({
  middleware: [actionCreator] as const,
  method: "post",
  path: "/agreements/{id}/actions",
  summary: "Create a follow-up action, with or without a decision (staff)",
  security: writeSecurity,
  request: { params: agreementParams, body: jsonBody(actionCreateIn) },
  responses: { 201: jsonAnswer("The new action", actionOut), ...writeErrors },
});

const patchActionRoute = createRoute({
  middleware: [actionChanger] as const,
  method: "patch",
  path: "/actions/{actionId}",
  summary:
    "Change a follow-up action (staff: every field; the owning organisation's focal point: its status)",
  description:
    "Based on `version`: a stale one answers 409 and changes nothing. The done date is set to today when the status becomes done (unless the staff give one), and cleared when it is no longer done.",
  security: writeSecurity,
  request: { params: actionParams, body: jsonBody(actionPatchIn) },
  responses: { 200: jsonAnswer("The action as saved", actionOut), ...writeErrors },
});

export function registerActionsApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(listActionsRoute, async (c) => {
    const { db, actor } = c.var;
    const rows = await listActions({ db, actor, agreementId: c.req.valid("param").id });
    return c.json({ items: rows.map(presentAction), total: rows.length }, 200);
  });

  api.openapi(createActionRoute, async (c) => {
    const { db, actor } = c.var;
    const row = await createAction({
      db,
      actor,
      agreementId: c.req.valid("param").id,
      input: c.req.valid("json"),
    });
    return c.json(presentAction(row), 201);
  });

  api.openapi(patchActionRoute, async (c) => {
    const { db, actor } = c.var;
    const id = c.req.valid("param").actionId;
    const patch = c.req.valid("json");
    if (!actionPolicy.canEdit(actor)) {
      const row = await updateActionStatus({
        db,
        actor,
        id,
        input: { status: patch.status as NonNullable<typeof patch.status>, version: patch.version },
      });
      return c.json(presentAction(row), 200);
    }
    const current = await getAction({ db, actor, id });
    const row = await updateAction({
      db,
      actor,
      id,
      input: {
        version: patch.version,
        description: patch.description ?? current.description,
        ownerOrganizationId: patch.ownerOrganizationId ?? current.ownerOrganizationId,
        ownerUserId: patch.ownerUserId === undefined ? current.ownerUserId : patch.ownerUserId,
        dueOn: patch.dueOn ?? current.dueOn,
        status: patch.status ?? current.status,
        // Left out: the service keeps the saved date while done, and clears it otherwise.
        doneOn: patch.doneOn,
        decisionId: patch.decisionId === undefined ? current.decisionId : patch.decisionId,
      },
    });
    return c.json(presentAction(row), 200);
  });
}
