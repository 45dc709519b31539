import { describe, expect, it } from "vitest";
import { progressBar } from "./progress-bar.js";

describe("the progress bar of a long command", () => {
  it("writes a line per tenth when standard error is not a terminal", () => {
    const written: string[] = [];
    const bar = progressBar("Documents", { write: (text) => written.push(text), terminal: false });
    for (let done = 0; done <= 1000; done++) bar.update(done, 1000);
    bar.finish();
    expect(written).toHaveLength(11);
    expect(written[0]).toBe(`Documents ▕${"░".repeat(24)}▏ 0% 0/1000\n`);
    expect(written[5]).toBe(`Documents ▕${"█".repeat(12)}${"░".repeat(12)}▏ 50% 500/1000\n`);
    expect(written[10]).toBe(`Documents ▕${"█".repeat(24)}▏ 100% 1000/1000\n`);
  });

  it("redraws one line in place on a terminal, and ends it when done", () => {
    const written: string[] = [];
    const bar = progressBar("Search", { write: (text) => written.push(text), terminal: true });
    bar.update(1, 3);
    bar.update(3, 3);
    bar.finish();
    expect(written).toEqual([
      `\rSearch ▕${"█".repeat(8)}${"░".repeat(16)}▏ 33% 1/3`,
      `\rSearch ▕${"█".repeat(24)}▏ 100% 3/3`,
      "\n",
    ]);
  });

  it("says 100% of nothing when there is nothing to do", () => {
    const written: string[] = [];
    const bar = progressBar("Documents", { write: (text) => written.push(text), terminal: false });
    bar.update(0, 0);
    expect(written).toEqual([`Documents ▕${"█".repeat(24)}▏ 100% 0/0\n`]);
  });
});
