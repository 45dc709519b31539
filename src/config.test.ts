import { describe, expect, it } from "vitest";
import { parseConfig } from "./config.js";

describe("the configuration", () => {
  it("refuses trusted proxies it cannot read, naming the variable", () => {
    expect(() => parseConfig({ TRUSTED_PROXIES: "10.0.0.0/8, nonsense" })).toThrow(/TRUSTED_PROXIES/);
    expect(parseConfig({ TRUSTED_PROXIES: "10.0.0.0/8, ::1" }).trustedProxies).toEqual(["10.0.0.0/8", "::1"]);
  });

  it("refuses a mail server address that is not a URL, at start rather than at the first email", () => {
    expect(() => parseConfig({ SMTP_URL: "smtp://mail example.org" })).toThrow(/SMTP_URL/);
    expect(() => parseConfig({ SMTP_URL: "mail.example.org" })).toThrow(/SMTP_URL/);
    expect(parseConfig({ SMTP_URL: "smtps://user:secret@mail.example.org:465" }).smtpUrl).toBe(
      "smtps://user:secret@mail.example.org:465",
    );
  });

  it("reads WORKERS as a whole number from 0 to 64, 1 by default, and who may read /metrics", () => {
    expect(parseConfig({}).workers).toBe(1);
    expect(parseConfig({ WORKERS: "0" }).workers).toBe(0);
    for (const wrong of ["65", "-1", "1.5", "many"])
      expect(() => parseConfig({ WORKERS: wrong })).toThrow(/WORKERS/);
    expect(parseConfig({}).metricsAllow).toEqual(["127.0.0.1", "::1"]);
    expect(parseConfig({ METRICS_ALLOW: "10.0.0.0/8, 192.0.2.7" }).metricsAllow).toEqual([
      "10.0.0.0/8",
      "192.0.2.7",
    ]);
    expect(() => parseConfig({ METRICS_ALLOW: "prometheus.local" })).toThrow(/METRICS_ALLOW/);
  });

  it("reads the shutdown grace in seconds, 10 by default, 0 to 600", () => {
    expect(parseConfig({}).shutdownGraceMs).toBe(10_000);
    expect(parseConfig({ SHUTDOWN_GRACE_SECONDS: "2.5" }).shutdownGraceMs).toBe(2_500);
    for (const wrong of ["-1", "601", "soon"])
      expect(() => parseConfig({ SHUTDOWN_GRACE_SECONDS: wrong })).toThrow(/SHUTDOWN_GRACE_SECONDS/);
  });
});
