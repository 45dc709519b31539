import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { driverFreeTestFiles, reachesDriver } from "./driver-free.js";

/**
 * `npm test` runs a driver-free file in one database's suite only: a file wrongly called
 * driver-free would lose the other database's run, so the walk must err towards "reaches".
 */
let tree: string;

function layOut(files: Record<string, string>): string {
  tree = mkdtempSync(path.join(tmpdir(), "sharaka-driver-free-"));
  for (const [file, text] of Object.entries({
    "src/db/client.ts": "export const openDatabase = () => 1;\n",
    "test/settings.ts": "export const testSettings = () => ({ driver: 'pglite' });\n",
    ...files,
  })) {
    mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
    writeFileSync(path.join(tree, file), text);
  }
  return tree;
}

afterEach(() => {
  if (tree) rmSync(tree, { recursive: true, force: true });
});

describe("which test files reach a database driver", () => {
  it("follows imports and re-exports through other files, in src/ and test/", () => {
    const root = layOut({
      "src/shared/words.ts": "export const words = 1;\n",
      "src/shared/words.test.ts": 'import { words } from "./words.js";\n',
      "src/agreements/service.ts": 'export * from "../db/client.js";\n',
      "src/agreements/service.test.ts": 'import {\n  a,\n  b,\n} from "./service.js";\n',
      "test/app.ts": 'import { testSettings } from "./settings.js";\n',
      "src/portal/portal.test.tsx": 'import { render } from "../../test/app.js";\n',
      "src/reports/pdf.test.ts": 'const module = await import("../agreements/service.js");\n',
      "src/cli/side-effect.test.ts": 'import "../db/client.js";\n',
    });
    expect(
      driverFreeTestFiles(
        [
          "src/shared/words.test.ts",
          "src/agreements/service.test.ts",
          "src/portal/portal.test.tsx",
          "src/reports/pdf.test.ts",
          "src/cli/side-effect.test.ts",
        ],
        root,
      ),
    ).toEqual(["src/shared/words.test.ts"]);
  });

  it("skips type-only imports, which are gone at run time", () => {
    const root = layOut({
      "src/web/params.test.ts": 'import type { DatabaseHandle } from "../db/client.js";\n',
    });
    expect(reachesDriver("src/web/params.test.ts", root)).toBe(false);
  });

  it("counts an import it cannot follow as reaching the driver", () => {
    const root = layOut({
      "src/a/missing.test.ts": 'import { gone } from "./gone.js";\n',
      "src/a/computed.test.ts": 'const name = "x";\nawait import("./" + name);\n',
    });
    expect(reachesDriver("src/a/missing.test.ts", root)).toBe(true);
    expect(reachesDriver("src/a/computed.test.ts", root)).toBe(true);
  });

  it("finds this project's database tests, and its pure ones", () => {
    const root = process.cwd();
    expect(reachesDriver("src/agreements/agreements.service.test.ts", root)).toBe(true);
    expect(reachesDriver("src/cli/cli.test.ts", root)).toBe(true);
    expect(reachesDriver("src/shared/i18n.test.ts", root)).toBe(false);
  });
});
