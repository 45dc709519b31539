import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "../shared/errors.js";
import { openPartialFile } from "./partial-file.js";

const folder = () => mkdtempSync(path.join(tmpdir(), "sharaka-partial-"));

describe("a file written under another name until it is whole", () => {
  it("takes its name once committed, and leaves nothing else behind", async () => {
    const dir = folder();
    const output = path.join(dir, "registry.json");
    const file = await openPartialFile(output);
    file.stream.write("{");
    expect(readdirSync(dir)).toHaveLength(1);
    expect(readdirSync(dir)[0]).toMatch(/^\.registry\.json\.[0-9a-f]{8}\.partial$/);
    file.stream.write("}\n");
    await file.commit();
    expect(readdirSync(dir)).toEqual(["registry.json"]);
    expect(readFileSync(output, "utf8")).toBe("{}\n");
  });

  it("leaves the file it was to replace as it was when discarded", async () => {
    const dir = folder();
    const output = path.join(dir, "registry.json");
    writeFileSync(output, "the last good export\n");
    const file = await openPartialFile(output);
    file.stream.write("half of a new one");
    await file.discard();
    expect(readdirSync(dir)).toEqual(["registry.json"]);
    expect(readFileSync(output, "utf8")).toBe("the last good export\n");
  });

  it("says at once that the folder is missing", async () => {
    const output = path.join(folder(), "no-such-folder", "registry.json");
    const error = await openPartialFile(output).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("usage");
    expect((error as AppError).message).toBe(`Cannot write ${output}: no such folder`);
  });

  it("reports the file's own failure (a full disk) rather than what the writer stopped on, without crashing", async () => {
    const dir = folder();
    const output = path.join(dir, "export.xlsx");
    const file = await openPartialFile(output);
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    // An 'error' event with no listener of ours would end the process.
    file.stream.destroy(full);
    await new Promise<void>((resolve) => file.stream.once("close", () => resolve()));
    const reported = file.reason(new Error("the export's output was closed before its end"));
    expect(reported).toBeInstanceOf(AppError);
    expect((reported as AppError).message).toBe(`Cannot write ${output}: ${full.message}`);
    const other = new Error("a database error");
    await file.discard();
    expect(readdirSync(dir)).toEqual([]);
    const healthy = await openPartialFile(path.join(dir, "other.json"));
    expect(healthy.reason(other)).toBe(other);
    await healthy.discard();
  });
});
