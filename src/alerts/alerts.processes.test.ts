import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { buildActivity } from "../../test/followup-factories.js";
import { sharakaArgs } from "../../test/processes.js";
import { testSettings } from "../../test/settings.js";
import { type LoopbackSmtp, startLoopbackSmtp } from "../../test/smtp.js";
import { type DatabaseHandle, openDatabase } from "../db/client.js";
import { alertDigests } from "../db/schema/index.js";
import { advisoryLocks } from "../db/transaction.js";
import { addDays, todayInMorocco } from "../domain/periods.js";
import { createMailer } from "../mail/mail.service.js";
import { evaluateAlerts, sendPendingDigests } from "./alerts.run.js";
import { buildAgreementInForce, buildAlertWorld } from "./evaluation.test-support.js";

/*
 * The real command line, in child processes. `sharaka alerts run` uses the real clock, so the
 * records are dated from today.
 */

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sharakaAsync(args: string[], env: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, sharakaArgs(...args), {
      env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

// The embedded database, as the command-line tests: in one suite only (TEST_DRIVER_FREE_IN).
describe.runIf(testSettings().runsDriverFreeTests)("sharaka alerts run", () => {
  // A first start on a new folder (initdb, migrations, reference data), slow on a busy machine.
  it("evaluates an embedded database and keeps the digests in the outbox without SMTP", {
    timeout: 120_000,
  }, () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "sharaka-alerts-"));
    const result = spawnSync(process.execPath, sharakaArgs("alerts", "run"), {
      encoding: "utf8",
      env: { PATH: process.env.PATH, SHARAKA_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
      timeout: 110_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Alerts of ${todayInMorocco()}: 0 open`);
    expect(result.stdout).toContain("kept in the outbox (no SMTP_URL)");
    const wrong = spawnSync(process.execPath, sharakaArgs("alerts", "send"), {
      encoding: "utf8",
      env: { PATH: process.env.PATH, SHARAKA_DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("sharaka alerts run");
  });
});

// Several processes share a PostgreSQL server; the embedded database is one process's alone,
// so these run in the PostgreSQL suite (as user-command.test.ts does) and show as skipped on PGlite.
describe.runIf(testSettings().driver === "pg")("two processes on one PostgreSQL", () => {
  let handle: DatabaseHandle;
  let smtp: LoopbackSmtp;
  beforeAll(async () => {
    handle = await createTestDatabase();
    smtp = await startLoopbackSmtp();
  });
  afterAll(async () => {
    await smtp?.close();
    await handle?.close();
  });

  it("send each digest once, however they interleave", { timeout: 120_000 }, async () => {
    const { db } = handle;
    const today = todayInMorocco();
    const world = await buildAlertWorld(db);
    const agreement = await buildAgreementInForce(db, world, {
      signedOn: addDays(today, -400),
      effectiveOn: addDays(today, -400),
      expiresOn: addDays(today, 45),
    });
    await buildActivity(db, agreement.id, {
      plannedStart: addDays(today, -30),
      plannedEnd: addDays(today, -3),
      status: "ongoing",
    });
    const env = {
      DATABASE_URL: handle.location,
      SMTP_URL: smtp.url,
      MAIL_FROM: "Sharaka <alerts@sharaka.test>",
      PUBLIC_URL: "https://sharaka.example",
    };
    const [first, second] = await Promise.all([
      sharakaAsync(["alerts", "run"], env),
      sharakaAsync(["alerts", "run"], env),
    ]);
    expect(first?.code, first?.stderr).toBe(0);
    expect(second?.code, second?.stderr).toBe(0);
    // And a third, later: everything has been sent already.
    const third = await sharakaAsync(["alerts", "run"], env);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toContain("Digests: 0 sent");

    const digests = await db.select().from(alertDigests).where(eq(alertDigests.digestOn, today));
    const people = [world.staff, world.arabicStaff, world.focal];
    for (const person of people) {
      const mails = smtp.received.filter((mail) => mail.to.includes(person.email));
      expect(mails, person.email).toHaveLength(1);
      expect(digests.filter((digest) => digest.userId === person.id)).toHaveLength(1);
    }
    expect(smtp.received.filter((mail) => mail.to.includes(world.otherFocal.email))).toHaveLength(0);
    // Every digest written was sent, each exactly once.
    expect(digests.every((digest) => digest.status === "sent")).toBe(true);
    expect(smtp.received).toHaveLength(digests.length);
  });

  it("skip the evaluation while another holds it, and split the sending without a double", {
    timeout: 60_000,
  }, async () => {
    const other = await openDatabase({ driver: "pg", url: handle.location, poolSize: 4 });
    try {
      const world = await buildAlertWorld(handle.db);
      await buildAgreementInForce(handle.db, world, { expiresOn: "2040-03-31" });
      const options = {
        publicUrl: "https://sharaka.example",
        trigger: "test",
        now: new Date("2040-01-20T12:00:00Z"),
      };
      // Another process is evaluating: it holds the lock until its transaction ends.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked: () => void = () => undefined;
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = other.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${advisoryLocks.alerts})`);
        locked();
        await held;
      });
      await isLocked;
      const skipped = await evaluateAlerts({ db: handle.db, ...options });
      expect(skipped.status).toBe("busy");
      release();
      await holder;
      const evaluated = await evaluateAlerts({ db: handle.db, ...options });
      expect(evaluated.status).toBe("evaluated");
      expect(evaluated.digests).toBeGreaterThanOrEqual(3);

      // Two senders at once, on two connection pools: each digest goes out once.
      const mailer = createMailer({ smtpUrl: smtp.url, from: "Sharaka <alerts@sharaka.test>" });
      const before = smtp.received.length;
      const [a, b] = await Promise.all([
        sendPendingDigests({ db: handle.db, mailer }),
        sendPendingDigests({ db: other.db, mailer }),
      ]);
      expect((a?.sent ?? 0) + (b?.sent ?? 0)).toBe(evaluated.digests);
      expect(smtp.received.length - before).toBe(evaluated.digests);
      const addresses = smtp.received.slice(before).flatMap((mail) => mail.to);
      expect(new Set(addresses).size).toBe(addresses.length);
    } finally {
      await other.close();
    }
  });
});
