import type { Executor } from "../src/db/client.js";
import { createApiToken } from "../src/tokens/tokens.service.js";
import { actorFromUser } from "../src/users/users.presenter.js";
import { type createTestApp, TEST_ORIGIN } from "./app.js";
import type { buildUser } from "./factories.js";

/* What the API write tests share: tokens for users, and JSON requests as scripts and pages send them. */

// biome-ignore lint/suspicious/noExplicitAny: the tests read loosely typed JSON answers
export type Body = Record<string, any>;
export type Caller = { token?: string; cookie?: string };

/** A personal token of the user, created as the user signed in to the workspace would. */
export async function tokenFor(
  db: Executor,
  user: Awaited<ReturnType<typeof buildUser>>,
  scope: "read" | "write",
): Promise<string> {
  const actor = { ...actorFromUser(user), via: "session" as const };
  return (await createApiToken({ db, actor, input: { name: `${scope} token`, scope } })).secret;
}

/** A JSON request to /api/v1 with a bearer token or a session cookie (and an Origin, as browsers send). */
export function jsonClient(app: ReturnType<typeof createTestApp>) {
  return async (method: string, path: string, caller: Caller = {}, body?: unknown) => {
    const headers: Record<string, string> = { origin: TEST_ORIGIN };
    if (caller.token) headers.authorization = `Bearer ${caller.token}`;
    if (caller.cookie) headers.cookie = caller.cookie;
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await app.request(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : null) as Body,
    };
  };
}

/** The issue about `field` in an error answer, if any. */
export const issueOf = (body: Body, field: string) =>
  body.error?.issues.find((issue: { field: string }) => issue.field === field);
