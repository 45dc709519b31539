import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { AppEnv } from "../web/context.js";

/**
 * The portal's "action plan and progress" of a public agreement (the portal has already
 * checked it is public): activities and indicator achievement, from approved values only,
 * never internal comments. Rendered by src/portal/portal.routes.tsx.
 */
export async function publicProgressSection(_c: Context<AppEnv>, _agreementId: string): Promise<Child> {
  return null;
}
