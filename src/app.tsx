import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { trimTrailingSlash } from "hono/trailing-slash";
import { apiRoutes } from "./api/api.routes.js";
import type { Database } from "./db/client.js";
import { databaseIsMigrated } from "./db/health.js";
import { portalRoutes } from "./portal/portal.routes.js";
import { anonymous } from "./shared/actor.js";
import { notFound } from "./shared/errors.js";
import { mountAssets } from "./web/assets.js";
import type { AppEnv } from "./web/context.js";
import { handleError } from "./web/errors.js";

/** Builds the whole application: middleware, then one mount per module. */
export function createApp({ db }: { db: Database }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: "strict-origin-when-cross-origin",
    }),
  );
  // No route ends with a slash: "/fr/agreements/" is the catalogue too.
  app.use(trimTrailingSlash({ alwaysRedirect: true }));
  app.use(async (c, next) => {
    c.set("db", db);
    // Sign-in arrives with the workspace; until then every visitor is the anonymous public.
    c.set("actor", anonymous);
    await next();
  });

  app.get("/healthz", async (c) => {
    const state = await databaseIsMigrated(db);
    return c.json({ status: state.ok ? "ok" : "unavailable", migrations: state }, state.ok ? 200 : 503);
  });
  mountAssets(app);
  app.route("/api/v1", apiRoutes());
  app.route("/", portalRoutes());

  app.notFound((c) => handleError(notFound("Page", c.req.path), c));
  app.onError(handleError);
  return app;
}
