import { Hono } from "hono";
import type { AppEnv } from "../web/context.js";

/** Workspace pages for organisations and contacts. */
export function organizationWorkspaceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  return routes;
}
