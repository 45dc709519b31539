import { describe, expect, it } from "vitest";
import { loggablePath } from "../web/errors.js";
import { normalizePublicUrl } from "./app-options.js";

describe("the public address links start with", () => {
  it("is written as the URL standard writes it, without a trailing slash", () => {
    expect(normalizePublicUrl("https://Sharaka.Example/")).toBe("https://sharaka.example");
    expect(normalizePublicUrl("HTTPS://sharaka.example:443/registry/")).toBe(
      "https://sharaka.example/registry",
    );
    expect(normalizePublicUrl("http://localhost:3000")).toBe("http://localhost:3000");
  });
});

describe("what an unexpected error logs", () => {
  it("never the secret of a personal calendar address", () => {
    expect(loggablePath("/calendar/feeds/cal_abcdefSECRET.ics")).toBe("/calendar/feeds/(secret)");
    expect(loggablePath("/fr/agreements/12")).toBe("/fr/agreements/12");
  });
});
