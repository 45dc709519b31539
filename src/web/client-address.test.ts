import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import type { DatabaseHandle } from "../db/client.js";
import { parseProxyEntry } from "./client-address.js";

describe("trusted proxies", () => {
  it("reads addresses and CIDR ranges, IPv4 and IPv6", () => {
    expect(parseProxyEntry("10.0.0.1")).toEqual({ address: "10.0.0.1", family: "ipv4" });
    expect(parseProxyEntry("10.0.0.0/8")).toEqual({ address: "10.0.0.0", prefix: 8, family: "ipv4" });
    expect(parseProxyEntry("fd00::/8")).toEqual({ address: "fd00::", prefix: 8, family: "ipv6" });
    expect(parseProxyEntry("10.0.0.0/33")).toBeUndefined();
    expect(parseProxyEntry("proxy.local")).toBeUndefined();
  });
});

describe("the address a sign-in is counted against, over a real socket", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle?.close();
  });

  async function attempts(trustedProxies: string[], forwardedFor: string[]): Promise<number[]> {
    const app = createTestApp(handle.db, { signInPerMinute: 2, trustedProxies });
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const statuses: number[] = [];
      for (const address of forwardedFor) {
        const response = await fetch(`http://127.0.0.1:${port}/fr/workspace/sign-in`, {
          method: "POST",
          redirect: "manual",
          headers: {
            origin: TEST_ORIGIN,
            "content-type": "application/x-www-form-urlencoded",
            "x-forwarded-for": address,
          },
          body: new URLSearchParams({
            email: `nobody-${trustedProxies.length}@example.org`,
            password: "wrong password",
          }).toString(),
        });
        statuses.push(response.status);
      }
      return statuses;
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it("believes X-Forwarded-For only from a trusted proxy", async () => {
    // Behind a trusted proxy (the loopback range): each client has its own count.
    expect(
      await attempts(["127.0.0.0/8"], ["203.0.113.5", "203.0.113.5", "203.0.113.5", "203.0.113.6"]),
    ).toEqual([401, 401, 429, 401]);
    // Without one, a client cannot escape its count by inventing addresses.
    expect(await attempts([], ["198.51.100.1", "198.51.100.2", "198.51.100.3"])).toEqual([401, 401, 429]);
  });
});
