import { describe, expect, it } from "vitest";
import { appendTo, groupBy } from "./collections.js";

describe("grouping", () => {
  it("keeps each group in the rows' order and the groups in order of first appearance", () => {
    const rows = [
      { kind: "b", n: 1 },
      { kind: "a", n: 2 },
      { kind: "b", n: 3 },
    ];
    expect([...groupBy(rows, (row) => row.kind)]).toEqual([
      ["b", [rows[0], rows[2]]],
      ["a", [rows[1]]],
    ]);
  });

  it("adds to a group in place, so 100,000 rows of one key are grouped without copying the group each time", () => {
    const groups = new Map<string, number[]>();
    appendTo(groups, "x", 1);
    const group = groups.get("x");
    appendTo(groups, "x", 2);
    expect(groups.get("x")).toBe(group);
    expect(group).toEqual([1, 2]);
    const many = groupBy(
      Array.from({ length: 100_000 }, (_, n) => n),
      () => "same",
    );
    expect(many.get("same")).toHaveLength(100_000);
  });
});
