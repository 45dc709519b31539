import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

/**
 * The client's address: the socket's, or, when the socket is a trusted proxy, the last
 * address that proxy appended to X-Forwarded-For. In-process requests (tests) have no
 * socket and use the header as given.
 */
export function clientAddress(c: Context, trustedProxies: string[]): string {
  let socket: string | undefined;
  try {
    socket = getConnInfo(c).remote.address;
  } catch {
    socket = undefined;
  }
  const forwarded = (c.req.header("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (!socket) return forwarded.at(-1) ?? "127.0.0.1";
  const normalized = socket.replace(/^::ffff:/, "");
  if (trustedProxies.includes(normalized) && forwarded.length) return forwarded.at(-1) ?? normalized;
  return normalized;
}
