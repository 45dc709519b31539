import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { bytesOf, filesUnder } from "../../test/document-files.js";
import { sharakaArgs } from "../../test/processes.js";
import { refusal } from "../../test/refusals.js";
import { testSettings } from "../../test/settings.js";
import { type DatabaseHandle, isServerDatabase } from "../db/client.js";
import { documentChunks } from "../db/schema/index.js";
import {
  CHUNK_BYTES,
  copyDocumentFilesIntoDatabase,
  openStoredBytes,
  storeBytes,
  storedPath,
} from "./documents.storage.js";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase({ referenceData: false });
});
afterAll(() => handle.close());

const folder = () => mkdtempSync(path.join(tmpdir(), "sharaka-storage-"));
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const piecesOf = async (hash: string) =>
  (
    await handle.db
      .select({ seq: documentChunks.seq })
      .from(documentChunks)
      .where(eq(documentChunks.sha256, hash))
  ).length;

describe("documents' bytes", () => {
  it("stores a file of several pieces once and streams it back whole", async () => {
    const uploadsDir = folder();
    const bytes = new Uint8Array(randomBytes(CHUNK_BYTES * 2 + 1234));
    const stored = await storeBytes({ db: handle.db, uploadsDir, bytes });
    expect(stored).toEqual({ sha256: sha256(bytes), created: true });
    expect(await storeBytes({ db: handle.db, uploadsDir, bytes })).toEqual({ ...stored, created: false });
    expect(
      await bytesOf(await openStoredBytes({ db: handle.db, uploadsDir, sha256: stored.sha256 })),
    ).toEqual(Buffer.from(bytes));
    if (isServerDatabase(handle.db)) {
      expect(await piecesOf(stored.sha256)).toBe(3);
      expect(filesUnder(uploadsDir)).toEqual([]);
    } else {
      expect(filesUnder(uploadsDir)).toEqual([
        path.relative(uploadsDir, storedPath(uploadsDir, stored.sha256)),
      ]);
    }
  });

  it("keeps an empty file, and refuses a content it does not hold before sending any byte", async () => {
    const uploadsDir = folder();
    const empty = await storeBytes({ db: handle.db, uploadsDir, bytes: new Uint8Array() });
    expect(
      (await bytesOf(await openStoredBytes({ db: handle.db, uploadsDir, sha256: empty.sha256 }))).length,
    ).toBe(0);
    const unknown = sha256(new Uint8Array(randomBytes(16)));
    const error = await refusal(openStoredBytes({ db: handle.db, uploadsDir, sha256: unknown }));
    expect(error.code).toBe("storage_unavailable");
  });

  it.runIf(testSettings().driver === "pg")(
    "copies the files an embedded install kept into the database once, skipping a damaged one",
    async () => {
      const uploadsDir = folder();
      const keep = (name: string, bytes: Uint8Array) => {
        const file = storedPath(uploadsDir, name);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, bytes);
      };
      const large = new Uint8Array(randomBytes(CHUNK_BYTES + 10));
      const small = new TextEncoder().encode("%PDF-1.4 a signed agreement\n");
      keep(sha256(large), large);
      keep(sha256(small), small);
      const damagedName = sha256(new TextEncoder().encode("what the name promised"));
      keep(damagedName, new TextEncoder().encode("something else"));

      const first = await copyDocumentFilesIntoDatabase({ db: handle.db, uploadsDir });
      expect(first).toEqual({ copied: 2, alreadyThere: 0, damaged: [storedPath(uploadsDir, damagedName)] });
      for (const bytes of [large, small]) {
        const body = await openStoredBytes({ db: handle.db, uploadsDir: folder(), sha256: sha256(bytes) });
        expect(await bytesOf(body)).toEqual(Buffer.from(bytes));
      }
      expect(await piecesOf(damagedName)).toBe(0);
      const again = await copyDocumentFilesIntoDatabase({ db: handle.db, uploadsDir });
      expect(again).toEqual({ copied: 0, alreadyThere: 2, damaged: [storedPath(uploadsDir, damagedName)] });
    },
  );

  it.runIf(testSettings().driver === "pg")(
    "sharaka migrate on PostgreSQL copies the data folder's documents in and says how many",
    { timeout: 120_000 },
    () => {
      const dataDir = folder();
      const bytes = new TextEncoder().encode("%PDF-1.4 kept by an embedded install\n");
      const file = storedPath(path.join(dataDir, "documents"), sha256(bytes));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, bytes);
      const migrate = () =>
        spawnSync(process.execPath, sharakaArgs("migrate"), {
          encoding: "utf8",
          env: {
            PATH: process.env.PATH,
            SHARAKA_DATA_DIR: dataDir,
            DATABASE_URL: handle.location,
            LOG_LEVEL: "warn",
          },
          timeout: 110_000,
        });
      const first = migrate();
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain(
        `Documents: 1 files copied from ${path.join(dataDir, "documents")} into the database`,
      );
      const second = migrate();
      expect(second.stdout).toContain("Documents: 0 files copied");
      expect(second.stdout).toContain("1 were there already");
      return expect(
        openStoredBytes({ db: handle.db, uploadsDir: folder(), sha256: sha256(bytes) }).then(bytesOf),
      ).resolves.toEqual(Buffer.from(bytes));
    },
  );
});
