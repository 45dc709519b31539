import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { LRUCache } from "lru-cache";
import { readRegistryGeneration } from "../db/registry-generation.js";
import type { AppEnv } from "./context.js";
import { countCacheLookup } from "./metrics.js";
import { hasSessionCookie } from "./session-cookie.js";

/**
 * Anonymous reads served from memory, never stale. Every answer the public gets (portal pages,
 * `/api/v1` reads without a token, public documents and iCalendar feeds) is kept under its URL
 * and the registry's generation, which every public write raises in its own transaction
 * (src/db/registry-generation.ts). Each request reads the committed generation (one
 * primary-key row), so a process never serves an answer older than the last committed write,
 * whichever process made it. The first request after a write builds the answer again.
 *
 * Only a GET or HEAD with no session cookie and no Authorization header is looked up or stored,
 * and only a 200 that sets no cookie. Conditional requests: the ETag is the generation and the
 * URL, so `If-None-Match` answers 304 without building or sending anything.
 */

interface Kept {
  body: Uint8Array<ArrayBuffer>;
  headers: [string, string][];
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

const etagOf = (generation: number, url: string) =>
  `"g${generation}-${createHash("sha1").update(url).digest("base64url").slice(0, 16)}"`;

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === etag || tag === "*");
}

export interface PublicCache {
  middleware: MiddlewareHandler<AppEnv>;
  /** what is kept now: entries and bytes (for tests and the bench) */
  size: () => { entries: number; bytes: number };
}

/** The cache, bounded to `maxBytes` (least recently used answers go first); 0 turns it off. */
export function publicCache(maxBytes: number): PublicCache {
  const kept =
    maxBytes > 0
      ? new LRUCache<string, Kept>({
          maxSize: maxBytes,
          sizeCalculation: (entry) =>
            entry.body.byteLength +
            entry.headers.reduce((sum, [name, value]) => sum + name.length + value.length, 64),
        })
      : undefined;
  let keptGeneration = 0;

  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (!kept || !isAnonymousRead(c.req.raw, c.req.path)) return next();
    const generation = await readRegistryGeneration(c.var.db);
    // A newer generation makes every kept answer old: let them go at once rather than by age.
    if (generation !== keptGeneration) {
      kept.clear();
      keptGeneration = generation;
    }
    const url = new URL(c.req.url);
    const key = `${url.pathname}${url.search}`;
    const etag = etagOf(generation, key);
    const hit = kept.get(key);
    countCacheLookup(hit ? "hit" : "miss");
    if (hit) {
      if (matches(c.req.header("if-none-match"), etag)) return c.body(null, 304, { etag });
      return new Response(c.req.method === "HEAD" ? null : hit.body, { status: 200, headers: hit.headers });
    }
    await next();
    const response = c.res;
    if (response.status !== 200 || response.headers.has("set-cookie") || !response.body) return;
    const body = new Uint8Array(await response.clone().arrayBuffer());
    response.headers.set("etag", etag);
    response.headers.set("cache-control", "public, no-cache");
    // A write that committed while this answer was built may be in it or not: keep it only if
    // the generation is still the one it was asked under.
    if ((await readRegistryGeneration(c.var.db)) !== generation) return;
    kept.set(key, { body, headers: [...response.headers.entries()] });
    if (matches(c.req.header("if-none-match"), etag)) c.res = c.body(null, 304, { etag });
  };

  return {
    middleware,
    size: () => ({ entries: kept?.size ?? 0, bytes: kept?.calculatedSize ?? 0 }),
  };
}
