import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "../shared/errors.js";
import { acquireDataDirLock } from "./lock.js";

/** A pid that has exited: a finished child's. */
const deadPid = () =>
  Number(
    spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" })
      .stdout,
  );

function writeStaleLock(dir: string, pid: number, since: string): void {
  writeFileSync(
    path.join(dir, "sharaka.lock"),
    JSON.stringify({ pid, host: os.hostname(), command: "serve", since }),
  );
}

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), "sharaka-lock-"));

describe("data folder lock", () => {
  it("refuses a second holder and names the first", () => {
    const dir = tempDir();
    const first = acquireDataDirLock(dir, "serve");
    first.update({ url: "http://localhost:3999" });
    const error = (() => {
      try {
        acquireDataDirLock(dir, "import");
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("data_locked");
    expect((error as AppError).message).toContain(`pid ${process.pid}`);
    expect((error as AppError).message).toContain('"sharaka serve"');
    expect((error as AppError).message).toContain("http://localhost:3999");
    first.release();
    const again = acquireDataDirLock(dir, "import");
    again.release();
  });

  it("takes over a lock naming our own pid that this process does not hold (a restarted container)", () => {
    const dir = tempDir();
    writeStaleLock(dir, process.pid, "2020-01-01T00:00:00Z");
    const lock = acquireDataDirLock(dir, "serve");
    expect(JSON.parse(readFileSync(path.join(dir, "sharaka.lock"), "utf8")).since).not.toBe(
      "2020-01-01T00:00:00Z",
    );
    lock.release();
  });

  it("lets exactly one of several processes racing for a stale lock win", async () => {
    const contender = path.resolve(import.meta.dirname, "../../test/lock-contender.ts");
    // Four trials side by side, each four processes racing for one folder. Every contender starts
    // at the same instant, and a winner holds the lock until all four have tried, so that a
    // contender slow to start on a busy machine still meets the winner's lock (not a released folder).
    const startAt = Date.now() + 3000;
    const trials = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const dir = tempDir();
        writeStaleLock(dir, deadPid(), "2020-01-01T00:00:00Z");
        return Promise.all(
          Array.from(
            { length: 4 },
            () =>
              new Promise<string>((resolve) => {
                const child = spawn(
                  process.execPath,
                  ["--import", "tsx", contender, dir, String(startAt), "4"],
                  { stdio: ["ignore", "pipe", "inherit"] },
                );
                let out = "";
                child.stdout.on("data", (chunk) => {
                  out += chunk;
                });
                child.on("close", () => resolve(out));
              }),
          ),
        );
      }),
    );
    for (const [trial, outcomes] of trials.entries()) {
      expect(
        outcomes.filter((outcome) => outcome === "won"),
        `trial ${trial}: ${outcomes.join(",")}`,
      ).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === "refused")).toHaveLength(3);
    }
  });

  it("takes over a lock left by a process that no longer runs", () => {
    const dir = tempDir();
    writeStaleLock(dir, deadPid(), "2026-01-01T00:00:00Z");
    const lock = acquireDataDirLock(dir, "migrate");
    expect(JSON.parse(readFileSync(path.join(dir, "sharaka.lock"), "utf8")).pid).toBe(process.pid);
    lock.release();
  });
});
