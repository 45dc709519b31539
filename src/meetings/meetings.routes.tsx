import type { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import type { AppEnv } from "../web/context.js";
import { registerActionsApi } from "./actions.api.js";
import { actionWorkspacePages } from "./actions.routes.js";
import { committeeWorkspaceRoutes } from "./committee.routes.js";
import { meetingWorkspacePages } from "./meeting-pages.routes.js";
import { registerCommitteeApi } from "./meetings.api.js";

/** /{lang}/workspace/… pages of this module (mounted by src/workspace/workspace.routes.tsx). */
export function meetingWorkspaceRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route("/", committeeWorkspaceRoutes());
  app.route("/", meetingWorkspacePages());
  app.route("/", actionWorkspacePages());
  return app;
}

/** /api/v1/… routes of this module (registered by src/api/api.routes.ts). */
export function registerMeetingsApi(api: OpenAPIHono<AppEnv>): void {
  registerCommitteeApi(api);
  registerActionsApi(api);
}
