import { Hono } from "hono";
import type { AppEnv } from "../web/context.js";

/** Workspace pages for accounts (administrator). */
export function userWorkspaceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  return routes;
}
