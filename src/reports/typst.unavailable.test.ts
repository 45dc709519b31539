import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { AppError } from "../shared/errors.js";
import { translator } from "../shared/i18n.js";
import { handleError } from "../web/errors.js";
import { loadTypst } from "./typst.js";

describe("reports where Typst cannot be loaded", () => {
  it("are refused as a service unavailable, the platform's reason kept as the cause", async () => {
    const missing = new Error("Cannot find native binding: typst-ts-node-compiler.freebsd-riscv64.node");
    const refusal = await loadTypst(() => Promise.reject(missing)).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: "service_unavailable", httpStatus: 503, cause: missing });
  });

  it("answer 503 with the reason in the reader's language, and in JSON on the API", async () => {
    const app = new Hono();
    app.onError(handleError);
    const unavailable = () => {
      throw new AppError("service_unavailable", "PDF reports cannot be made on this server");
    };
    app.get("/:lang/agreements/sheet.pdf", unavailable);
    app.get("/api/v1/sheet.pdf", unavailable);
    for (const lang of ["ar", "fr", "en"] as const) {
      const response = await app.request(`/${lang}/agreements/sheet.pdf`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain(translator(lang)("errors.unavailable"));
    }
    const api = await app.request("/api/v1/sheet.pdf");
    expect(api.status).toBe(503);
    expect(await api.json()).toMatchObject({ error: { code: "service_unavailable" } });
  });

  it("load on this machine", async () => {
    const { compiler, template } = await loadTypst();
    expect(template).toContain("sys.inputs");
    expect(typeof compiler.pdf).toBe("function");
  });
});
