import { Hono } from "hono";
import type { AppEnv } from "../web/context.js";

/** Workspace pages for personal API tokens. */
export function tokenWorkspaceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  return routes;
}
