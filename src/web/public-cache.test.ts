import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { getRequestListener } from "@hono/node-server";
import type { Context } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Body, type Caller, jsonClient, tokenFor } from "../../test/api-client.js";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildUser } from "../../test/factories.js";
import { buildIndicator, buildIndicatorValue } from "../../test/followup-factories.js";
import { signIn } from "../../test/session.js";
import { testSettings } from "../../test/settings.js";
import { until } from "../../test/until.js";
import type { DatabaseHandle } from "../db/client.js";
import { openDatabase } from "../db/client.js";
import {
  type GenerationWatch,
  readRegistryGeneration,
  watchRegistryGeneration,
} from "../db/registry-generation.js";
import { metricsRegistry } from "./metrics.js";
import { publicCache } from "./public-cache.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let staff: Caller;
let call: ReturnType<typeof jsonClient>;

let watch: GenerationWatch;

/** An application whose cache listens with the file's watch, so that a test can wait for what it heard. */
const appWithCache = (maxBytes: number) =>
  createTestApp(handle.db, { publicCacheBytes: maxBytes }, publicCache({ maxBytes, db: handle.db, watch }));

/**
 * Factories write as another process would (outside the application): the cache hears of
 * their commits by notice, a round trip later. Waits until it has.
 */
const heardFactoryWrites = () =>
  until("the factories' writes to be heard", async () =>
    watch.known() === (await readRegistryGeneration(handle.db)) ? true : undefined,
  );

beforeAll(async () => {
  handle = await createTestDatabase();
  watch = watchRegistryGeneration(handle.db);
  app = appWithCache(8 * 1024 * 1024);
  call = jsonClient(app);
  staff = { token: await tokenFor(handle.db, await buildUser(handle.db, { role: "secretariat" }), "write") };
});
afterAll(async () => {
  await watch.stop();
  await handle.close();
});

const text = async (path: string, headers: Record<string, string> = {}) => {
  const response = await app.request(path, { headers });
  return { status: response.status, headers: response.headers, body: await response.text() };
};
const json = async (path: string) => JSON.parse((await text(path)).body) as Body;

const cacheHits = async () => {
  const metric = await metricsRegistry.getSingleMetric("sharaka_public_cache_lookups_total")?.get();
  return metric?.values.find((value) => value.labels.outcome === "hit")?.value ?? 0;
};

/** Every public answer that shows the agreement, each asked twice so the second comes from the cache. */
async function publicViews(id: string) {
  const views = {
    catalogue: (await text("/fr/agreements")).body,
    page: await text(`/fr/agreements/${id}`),
    list: await json("/api/v1/agreements?limit=100"),
    detail: await text(`/api/v1/agreements/${id}`),
    feed: await text(`/fr/agreements/${id}/calendar.ics`),
  };
  return views;
}

