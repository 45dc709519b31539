import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { eq } from "drizzle-orm";
import tar from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { pdfBytes } from "../../test/document-files.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import {
  buildActivity,
  buildCommitteeMember,
  buildDecision,
  buildFollowUpAction,
  buildIndicator,
  buildIndicatorValue,
  buildMeeting,
} from "../../test/followup-factories.js";
import { signIn } from "../../test/session.js";
import { testSettings } from "../../test/settings.js";
import type { Database, DatabaseHandle } from "../db/client.js";
import {
  accounts,
  alertPreferences,
  alertRules,
  alerts,
  alertUserStates,
  apiTokens,
  documents,
  organizations,
  sessions,
  users,
} from "../db/schema/index.js";
import { uploadDocument } from "../documents/documents.service.js";
import { openStoredBytes } from "../documents/documents.storage.js";
import { exportRegistry, type RegistryDocument } from "../imports/registry-json.js";
import { cliActor, systemActor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import { BACKUP_FORMAT, MANIFEST } from "./backup.input.js";
import { writeBackup } from "./backup.queries.js";
import { openBackupArchive, restoreBackup } from "./backup.service.js";

const handles: DatabaseHandle[] = [];
const open = async (options: { referenceData?: boolean } = {}) => {
  const handle = await createTestDatabase(options);
  handles.push(handle);
  return handle;
};
const folder = () => mkdtempSync(path.join(tmpdir(), "sharaka-backup-"));

let source: DatabaseHandle;
let sourceUploads: string;
let archive: Buffer;
let userEmail: string;
const contents = [pdfBytes("Compte rendu", 300_000), pdfBytes("Liste de présence", 2_000_000)];

async function backupOf(db: Database, uploadsDir: string): Promise<Buffer> {
  const out = new PassThrough();
  const pieces: Buffer[] = [];
  out.on("data", (piece: Buffer) => pieces.push(piece));
  const scratchDir = folder();
  await writeBackup({ db, uploadsDir, output: out, scratchDir });
  // The registry part's scratch file is gone once the archive holds it.
  expect(readdirSync(scratchDir)).toEqual([]);
  return Buffer.concat(pieces);
}

async function restoreInto(target: DatabaseHandle, uploadsDir: string, bytes: Buffer) {
  return restoreBackup({
    db: target.db,
    uploadsDir,
    archive: await openBackupArchive(Readable.from([bytes])),
    actor: cliActor("restore"),
    maxPartBytes: 64 * 1024 * 1024,
  });
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const pieces: Uint8Array[] = [];
  for await (const piece of stream as unknown as AsyncIterable<Uint8Array>) pieces.push(piece);
  return Buffer.concat(pieces);
}

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  const error = await run().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const comparable = (d: RegistryDocument) => ({ ...d, exportedAt: "" });
const isEmpty = async (db: Database) =>
  (await db.$count(organizations)) + (await db.$count(users)) + (await db.$count(documents)) === 0;

/** A tar made by hand: the entries given, in order. */
async function tarOf(entries: { name: string; bytes: Buffer }[]): Promise<Buffer> {
  const pack = tar.pack();
  const pieces: Buffer[] = [];
  pack.on("data", (piece) => pieces.push(piece as Buffer));
  const ended = new Promise<void>((resolve) => pack.on("end", () => resolve()));
  for (const entry of entries) pack.entry({ name: entry.name, size: entry.bytes.byteLength }, entry.bytes);
  pack.finalize();
  await ended;
  return Buffer.concat(pieces);
}

/** The entries of an archive, read whole (small test archives only). */
async function entriesOf(bytes: Buffer): Promise<{ name: string; bytes: Buffer }[]> {
  const extract = tar.extract();
  const list: { name: string; bytes: Buffer }[] = [];
  Readable.from([bytes]).pipe(extract as unknown as NodeJS.WritableStream);
  for await (const entry of extract as unknown as AsyncIterable<
    AsyncIterable<Buffer> & { header: { name: string } }
  >) {
    const pieces: Buffer[] = [];
    for await (const piece of entry) pieces.push(piece);
    list.push({ name: entry.header.name, bytes: Buffer.concat(pieces) });
  }
  return list;
}

beforeAll(async () => {
  source = await open();
  sourceUploads = folder();
  const { db } = source;
  const partner = await buildOrganization(db);
  const agreement = await buildAgreement(db, {
    objectives: [{ fr: "Former" }],
    parties: [{ organizationId: partner.id, role: "implementing" }],
  });
  const saved = [];
  for (const bytes of contents) {
    saved.push(
      await uploadDocument({
        db,
        actor: systemActor,
        uploadsDir: sourceUploads,
        maxBytes: 10 * 1024 * 1024,
        input: { ownerType: "agreement", ownerId: agreement.id, kind: "minutes", visibility: "internal" },
        file: { name: "document.pdf", bytes },
      }),
    );
  }
  const user = await buildUser(db, { role: "focal_point", organizationId: partner.id });
  userEmail = user.email;
  await buildActivity(db, agreement.id);
  const indicator = await buildIndicator(db, agreement.id);
  await buildIndicatorValue(db, indicator.id, { evidenceDocumentId: saved[1]?.id });
  await buildCommitteeMember(db, agreement.id);
  const meeting = await buildMeeting(db, agreement.id, { minutesDocumentId: saved[0]?.id });
  const decision = await buildDecision(db, meeting);
  await buildFollowUpAction(db, agreement.id, { decisionId: decision.id, ownerUserId: user.id });
  // The alerts' state: lead times, a person's preference, an alert they acknowledged.
  await db.insert(alertRules).values({ kind: "agreement_expiry", leadDays: [60, 14], updatedBy: "admin" });
  await db.insert(alertPreferences).values({ userId: user.id, kind: "meeting_upcoming", delivery: "email" });
  const [alert] = await db
    .insert(alerts)
    .values({
      kind: "meeting_upcoming",
      subjectId: meeting.id,
      occurrence: "2026-05-12",
      agreementId: agreement.id,
      dueOn: "2026-05-12",
      stage: 7,
      subjectTitle: { fr: "Comité" },
      recordPath: `meetings/${meeting.id}`,
    })
    .returning();
  await db
    .insert(alertUserStates)
    .values({ alertId: alert?.id ?? "", userId: user.id, acknowledgedStage: 7, acknowledgedAt: new Date() });
  // What a backup leaves out on purpose: a session and an API token.
  await db
    .insert(sessions)
    .values({ id: "s1", token: "secret-session", userId: user.id, expiresAt: new Date() });
  await db
    .insert(apiTokens)
    .values({ id: "t1", userId: user.id, name: "script", prefix: "shk_ab", secretHash: "hash" });
  archive = await backupOf(db, sourceUploads);
}, 120_000);

afterAll(async () => {
  for (const handle of handles) await handle.close();
});

describe("backup and restore", () => {
  it("gives back the same registry, accounts, documents and alerts in an empty database", async () => {
    const entries = await entriesOf(archive);
    expect(entries[0]?.name).toBe(MANIFEST);
    const manifest = JSON.parse(entries[0]?.bytes.toString("utf8") ?? "{}");
    expect(manifest).toMatchObject({ format: BACKUP_FORMAT, formatVersion: 1, registryFormatVersion: 2 });
    expect(manifest.files).toEqual({ count: 2, bytes: contents.reduce((sum, c) => sum + c.byteLength, 0) });
    expect(manifest.leftOut.map((l: { what: string }) => l.what)).toEqual(
      expect.arrayContaining(["sessions", "api_tokens"]),
    );
    expect(entries.map((e) => e.name).slice(1, 5)).toEqual([
      "registry.json",
      "accounts.json",
      "documents.json",
      "alerts.json",
    ]);
    expect(entries[1]?.bytes.toString("utf8")).not.toContain("secret-session");

    const target = await open({ referenceData: false });
    const targetUploads = folder();
    const summary = await restoreInto(target, targetUploads, archive);
    expect(summary.files).toBe(2);

    // The registry, its follow-up included: an export of both is the same.
    expect(comparable(await exportRegistry({ db: target.db }))).toEqual(
      comparable(await exportRegistry({ db: source.db })),
    );
    // Accounts with their password hashes: the person signs in with the old password.
    const hashes = async (db: Database) =>
      (await db.select({ id: accounts.id, password: accounts.password }).from(accounts)).sort((a, b) =>
        a.id.localeCompare(b.id),
      );
    expect(await hashes(target.db)).toEqual(await hashes(source.db));
    expect(await target.db.$count(sessions)).toBe(0);
    expect(await target.db.$count(apiTokens)).toBe(0);
    expect(await signIn(createTestApp(target.db), userEmail)).toContain("=");
    // Documents: the same bytes, under the same records.
    const docs = await target.db.select().from(documents);
    expect(docs).toHaveLength(2);
    for (const doc of docs) {
      const bytes = await readAll(
        await openStoredBytes({ db: target.db, uploadsDir: targetUploads, sha256: doc.sha256 }),
      );
      expect(contents.some((c) => Buffer.compare(Buffer.from(c), bytes) === 0)).toBe(true);
    }
    // The alerts' state, and what was left out.
    expect(await target.db.select().from(alertRules)).toEqual(await source.db.select().from(alertRules));
    expect(await target.db.select().from(alertUserStates)).toEqual(
      await source.db.select().from(alertUserStates),
    );
    expect(await target.db.$count(alertPreferences)).toBe(1);
    // A backup of the restored database counts the same.
    const again = JSON.parse(
      (await entriesOf(await backupOf(target.db, targetUploads)))[0]?.bytes.toString("utf8") ?? "{}",
    );
    expect(again.counts).toEqual(manifest.counts);
  });

  // PGlite has one connection: nobody else can write while the backup reads.
  it.runIf(testSettings().driver === "pg")(
    "reads one snapshot: what others write while it runs is not in it, records or documents",
    async () => {
      const out = new PassThrough({ highWaterMark: 1024 });
      const running = writeBackup({ db: source.db, uploadsDir: sourceUploads, output: out });
      // The reader waits: the backup stops once its first bytes fill the stream, its snapshot taken.
      while (out.readableLength === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      const later = await buildOrganization(source.db);
      const [agreement] = await source.db.select({ id: documents.ownerId }).from(documents).limit(1);
      const laterDocument = await uploadDocument({
        db: source.db,
        actor: systemActor,
        uploadsDir: sourceUploads,
        maxBytes: 10 * 1024 * 1024,
        input: {
          ownerType: "agreement",
          ownerId: agreement?.id ?? "",
          kind: "report",
          visibility: "internal",
        },
        file: { name: "later.pdf", bytes: pdfBytes("Plus tard") },
      });
      const pieces: Buffer[] = [];
      out.on("data", (piece: Buffer) => pieces.push(piece));
      await running;
      const entries = await entriesOf(Buffer.concat(pieces));
      const text = (name: string) => entries.find((e) => e.name === name)?.bytes.toString("utf8") ?? "";
      expect(text("registry.json")).not.toContain(later.id);
      expect(text("documents.json")).not.toContain(laterDocument.id);
      expect(entries.filter((e) => e.name.startsWith("files/"))).toHaveLength(2);
      expect(await source.db.$count(documents)).toBe(3);
    },
    60_000,
  );

  it("refuses a database that is not empty, saving nothing", async () => {
    const used = await open();
    const before = await used.db.$count(organizations);
    const error = await refusal(() => restoreInto(used, folder(), archive));
    expect(error.code).toBe("conflict");
    expect(error.message).toContain("The database is not empty");
    expect(await used.db.$count(organizations)).toBe(before);
    expect(await used.db.$count(users)).toBe(0);
  });

  it("refuses a truncated archive, a damaged file, a missing part and a newer version: exit 2, nothing saved", async () => {
    const target = await open({ referenceData: false });
    const uploads = folder();
    // Cut in the middle of the last document's bytes.
    const truncated = await refusal(() =>
      restoreInto(target, uploads, archive.subarray(0, archive.byteLength - 700_000)),
    );
    expect(truncated.message).toMatch(/The backup is truncated/);
    expect(truncated.exitCode).toBe(2);
    expect(await isEmpty(target.db)).toBe(true);
    // The first document's bytes were stored before the cut: they are removed again.
    expect(readdirSync(uploads, { recursive: true }).filter((f) => String(f).length > 60)).toEqual([]);

    // One byte changed inside a document's content.
    const entries = await entriesOf(archive);
    const file = entries.find((e) => e.name.startsWith("files/"));
    const at = file ? archive.indexOf(file.bytes.subarray(0, 64)) : -1;
    expect(at).toBeGreaterThan(0);
    const flipped = Buffer.from(archive);
    flipped[at + 100] = (flipped[at + 100] ?? 0) ^ 0xff;
    const damaged = await refusal(() => restoreInto(target, uploads, flipped));
    expect(damaged.message).toMatch(/is damaged: its bytes are not its SHA-256/);
    expect(await isEmpty(target.db)).toBe(true);

    // The archive without its last file.
    const incomplete = await tarOf(entries.slice(0, -1));
    const missing = await refusal(() => restoreInto(target, uploads, incomplete));
    expect(missing.message).toMatch(/1 document files are missing/);
    expect(await isEmpty(target.db)).toBe(true);

    // A newer format, refused by name before any database is touched.
    const manifest = JSON.parse(entries[0]?.bytes.toString("utf8") ?? "{}");
    const newer = await tarOf([
      { name: MANIFEST, bytes: Buffer.from(JSON.stringify({ ...manifest, formatVersion: 2 })) },
      ...entries.slice(1),
    ]);
    const newerError = await refusal(() => openBackupArchive(Readable.from([newer])));
    expect(newerError.message).toContain("This backup is format version 2, newer than this Sharaka reads");
    expect(newerError.exitCode).toBe(2);
    // The registry's part damaged: named as damaged, not by the JSON error the damage makes.
    const withRegistry = (bytes: Buffer) =>
      entries.map((entry) => (entry.name === "registry.json" ? { ...entry, bytes } : entry));
    const registryBytes = entries.find((entry) => entry.name === "registry.json")?.bytes ?? Buffer.alloc(0);
    const broken = Buffer.from(registryBytes);
    broken.write("oops", 40);
    const brokenArchive = await tarOf(withRegistry(broken));
    const brokenError = await refusal(() => restoreInto(target, uploads, brokenArchive));
    expect(brokenError.message).toContain("The backup's part registry.json is damaged");
    // A whole registry part that is another document.
    const other = Buffer.from('{"format":"other","rows":[1,2,3]}');
    const otherParts = manifest.parts.map((part: { name: string }) =>
      part.name === "registry.json"
        ? { ...part, bytes: other.byteLength, sha256: createHash("sha256").update(other).digest("hex") }
        : part,
    );
    const otherArchive = await tarOf([
      { name: MANIFEST, bytes: Buffer.from(JSON.stringify({ ...manifest, parts: otherParts })) },
      ...withRegistry(other).slice(1),
    ]);
    const otherError = await refusal(() => restoreInto(target, uploads, otherArchive));
    expect(otherError.message).toContain("The backup's registry.json is not a registry document");
    expect(otherError.exitCode).toBe(2);
    expect(await isEmpty(target.db)).toBe(true);
    // Not a backup at all.
    const notTar = await refusal(() =>
      openBackupArchive(Readable.from([Buffer.from('{"format":"sharaka-registry"}')])),
    );
    expect(notTar.exitCode).toBe(2);
    expect(await isEmpty(target.db)).toBe(true);
    expect(await target.db.select().from(users).where(eq(users.email, userEmail))).toEqual([]);
  });
});
