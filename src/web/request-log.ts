import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { logger } from "../shared/logger.js";
import type { AppEnv } from "./context.js";
import { loggablePath } from "./errors.js";
import { routeLabel } from "./metrics.js";

/** A request id another system set, when it is short and made of plain characters; anything else is replaced. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
export const REQUEST_ID_HEADER = "X-Request-Id";

/**
 * One JSON line per request (method, route pattern, path without its query string and without
 * a calendar feed's secret, status, duration, bytes when known, request id; never a header's
 * value: cookies, tokens), and the request id in the response, so that a person reporting a
 * problem can quote it.
 */
export function logRequests(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const given = c.req.header(REQUEST_ID_HEADER);
    const requestId = given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
    c.set("requestId", requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      c.res.headers.set(REQUEST_ID_HEADER, requestId);
      // Inside finally, an early return would swallow an error next() threw: hence the if.
      if (logger.enabled("info")) {
        const length = c.res.headers.get("content-length");
        logger.info("request", {
          requestId,
          method: c.req.method,
          route: routeLabel(c),
          path: loggablePath(c.req.path),
          status: c.res.status,
          ms: Math.round((performance.now() - started) * 10) / 10,
          ...(length ? { bytes: Number(length) } : {}),
        });
      }
    }
  };
}
