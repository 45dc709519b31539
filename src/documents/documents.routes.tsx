import { Hono } from "hono";
import type { AppEnv } from "../web/context.js";

/** Workspace pages for documents. */
export function documentWorkspaceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  return routes;
}
