import type { Context, MiddlewareHandler } from "hono";

/**
 * A redirect to another path of this site, with the request's query. The Location is relative:
 * the Host header is the client's word, and an absolute address built from it could point
 * anywhere. Leading slashes and backslashes collapse to one, so "//elsewhere.example" stays here.
 */
export function redirectToPath(c: Context, pathname: string, status: 301 | 302 = 301): Response {
  const safePath = `/${pathname.replace(/^[/\\]+/, "")}`;
  return c.redirect(`${safePath}${new URL(c.req.url).search}`, status);
}

/** No route ends with a slash: "/fr/agreements/" is the catalogue, reached by a redirect. */
export function trimTrailingSlashes(): MiddlewareHandler {
  return async (c, next) => {
    const { pathname } = new URL(c.req.url);
    if ((c.req.method === "GET" || c.req.method === "HEAD") && pathname.length > 1 && pathname.endsWith("/"))
      return redirectToPath(c, pathname.replace(/\/+$/, ""));
    await next();
  };
}
