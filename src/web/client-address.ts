import { BlockList, isIP } from "node:net";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

/** A `TRUSTED_PROXIES` entry (an address or a CIDR range), or undefined when it is neither. */
export function parseProxyEntry(
  entry: string,
): { address: string; prefix?: number; family: "ipv4" | "ipv6" } | undefined {
  const [address = "", prefixText] = entry.split("/");
  const version = isIP(address);
  if (!version) return undefined;
  const family = version === 4 ? "ipv4" : "ipv6";
  if (prefixText === undefined) return { address, family };
  const prefix = Number(prefixText);
  const max = version === 4 ? 32 : 128;
  return /^\d+$/.test(prefixText) && prefix <= max ? { address, prefix, family } : undefined;
}

const lists = new WeakMap<string[], BlockList>();
function addressList(entries: string[]): BlockList {
  let list = lists.get(entries);
  if (!list) {
    list = new BlockList();
    for (const entry of entries) {
      const parsed = parseProxyEntry(entry);
      if (!parsed) continue;
      if (parsed.prefix === undefined) list.addAddress(parsed.address, parsed.family);
      else list.addSubnet(parsed.address, parsed.prefix, parsed.family);
    }
    lists.set(entries, list);
  }
  return list;
}

/** Whether an address is one of `entries` (addresses or CIDR ranges, as TRUSTED_PROXIES takes them). */
export function isListedAddress(address: string, entries: string[]): boolean {
  const normalized = address.replace(/^::ffff:/, "");
  const version = isIP(normalized);
  if (!version) return false;
  return addressList(entries).check(normalized, version === 6 ? "ipv6" : "ipv4");
}

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
  if (forwarded.length && isListedAddress(normalized, trustedProxies)) return forwarded.at(-1) ?? normalized;
  return normalized;
}
