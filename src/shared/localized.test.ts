import { describe, expect, it } from "vitest";
import { clipped } from "./localized.js";

describe("clipped titles", () => {
  it("keep short texts whole, cut long ones at a word's end, and never split a character", () => {
    expect(clipped("  Préparer   le rapport  ")).toBe("Préparer le rapport");
    expect(clipped("un deux trois quatre cinq", 12)).toBe("un deux…");
    expect(clipped("😀".repeat(5), 3)).toBe("😀😀😀…");
    expect(clipped("abcdefghij", 4)).toBe("abcd…");
  });
});
