import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context, MiddlewareHandler } from "hono";
import { LRUCache } from "lru-cache";
import type { Database } from "../db/client.js";
import { type GenerationWatch, readRegistryGeneration } from "../db/registry-generation.js";
import type { AppEnv } from "./context.js";
import { ifNoneMatchHas } from "./kept-file.js";
import { countCacheLookup, countRequest, routeLabel } from "./metrics.js";
import { logRequestLine, REQUEST_ID_HEADER, requestIdFrom } from "./request-log.js";
import { hasSessionCookie } from "./session-cookie.js";

/**
 * Anonymous reads served from memory, never stale. Every answer the public gets (portal pages,
 * `/api/v1` reads without a token, public documents and iCalendar feeds) is kept under its URL
 * and the registry's generation, which every public write raises in its own transaction
 * (src/db/registry-generation.ts). The process knows the committed generation from the notice
 * each write sends (LISTEN/NOTIFY), so a kept answer costs no database round trip, and a write
 * committed by another process is heard one round trip later. While it is not listening (no
 * watch given, or the listening connection is down) it reads the generation's row per request.
 *
 * Only a GET or HEAD with no session cookie and no Authorization header is looked up or stored,
 * and only a 200 that sets no cookie. Conditional requests: the ETag is the generation and the
 * URL, so `If-None-Match` answers 304 without building or sending anything.
 *
 * The middleware is the application's first, so that what it keeps carries every header the
 * others add (security headers), and a kept answer skips them all. `answerNode` gives the same
 * answers straight from node:http, before a Request is even built: `sharaka serve` asks it first.
 */

interface Kept {
  body: Buffer;
  /** every header of the answer but its request id */
  headers: Record<string, string>;
  etag: string;
  /** the route pattern that built it, for the metrics and the log */
  route: string;
}

/** Paths whose answers depend on a person (a secret feed address, the workspace) or on nothing stored. */
const NEVER_KEPT =
  /^\/(?:[a-z]{2}\/workspace|api\/auth|calendar\/feeds|metrics|healthz|readyz|assets)(?:\/|$)/;

export function isAnonymousRead(request: Request, path: string): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  if (request.headers.has("authorization")) return false;
  if (hasSessionCookie(request.headers.get("cookie"))) return false;
  return !NEVER_KEPT.test(path);
}

const etagOf = (generation: number, key: string) =>
  `"g${generation}-${createHash("sha1").update(key).digest("base64url").slice(0, 16)}"`;

/** The key of a request's answer: its path and query as the URL parser reads them (Hono reads them so too). */
const keyOf = (url: URL) => `${url.pathname}${url.search}`;

export interface PublicCache {
  middleware: MiddlewareHandler<AppEnv>;
  /** Answers a kept read from node:http and returns true; false when the application must (miss, signed in, not listening). */
  answerNode(request: IncomingMessage, response: ServerResponse): boolean;
  /** what is kept now: entries and bytes (for tests and the bench) */
  size: () => { entries: number; bytes: number };
}

/** An answer that is kept and how it went, for the request log and the metrics. */
interface Answer {
  method: string;
  path: string;
  requestId: string;
  started: number;
  kept: Kept;
  notModified: boolean;
}

function countAnswer({ method, path, requestId, started, kept, notModified }: Answer): void {
  const status = notModified ? 304 : 200;
  countCacheLookup("hit");
  countRequest(method, kept.route, status, started);
  const bytes = notModified || method === "HEAD" ? undefined : kept.body.byteLength;
  logRequestLine({ requestId, method, route: kept.route, path, status, started, bytes });
}

