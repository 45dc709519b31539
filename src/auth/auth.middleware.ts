import { eq } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { users } from "../db/schema/index.js";
import { anonymous } from "../shared/actor.js";
import { findActorByApiToken } from "../tokens/tokens.service.js";
import { actorFromUser } from "../users/users.presenter.js";
import type { AppEnv } from "../web/context.js";

const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?sharaka\.session_token=/;

/**
 * Sets c.var.actor: the user behind a bearer API token, or behind the session cookie, or the
 * anonymous public. The user is read fresh on every request, so a changed role or a
 * deactivated account takes effect at once.
 */
export function resolveActor(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { db, auth } = c.var;
    c.set("actor", anonymous);
    const authorization = c.req.header("authorization");
    if (authorization?.toLowerCase().startsWith("bearer ")) {
      c.set("actor", await findActorByApiToken({ db, secret: authorization.slice(7).trim() }));
    } else if (SESSION_COOKIE.test(c.req.header("cookie") ?? "")) {
      const session = await auth.api.getSession({ headers: c.req.raw.headers });
      if (session) {
        const [user] = await db.select().from(users).where(eq(users.id, session.user.id));
        if (user?.active) c.set("actor", { ...actorFromUser(user), via: "session" });
      }
    }
    await next();
  };
}
