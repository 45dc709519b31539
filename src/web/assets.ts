import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Env, Hono } from "hono";
import { sourceFile } from "../shared/package-files.js";

const require = createRequire(import.meta.url);

interface Asset {
  body: Buffer;
  type: string;
  /** URL with a content hash, so browsers may cache it for a year */
  url: string;
}

function asset(name: string, file: string, type: string): [string, Asset] {
  const body = readFileSync(file);
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 10);
  return [name, { body, type, url: `/assets/${hash}/${name}` }];
}

const fontFiles = [
  [
    "noto-sans-arabic-400.woff2",
    "@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff2",
  ],
  [
    "noto-sans-arabic-700.woff2",
    "@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff2",
  ],
  ["noto-sans-latin-400.woff2", "@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2"],
  ["noto-sans-latin-700.woff2", "@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff2"],
  ["noto-sans-latin-ext-400.woff2", "@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff2"],
  ["noto-sans-latin-ext-700.woff2", "@fontsource/noto-sans/files/noto-sans-latin-ext-700-normal.woff2"],
] as const;

const fonts = new Map(fontFiles.map(([name, file]) => asset(name, require.resolve(file), "font/woff2")));

/** The stylesheet names its fonts by their hashed URLs, so it is built after them. */
function stylesheet(): [string, Asset] {
  const css = readFileSync(sourceFile("web/static/app.css"), "utf8").replace(
    /url\("\/fonts\/([^"]+)"\)/g,
    (_match, name: string) => `url("${fonts.get(name)?.url ?? `/missing/${name}`}")`,
  );
  const body = Buffer.from(css);
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 10);
  return ["app.css", { body, type: "text/css; charset=utf-8", url: `/assets/${hash}/app.css` }];
}

const assets = new Map<string, Asset>([
  ...fonts,
  stylesheet(),
  asset("htmx.min.js", require.resolve("htmx.org/dist/htmx.min.js"), "text/javascript; charset=utf-8"),
  asset("favicon.svg", sourceFile("web/static/favicon.svg"), "image/svg+xml"),
  asset("forms.js", sourceFile("web/static/forms.js"), "text/javascript; charset=utf-8"),
]);

export function assetUrl(name: "app.css" | "htmx.min.js" | "favicon.svg" | "forms.js"): string {
  const found = assets.get(name);
  if (!found) throw new Error(`unknown asset ${name}`);
  return found.url;
}

export function mountAssets<E extends Env>(app: Hono<E>): void {
  app.get("/assets/:hash/:name", (c) => {
    const found = assets.get(c.req.param("name"));
    if (!found?.url.endsWith(`/${c.req.param("hash")}/${c.req.param("name")}`)) return c.notFound();
    return c.body(new Uint8Array(found.body), 200, {
      "content-type": found.type,
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
    });
  });
}
