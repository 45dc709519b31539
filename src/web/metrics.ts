import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Database } from "../db/client.js";
import { poolStatistics } from "../db/client.js";
import { notFound } from "../shared/errors.js";
import { clientAddress, isListedAddress } from "./client-address.js";
import type { AppEnv } from "./context.js";

/**
 * Prometheus metrics of this process (prom-client): requests by route pattern, their latency,
 * the database pool, the public cache and the alert runs. Route labels are Hono's matched
 * patterns (`/:lang/agreements/:id`), never the raw URL, so a crawler cannot grow the series.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const requests = new Counter({
  name: "sharaka_http_requests_total",
  help: "HTTP requests answered, by method, route pattern and status",
  labelNames: ["method", "route", "status"] as const,
  registers: [metricsRegistry],
});

const latency = new Histogram({
  name: "sharaka_http_request_duration_seconds",
  help: "Time to answer an HTTP request (until the handler returned), by method and route pattern",
  labelNames: ["method", "route"] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

const cacheLookups = new Counter({
  name: "sharaka_public_cache_lookups_total",
  help: "Anonymous reads looked up in the public cache, by outcome (hit or miss)",
  labelNames: ["outcome"] as const,
  registers: [metricsRegistry],
});

const alertRuns = new Counter({
  name: "sharaka_alert_runs_total",
  help: "Scheduled alert checks of this process, by outcome (evaluated; busy: another process was running them; already_ran today; failed)",
  labelNames: ["outcome"] as const,
  registers: [metricsRegistry],
});

/** Called by the public cache for each anonymous read it looks up. */
export function countCacheLookup(outcome: "hit" | "miss"): void {
  cacheLookups.inc({ outcome });
}

export function countAlertRun(outcome: "evaluated" | "busy" | "already_ran" | "failed"): void {
  alertRuns.inc({ outcome });
}

/** The database pool's connections, read when metrics are collected (PostgreSQL only). */
export function watchDatabasePool(db: Database): void {
  if (metricsRegistry.getSingleMetric("sharaka_db_pool_connections")) return;
  new Gauge({
    name: "sharaka_db_pool_connections",
    help: "PostgreSQL pool connections, by state (total, idle, waiting: requests waiting for one)",
    labelNames: ["state"] as const,
    registers: [metricsRegistry],
    collect() {
      const stats = poolStatistics(db);
      if (!stats) return;
      this.set({ state: "total" }, stats.total);
      this.set({ state: "idle" }, stats.idle);
      this.set({ state: "waiting" }, stats.waiting);
    },
  });
}

/** The route pattern that answered, or "unmatched" (a 404 has no pattern worth a series). */
function routeLabel(c: Context): string {
  const pattern = routePath(c);
  return !pattern || pattern === "/*" || pattern === "*" ? "unmatched" : pattern;
}

/** Counts and times every request. */
export function measureRequests(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const route = c.res.status === 404 ? "unmatched" : routeLabel(c);
      requests.inc({ method: c.req.method, route, status: String(c.res.status) });
      latency.observe({ method: c.req.method, route }, (performance.now() - started) / 1000);
    }
  };
}

/** GET /metrics, for the addresses METRICS_ALLOW lists; anyone else is told there is no such page. */
export function metricsHandler(allowed: string[]) {
  return async (c: Context<AppEnv>) => {
    const address = clientAddress(c, c.var.services.trustedProxies);
    if (!isListedAddress(address, allowed)) throw notFound("Page", c.req.path);
    return c.body(await metricsRegistry.metrics(), 200, { "content-type": metricsRegistry.contentType });
  };
}
