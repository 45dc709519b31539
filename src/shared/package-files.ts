import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The files the application reads at run time (locales, migrations, static assets, reference
 * data, the demo page) stay in src/, and are found from the package root, whether the code runs
 * from src/ (tsx, vitest) or compiled into dist/ (where a module's own URL is its bundle's, not
 * its source's). Every such path is made here.
 */
function findPackageRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(folder, "package.json"))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`No package.json above ${fileURLToPath(import.meta.url)}`);
    folder = parent;
  }
  return folder;
}

export const packageRoot = findPackageRoot();

/** The absolute path of a file or folder under src/, e.g. sourceFile("db/migrations"). */
export function sourceFile(relative: string): string {
  return path.join(packageRoot, "src", relative);
}