describe("the public cache", () => {
  it("answers a repeated anonymous read from memory, with an ETag a conditional request gets 304 for", async () => {
    const agreement = await buildAgreement(handle.db, { title: { fr: "Convention gardée en mémoire" } });
    await heardFactoryWrites();
    const hitsBefore = await cacheHits();
    const first = await text(`/fr/agreements/${agreement.id}`);
    const second = await text(`/fr/agreements/${agreement.id}`);
    expect(second.body).toBe(first.body);
    expect(await cacheHits()).toBe(hitsBefore + 1);
    const etag = second.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"g\d+-/);
    expect(second.headers.get("cache-control")).toBe("public, no-cache");
    // A kept answer carries the same security headers as a fresh one.
    expect(second.headers.get("content-security-policy")).toBe(first.headers.get("content-security-policy"));
    const conditional = await text(`/fr/agreements/${agreement.id}`, { "if-none-match": etag });
    expect(conditional.status).toBe(304);
    expect(conditional.body).toBe("");
    const head = await app.request(`/fr/agreements/${agreement.id}`, { method: "HEAD" });
    expect(head.status).toBe(200);
  });

  it("shows an edit, a renamed partner and an approved value on the next request", async () => {
    const agreement = await buildAgreement(handle.db, { title: { fr: "Titre avant" } });
    const indicator = await buildIndicator(handle.db, agreement.id);
    const value = await buildIndicatorValue(handle.db, indicator.id, { status: "submitted", value: "37" });
    await heardFactoryWrites();
    const publicValues = async () =>
      (await json(`/api/v1/agreements/${agreement.id}/indicators`)).items[0].values.map(
        (each: Body) => each.value,
      );
    const before = await publicViews(agreement.id);
    expect(before.page.body).toContain("Titre avant");
    await publicViews(agreement.id); // now kept

    const patched = await call("PATCH", `/agreements/${agreement.id}`, staff, {
      version: 1,
      title: { fr: "Titre après" },
    });
    expect(patched.status).toBe(200);
    const edited = await publicViews(agreement.id);
    for (const body of [edited.catalogue, edited.page.body, edited.detail.body, edited.feed.body])
      expect(body).toContain("Titre après");
    expect(edited.detail.headers.get("etag")).not.toBe(before.detail.headers.get("etag"));

    const partnerId = (await json(`/api/v1/agreements/${agreement.id}`)).parties[0].organization.id;
    const partner = await call("GET", `/organizations/${partnerId}`, staff);
    const renamed = await call("PATCH", `/organizations/${partnerId}`, staff, {
      version: partner.body.version,
      name: { fr: "Partenaire renommé", en: "Renamed partner" },
    });
    expect(renamed.status).toBe(200);
    expect((await text(`/fr/agreements/${agreement.id}`)).body).toContain("Partenaire renommé");

    expect(await publicValues()).toEqual([]);
    expect(await publicValues()).toEqual([]); // the second from the cache
    const approved = await call("POST", `/indicator-values/${value.id}/review`, staff, {
      decision: "approve",
      version: value.version,
    });
    expect(approved.status).toBe(200);
    expect(await publicValues()).toEqual([37]);
  });

  it("drops an agreement made internal, then deleted, from every cached page, list and feed at once", async () => {
    const agreement = await buildAgreement(handle.db, { title: { fr: "Bientôt interne" } });
    await heardFactoryWrites();
    await publicViews(agreement.id);
    const kept = await publicViews(agreement.id);
    expect(kept.catalogue).toContain("Bientôt interne");

    const hidden = await call("POST", `/agreements/${agreement.id}/publication`, staff, {
      visibility: "internal",
      version: 1,
    });
    expect(hidden.status).toBe(200);
    const after = await publicViews(agreement.id);
    expect(after.catalogue).not.toContain("Bientôt interne");
    expect(after.page.status).toBe(404);
    expect(after.list.items.map((item: Body) => item.id)).not.toContain(agreement.id);
    expect(after.detail.status).toBe(404);
    expect(after.feed.status).toBe(404);

    const published = await call("POST", `/agreements/${agreement.id}/publication`, staff, {
      visibility: "public",
      version: 2,
    });
    expect(published.status).toBe(200);
    expect((await text(`/fr/agreements/${agreement.id}`)).status).toBe(200);

    const removed = await call("DELETE", `/agreements/${agreement.id}?version=3`, staff);
    expect(removed.status).toBeLessThan(300);
    expect((await text(`/fr/agreements/${agreement.id}`)).status).toBe(404);
    expect((await text("/fr/agreements")).body).not.toContain("Bientôt interne");
  });

  it("never answers nor keeps a signed-in request", async () => {
    const agreement = await buildAgreement(handle.db, {
      visibility: "internal",
      title: { fr: "Interne seulement" },
    });
    const user = await buildUser(handle.db, { role: "secretariat" });
    const cookie = await signIn(app, user.email);
    const signedIn = await call("GET", `/agreements/${agreement.id}`, { cookie });
    expect(signedIn.status).toBe(200);
    // The same address, anonymous: nothing of the signed-in answer was kept.
    expect((await text(`/api/v1/agreements/${agreement.id}`)).status).toBe(404);
    const viaToken = await call("GET", `/agreements/${agreement.id}`, staff);
    expect(viaToken.status).toBe(200);
    expect((await text(`/api/v1/agreements/${agreement.id}`)).status).toBe(404);
  });

  it("never keeps a compressed answer, which depends on the request's Accept-Encoding", async () => {
    const cached = appWithCache(1024 * 1024);
    const answer = (compressed: boolean) => (c: Context) =>
      compressed
        ? c.body(new Uint8Array(gzipSync("bonjour")), 200, {
            "content-encoding": "gzip",
            "content-type": "text/plain; charset=utf-8",
          })
        : c.text("bonjour");
    cached.get("/fr/test-compressed", answer(true));
    cached.get("/fr/test-plain", answer(false));
    const hitsOf = async (path: string) => {
      const before = await cacheHits();
      for (let asked = 0; asked < 3; asked++) await (await cached.request(path)).arrayBuffer();
      return (await cacheHits()) - before;
    };
    expect(await hitsOf("/fr/test-plain")).toBe(2);
    expect(await hitsOf("/fr/test-compressed")).toBe(0);
  });

  it("keeps no more than its bound, the least recently used going first", async () => {
    const agreements = await Promise.all([1, 2, 3, 4, 5, 6].map(() => buildAgreement(handle.db)));
    await heardFactoryWrites();
    const pageBytes = (await text(`/fr/agreements/${agreements[0]?.id}`)).body.length;
    // Room for three pages and a half: six asked in turn leave the last three.
    const small = appWithCache(Math.round(pageBytes * 3.5));
    for (const agreement of agreements) await small.request(`/fr/agreements/${agreement.id}`);
    const hitsBefore = await cacheHits();
    await small.request(`/fr/agreements/${agreements[5]?.id}`);
    expect(await cacheHits()).toBe(hitsBefore + 1);
    await small.request(`/fr/agreements/${agreements[0]?.id}`);
    expect(await cacheHits()).toBe(hitsBefore + 1);
  });
});

