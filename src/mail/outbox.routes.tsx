import { Hono } from "hono";
import type { AppEnv } from "../web/context.js";

/** Workspace pages for the outbox (administrator). */
export function outboxWorkspaceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  return routes;
}
