import { describe, expect, it } from "vitest";
import { AppError, staleVersionError } from "../shared/errors.js";
import { saveOrReshow } from "./form-save.js";

const failing = (error: unknown) => async (): Promise<Response> => {
  throw error;
};
const shown = (what: string) => (refusal: AppError) => new Response(`${what}: ${refusal.code}`);
const text = async (answer: Promise<Response>) => (await answer).text();

describe("a workspace form's save", () => {
  it("answers with the save's own answer when nothing is refused", async () => {
    expect(await text(saveOrReshow(async () => new Response("saved"), { invalid: shown("form") }))).toBe(
      "saved",
    );
  });

  it("shows refused input again, and a stale version as theirs beside the person's", async () => {
    const reshow = { invalid: shown("invalid"), stale: shown("stale"), conflict: shown("conflict") };
    const invalid = new AppError("validation", "bad", {
      issues: [{ field: "name", message: "is required" }],
    });
    expect(await text(saveOrReshow(failing(invalid), reshow))).toBe("invalid: validation");
    expect(await text(saveOrReshow(failing(staleVersionError("It", 1, 2)), reshow))).toBe("stale: conflict");
    expect(await text(saveOrReshow(failing(new AppError("conflict", "in use")), reshow))).toBe(
      "conflict: conflict",
    );
  });

  it("takes a stale version as a conflict when the form has no stale view, and a database conflict as one", async () => {
    const reshow = { conflict: shown("conflict") };
    expect(await text(saveOrReshow(failing(staleVersionError("It", 1, 2)), reshow))).toBe(
      "conflict: conflict",
    );
    const unique = Object.assign(new Error("duplicate key"), { code: "23505" });
    expect(await text(saveOrReshow(failing(unique), reshow))).toBe("conflict: conflict");
  });

  it("lets every other error through, as it was thrown, to the error page", async () => {
    const bug = new Error("bug");
    await expect(saveOrReshow(failing(bug), { invalid: shown("invalid") })).rejects.toBe(bug);
    const forbidden = new AppError("forbidden", "no");
    await expect(saveOrReshow(failing(forbidden), { invalid: shown("invalid") })).rejects.toBe(forbidden);
    // A form without a view for it: a refusal of a kind it does not show goes on too.
    const conflict = new AppError("conflict", "in use");
    await expect(saveOrReshow(failing(conflict), { stale: shown("stale") })).rejects.toBe(conflict);
    const invalid = new AppError("validation", "bad");
    await expect(saveOrReshow(failing(invalid), { conflict: shown("conflict") })).rejects.toBe(invalid);
  });
});
