import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The test files whose outcome cannot depend on the suite's database driver: nothing they import,
 * directly or through other files, opens a database (`src/db/client.ts`) or reads the harness's
 * settings (`test/settings.ts`, where TEST_DRIVER is read). `npm test` runs them in one database's
 * suite instead of twice (vitest.config.ts).
 *
 * The walk follows relative `import`/`export … from` and `import("…")` specifiers (a type-only
 * import erases at run time and is skipped). It errs one way only: an import it cannot follow
 * counts as reaching the driver, so a doubtful file keeps running in both suites.
 */
const driverFiles = ["src/db/client.ts", "test/settings.ts"];

const specifierPattern =
  /(?:^|[\s;}])(import|export)(\s+type)?\s[^"'`;]*?\sfrom\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^import\s*["']([^"']+)["']/gm;

function sourceFile(fromFile: string, specifier: string): string | undefined {
  const target = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [
    target,
    target.replace(/\.js$/, ".ts"),
    target.replace(/\.js$/, ".tsx"),
    `${target}.ts`,
  ];
  return candidates.find(
    (candidate) => /\.(ts|tsx|js|mjs|cjs|json)$/.test(candidate) && existsSync(candidate),
  );
}

function relativeImports(file: string): string[] | "unfollowable" {
  const text = readFileSync(file, "utf8");
  // An import whose specifier is computed cannot be followed.
  const dynamicImports = text.match(/\bimport\s*\(/g)?.length ?? 0;
  const literalImports = text.match(/\bimport\s*\(\s*["'][^"']+["']\s*\)/g)?.length ?? 0;
  if (dynamicImports > literalImports) return "unfollowable";
  const found: string[] = [];
  for (const match of text.matchAll(specifierPattern)) {
    if (match[2]) continue; // `import type … from`: gone at run time
    const specifier = match[3] ?? match[4] ?? match[5];
    if (!specifier?.startsWith(".")) continue; // a package: never the harness or the database client
    const resolved = sourceFile(file, specifier);
    if (!resolved) return "unfollowable";
    found.push(resolved);
  }
  return found;
}

export function reachesDriver(testFile: string, root: string): boolean {
  const targets = new Set(driverFiles.map((file) => path.resolve(root, file)));
  const seen = new Set<string>();
  const queue = [path.resolve(root, testFile)];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    if (targets.has(file)) return true;
    if (file.endsWith(".json")) continue;
    const imports = relativeImports(file);
    if (imports === "unfollowable") return true;
    queue.push(...imports);
  }
  return false;
}

/** The given test files (relative to root) that reach no database driver. */
export function driverFreeTestFiles(testFiles: string[], root: string): string[] {
  return testFiles.filter((file) => !reachesDriver(file, root));
}