describe.runIf(testSettings().driver === "pg")("two processes on one PostgreSQL", () => {
  it("each serves a write the other committed, once its notice arrives", async () => {
    // A second process: its own pool to the same database, its own cache.
    const url = testSettings().databaseUrl as string;
    const name = (
      (await handle.db.execute("select current_database() as name")) as unknown as {
        rows: { name: string }[];
      }
    ).rows[0]?.name;
    const other = new URL(url);
    other.pathname = `/${name}`;
    const second = await openDatabase({ driver: "pg", url: other.toString(), poolSize: 2 });
    try {
      const secondApp = createTestApp(second.db, { publicCacheBytes: 8 * 1024 * 1024 });
      const agreement = await buildAgreement(handle.db, { title: { fr: "Vue par deux processus" } });
      for (const server of [app, secondApp]) {
        await server.request(`/fr/agreements/${agreement.id}`);
        expect(await (await server.request(`/fr/agreements/${agreement.id}`)).text()).toContain(
          "Vue par deux processus",
        );
      }
      const generation = await readRegistryGeneration(second.db);
      const patched = await call("PATCH", `/agreements/${agreement.id}`, staff, {
        version: 1,
        title: { fr: "Changée par le premier" },
      });
      expect(patched.status).toBe(200);
      expect(await readRegistryGeneration(second.db)).toBeGreaterThan(generation);
      // The second hears of the commit by its notice, one round trip after it.
      await until("the second process to serve the write", async () =>
        (await (await secondApp.request(`/fr/agreements/${agreement.id}`)).text()).includes(
          "Changée par le premier",
        )
          ? true
          : undefined,
      );
    } finally {
      await second.close();
    }
  });
});

describe("answers from node:http, before the application", () => {
  it("gives a kept answer with the application's headers and its own request id, HEAD, 304, and never to a session", async () => {
    const cache = publicCache({ maxBytes: 8 * 1024 * 1024, db: handle.db, watch });
    const served = createTestApp(handle.db, {}, cache);
    const toApplication = getRequestListener(served.fetch);
    const answeredFirst: string[] = [];
    const server = createServer((request, response) => {
      if (cache.answerNode(request, response)) answeredFirst.push(`${request.method} ${request.url}`);
      else void toApplication(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const agreement = await buildAgreement(handle.db, { title: { fr: "Servie avant Hono" } });
      await heardFactoryWrites();
      const path = `/fr/agreements/${agreement.id}`;
      const built = await fetch(`${origin}${path}`);
      const builtBody = await built.text();
      expect(built.status).toBe(200);
      expect(answeredFirst).toEqual([]);

      const kept = await fetch(`${origin}${path}`, { headers: { "x-request-id": "support-ticket-42" } });
      expect(answeredFirst).toEqual([`GET ${path}`]);
      expect(kept.status).toBe(200);
      expect(await kept.text()).toBe(builtBody);
      for (const header of ["content-security-policy", "content-type", "etag", "x-content-type-options"]) {
        expect(kept.headers.get(header), header).toBe(built.headers.get(header));
      }
      expect(kept.headers.get("x-request-id")).toBe("support-ticket-42");
      expect(built.headers.get("x-request-id")).not.toBe("support-ticket-42");

      const head = await fetch(`${origin}${path}`, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe("");
      expect(head.headers.get("content-length")).toBe(String(Buffer.byteLength(builtBody)));

      const etag = built.headers.get("etag") as string;
      const conditional = await fetch(`${origin}${path}`, { headers: { "if-none-match": etag } });
      expect(conditional.status).toBe(304);
      expect(answeredFirst).toHaveLength(3);

      // A session (even one that no longer exists) and a bearer token go to the application.
      await fetch(`${origin}${path}`, { headers: { cookie: "sharaka.session_token=gone" } });
      await fetch(`${origin}${path}`, { headers: { authorization: "Bearer nothing" } });
      expect(answeredFirst).toHaveLength(3);

      const patched = await call("PATCH", `/agreements/${agreement.id}`, staff, {
        version: 1,
        title: { fr: "Changée avant Hono" },
      });
      expect(patched.status).toBe(200);
      await until("the write to be heard", async () =>
        (await (await fetch(`${origin}${path}`)).text()).includes("Changée avant Hono") ? true : undefined,
      );
    } finally {
      server.close();
    }
  });
});
