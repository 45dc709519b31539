import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { AgreementDetail } from "../agreements/agreements.queries.js";
import type { AppEnv } from "../web/context.js";

/**
 * This module's part of the workspace page of an agreement the actor may read (rendered by
 * src/agreements/agreements.workspace.tsx); null when there is nothing to show.
 */
export async function activitySection(_c: Context<AppEnv>, _agreement: AgreementDetail): Promise<Child> {
  return null;
}
