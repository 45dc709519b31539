import { Hono } from "hono";
import type { AppEnv } from "../web/context.js";
import { activityListPages } from "./activity-list.routes.js";
import { activityPages } from "./activity-pages.routes.js";
import { planPages } from "./plans.routes.js";

export { registerActivitiesApi } from "./activities.api.js";

/** /{lang}/workspace/… pages of this module (mounted by src/workspace/workspace.routes.tsx). */
export function activityWorkspaceRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route("/", planPages());
  app.route("/", activityPages());
  app.route("/", activityListPages());
  return app;
}
