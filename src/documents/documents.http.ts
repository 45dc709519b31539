import type { Context } from "hono";
import { notFound } from "../shared/errors.js";
import { languages } from "../shared/localized.js";
import { isUuid } from "../shared/validation.js";
import type { AppEnv } from "../web/context.js";
import { readFormBody } from "../web/forms.js";
import type { DocumentRow } from "./documents.presenter.js";

/** What a multipart form adds around the file: boundaries, headers and the other fields. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * The largest body an upload may have (src/app.tsx refuses a larger one before reading it);
 * a file just over the limit gets through and is refused by the service, with the form again.
 */
export const uploadBodyMaxBytes = (uploadMaxBytes: number): number => uploadMaxBytes + FORM_OVERHEAD_BYTES;

/**
 * The upload routes (documents.routes.tsx and documents.api.ts), whose bodies may be as large
 * as UPLOAD_MAX_MB where every other body is held to BODY_MAX_KB.
 */
const uploadPaths = [
  new RegExp(`^/(${languages.join("|")})/workspace/(agreements|organizations)/[^/]+/documents$`),
  /^\/api\/v1\/agreements\/[^/]+\/documents$/,
];
export const isUploadPath = (path: string): boolean => uploadPaths.some((pattern) => pattern.test(path));

/** The posted form; a body that is not one (a broken multipart) is bad input, not a server error. */
export async function readForm(c: Context<AppEnv>): Promise<Record<string, string | File>> {
  return (await readFormBody(c)) as Record<string, string | File>;
}

/** The uploaded file of a parsed form, or undefined when none was chosen (browsers then send an empty part). */
export async function uploadedFile(value: unknown): Promise<{ name: string; bytes: Uint8Array } | undefined> {
  if (!(value instanceof File)) return undefined;
  if (value.size === 0 && value.name === "") return undefined;
  return { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
}

/** A path's id, which must be a UUID: anything else names nothing. */
export function idParam(c: Context, what = "Document"): string {
  const id = c.req.param("id") ?? "";
  if (!isUuid(id)) throw notFound(what, id);
  return id;
}

/** RFC 5987: UTF-8, percent-encoded, with the characters encodeURIComponent leaves alone but the header may not. */
const encodeHeaderValue = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The bytes as a download, never shown in the page's origin: an attachment, of the type
 * detected on upload, not to be sniffed, sandboxed should a browser render it anyway.
 */
export function downloadResponse(
  c: Context,
  { row, body }: { row: DocumentRow; body: ReadableStream<Uint8Array> },
  { shared = false }: { shared?: boolean } = {},
): Response {
  const cacheControl =
    row.visibility === "internal"
      ? "private, no-store"
      : shared
        ? // Revalidated each time: a withdrawn document must stop being served at once.
          "public, no-cache"
        : "private, no-cache";
  return c.body(body, 200, {
    "content-type": row.mediaType,
    "content-length": String(row.sizeBytes),
    "content-disposition": `attachment; filename*=UTF-8''${encodeHeaderValue(row.fileName)}`,
    "x-content-type-options": "nosniff",
    "content-security-policy": "sandbox; default-src 'none'",
    "cache-control": cacheControl,
    etag: `"${row.sha256}"`,
  });
}
