import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { sharakaArgs } from "../../test/processes.js";
import { testSettings } from "../../test/settings.js";
import {
  removeTempFolders,
  sampleRegistry,
  writeText,
  writeWorkbook,
} from "../imports/spreadsheet-import.test-support.js";

/** A migrated data folder, copied from the one test/global-setup.ts made. */
function dataFolder(): string {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "sharaka-cli-sheets-"));
  const template = inject("migratedDataDir");
  if (template) cpSync(template, dataDir, { recursive: true });
  return dataDir;
}

function sharaka(args: string[], dataDir: string) {
  const result = spawnSync(process.execPath, sharakaArgs(...args), {
    encoding: "utf8",
    env: { PATH: process.env.PATH, SHARAKA_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterAll(removeTempFolders);

// Runs on an embedded data folder whatever the suite's driver: in one suite only (TEST_DRIVER_FREE_IN).
describe.runIf(testSettings().runsDriverFreeTests)("sharaka import FILE.xlsx|FILE.csv", () => {
  it("dry-runs, imports, and a second import changes nothing", { timeout: 300_000 }, async () => {
    const dataDir = dataFolder();
    const file = await writeWorkbook(sampleRegistry());
    const dry = sharaka(["import", file, "--dry-run"], dataDir);
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("Dry run of registry.xlsx, nothing saved:");
    expect(dry.stdout).toMatch(/agreements\s+new: 2, changed: 0, unchanged: 0/);
    const first = sharaka(["import", file], dataDir);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/parties\s+new: 3/);
    const second = sharaka(["import", file, "--lang", "fr"], dataDir);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/agreements\s+nouveaux : 0, modifiés : 0, inchangés : 2/);
  });

  it("prints every problem in the language asked for and exits with 2", { timeout: 120_000 }, () => {
    const dataDir = dataFolder();
    const file = writeText(
      "agreements.csv",
      "reference;kind;title_fr;signed_on\nCONV-1;mou;Protocole;31/02/2026\nCONV-2;sometimes;;2026-01-01\n",
    );
    const refused = sharaka(["import", file, "--lang", "fr"], dataDir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "agreements.csv n'a pas été importé, rien n'est enregistré. Problèmes trouvés : 3",
    );
    expect(refused.stderr).toContain(
      "feuille agreements, ligne 2, colonne signed_on (Date de signature): n'est pas une date du calendrier.",
    );
    expect(refused.stderr).toContain(
      "feuille agreements, ligne 3, colonne kind (Type): n'est pas l'une des valeurs",
    );
    expect(refused.stderr).toContain("ligne 3, colonne title_ar");
    const protectedFile = writeText(
      "locked.xlsx",
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
    );
    const locked = sharaka(["import", protectedFile], dataDir);
    expect(locked.code).toBe(2);
    expect(locked.stderr).toContain("password-protected");
    expect(sharaka(["import", path.join(dataDir, "missing.xlsx")], dataDir).code).toBe(2);
  });
});
