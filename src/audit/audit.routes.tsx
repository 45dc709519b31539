import { Hono } from "hono";
import type { AppEnv } from "../web/context.js";

/** Workspace pages for the audit log and record histories. */
export function auditWorkspaceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  return routes;
}
