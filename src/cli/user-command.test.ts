import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { sharakaArgs } from "../../test/processes.js";
import { postForm, signIn } from "../../test/session.js";
import { testSettings } from "../../test/settings.js";
import { type DatabaseHandle, openDatabase } from "../db/client.js";
import { acquireDataDirLock } from "../db/lock.js";
import { users as usersTable } from "../db/schema/index.js";

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), "sharaka-user-"));

/** Runs the real command line in a child process, on its own data folder. */
function sharaka(args: string[], dataDir: string, input?: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, sharakaArgs(...args), {
    encoding: "utf8",
    env: { PATH: process.env.PATH, SHARAKA_DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env },
    input,
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The data folder opened in this process once the command has exited (and released it). */
async function withDataDir<T>(dataDir: string, use: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ driver: "pglite", dataDir, command: "test" });
  try {
    return await use(handle);
  } finally {
    await handle.close();
  }
}

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

// The embedded cases run in one suite of npm test only (TEST_DRIVER_FREE_IN): their processes use
// a data folder whatever the suite's driver. The time limit guards against a hang, it asserts no speed.
const embedded = testSettings().runsDriverFreeTests;
const itEmbedded = it.runIf(embedded);

describe("sharaka user add", { timeout: 180_000 }, () => {
  itEmbedded("creates an account with a password read from standard input, which then signs in", async () => {
    const dataDir = tempDir();
    const password = "a password from stdin";
    const result = sharaka(
      [
        "user",
        "add",
        "--email",
        "First.Admin@Example.org",
        "--role",
        "admin",
        "--name",
        "First Admin",
        "--translates",
        "en,ar",
        "--password-stdin",
      ],
      dataDir,
      `${password}\n`,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Created the admin account first.admin@example.org");
    expect(result.stdout).not.toContain("reset-password");
    expect(result.stdout).not.toContain(password);

    await withDataDir(dataDir, async (handle) => {
      const app = createTestApp(handle.db);
      const cookie = await signIn(app, "first.admin@example.org", password);
      const users = await app.request("/fr/workspace/users", { headers: { cookie } });
      expect(users.status).toBe(200);
      expect(await users.text()).toContain("First Admin");
      const [row] = await handle.db
        .select()
        .from(usersTable)
        .where(eq(usersTable.email, "first.admin@example.org"));
      expect(row?.translates).toEqual(["ar", "en"]);
    });

    // The same address again is refused as bad input, naming the field.
    const twice = sharaka(
      ["user", "add", "--email", "first.admin@example.org", "--role", "viewer", "--password-stdin"],
      dataDir,
      `${password}\n`,
    );
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("email: first.admin@example.org already has an account");
    noStackTrace(twice.stderr);
  });

  itEmbedded("without --password-stdin prints a one-time link to choose the password", async () => {
    const dataDir = tempDir();
    const result = sharaka(
      [
        "user",
        "add",
        "--email",
        "council@example.org",
        "--role",
        "council",
        "--territory",
        "01.571",
        "--lang",
        "ar",
      ],
      dataDir,
    );
    expect(result.code, result.stderr).toBe(0);
    const link = result.stdout.match(
      /http:\/\/localhost:3000(\/ar\/workspace\/reset-password\?token=[A-Za-z0-9_%-]+)/,
    )?.[1];
    expect(link, result.stdout).toBeDefined();
    expect(result.stdout).toContain("24 hours");

    await withDataDir(dataDir, async (handle) => {
      const app = createTestApp(handle.db);
      const token = new URL(link as string, "http://localhost").searchParams.get("token") as string;
      const saved = await postForm(app, "/ar/workspace/reset-password", "", {
        token,
        password: "the council's chosen password",
      });
      expect(saved.status).toBe(303);
      await signIn(app, "council@example.org", "the council's chosen password");
    });
  });

  itEmbedded("refuses bad input with exit code 2, naming the field", () => {
    const dataDir = tempDir();
    const badEmail = sharaka(["user", "add", "--email", "not-an-email", "--role", "viewer"], dataDir);
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toContain("email: must be an email address");
    noStackTrace(badEmail.stderr);

    const badRole = sharaka(["user", "add", "--email", "x@example.org", "--role", "emperor"], dataDir);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('role: "emperor" is not a role');

    const badLanguage = sharaka(
      ["user", "add", "--email", "x@example.org", "--role", "viewer", "--translates", "en,de"],
      dataDir,
    );
    expect(badLanguage.code).toBe(2);
    expect(badLanguage.stderr).toContain('translates: "de" is not a language');

    const noScope = sharaka(["user", "add", "--email", "fp@example.org", "--role", "focal_point"], dataDir);
    expect(noScope.code).toBe(2);
    expect(noScope.stderr).toContain("organizationId: is required for a partner focal point");

    const shortPassword = sharaka(
      ["user", "add", "--email", "short@example.org", "--role", "viewer", "--password-stdin"],
      dataDir,
      "short\n",
    );
    expect(shortPassword.code).toBe(2);
    expect(shortPassword.stderr).toContain("password: must have at least 10 characters");

    const missing = sharaka(["user", "add", "--role", "viewer"], dataDir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--email");
    expect(sharaka(["user", "remove"], dataDir).code).toBe(2);
  });

  itEmbedded("refuses to touch a data folder another process holds, naming it, with exit code 3", () => {
    const dataDir = tempDir();
    const lock = acquireDataDirLock(dataDir, "serve");
    try {
      const result = sharaka(["user", "add", "--email", "late@example.org", "--role", "viewer"], dataDir);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`is in use by "sharaka serve" (pid ${process.pid}`);
      noStackTrace(result.stderr);
    } finally {
      lock.release();
    }
  });

  itEmbedded("is in the help", () => {
    const help = sharaka(["--help"], tempDir());
    expect(help.stdout).toContain("user add --email E --role R");
    expect(help.stdout).toContain("[--password-stdin]");
  });

  // Only the PostgreSQL pass of npm test has a server to point DATABASE_URL at: this test runs
  // in that pass only.
  it.runIf(testSettings().driver === "pg")(
    "creates the account on the PostgreSQL server named by DATABASE_URL, beside a running app",
    async () => {
      const handle = await createTestDatabase();
      try {
        const app = createTestApp(handle.db);
        const result = sharaka(
          ["user", "add", "--email", "pg.admin@example.org", "--role", "admin", "--password-stdin"],
          tempDir(),
          "a password for postgres\n",
          { DATABASE_URL: handle.location },
        );
        expect(result.code, result.stderr).toBe(0);
        const cookie = await signIn(app, "pg.admin@example.org", "a password for postgres");
        expect((await app.request("/fr/workspace/users", { headers: { cookie } })).status).toBe(200);
      } finally {
        await handle.close();
      }
    },
  );
});
