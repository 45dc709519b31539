import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { pdfBytes } from "../../test/document-files.js";
import { sharakaArgs } from "../../test/processes.js";
import { testSettings } from "../../test/settings.js";
import { openDatabase } from "../db/client.js";
import { acquireDataDirLock } from "../db/lock.js";
import { agreements } from "../db/schema/index.js";
import { documentTextsReadInBackground } from "../documents/document-text.service.js";
import { uploadDocument } from "../documents/documents.service.js";
import { systemActor } from "../shared/actor.js";

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), "sharaka-backup-cli-"));
const embedded = testSettings().runsDriverFreeTests;

/** A data folder migrated once by test/global-setup.ts, copied (a new one would pay initdb). */
function migratedFolder(dataDir: string): string {
  const template = inject("migratedDataDir");
  if (template) cpSync(template, dataDir, { recursive: true });
  return dataDir;
}

/** The real command line in a child process, standard error not a terminal: plain progress lines. */
function sharaka(args: string[], dataDir: string, input?: string) {
  const result = spawnSync(process.execPath, sharakaArgs(...args), {
    encoding: "utf8",
    env: { PATH: process.env.PATH, SHARAKA_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    input,
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const withoutExportTime = (text: string) => text.replace(/"exportedAt": "[^"]+"/, '"exportedAt": ""');

describe.runIf(embedded)("sharaka backup and sharaka restore", () => {
  const dir = tempDir();
  const source = migratedFolder(path.join(dir, "source"));
  const file = path.join(dir, "sharaka.backup");

  beforeAll(async () => {
    const page = path.join(dir, "page.txt");
    writeFileSync(page, "Partnership agreement with the Backup Institute\n\n• Keep a copy of everything.\n");
    expect(sharaka(["import", page], source).code).toBe(0);
    const added = sharaka(
      ["user", "add", "--email", "admin@example.org", "--role", "admin", "--password-stdin"],
      source,
      "a long enough password 2026\n",
    );
    expect(added.code, added.stderr).toBe(0);
    // A document of 3 MB, put in as an upload does (the command line has no upload).
    const handle = await openDatabase({ driver: "pglite", dataDir: source, command: "test" });
    try {
      const [agreement] = await handle.db.select({ id: agreements.id }).from(agreements).limit(1);
      await uploadDocument({
        db: handle.db,
        actor: systemActor,
        uploadsDir: path.join(source, "documents"),
        maxBytes: 10 * 1024 * 1024,
        input: {
          ownerType: "agreement",
          ownerId: agreement?.id ?? "",
          kind: "report",
          visibility: "internal",
        },
        file: { name: "rapport.pdf", bytes: pdfBytes("Rapport", 3 * 1024 * 1024) },
      });
      await documentTextsReadInBackground();
    } finally {
      await handle.close();
    }
  }, 240_000);

  // Three command processes in turn: on a loaded machine (the browser suite beside it) each
  // start alone has taken over ten seconds.
  it("refuses while another process holds the data folder, writing no file (exit 3)", {
    timeout: 120_000,
  }, () => {
    const lock = acquireDataDirLock(source, "serve");
    try {
      const result = sharaka(["backup", "-o", file], source);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('is in use by "sharaka serve"');
    } finally {
      lock.release();
    }
    expect(existsSync(file)).toBe(false);
    expect(sharaka(["backup"], source).stderr).toContain(
      "backup needs a file to write: sharaka backup -o FILE",
    );
    const nowhere = sharaka(["backup", "-o", path.join(dir, "missing", "x.backup")], source);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain("no such folder");
  });

  it("writes one archive and restores it into a new folder: the same registry, documents and accounts", {
    timeout: 240_000,
  }, () => {
    const backup = sharaka(["backup", "-o", file], source);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(
      /Backup written to .*: 1 agreements, .* 1 accounts, 1 documents \(1 files, 3\.0 MB\)/,
    );
    expect(backup.stdout).toContain("Left out on purpose: sessions, api_tokens");
    // Not a terminal: a plain line per tenth, no carriage returns.
    expect(backup.stderr).toContain("Backup (MB) ▕");
    expect(backup.stderr).toContain("100% 3/3\n");
    expect(backup.stderr).not.toContain("\r");
    expect(readdirSync(dir).filter((name) => name.endsWith(".partial"))).toEqual([]);

    const target = migratedFolder(path.join(dir, "target"));
    const restore = sharaka(["restore", file], target);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`Restored from ${file}`);
    expect(restore.stderr).toContain("Restore (MB) ▕");
    const exported = (dataDir: string) => {
      const out = path.join(dataDir, "export.json");
      expect(sharaka(["export", "--format", "json", "-o", out], dataDir).code).toBe(0);
      return withoutExportTime(readFileSync(out, "utf8"));
    };
    expect(exported(target)).toBe(exported(source));
    const stored = (dataDir: string) =>
      readdirSync(path.join(dataDir, "documents"), { recursive: true }).sort();
    expect(stored(target)).toEqual(stored(source));

    // A second restore into the same folder is refused: it is not empty any more.
    const again = sharaka(["restore", file], target);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("The database is not empty");
  });

  it("refuses a truncated backup with exit code 2, and the folder takes the whole one afterwards", {
    timeout: 240_000,
  }, () => {
    const whole = readFileSync(file);
    const cut = path.join(dir, "cut.backup");
    writeFileSync(cut, whole.subarray(0, whole.byteLength - 1024 * 1024));
    const target = migratedFolder(path.join(dir, "after-cut"));
    const refused = sharaka(["restore", cut], target);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("The backup is truncated");
    expect(refused.stderr).toContain("nothing was restored");
    // Nothing was kept: the same folder takes the whole backup.
    const restore = sharaka(["restore", file], target);
    expect(restore.code, restore.stderr).toBe(0);
  });
});