/** The cache, bounded to `maxBytes` (least recently used answers go first); 0 turns it off. */
export function publicCache({
  maxBytes,
  db,
  watch,
}: {
  maxBytes: number;
  db: Database;
  watch?: GenerationWatch;
}): PublicCache {
  const kept =
    maxBytes > 0
      ? new LRUCache<string, Kept>({
          maxSize: maxBytes,
          sizeCalculation: (entry) =>
            entry.body.byteLength +
            Object.entries(entry.headers).reduce(
              (sum, [name, value]) => sum + name.length + value.length,
              64,
            ),
        })
      : undefined;
  let keptGeneration = 0;
  /**
   * The generation after the last write this application answered: until the notice of it
   * arrives (a round trip later on PostgreSQL), the generation is read from its row, so that
   * the person who wrote never gets the page as it was before.
   */
  let writtenHere = 0;
  const heard = () => {
    const generation = watch?.known();
    return generation !== undefined && generation >= writtenHere ? generation : undefined;
  };

  /** The kept answers of `generation`: a newer one makes every kept answer old, let go at once. */
  const keptAt = (generation: number) => {
    if (generation !== keptGeneration) {
      kept?.clear();
      keptGeneration = generation;
    }
    return kept;
  };
  const generationNow = async () => heard() ?? readRegistryGeneration(db);

  async function keep(c: Context<AppEnv>, key: string, generation: number): Promise<void> {
    const response = c.res;
    if (response.status !== 200 || response.headers.has("set-cookie") || !response.body) return;
    // A document's file is streamed, a piece at a time, never held whole: not kept either.
    if (response.headers.get("content-disposition")?.startsWith("attachment")) return;
    // A compressed answer depends on the request's Accept-Encoding, which the key does not hold.
    if (response.headers.has("content-encoding")) return;
    const body = Buffer.from(await response.clone().arrayBuffer());
    const etag = etagOf(generation, key);
    response.headers.set("etag", etag);
    response.headers.set("cache-control", "public, no-cache");
    // A write that committed while this answer was built may be in it or not: keep it only if
    // the generation is still the one it was asked under.
    if ((await generationNow()) !== generation) return;
    const headers: Record<string, string> = {};
    for (const [name, value] of response.headers) {
      if (name !== REQUEST_ID_HEADER.toLowerCase() && name !== "content-length") headers[name] = value;
    }
    headers["content-length"] = String(body.byteLength);
    keptAt(generation)?.set(key, { body, headers, etag, route: routeLabel(c) });
    if (ifNoneMatchHas(c.req.header("if-none-match"), etag)) c.res = c.body(null, 304, { etag });
  }

  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (!kept) return next();
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      await next();
      // Before the answer leaves: the writer's next request must see the write.
      writtenHere = Math.max(writtenHere, await readRegistryGeneration(db).catch(() => writtenHere));
      return;
    }
    if (!isAnonymousRead(c.req.raw, c.req.path)) return next();
    const started = performance.now();
    const generation = await generationNow();
    const key = keyOf(new URL(c.req.url));
    const hit = keptAt(generation)?.get(key);
    if (!hit) {
      countCacheLookup("miss");
      await next();
      return keep(c, key, generation);
    }
    const requestId = requestIdFrom(c.req.header(REQUEST_ID_HEADER));
    const notModified = ifNoneMatchHas(c.req.header("if-none-match"), hit.etag);
    countAnswer({ method: c.req.method, path: c.req.path, requestId, started, kept: hit, notModified });
    const headers = { [REQUEST_ID_HEADER]: requestId };
    if (notModified) return new Response(null, { status: 304, headers: { ...headers, etag: hit.etag } });
    return new Response(c.req.method === "HEAD" ? null : new Uint8Array(hit.body), {
      status: 200,
      headers: { ...hit.headers, ...headers },
    });
  };

  function answerNode(request: IncomingMessage, response: ServerResponse): boolean {
    const { method, url, headers } = request;
    if (!kept || (method !== "GET" && method !== "HEAD")) return false;
    // Only an origin-form path ("/fr/agreements?q=x"); anything else is the application's to judge.
    if (!url?.startsWith("/") || url.startsWith("//")) return false;
    if (headers.authorization !== undefined || hasSessionCookie(headers.cookie)) return false;
    const generation = heard();
    if (generation === undefined) return false;
    const parsed = new URL(url, "http://localhost");
    const hit = keptAt(generation)?.get(keyOf(parsed));
    if (!hit) return false;
    const started = performance.now();
    const requestId = requestIdFrom(headers["x-request-id"] as string | undefined);
    const notModified = ifNoneMatchHas(headers["if-none-match"], hit.etag);
    countAnswer({ method, path: parsed.pathname, requestId, started, kept: hit, notModified });
    response.setHeader(REQUEST_ID_HEADER, requestId);
    if (notModified) {
      response.writeHead(304, { etag: hit.etag }).end();
    } else {
      response.writeHead(200, hit.headers).end(method === "HEAD" ? undefined : hit.body);
    }
    return true;
  }

  return {
    middleware,
    answerNode,
    size: () => ({ entries: kept?.size ?? 0, bytes: kept?.calculatedSize ?? 0 }),
  };
}
