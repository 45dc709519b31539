import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement } from "../../test/factories.js";
import { AppError, asAppError } from "../shared/errors.js";
import type { DatabaseHandle } from "./client.js";
import { agreements } from "./schema/index.js";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

describe("asAppError", () => {
  it("turns the database's unique violation (a concurrent write) into a conflict", async () => {
    const existing = await buildAgreement(handle.db);
    const caught = await handle.db
      .insert(agreements)
      .values({ reference: existing.reference, kind: "partnership", title: { en: "Twin" } })
      .catch((error: unknown) => error);
    const appError = asAppError(caught);
    expect(appError?.code).toBe("conflict");
    expect(appError?.httpStatus).toBe(409);
    expect(appError?.message).toContain("same key");
  });

  it("keeps an AppError as it is, and leaves an unexpected error unknown", () => {
    const error = new AppError("not_found", "gone");
    expect(asAppError(error)).toBe(error);
    expect(asAppError(new TypeError("bug"))).toBeUndefined();
    expect(asAppError(undefined)).toBeUndefined();
  });
});
