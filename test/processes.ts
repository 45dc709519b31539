import { readFileSync } from "node:fs";
import path from "node:path";

/** The ids of a process's children, from Linux's /proc (none where it cannot be read). */
export function childProcessIds(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

const installedCommand = path.resolve(import.meta.dirname, "../bin/sharaka.js");

/**
 * Node's arguments for running the installed command (`sharaka ARGS…`) as the tests do, with
 * WebAssembly kept in V8's baseline tier: a test's process lives a second or two, and optimising
 * PGlite's hot functions cost each one about 0.6 s of CPU that so short a life never earned
 * back (measured on the command-line tests: 96 → 71 CPU-seconds, the same results).
 */
export function sharakaArgs(...args: string[]): string[] {
  return ["--liftoff-only", installedCommand, ...args];
}
