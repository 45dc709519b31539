import { type Context, Hono } from "hono";
import { csrf } from "hono/csrf";
import { secureHeaders } from "hono/secure-headers";
import { apiRoutes } from "./api/api.routes.js";
import { AUTH_BASE_PATH, type Auth, createAuth } from "./auth/auth.js";
import { resolveActor } from "./auth/auth.middleware.js";
import { authApiRoutes } from "./auth/auth.routes.js";
import { calendarFeedRoutes } from "./calendar/calendar.routes.js";
import type { Database } from "./db/client.js";
import { databaseIsMigrated } from "./db/health.js";
import { watchRegistryGeneration } from "./db/registry-generation.js";
import { isUploadPath, uploadBodyMaxBytes } from "./documents/documents.http.js";
import { documentPublicRoutes } from "./documents/documents.routes.js";
import { isSpreadsheetUploadPath } from "./imports/spreadsheet-import.routes.js";
import { openDataPageRoutes } from "./opendata/open-data.routes.js";
import { portalRoutes } from "./portal/portal.routes.js";
import { reportPublicRoutes } from "./reports/reports.routes.js";
import { anonymous } from "./shared/actor.js";
import { notFound } from "./shared/errors.js";
import { languages } from "./shared/localized.js";
import { spreadsheetPublicRoutes } from "./spreadsheets/spreadsheets.routes.js";
import { mountAssets } from "./web/assets.js";
import type { AppEnv, AppServices } from "./web/context.js";
import { handleError } from "./web/errors.js";
import { measureRequests, metricsHandler, watchDatabasePool } from "./web/metrics.js";
import { type PublicCache, publicCache } from "./web/public-cache.js";
import { trimTrailingSlashes } from "./web/redirects.js";
import { limitRequestBodies } from "./web/request-body.js";
import { logRequests } from "./web/request-log.js";
import { workspaceRoutes } from "./workspace/workspace.routes.js";

export interface AppOptions extends AppServices {
  authSecret: string;
  sessionDays: number;
  signInPerMinute: number;
}

/**
 * Builds the whole application: middleware, then one mount per module. The public cache is the
 * caller's to give when it answers before the application too (`sharaka serve`); otherwise the
 * application makes its own, listening for the registry's generation when it keeps anything.
 */
export function createApp({
  db,
  options,
  cache,
}: {
  db: Database;
  options: AppOptions;
  cache?: PublicCache;
}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { authSecret, sessionDays, signInPerMinute, ...services } = options;
  const auth: Auth = createAuth({
    db,
    options: {
      publicUrl: services.publicUrl,
      secret: authSecret,
      sessionDays,
      signInPerMinute,
      mailer: services.mailer,
    },
  });
  const publicOrigin = new URL(services.publicUrl).origin;
  watchDatabasePool(db);
  // First: what it keeps carries the headers every later middleware adds, and a kept answer
  // (it logs and counts it itself) skips them all.
  app.use(
    (
      cache ??
      publicCache({
        maxBytes: services.publicCacheBytes,
        db,
        watch: services.publicCacheBytes > 0 ? watchRegistryGeneration(db) : undefined,
      })
    ).middleware,
  );
  app.use(logRequests());
  app.use(measureRequests());
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
      // A route's own header wins: document downloads send a stricter, sandboxing policy.
      overwrite: false,
    }),
  );
  app.use(trimTrailingSlashes());
  // A form posted from another site is refused: its Origin (or Sec-Fetch-Site) must be ours.
  // JSON requests need no such check: a browser cannot send one cross-site without CORS,
  // which this application never allows.
  const checkOrigin = csrf({
    origin: (origin, c) => origin === publicOrigin || origin === new URL(c.req.url).origin,
  });
  // A bearer token is never sent by a browser on its own (unlike a cookie), so a script
  // using one on the JSON API needs no Origin header. Tokens are for the API only.
  app.use((c, next) =>
    c.req.path.startsWith("/api/v1/") && c.req.header("authorization")?.toLowerCase().startsWith("bearer ")
      ? next()
      : checkOrigin(c, next),
  );
  app.use(async (c, next) => {
    c.set("db", db);
    c.set("auth", auth);
    c.set("services", services);
    c.set("actor", anonymous);
    await next();
  });
  // Before any route reads a body (better-auth's included), and before the session lookup:
  // an oversized body costs the server nothing but this check, and counts against its client.
  app.use(
    limitRequestBodies({
      isUploadPath: (path: string) => isUploadPath(path) || isSpreadsheetUploadPath(path),
      uploadBodyMaxBytes: uploadBodyMaxBytes(services.uploadMaxBytes),
      uploadMaxBytes: services.uploadMaxBytes,
      bodyMaxBytes: services.bodyMaxBytes,
      refusalsPerMinute: signInPerMinute,
    }),
  );
  // Who is asking matters to the API and the workspace only; the portal, assets and health
  // check answer everyone alike, so they never pay for a session lookup. API tokens are for
  // the API: the workspace looks at the session cookie alone.
  app.use("/api/v1/*", resolveActor({ tokens: true }));
  // Hono's "/*" matches the folder itself too (`/fr/workspace`, the dashboard): one
  // registration, so that the dashboard does not read its session twice.
  for (const lang of languages) app.use(`/${lang}/workspace/*`, resolveActor({ tokens: false }));

  const migrationState = async (c: Context<AppEnv>) => {
    const state = await databaseIsMigrated(db);
    return c.json({ status: state.ok ? "ok" : "unavailable", migrations: state }, state.ok ? 200 : 503);
  };
  app.get("/healthz", migrationState);
  // Ready to take traffic: the database answers and holds every migration this code ships.
  app.get("/readyz", migrationState);
  app.get("/metrics", metricsHandler(services.metricsAllow));
  mountAssets(app);
  app.route(AUTH_BASE_PATH, authApiRoutes());
  app.route("/api/v1", apiRoutes());
  app.route("/", workspaceRoutes());
  app.route("/", documentPublicRoutes());
  app.route("/", calendarFeedRoutes());
  // Before the portal: "/fr/agreements/<id>.pdf" is a report, not an agreement page.
  app.route("/", reportPublicRoutes());
  app.route("/", spreadsheetPublicRoutes());
  app.route("/", openDataPageRoutes());
  app.route("/", portalRoutes());

  app.notFound((c) => handleError(notFound("Page", c.req.path), c));
  app.onError(handleError);
  return app;
}
