import type { MiddlewareHandler } from "hono";
import { anonymous } from "../shared/actor.js";
import { findActorByApiToken } from "../tokens/tokens.service.js";
import { type ActorSource, actorFromUser } from "../users/users.presenter.js";
import type { AppEnv } from "../web/context.js";
import { hasSessionCookie } from "../web/session-cookie.js";

/**
 * Sets c.var.actor: the user behind a bearer API token, or behind the session cookie, or the
 * anonymous public. The user is read fresh on every request, so a changed role or a
 * deactivated account takes effect at once.
 */
export function resolveActor({ tokens }: { tokens: boolean }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { db, auth } = c.var;
    c.set("actor", anonymous);
    const authorization = c.req.header("authorization");
    if (authorization?.toLowerCase().startsWith("bearer ")) {
      // Outside the API a bearer request is no one in particular: it gets what the public gets.
      if (tokens) c.set("actor", await findActorByApiToken({ db, secret: authorization.slice(7).trim() }));
    } else if (hasSessionCookie(c.req.header("cookie"))) {
      // better-auth reads the session and its user in one query (no cookie cache is set), so
      // a changed role or a deactivation applies at the next request.
      const session = await auth.api.getSession({ headers: c.req.raw.headers });
      const user = session?.user as ActorSource | undefined;
      if (user?.active) c.set("actor", { ...actorFromUser(user), via: "session" });
    }
    await next();
  };
}
