import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AppError } from "../shared/errors.js";

/**
 * PGlite has no guard against a second process opening the same folder, and a second
 * writer silently loses rows. Whoever opens the embedded folder holds this lock file
 * (created with O_EXCL) until it closes; a lock left by a dead process is taken over.
 */
export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
  url?: string;
}

const LOCK_NAME = "sharaka.lock";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function readLockHolder(dataDir: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_NAME), "utf8")) as LockHolder;
  } catch {
    return undefined;
  }
}

export function describeHolder(holder: LockHolder): string {
  const where = holder.url ? ` at ${holder.url}` : "";
  return `"sharaka ${holder.command}" (pid ${holder.pid} on ${holder.host}, since ${holder.since})${where}`;
}

export interface DataDirLock {
  update(fields: Partial<LockHolder>): void;
  release(): void;
}

export function acquireDataDirLock(dataDir: string, command: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_NAME);
  let holder: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    command,
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(holder), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const current = readLockHolder(dataDir);
        if (current?.pid === process.pid) fs.rmSync(lockPath, { force: true });
      };
      process.once("exit", release);
      return {
        update(fields) {
          holder = { ...holder, ...fields };
          fs.writeFileSync(lockPath, JSON.stringify(holder));
        },
        release,
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const existing = readLockHolder(dataDir);
      const sameHost = existing?.host === os.hostname();
      if (existing && sameHost && !isAlive(existing.pid)) {
        fs.rmSync(lockPath, { force: true });
        continue;
      }
      const who = existing ? describeHolder(existing) : "another process (unreadable lock file)";
      throw new AppError(
        "data_locked",
        `The data folder ${dataDir} is in use by ${who}. Stop that process first, ` +
          `or point DATABASE_URL at a PostgreSQL server so that several processes can share the data. ` +
          `If no such process runs, delete ${lockPath}.`,
      );
    }
  }
  throw new AppError("data_locked", `Could not take the lock on ${dataDir}`);
}
