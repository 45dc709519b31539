import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement } from "../../test/factories.js";
import { testSettings } from "../../test/settings.js";
import type { Database, DatabaseHandle } from "../db/client.js";
import { databaseIsMigrated } from "../db/health.js";
import { captureLog } from "../shared/logger.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let agreementId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  agreementId = (await buildAgreement(handle.db, { visibility: "public" })).id;
});
afterAll(() => handle.close());

/** A request as if from `address` (in-process requests take the forwarded address as the client's). */
const from = (address: string, path: string, headers: Record<string, string> = {}) =>
  app.request(path, { headers: { "x-forwarded-for": address, ...headers } });

/**
 * A sample's value in /metrics (0 when absent). The registry belongs to the process and test
 * files share it: tests compare values before and after, never absolute counts.
 */
async function sample(name: string, labels: string): Promise<number> {
  const text = await (await from("127.0.0.1", "/metrics")).text();
  const line = text.split("\n").find((each) => each.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

describe("the request log and its id", () => {
  it("writes one JSON line per request, with the id it returns in X-Request-Id", async () => {
    const log = captureLog();
    try {
      const response = await app.request(`/fr/agreements/${agreementId}?q=secret-search`);
      expect(response.status).toBe(200);
      const id = response.headers.get("x-request-id") ?? "";
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const lines = log.lines().filter((line) => line.msg === "request");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: "info",
        requestId: id,
        method: "GET",
        route: "/fr/agreements/:id",
        path: `/fr/agreements/${agreementId}`,
        status: 200,
      });
      expect(typeof lines[0]?.ms).toBe("number");
      expect(typeof lines[0]?.time).toBe("string");
      // The query string (what someone searched for, a token in a link) is never written down.
      expect(JSON.stringify(lines)).not.toContain("secret-search");
    } finally {
      log.stop();
    }
  });

  it("keeps a safe id the caller sent, and replaces a hostile one", async () => {
    const kept = await app.request("/healthz", { headers: { "x-request-id": "edge-42.a_b" } });
    expect(kept.headers.get("x-request-id")).toBe("edge-42.a_b");
    for (const hostile of ["<script>", "a".repeat(65), "line\tbreak", "x y"]) {
      const replaced = await app.request("/healthz", { headers: { "x-request-id": hostile } });
      expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("never writes a cookie, a bearer token or any other header's value", async () => {
    const log = captureLog();
    try {
      await app.request("/api/v1/agreements", {
        headers: { cookie: "sharaka.session_token=cookie-secret", authorization: "Bearer shk_token-secret" },
      });
      const text = JSON.stringify(log.lines());
      expect(log.lines().some((line) => line.msg === "request" && line.route === "/api/v1/agreements")).toBe(
        true,
      );
      expect(text).not.toContain("cookie-secret");
      expect(text).not.toContain("token-secret");
    } finally {
      log.stop();
    }
  });

  it("never writes a calendar feed's secret address", async () => {
    const log = captureLog();
    try {
      await app.request("/calendar/feeds/this-is-a-private-secret.ics");
      const line = log.lines().find((each) => each.msg === "request");
      expect(line?.path).toBe("/calendar/feeds/(secret)");
      expect(JSON.stringify(log.lines())).not.toContain("this-is-a-private-secret");
    } finally {
      log.stop();
    }
  });
});

describe("/metrics", () => {
  it("answers the allowed addresses with request counts by route pattern, never by raw URL", async () => {
    await app.request(`/api/v1/agreements/${agreementId}`);
    const response = await from("127.0.0.1", "/metrics");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toMatch(
      /sharaka_http_requests_total\{method="GET",route="\/api\/v1\/agreements\/:id",status="200"\} \d+/,
    );
    expect(text).toContain("sharaka_http_request_duration_seconds_bucket");
    expect(text).toContain("sharaka_public_cache_lookups_total");
    expect(text).toContain("sharaka_alert_runs_total");
    expect(text).not.toContain(agreementId);
  });

  it.runIf(testSettings().driver === "pg")("shows the PostgreSQL pool's connections", async () => {
    const text = await (await from("127.0.0.1", "/metrics")).text();
    expect(text).toMatch(/sharaka_db_pool_connections\{state="total"\} [1-9]/);
    expect(text).toMatch(/sharaka_db_pool_connections\{state="waiting"\} \d+/);
  });

  it("counts a public answer taken from the cache under its route, and the cache's hits and misses", async () => {
    const cached = createTestApp(handle.db, { publicCacheBytes: 1024 * 1024 });
    const route = 'method="GET",route="/api/v1/agreements/:id",status="200"';
    const before = {
      requests: await sample("sharaka_http_requests_total", route),
      hits: await sample("sharaka_public_cache_lookups_total", 'outcome="hit"'),
      misses: await sample("sharaka_public_cache_lookups_total", 'outcome="miss"'),
    };
    const log = captureLog();
    try {
      for (let round = 0; round < 3; round++)
        expect((await cached.request(`/api/v1/agreements/${agreementId}`)).status).toBe(200);
      const routes = log.lines().map((line) => line.route);
      expect(routes).toEqual(Array(3).fill("/api/v1/agreements/:id"));
    } finally {
      log.stop();
    }
    expect(await sample("sharaka_http_requests_total", route)).toBe(before.requests + 3);
    expect(await sample("sharaka_public_cache_lookups_total", 'outcome="miss"')).toBe(before.misses + 1);
    expect(await sample("sharaka_public_cache_lookups_total", 'outcome="hit"')).toBe(before.hits + 2);
  });

  it("is no page at all for any other address", async () => {
    const refused = await from("203.0.113.9", "/metrics");
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toContain("sharaka_http_requests_total");
  });

  it("counts an unknown address under one label, so crawling cannot grow the series", async () => {
    await app.request("/no/such/page/1");
    await app.request("/no/such/page/2");
    const text = await (await from("::1", "/metrics")).text();
    expect(text).toMatch(/route="unmatched",status="404"/);
    expect(text).not.toContain("/no/such/page");
  });
});

describe("/readyz", () => {
  it("is not ready when the database does not answer, or not soon enough", async () => {
    const closed = await createTestDatabase();
    const orphan = createTestApp(closed.db);
    await closed.close();
    const down = await orphan.request("/readyz");
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: "unavailable" });

    const silent = { execute: () => new Promise(() => {}) } as unknown as Database;
    expect(await databaseIsMigrated(silent, 20)).toMatchObject({ ok: false });
  });

  it("is ready when the database answers with every migration, and says unavailable when one is missing", async () => {
    const ready = await app.request("/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ok", migrations: { ok: true, missing: 0 } });

    // A database behind the code: the newest migration's row removed.
    await handle.db.execute(
      sql`delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)`,
    );
    const behind = await app.request("/readyz");
    expect(behind.status).toBe(503);
    expect(await behind.json()).toMatchObject({ status: "unavailable", migrations: { missing: 1 } });
    // Liveness says the same of the database, as it always did.
    expect((await app.request("/healthz")).status).toBe(503);
  });
});
