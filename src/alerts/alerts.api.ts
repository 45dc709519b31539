import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Executor } from "../db/client.js";
import type { Actor } from "../shared/actor.js";
import { notFound, refuse } from "../shared/errors.js";
import { isUuid } from "../shared/validation.js";
import type { AppEnv } from "../web/context.js";
import { guard } from "../web/guards.js";
import { errorOut, jsonAnswer, jsonBody, writeErrors, writeSecurity } from "../web/openapi.js";
import {
  alertListOut,
  alertParams,
  kindParams,
  leadTimesIn,
  leadTimesListOut,
  leadTimesOut,
  preferencesIn,
  preferencesOut,
  snoozeIn,
  snoozeOut,
} from "./alerts.api-schemas.js";
import { assertCanActOnOwnAlerts, assertCanReadAlerts, assertCanSetLeadTimes } from "./alerts.policy.js";
import { languageOf, presentAlert, presentLeadTimes } from "./alerts.presenter.js";
import {
  acknowledgeAlert,
  getAlertPreferences,
  listAlertsFor,
  listLeadTimes,
  loadOwnAlert,
  setAlertPreferences,
  setLeadTimes,
  snoozeAlert,
} from "./alerts.service.js";

/* /api/v1: the caller's alerts, their choices, and the lead times (administrators). */

/**
 * The permission check of a route acting on one alert, before its body is read: the person
 * may change their alerts, and is told of this open alert. Another person's alert is "not
 * found", never "forbidden", so that its existence does not leak. Pages and API share it.
 */
export async function assertOwnAlert({
  db,
  actor,
  alertId,
}: {
  db: Executor;
  actor: Actor;
  alertId: string;
}) {
  assertCanActOnOwnAlerts(actor);
  if (!isUuid(alertId)) throw notFound("Alert", alertId);
  await loadOwnAlert(db, actor, alertId);
}

/** Only an administrator reads the lead times (the page that sets them is theirs), even with a read-only token. */
export function assertCanReadLeadTimes(actor: Actor): void {
  if (actor.role === "admin") return;
  refuse(actor, "only an administrator sees the alerts' lead times");
}

const ownAlert = guard((actor, c) =>
  assertOwnAlert({ db: c.var.db, actor, alertId: c.req.param("alertId") ?? "" }),
);
const alertReader = guard(assertCanReadAlerts);
const preferenceWriter = guard(assertCanActOnOwnAlerts);
const leadTimesReader = guard(assertCanReadLeadTimes);
const leadTimesWriter = guard(assertCanSetLeadTimes);

const readErrors = {
  401: writeErrors[401],
  403: jsonAnswer("The caller may not see this", errorOut),
};

const listAlertsRoute = createRoute({
  middleware: [alertReader] as const,
  method: "get",
  path: "/alerts",
  summary: "The caller's open alerts, most urgent first",
  description:
    "What the alert centre shows: the kinds the caller sees in the workspace (see /alert-preferences), neither acknowledged nor snoozed. Each is checked against its cause, so one fixed since the daily evaluation is left out.",
  security: writeSecurity,
  responses: { 200: jsonAnswer("The alerts", alertListOut), ...readErrors },
});

const acknowledgeRoute = createRoute({
  middleware: [ownAlert] as const,
  method: "post",
  path: "/alerts/{alertId}/acknowledge",
  summary: "Acknowledge an alert: hidden for the caller until it reaches a more urgent stage",
  description: "An alert the caller is not told of answers 404.",
  security: writeSecurity,
  request: { params: alertParams },
  responses: { 204: { description: "Acknowledged" }, ...writeErrors },
});

const snoozeRoute = createRoute({
  middleware: [ownAlert] as const,
  method: "post",
  path: "/alerts/{alertId}/snooze",
  summary: "Snooze an alert for some days",
  description: "An alert the caller is not told of answers 404.",
  security: writeSecurity,
  request: { params: alertParams, body: jsonBody(snoozeIn) },
  responses: {
    200: jsonAnswer("Snoozed until the morning of this day (Casablanca)", snoozeOut),
    ...writeErrors,
  },
});

const getPreferencesRoute = createRoute({
  middleware: [alertReader] as const,
  method: "get",
  path: "/alert-preferences",
  summary: "How the caller is told of each kind of alert (defaults included)",
  security: writeSecurity,
  responses: { 200: jsonAnswer("The caller's choices", preferencesOut), ...readErrors },
});

const putPreferencesRoute = createRoute({
  middleware: [preferenceWriter] as const,
  method: "put",
  path: "/alert-preferences",
  summary: "Change how the caller is told of some kinds of alert",
  security: writeSecurity,
  request: { body: jsonBody(preferencesIn) },
  responses: { 200: jsonAnswer("Every kind's choice, as saved", preferencesOut), ...writeErrors },
});

const listLeadTimesRoute = createRoute({
  middleware: [leadTimesReader] as const,
  method: "get",
  path: "/alert-rules",
  summary: "Each kind of alert's lead times (administrators)",
  security: writeSecurity,
  responses: { 200: jsonAnswer("The lead times", leadTimesListOut), ...readErrors },
});

const putLeadTimesRoute = createRoute({
  middleware: [leadTimesWriter] as const,
  method: "put",
  path: "/alert-rules/{alertKind}",
  summary: "Set one kind's lead times (administrators)",
  description:
    "Based on `version` (0 while the kind keeps its defaults): a stale one answers 409. The next daily evaluation uses them.",
  security: writeSecurity,
  request: { params: kindParams, body: jsonBody(leadTimesIn) },
  responses: { 200: jsonAnswer("The lead times as saved", leadTimesOut), ...writeErrors },
});

export function registerAlertsApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(listAlertsRoute, async (c) => {
    const { db, actor, services } = c.var;
    const { items, total } = await listAlertsFor({ db, actor, now: new Date() });
    const lang = languageOf(actor);
    return c.json(
      { items: items.map((item) => presentAlert(item, { lang, publicUrl: services.publicUrl })), total },
      200,
    );
  });

  api.openapi(acknowledgeRoute, async (c) => {
    const { db, actor } = c.var;
    await acknowledgeAlert({ db, actor, alertId: c.req.valid("param").alertId, now: new Date() });
    return c.body(null, 204);
  });

  api.openapi(snoozeRoute, async (c) => {
    const { db, actor } = c.var;
    const alertId = c.req.valid("param").alertId;
    const { snoozedUntil } = await snoozeAlert({
      db,
      actor,
      alertId,
      input: c.req.valid("json"),
      now: new Date(),
    });
    return c.json({ id: alertId, snoozedUntil }, 200);
  });

  api.openapi(getPreferencesRoute, async (c) =>
    c.json(await getAlertPreferences({ db: c.var.db, actor: c.var.actor }), 200),
  );

  api.openapi(putPreferencesRoute, async (c) =>
    c.json(await setAlertPreferences({ db: c.var.db, actor: c.var.actor, input: c.req.valid("json") }), 200),
  );

  api.openapi(listLeadTimesRoute, async (c) => {
    const entries = await listLeadTimes({ db: c.var.db });
    return c.json({ items: entries.map(presentLeadTimes), total: entries.length }, 200);
  });

  api.openapi(putLeadTimesRoute, async (c) => {
    const { db, actor } = c.var;
    const entry = await setLeadTimes({
      db,
      actor,
      input: { kind: c.req.valid("param").alertKind, ...c.req.valid("json") },
    });
    return c.json(presentLeadTimes(entry), 200);
  });
}
