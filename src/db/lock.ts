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

/** Folders this process holds, so that a lock naming our own pid is told from a dead twin's. */
const heldHere = new Set<string>();

/** A lock is stale when its holder ran on this host and runs no more (or was an earlier life of our pid). */
function isStale(holder: LockHolder | undefined, lockPath: string): boolean {
  if (!holder || holder.host !== os.hostname()) return false;
  if (holder.pid === process.pid) return !heldHere.has(lockPath);
  return !isAlive(holder.pid);
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Removing a stale lock and creating ours is two steps; two processes doing them at once could
 * each remove the other's fresh lock. Only the one that creates this guard file (O_EXCL) may.
 */
function takeOverStaleLock(lockPath: string, seen: LockHolder): boolean {
  const guard = `${lockPath}.takeover`;
  try {
    fs.writeFileSync(guard, String(process.pid), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // A guard left by a process that died mid-takeover is old: clear it and let the caller retry.
    const age = Date.now() - (fs.statSync(guard, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > 10_000) fs.rmSync(guard, { force: true });
    return false;
  }
  try {
    const current = readLockHolder(path.dirname(lockPath));
    // Still the very lock judged stale (not a fresh one written meanwhile): remove it.
    if (current && current.pid === seen.pid && current.since === seen.since)
      fs.rmSync(lockPath, { force: true });
    return true;
  } finally {
    fs.rmSync(guard, { force: true });
  }
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
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(holder), { flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const existing = readLockHolder(dataDir);
      if (existing && isStale(existing, lockPath)) {
        if (!takeOverStaleLock(lockPath, existing)) sleep(25 + Math.floor(Math.random() * 50));
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
    heldHere.add(lockPath);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      heldHere.delete(lockPath);
      const current = readLockHolder(dataDir);
      if (current?.pid === process.pid && current.since === holder.since)
        fs.rmSync(lockPath, { force: true });
    };
    process.once("exit", release);
    return {
      update(fields) {
        holder = { ...holder, ...fields };
        fs.writeFileSync(lockPath, JSON.stringify(holder));
      },
      release,
    };
  }
  throw new AppError(
    "data_locked",
    `Could not take the lock on ${dataDir}: other processes keep contending for it`,
  );
}
