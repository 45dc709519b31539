import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

/**
 * The dependency rules (.dependency-cruiser.cjs, run by `npm run lint:deps` in `npm test`) are
 * only worth having if they fail: here they judge a small tree laid out like src/, with the
 * project's own configuration.
 */
const root = process.cwd();
let tree: string;

function cruise(files: Record<string, string>) {
  tree = mkdtempSync(path.join(tmpdir(), "sharaka-deps-"));
  for (const name of [".dependency-cruiser.cjs", "depcruise.babel.json"])
    copyFileSync(path.join(root, name), path.join(tree, name));
  // Babel resolves its preset from the working folder.
  symlinkSync(path.join(root, "node_modules"), path.join(tree, "node_modules"), "dir");
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
    writeFileSync(path.join(tree, file), text);
  }
  const run = spawnSync(
    path.join(root, "node_modules/.bin/depcruise"),
    ["src/**/*.{ts,tsx}", "--config", ".dependency-cruiser.cjs"],
    { cwd: tree, encoding: "utf8" },
  );
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

afterEach(() => {
  if (tree) rmSync(tree, { recursive: true, force: true });
});

describe("the dependency rules", () => {
  it("let a module import a lower layer", () => {
    const result = cruise({
      "src/shared/text.ts": "export const text = 1;\n",
      "src/agreements/agreements.service.ts":
        'import { text } from "../shared/text.js";\nexport const a = text;\n',
    });
    expect(result.output).toContain("no dependency violations");
    expect(result.status).toBe(0);
  });

  it("fail on an import that goes up a layer, and on a cycle between two folders", () => {
    const result = cruise({
      "src/agreements/agreements.service.ts":
        'import { p } from "../partners/partners.service.js";\nexport const a = p;\n',
      "src/partners/partners.service.ts":
        'import { a } from "../agreements/agreements.service.js";\nexport const p = () => a;\n',
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(
      "layer-partners: src/partners/partners.service.ts → src/agreements/agreements.service.ts",
    );
    expect(result.output).toContain("no-circular");
  });

  it("fail on a folder that has no place in the layers", () => {
    const result = cruise({
      "src/shared/text.ts": "export const text = 1;\n",
      "src/newmodule/thing.ts": 'import { text } from "../shared/text.js";\nexport const thing = text;\n',
    });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("folder-in-a-layer");
  });
});
