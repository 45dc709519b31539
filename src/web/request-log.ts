import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { logger } from "../shared/logger.js";
import type { AppEnv } from "./context.js";
import { loggablePath } from "./errors.js";
import { routeLabel } from "./metrics.js";

/** A request id another system set, when it is short and made of plain characters; anything else is replaced. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
export const REQUEST_ID_HEADER = "X-Request-Id";

/** The request id to answer with: the caller's when it is safe to repeat, else a new one. */
export function requestIdFrom(given: string | undefined): string {
  return given && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

export interface RequestLine {
  requestId: string;
  method: string;
  route: string;
  path: string;
  status: number;
  /** performance.now() when the request arrived */
  started: number;
  bytes?: number;
}

/** Writes a request's line (the public cache writes those of the answers it gives before Hono). */
export function logRequestLine({ started, bytes, path, ...line }: RequestLine): void {
  if (!logger.enabled("info")) return;
  logger.info("request", {
    ...line,
    path: loggablePath(path),
    ms: Math.round((performance.now() - started) * 10) / 10,
    ...(bytes !== undefined ? { bytes } : {}),
  });
}

/**
 * One JSON line per request (method, route pattern, path without its query string and without
 * a calendar feed's secret, status, duration, bytes when known, request id; never a header's
 * value: cookies, tokens), and the request id in the response, so that a person reporting a
 * problem can quote it.
 */
export function logRequests(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = requestIdFrom(c.req.header(REQUEST_ID_HEADER));
    c.set("requestId", requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      c.res.headers.set(REQUEST_ID_HEADER, requestId);
      const length = c.res.headers.get("content-length");
      logRequestLine({
        requestId,
        method: c.req.method,
        route: routeLabel(c),
        path: c.req.path,
        status: c.res.status,
        started,
        bytes: length ? Number(length) : undefined,
      });
    }
  };
}
