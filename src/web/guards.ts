import type { Context, MiddlewareHandler } from "hono";
import type { Actor } from "../shared/actor.js";
import type { AppEnv } from "./context.js";

/**
 * A permission check as middleware, run before a route validates its input, so that a person
 * who may not use a route is told "forbidden", never what is wrong with what they sent. The
 * check throws to refuse (`refuse`, an assert… of a policy); it gets the actor, and the
 * request when it needs a parameter or the database. Services check again: a guard only
 * decides who gets as far as validation. What a check returns (the record it loaded) is ignored.
 */
export function guard(check: (actor: Actor, c: Context<AppEnv>) => unknown): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await check(c.var.actor, c);
    await next();
  };
}
