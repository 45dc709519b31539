import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { sharakaArgs } from "../../test/processes.js";
import { testSettings } from "../../test/settings.js";
import { acquireDataDirLock } from "../db/lock.js";

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), "sharaka-cli-"));

/**
 * A new data folder as a first start leaves it once the schema is in (migrated, no data yet),
 * copied from the one test/global-setup.ts made: each new folder would otherwise pay PGlite's
 * initdb and every migration again (about 5 s each, three times that on a busy machine).
 */
function migratedFolder(dataDir: string): string {
  const template = inject("migratedDataDir");
  if (template) cpSync(template, dataDir, { recursive: true });
  return dataDir;
}

/** Runs the real command line in a child process, on its own data folder. */
function sharaka(args: string[], dataDir = tempDir()) {
  const result = spawnSync(process.execPath, sharakaArgs(...args), {
    encoding: "utf8",
    env: { PATH: process.env.PATH, SHARAKA_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, dataDir };
}

/**
 * `sharaka ARGS | READER` run by the shell, so standard output is a real pipe (Node's own child
 * pipes are socket pairs, with other buffer sizes). Gives the command's own exit code, what the
 * reader printed, and null for a pipeline still running after a minute (it is then killed).
 */
function sharakaInto(reader: string, args: string[], dataDir: string) {
  const status = path.join(tempDir(), "status");
  const child = spawn(
    "/bin/sh",
    [
      "-c",
      `{ "$@"; echo $? > "$SHARAKA_STATUS"; } | ${reader}`,
      "sh",
      process.execPath,
      ...sharakaArgs(...args),
    ],
    {
      env: { PATH: process.env.PATH, SHARAKA_DATA_DIR: dataDir, LOG_LEVEL: "warn", SHARAKA_STATUS: status },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  return new Promise<{ code: number | null; readerOutput: Buffer; stderr: string }>((resolve) => {
    const timer = setTimeout(() => process.kill(-(child.pid as number), "SIGKILL"), 60_000);
    child.on("close", (_code, signal) => {
      clearTimeout(timer);
      resolve({
        code: signal ? null : Number(readFileSync(status, "utf8")),
        readerOutput: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr).toString("utf8"),
      });
    });
  });
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

// These commands run on an embedded data folder whatever the suite's driver, so they run in one
// suite of npm test only (TEST_DRIVER_FREE_IN; the other would run the very same processes again).
// Each test starts several processes, each loading the application and its database: the
// time limits guard against a hang on a busy machine, they assert no speed.
const embedded = testSettings().runsDriverFreeTests;

describe.runIf(embedded)("sharaka command line", { timeout: 180_000 }, () => {
  it("prints help, and refuses unknown commands and options with exit code 2", () => {
    expect(sharaka(["--help"]).stdout).toContain("import FILE [--dry-run]");
    const unknown = sharaka(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    const badOption = sharaka(["import", "--bogus"]);
    expect(badOption.code).toBe(2);
    noStackTrace(badOption.stderr);
    const badFormat = sharaka(["export", "--format", "xml"]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('Unknown export format "xml"');
    const reindexArgument = sharaka(["reindex", "everything"]);
    expect(reindexArgument.code).toBe(2);
    expect(reindexArgument.stderr).toContain("sharaka reindex [--all]");
  });

  it("imports a page, prints what it understood, and a second import changes nothing", () => {
    const dir = tempDir();
    const page = path.join(dir, "page.txt");
    writeFileSync(page, "Partnership agreement with the CLI Institute\r\n\r\n• Test the command line;\r\n");
    const dataDir = migratedFolder(path.join(dir, "data"));
    const dry = sharaka(["import", page, "--dry-run"], dataDir);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("1. CLI Institute (partnership), line 1");
    expect(dry.stdout).toContain("Nothing was saved");
    const first = sharaka(["import", page], dataDir);
    expect(first.stdout).toContain("Saved: 1 agreement(s) created");
    const second = sharaka(["import", page], dataDir);
    expect(second.stdout).toContain("Saved: 0 agreement(s) created, 1 already existed");
    // The search index rebuilt on demand, its progress on standard error (a line per tenth here).
    const reindex = sharaka(["reindex"], dataDir);
    expect(reindex.code).toBe(0);
    expect(reindex.stdout).toContain("Search: 1 agreements");
    expect(reindex.stderr).toContain("100% 1/1");
  });

  it("exports every record as JSON that import reads back into a new folder, losing nothing", {
    timeout: 300_000,
  }, () => {
    const dir = tempDir();
    const source = migratedFolder(path.join(dir, "source"));
    const target = migratedFolder(path.join(dir, "target"));
    const page = path.join(dir, "page.txt");
    writeFileSync(
      page,
      "Convention de partenariat avec l'Université Test\n\nObjectifs de la convention :\n\n• Former;\n• Étudier.\n\nPlan d'action\n",
    );
    expect(sharaka(["import", page], source).code).toBe(0);
    const exported = path.join(dir, "export.json");
    const exportRun = sharaka(["export", "--format", "json", "-o", exported], source);
    expect(exportRun.code).toBe(0);
    const restore = sharaka(["import", exported], target);
    expect(restore.code, restore.stderr).toBe(0);
    const again = sharaka(["export", "--format", "json"], target);
    const first = JSON.parse(readFileSync(exported, "utf8"));
    const second = JSON.parse(again.stdout);
    const withoutImportEvents = (document: { exportedAt?: string; auditEvents: { action: string }[] }) => ({
      ...document,
      exportedAt: undefined,
      auditEvents: document.auditEvents.filter((event) => event.action !== "registry.import"),
    });
    expect(second.agreements).toHaveLength(1);
    expect(
      second.agreements[0].objectives.map((objective: { text: { fr: string } }) => objective.text.fr),
    ).toEqual(["Former", "Étudier"]);
    expect(withoutImportEvents(second)).toEqual(withoutImportEvents(first));
    // A dry run, even of a page, leaves a new folder empty: the restore still goes through after it.
    const later = migratedFolder(path.join(dir, "later"));
    expect(sharaka(["import", page, "--dry-run"], later).code).toBe(0);
    expect(sharaka(["import", exported, "--dry-run"], later).stdout).toContain("Dry run, nothing saved");
    const restoreAfterDryRuns = sharaka(["import", exported], later);
    expect(restoreAfterDryRuns.code, restoreAfterDryRuns.stderr).toBe(0);

    // A database that already has its own association refuses the file and says what to do.
    const other = migratedFolder(path.join(dir, "other"));
    expect(sharaka(["migrate"], other).code).toBe(0);
    const clash = sharaka(["import", exported], other);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain("import it into a new, empty database");
    noStackTrace(clash.stderr);
  });

  it("exports the registry as XLSX or CSV, as the public sees it with --public, and the empty template", {
    timeout: 300_000,
  }, async () => {
    const dir = tempDir();
    const dataDir = migratedFolder(path.join(dir, "data"));
    const page = path.join(dir, "page.txt");
    writeFileSync(page, "Convention de partenariat avec l'Université Tableur\n\nObjectifs :\n\n• Former;\n");
    expect(sharaka(["import", page], dataDir).code).toBe(0);

    const xlsx = path.join(dir, "registry.xlsx");
    const run = sharaka(["export", "--format", "xlsx", "-o", xlsx, "--lang", "ar"], dataDir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Exported \d+ agreements/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    const sheet = workbook.getWorksheet("agreements");
    expect(sheet?.getRow(1).getCell(1).value).toBe("reference");
    expect(sheet?.getRow(2).getCell(1).value).toBe("المرجع");
    expect(sheet?.rowCount).toBeGreaterThan(2);

    const csv = sharaka(["export", "--format", "csv", "--sheet", "objectives", "--public"], dataDir);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.startsWith("\uFEFFagreement,number,text_ar,text_fr,text_en,id")).toBe(true);

    const template = path.join(dir, "template.xlsx");
    expect(sharaka(["export", "--format", "xlsx", "--template", "-o", template], dataDir).code).toBe(0);
    expect(statSync(template).size).toBeGreaterThan(10_000);

    const badSheet = sharaka(["export", "--format", "csv", "--sheet", "nothing"], dataDir);
    expect(badSheet.code).toBe(2);
    expect(badSheet.stderr).toContain('Unknown sheet "nothing"');
  });

  it("reads back an export larger than 20 MiB (the old cap), losing nothing", { timeout: 300_000 }, () => {
    const dir = tempDir();
    const source = migratedFolder(path.join(dir, "source"));
    expect(sharaka(["migrate"], source).code).toBe(0);
    const base = JSON.parse(sharaka(["export", "--format", "json"], source).stdout);
    const associationId = base.organizations[0].id;
    // Ten agreements of 200 long objectives each: some 25 MiB of text in three languages.
    const long = (n: number, lang: string) =>
      `${lang} ${n} ${"Objectif détaillé de la convention. ".repeat(110)}`.slice(0, 3990).trimEnd();
    const stamp = "2026-01-01T00:00:00.000000Z"; // as the export writes timestamps
    base.agreements = Array.from({ length: 10 }, (_, a) => ({
      id: randomUUID(),
      reference: `BIG-${a + 1}`,
      kind: "partnership",
      title: { fr: `Grande convention ${a + 1}`, en: `Large agreement ${a + 1}` },
      summary: {},
      status: "draft",
      visibility: "public",
      themes: [],
      national: true,
      signedOn: null,
      effectiveOn: null,
      expiresOn: null,
      durationMonths: null,
      renewal: "none",
      renewalNoticeDays: null,
      parentId: null,
      sourceKey: null,
      version: 1,
      createdAt: stamp,
      updatedAt: stamp,
      parties: [{ organizationId: associationId, role: "signatory", position: 0 }],
      territoryCodes: [],
      objectives: Array.from({ length: 200 }, (_, o) => ({
        id: randomUUID(),
        position: o,
        text: { ar: long(o, "ar"), fr: long(o, "fr"), en: long(o, "en") },
      })),
      commitments: [],
      contributions: [],
      amendments: [],
      actionPlans: [],
      activities: [],
      indicators: [],
      committeeMembers: [],
      meetings: [],
      followUpActions: [],
    }));
    const file = path.join(dir, "large.json");
    writeFileSync(file, JSON.stringify(base));
    expect(statSync(file).size).toBeGreaterThan(20 * 1024 * 1024);

    const target = migratedFolder(path.join(dir, "target"));
    const restore = sharaka(["import", file], target);
    expect(restore.code, restore.stderr).toBe(0);
    const out = path.join(dir, "again.json");
    expect(sharaka(["export", "--format", "json", "-o", out], target).code).toBe(0);
    const again = JSON.parse(readFileSync(out, "utf8"));
    const byId = (list: { id: string }[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(again.agreements)).toEqual(byId(base.agreements));

    // A bound stays, as a setting: a file over IMPORT_MAX_MB is refused by name, and nothing is saved.
    const bounded = spawnSync(process.execPath, sharakaArgs("import", file), {
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        SHARAKA_DATA_DIR: path.join(dir, "bounded"),
        LOG_LEVEL: "warn",
        IMPORT_MAX_MB: "10",
      },
      timeout: 60_000,
    });
    expect(bounded.status).toBe(2);
    expect(bounded.stderr).toContain("IMPORT_MAX_MB=10 MB");
  });

  it("names the line of a page it cannot read, exits 2 and saves nothing", () => {
    const dir = tempDir();
    const page = path.join(dir, "bad.txt");
    writeFileSync(page, "Just some text\nwith no agreement heading\n");
    const result = sharaka(["import", page], path.join(dir, "data"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Line 1");
    noStackTrace(result.stderr);
    const missing = sharaka(["import", path.join(dir, "nope.txt")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file (ENOENT)");
    const binary = path.join(dir, "binary.txt");
    writeFileSync(binary, Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3]));
    expect(sharaka(["import", binary]).stderr).toContain("is not UTF-8 text");
  });

  it("refuses to touch a data folder another process holds, naming it, with exit code 3", () => {
    const dataDir = tempDir();
    const lock = acquireDataDirLock(dataDir, "serve");
    try {
      const result = sharaka(["migrate"], dataDir);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`is in use by "sharaka serve" (pid ${process.pid}`);
    } finally {
      lock.release();
    }
  });

  it("rejects an invalid environment clearly", () => {
    const result = spawnSync(process.execPath, sharakaArgs("migrate"), {
      encoding: "utf8",
      env: { PATH: process.env.PATH, PORT: "seventy", DATABASE_URL: "mysql://x" },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("PORT");
    expect(result.stderr).toContain("DATABASE_URL must start with postgres://");
  });
});

describe.runIf(embedded)("standard output through a pipe", () => {
  // A registry several times a pipe's 64 KiB buffer, so the reader has to come back for the rest.
  const dataDir = migratedFolder(path.join(tempDir(), "data"));
  let exported: Buffer;
  const withoutExportTime = (bytes: Buffer) =>
    bytes.toString("utf8").replace(/"exportedAt": "[^"]+"/, '"exportedAt": ""');

  beforeAll(() => {
    const page = path.join(tempDir(), "page.txt");
    let text = "";
    for (let n = 1; n <= 60; n++) {
      text += `Partnership agreement with the Pipe Institute ${n}\n\n• Carry every byte of export number ${n} through a pipe;\n• Read it back whole.\n\n`;
    }
    writeFileSync(page, text);
    const imported = sharaka(["import", page], dataDir);
    expect(imported.code, imported.stderr).toBe(0);
    const file = path.join(tempDir(), "export.json");
    expect(sharaka(["export", "--format", "json", "-o", file], dataDir).code).toBe(0);
    exported = readFileSync(file);
    expect(exported.length).toBeGreaterThan(3 * 65_536);
  }, 180_000);

  it("gives a slow reader every byte that -o FILE writes", { timeout: 180_000 }, async () => {
    const dir = tempDir();
    const received = path.join(dir, "received.json");
    // It takes nothing for a second after the first bytes arrive: the pipe is full when the export is done.
    writeFileSync(
      path.join(dir, "slow-reader.mjs"),
      'import { createWriteStream } from "node:fs";\n' +
        'process.stdin.once("readable", () =>\n' +
        "  setTimeout(() => process.stdin.pipe(createWriteStream(process.argv[2])), 1000),\n" +
        ");\n",
    );
    const result = await sharakaInto(
      `"${process.execPath}" "${path.join(dir, "slow-reader.mjs")}" "${received}"`,
      ["export", "--format", "json"],
      dataDir,
    );
    expect(result.code, result.stderr).toBe(0);
    const bytes = readFileSync(received);
    expect(bytes.length).toBe(exported.length);
    expect(withoutExportTime(bytes)).toBe(withoutExportTime(exported));
    expect(JSON.parse(bytes.toString("utf8")).agreements).toHaveLength(60);
  });

  it("exits non-zero, without hanging, when the reader stops early", { timeout: 180_000 }, async () => {
    const result = await sharakaInto("head -c 100", ["export", "--format", "json"], dataDir);
    expect(result.readerOutput).toHaveLength(100);
    expect(result.readerOutput.toString("utf8")).toMatch(/^\{\n {2}"format": "sharaka-registry"/);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("standard output was closed before everything was written (EPIPE)");
    noStackTrace(result.stderr);
  });
});
