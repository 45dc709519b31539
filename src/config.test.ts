import { describe, expect, it } from "vitest";
import { parseConfig } from "./config.js";

describe("the configuration", () => {
  it("refuses trusted proxies it cannot read, naming the variable", () => {
    expect(() => parseConfig({ TRUSTED_PROXIES: "10.0.0.0/8, nonsense" })).toThrow(/TRUSTED_PROXIES/);
    expect(parseConfig({ TRUSTED_PROXIES: "10.0.0.0/8, ::1" }).trustedProxies).toEqual(["10.0.0.0/8", "::1"]);
  });
});
