import { describe, expect, it } from "vitest";
import { excerpt, highlightParts } from "./highlight.js";
import { parseSearchQuery, type SearchQuery } from "./query.js";

const query = (typed: string) => parseSearchQuery(typed) as SearchQuery;
const marked = (parts: { text: string; match: boolean }[] | undefined) =>
  (parts ?? []).filter((part) => part.match).map((part) => part.text);

describe("highlightParts", () => {
  it("marks the words search matched, as written, and keeps every character", () => {
    const text = "Former les Élus : formations de l'élu, التَّخْطِيط";
    const parts = highlightParts(text, query("élus formation تخطيط"));
    expect(marked(parts)).toEqual(["Élus", "formations", "l'élu", "التَّخْطِيط"]);
    expect(parts.map((part) => part.text).join("")).toBe(text);
  });
});

describe("excerpt", () => {
  it("keeps the match whole, with some words before it, and says where the text goes on", () => {
    const text = `${"avant ".repeat(60)}la formation des élus ${"après ".repeat(60)}`;
    const parts = excerpt(text, query("formation"), 120);
    expect(marked(parts)).toEqual(["formation"]);
    expect(parts?.[0]?.text).toBe("… ");
    expect(parts?.at(-1)?.text).toBe(" …");
  });

  it("starts at the match when no space comes before it in the window", () => {
    const text = `${"x".repeat(300)}-formation suite`;
    const parts = excerpt(text, query("formation"), 90);
    expect(marked(parts)).toEqual(["formation"]);
  });

  it("says nothing when nothing matched", () => {
    expect(excerpt("Convention de partenariat", query("hydrologie"))).toBeUndefined();
  });
});
