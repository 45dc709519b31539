import type { Hono } from "hono";
import type { AppEnv } from "../src/web/context.js";
import { TEST_ORIGIN } from "./app.js";
import { TEST_PASSWORD } from "./factories.js";

type App = Hono<AppEnv>;

/** Signs in through the workspace form, as a browser would; returns the Cookie header to send. */
export async function signIn(app: App, email: string, password = TEST_PASSWORD): Promise<string> {
  const response = await app.request("/fr/workspace/sign-in", {
    method: "POST",
    headers: { origin: TEST_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password }).toString(),
  });
  if (response.status !== 303) throw new Error(`sign-in failed with ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

/** A same-origin form post with a session, as the workspace's forms send it. */
export function postForm(
  app: App,
  path: string,
  cookie: string,
  fields: Record<string, string> | URLSearchParams,
) {
  const body = fields instanceof URLSearchParams ? fields : new URLSearchParams(fields);
  return app.request(path, {
    method: "POST",
    headers: { origin: TEST_ORIGIN, cookie, "content-type": "application/x-www-form-urlencoded" },
    body: body.toString(),
  });
}
