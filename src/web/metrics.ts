import cluster from "node:cluster";
import { randomUUID } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { AggregatorRegistry, Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
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

/** The PostgreSQL pools of the applications this process built (one when serving). */
const watchedPools = new Set<Database>();

new Gauge({
  name: "sharaka_db_pool_connections",
  help: "PostgreSQL pool connections, by state (total, idle, waiting: requests waiting for one)",
  labelNames: ["state"] as const,
  registers: [metricsRegistry],
  collect() {
    if (watchedPools.size === 0) return;
    const sum = { total: 0, idle: 0, waiting: 0 };
    for (const db of watchedPools) {
      const stats = poolStatistics(db);
      // A closed pool (an application built and let go, as tests do) is forgotten.
      if (!stats) watchedPools.delete(db);
      else for (const state of ["total", "idle", "waiting"] as const) sum[state] += stats[state];
    }
    for (const state of ["total", "idle", "waiting"] as const) this.set({ state }, sum[state]);
  },
});

/** Reports this database's pool in `sharaka_db_pool_connections` (nothing on the embedded database). */
export function watchDatabasePool(db: Database): void {
  if (poolStatistics(db)) watchedPools.add(db);
}

const catchAll = (pattern: string) => !pattern || pattern === "/*" || pattern === "*";

/**
 * The route pattern that answered (`/api/v1/agreements/:id`), never the raw URL, so a crawler
 * cannot grow the series or the log's vocabulary; "unmatched" for a 404. A request a middleware
 * answered (the public cache, a refused body, the sign-in guard) counts under the route it was
 * going to: the first route after that middleware bound to a method and a pattern.
 */
export function routeLabel(c: Context<AppEnv>): string {
  if (c.res.status === 404) return "unmatched";
  const routes = matchedRoutes(c);
  const index = c.req.routeIndex;
  const answered = routes[index];
  if (answered && answered.method !== "ALL" && !catchAll(answered.path)) return answered.path;
  const destined = routes.slice(index + 1).find((route) => route.method !== "ALL" && !catchAll(route.path));
  if (destined) return destined.path;
  return answered && !catchAll(answered.path) ? answered.path : "unmatched";
}

/** Counts and times one answered request (`started` from performance.now()). */
export function countRequest(method: string, route: string, status: number, started: number): void {
  requests.inc({ method, route, status: String(status) });
  latency.observe({ method, route }, (performance.now() - started) / 1000);
}

/** Counts and times every request. */
export function measureRequests(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      countRequest(c.req.method, routeLabel(c), c.res.status, started);
    }
  };
}

if (cluster.isWorker) {
  // Each worker answers the primary's aggregation with its own registry, from as early as it
  // loads: the primary asks every worker, one still starting included.
  AggregatorRegistry.setRegistries([metricsRegistry]);
  new AggregatorRegistry();
}

const ASK_PRIMARY = "sharaka:metrics";
const PRIMARY_ANSWER = "sharaka:metrics-answer";
const PRIMARY_WAIT_MS = 5000;

/**
 * In the primary of `serve --workers N`: answers a worker's request for every worker's metrics
 * (prom-client's AggregatorRegistry sums the counters and histograms), so that /metrics, served
 * by whichever worker the connection reached, speaks for the whole server.
 */
export function relayClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on("message", (worker, message: { type?: string; id?: string }) => {
    if (message?.type !== ASK_PRIMARY) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: PRIMARY_ANSWER, id: message.id, text }),
      (error: Error) => worker.send({ type: PRIMARY_ANSWER, id: message.id, error: error.message }),
    );
  });
}

/** In a worker: the whole server's metrics, from the primary. */
function metricsOfAllWorkers(): Promise<string> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type?: string; id?: string; text?: string; error?: string }) => {
      if (message?.type !== PRIMARY_ANSWER || message.id !== id) return;
      clearTimeout(timer);
      process.off("message", onMessage);
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(message.text ?? "");
    };
    const timer = setTimeout(() => {
      process.off("message", onMessage);
      reject(new Error("the primary process did not answer with the workers' metrics"));
    }, PRIMARY_WAIT_MS);
    process.on("message", onMessage);
    process.send?.({ type: ASK_PRIMARY, id });
  });
}

/** GET /metrics, for the addresses METRICS_ALLOW lists; anyone else is told there is no such page. */
export function metricsHandler(allowed: string[]) {
  return async (c: Context<AppEnv>) => {
    const address = clientAddress(c, c.var.services.trustedProxies);
    if (!isListedAddress(address, allowed)) throw notFound("Page", c.req.path);
    const text = cluster.isWorker ? await metricsOfAllWorkers() : await metricsRegistry.metrics();
    return c.body(text, 200, { "content-type": metricsRegistry.contentType });
  };
}
