import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { AppError } from "../shared/errors.js";
import { translator } from "../shared/i18n.js";
import { formVersion, noticeText, recordParam } from "./params.js";

describe("the workspace's request helpers", () => {
  const t = translator("en");
  const keys = { "indicator-saved": "indicators.notices.saved" };

  it("says a notice the module redirects with, and ignores any other", () => {
    expect(noticeText(t, "indicator-saved", keys)).toBe(t("indicators.notices.saved"));
    expect(noticeText(t, "indicator-saved", keys)).not.toBe("");
    expect(noticeText(t, "something-else", keys)).toBeUndefined();
    expect(noticeText(t, undefined, keys)).toBeUndefined();
    // A name every object has is no notice of ours.
    expect(noticeText(t, "constructor", keys)).toBeUndefined();
    expect(noticeText(t, "toString", keys)).toBeUndefined();
  });

  it("reads the version a form was opened on, a whole number or nothing", () => {
    expect(formVersion({ version: "3" })).toBe(3);
    expect(formVersion({ version: "12" })).toBe(12);
    expect(formVersion({})).toBeUndefined();
    expect(formVersion({ version: "  " })).toBeUndefined();
    expect(formVersion({ version: "two" })).toBeUndefined();
    expect(formVersion({ version: "1.5" })).toBeUndefined();
    expect(formVersion({ version: ["3", "4"] })).toBeUndefined();
  });

  it("answers not found for a path parameter that is no UUID, before any query", async () => {
    const app = new Hono();
    app.get("/records/:id", (c) => c.text(recordParam(c, "id", "Record")));
    app.onError((error, c) =>
      c.text(error instanceof AppError ? `${error.code}: ${error.message}` : "unexpected", 500),
    );
    const id = "6f1c2b9e-8a4d-4c1e-9f3a-2b7d5e0c1a44";
    expect(await (await app.request(`/records/${id}`)).text()).toBe(id);
    expect(await (await app.request("/records/42")).text()).toBe("not_found: Record 42 was not found");
  });
});
