import type { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import type { AppEnv } from "../web/context.js";

/** /{lang}/workspace/… pages of this module (mounted by src/workspace/workspace.routes.tsx). */
export function indicatorWorkspaceRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  return app;
}

/** /api/v1/… routes of this module (registered by src/api/api.routes.ts). */
export function registerIndicatorsApi(_api: OpenAPIHono<AppEnv>): void {}
