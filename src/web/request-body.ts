import type { MiddlewareHandler } from "hono";
import { AppError } from "../shared/errors.js";
import { clientAddress } from "./client-address.js";
import type { AppEnv } from "./context.js";
import { recordRefusedBody, refusedBodiesWait } from "./refused-bodies.js";

/** A size as people read it in a limit: megabytes, two decimals at most. */
export const megabytes = (bytes: number): number => Math.round((bytes / (1024 * 1024)) * 100) / 100;

export interface BodyLimits {
  /** whether a path is a document upload, whose body may carry up to `uploadBodyMaxBytes` */
  isUploadPath: (path: string) => boolean;
  uploadBodyMaxBytes: number;
  /** the largest file (UPLOAD_MAX_MB), the limit an upload's refusal states */
  uploadMaxBytes: number;
  /** every other body: forms, JSON (the API, better-auth's endpoints) */
  bodyMaxBytes: number;
  /** refused bodies a client may send in a minute before its bodies are refused unread (429) */
  refusalsPerMinute: number;
}

/** Says the limit people know: BODY_MAX_KB, or for an upload UPLOAD_MAX_MB (not its form's overhead). */
function tooLargeError(maxBytes: number, upload: boolean): AppError {
  const maxMb = megabytes(maxBytes);
  return new AppError("payload_too_large", `The request body is larger than the limit of ${maxMb} MB`, {
    issues: [
      {
        field: upload ? "file" : "(body)",
        message: `is larger than the limit of ${maxMb} MB`,
        reason: "bodyTooLarge",
        values: { maxMb },
      },
    ],
  });
}

function tooManyRefusalsError(seconds: number): AppError {
  return new AppError(
    "rate_limited",
    `Too many refused requests from this address; try again in ${seconds} seconds`,
    {
      issues: [
        {
          field: "(body)",
          message: `try again in ${seconds} seconds`,
          reason: "tooManyRequests",
          values: { seconds },
        },
      ],
    },
  );
}

function invalidUtf8Error(form: boolean): AppError {
  const field = form ? "(form)" : "(body)";
  return new AppError("validation", "The request body is not valid UTF-8 text", {
    issues: [{ field, message: "is not valid UTF-8 text", reason: "invalidUtf8" }],
  });
}

/** The declared length, when the body is not chunked (Node refuses a body longer than declared). */
function declaredLength(headers: Headers): number | undefined {
  if (headers.has("transfer-encoding")) return undefined;
  const value = headers.get("content-length");
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

/** The body's bytes, read until it passes `maxBytes` (then undefined: the rest is never read). */
async function readAtMost(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read().catch((error: unknown) => {
      throw new AppError("validation", "The request body could not be read; send it again", {
        issues: [{ field: "(body)", message: "could not be read; send it again", reason: "unreadableForm" }],
        cause: error,
      });
    });
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

const isHexDigit = (byte: number | undefined) =>
  byte !== undefined &&
  ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66));

/**
 * A urlencoded body's bytes once its %XX escapes are decoded, as the form parser decodes them:
 * a browser sends every non-ASCII byte escaped, so that is where invalid UTF-8 would hide.
 * `&`, `=` and `+` are ASCII, so checking the whole body checks every name and value.
 */
function percentDecoded(bytes: Uint8Array): Uint8Array {
  const decoded = new Uint8Array(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte === 0x25 && isHexDigit(bytes[i + 1]) && isHexDigit(bytes[i + 2])) {
      decoded[length++] = Number.parseInt(
        String.fromCharCode(bytes[i + 1] as number, bytes[i + 2] as number),
        16,
      );
      i += 2;
    } else decoded[length++] = byte;
  }
  return decoded.subarray(0, length);
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Every request body, before any route reads it: at most `bodyMaxBytes` (uploads
 * `uploadBodyMaxBytes`), refused with 413 on its declared length before a byte is read, or as soon
 * as a chunked one passes the limit; each refusal counts against the client, which after
 * `refusalsPerMinute` of them gets 429 without its body being read. A text body (anything but
 * multipart) must be valid UTF-8: the parsers would otherwise store U+FFFD in its place.
 * Needs the context (db, services) set before it.
 */
export function limitRequestBodies(limits: BodyLimits): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const body = c.req.raw.body;
    const declared = declaredLength(c.req.raw.headers);
    if (!body || declared === 0) return next();
    const { db, services } = c.var;
    const address = clientAddress(c, services.trustedProxies);
    const wait = await refusedBodiesWait({ db, address, max: limits.refusalsPerMinute });
    if (wait !== undefined) throw tooManyRefusalsError(wait);
    const upload = limits.isUploadPath(c.req.path);
    const maxBytes = upload ? limits.uploadBodyMaxBytes : limits.bodyMaxBytes;
    const refuse = async () => {
      await recordRefusedBody({ db, address });
      return tooLargeError(upload ? limits.uploadMaxBytes : maxBytes, upload);
    };
    if (declared !== undefined && declared > maxBytes) throw await refuse();
    const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    const text = type !== "multipart/form-data";
    // A multipart body of a declared length within the limit is read by its route as it is.
    if (!text && declared !== undefined) return next();
    const bytes = await readAtMost(body, maxBytes);
    if (!bytes) throw await refuse();
    if (text) {
      const form = type === "application/x-www-form-urlencoded";
      if (!isUtf8(form ? percentDecoded(bytes) : bytes)) throw invalidUtf8Error(form);
    }
    c.req.raw = new Request(c.req.raw, { body: bytes });
    await next();
  };
}
