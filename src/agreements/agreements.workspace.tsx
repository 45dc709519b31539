import { Hono } from "hono";
import type { AppEnv } from "../web/context.js";

/** Workspace pages for agreements. */
export function agreementWorkspaceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  return routes;
}
