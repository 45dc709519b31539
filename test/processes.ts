import { readFileSync } from "node:fs";

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
