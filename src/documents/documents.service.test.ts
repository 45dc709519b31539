import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import {
  bytesOf,
  filesUnder,
  htmlBytes,
  pdfBytes,
  pngBytes,
  storedContents,
  svgBytes,
} from "../../test/document-files.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { refusal } from "../../test/refusals.js";
import { type DatabaseHandle, isServerDatabase } from "../db/client.js";
import { auditEvents, documents } from "../db/schema/index.js";
import { type Actor, anonymous } from "../shared/actor.js";
import { actorFromUser } from "../users/users.presenter.js";
import type { DocumentInput } from "./documents.input.js";
import {
  deleteDocument,
  getDocument,
  getDocumentFile,
  listDocuments,
  setDocumentVisibility,
  uploadDocument,
} from "./documents.service.js";
import { openStoredBytes, storedDatabaseBytes } from "./documents.storage.js";

let handle: DatabaseHandle;
const uploadsDir = mkdtempSync(path.join(tmpdir(), "sharaka-documents-"));
const maxBytes = 1024 * 1024;
let staff: Actor;
let focal: Actor;
let council: Actor;
let viewer: Actor;
let partyAgreementId: string;
let otherPublicAgreementId: string;
let otherInternalAgreementId: string;
let farAgreementId: string;
let focalOrganizationId: string;
let otherOrganizationId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  const organization = await buildOrganization(db);
  focalOrganizationId = organization.id;
  otherOrganizationId = (await buildOrganization(db)).id;
  staff = actorFromUser(await buildUser(db, { role: "secretariat" }));
  focal = actorFromUser(await buildUser(db, { role: "focal_point", organizationId: organization.id }));
  council = actorFromUser(await buildUser(db, { role: "council", territoryCode: "01.571" }));
  viewer = actorFromUser(await buildUser(db, { role: "viewer" }));
  partyAgreementId = (
    await buildAgreement(db, {
      visibility: "internal",
      parties: [{ organizationId: organization.id, role: "signatory" }],
    })
  ).id;
  otherPublicAgreementId = (await buildAgreement(db)).id;
  otherInternalAgreementId = (await buildAgreement(db, { visibility: "internal" })).id;
  farAgreementId = (await buildAgreement(db, { national: false, territoryCodes: ["04.421"] })).id;
});
afterAll(async () => {
  await handle?.close();
});

const upload = (
  actor: Actor,
  input: Partial<DocumentInput>,
  /** null: no file at all */
  file: { name: string; bytes: Uint8Array } | null = { name: "convention.pdf", bytes: pdfBytes() },
) =>
  uploadDocument({
    db: handle.db,
    actor,
    uploadsDir,
    maxBytes,
    input: { ownerType: "agreement", ownerId: otherPublicAgreementId, kind: "signed_agreement", ...input },
    file: file ?? undefined,
    lang: "fr",
  });

const rowCount = async () => (await handle.db.select({ id: documents.id }).from(documents)).length;

describe("uploadDocument", () => {
  it("stores the bytes under their SHA-256 and describes them, with an audit event", async () => {
    const bytes = pdfBytes("stored once");
    const row = await upload(staff, { visibility: "public" }, { name: "  Convention_signée.pdf ", bytes });
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    expect(row).toMatchObject({
      fileName: "Convention_signée.pdf",
      mediaType: "application/pdf",
      sizeBytes: bytes.byteLength,
      sha256,
      visibility: "public",
      uploadedBy: staff.id,
      version: 1,
      title: { fr: "Convention signée" },
    });
    expect(await bytesOf(await openStoredBytes({ db: handle.db, uploadsDir, sha256 }))).toEqual(
      Buffer.from(bytes),
    );
    // Where the driver keeps it: the database on a PostgreSQL server (every process reaches it), else the folder.
    if (isServerDatabase(handle.db)) {
      expect(await storedDatabaseBytes(handle.db, sha256)).toBe(bytes.byteLength);
      expect(filesUnder(uploadsDir)).toEqual([]);
    } else {
      expect(readFileSync(path.join(uploadsDir, sha256.slice(0, 2), sha256))).toEqual(Buffer.from(bytes));
    }
    const [event] = await handle.db.select().from(auditEvents).where(eq(auditEvents.entityId, row.id));
    expect(event?.action).toBe("document.upload");
    expect(event?.changes).toMatchObject({ after: { sha256, fileName: "Convention_signée.pdf" } });
    expect(JSON.stringify(event?.changes)).not.toContain("stored once");

    // The same content again: a second row, the same single file.
    const again = await upload(staff, {}, { name: "copie.pdf", bytes });
    expect(again.sha256).toBe(sha256);
    expect((await storedContents(handle.db, uploadsDir)).filter((each) => each === sha256)).toHaveLength(1);
  });

  it("judges the type by the content, and names the file after it", async () => {
    const row = await upload(
      staff,
      { kind: "annex", title: { en: "Map" } },
      { name: "map.pdf", bytes: pngBytes() },
    );
    expect(row.mediaType).toBe("image/png");
    expect(row.fileName).toBe("map.pdf.png");
    expect(row.title).toEqual({ en: "Map" });
  });

  const refusals: [string, { name: string; bytes: Uint8Array } | null, string][] = [
    ["no file", null, "fileRequired"],
    ["an empty file", { name: "empty.pdf", bytes: new Uint8Array() }, "fileEmpty"],
    ["a file over the limit", { name: "big.pdf", bytes: pdfBytes("big", maxBytes + 1) }, "fileTooLarge"],
    ["HTML named .pdf", { name: "x.pdf", bytes: htmlBytes() }, "fileTypeNotAllowed"],
    ["SVG named .pdf", { name: "x.pdf", bytes: svgBytes() }, "fileTypeNotAllowed"],
    ["a name going up folders", { name: "../../x.pdf", bytes: pdfBytes() }, "fileNameInvalid"],
    ["a name with a folder", { name: "a/x.pdf", bytes: pdfBytes() }, "fileNameInvalid"],
    ["a Windows path", { name: "C:\\temp\\x.pdf", bytes: pdfBytes() }, "fileNameInvalid"],
    ["a direction override", { name: "fdp\u202Eexe.pdf", bytes: pdfBytes() }, "fileNameInvalid"],
    ["a control character", { name: "x\u0007.pdf", bytes: pdfBytes() }, "fileNameInvalid"],
    ["a name too long", { name: `${"n".repeat(197)}.pdf`, bytes: pdfBytes() }, "fileNameTooLong"],
  ];
  for (const [what, file, reason] of refusals) {
    it(`refuses ${what}, storing nothing`, async () => {
      const files = await storedContents(handle.db, uploadsDir);
      const rows = await rowCount();
      const error = await refusal(upload(staff, {}, file));
      expect(error.code).toBe("validation");
      expect(error.issues).toEqual([expect.objectContaining({ field: "file", reason })]);
      expect(await rowCount()).toBe(rows);
      expect(await storedContents(handle.db, uploadsDir)).toEqual(files);
    });
  }

  it("says the limit in MB", async () => {
    const error = await refusal(upload(staff, {}, { name: "big.pdf", bytes: pdfBytes("big", maxBytes + 1) }));
    expect(error.message).toContain("1 MB");
    expect(error.issues[0]?.values).toEqual({ maxMb: 1 });
  });

  it("refuses an unknown kind or owner type with the field named", async () => {
    const error = await refusal(upload(staff, { kind: "poster" as never }));
    expect(error.issues.map((issue) => issue.field)).toEqual(["kind"]);
    const owner = await refusal(upload(staff, { ownerType: "user" as never }));
    expect(owner.issues.map((issue) => issue.field)).toEqual(["ownerType"]);
  });

  it("lets a focal point add internal documents where its organisation is party, and to its organisation", async () => {
    const row = await upload(focal, { ownerId: partyAgreementId, visibility: "internal" });
    expect(row.uploadedBy).toBe(focal.id);
    const own = await upload(focal, { ownerType: "organization", ownerId: focalOrganizationId });
    expect(own.visibility).toBe("internal");
    expect((await refusal(upload(focal, { ownerId: partyAgreementId, visibility: "public" }))).code).toBe(
      "forbidden",
    );
    expect((await refusal(upload(focal, { ownerId: otherPublicAgreementId }))).code).toBe("forbidden");
    expect((await refusal(upload(focal, { ownerId: otherInternalAgreementId }))).code).toBe("not_found");
    expect(
      (await refusal(upload(focal, { ownerType: "organization", ownerId: otherOrganizationId }))).code,
    ).toBe("forbidden");
  });

  it("refuses councils, viewers, read-only tokens and the anonymous public", async () => {
    expect((await refusal(upload(council, {}))).code).toBe("forbidden");
    expect((await refusal(upload(viewer, {}))).code).toBe("forbidden");
    expect((await refusal(upload({ ...staff, via: "token", tokenScope: "read" }, {}))).code).toBe(
      "forbidden",
    );
    expect((await refusal(upload(anonymous, {}))).code).toBe("unauthenticated");
    expect((await upload({ ...staff, via: "token", tokenScope: "write" }, {})).uploadedBy).toBe(staff.id);
  });
});

describe("reading documents", () => {
  let publicDoc: string;
  let internalDoc: string;
  let internalAgreementPublicDoc: string;
  let farInternalDoc: string;
  let organizationDoc: string;

  beforeAll(async () => {
    publicDoc = (await upload(staff, { visibility: "public" }, { name: "p.pdf", bytes: pdfBytes("public") }))
      .id;
    internalDoc = (
      await upload(staff, { visibility: "internal" }, { name: "i.pdf", bytes: pdfBytes("internal") })
    ).id;
    internalAgreementPublicDoc = (
      await upload(staff, { ownerId: otherInternalAgreementId, visibility: "public" })
    ).id;
    farInternalDoc = (await upload(staff, { ownerId: farAgreementId })).id;
    organizationDoc = (
      await upload(staff, { ownerType: "organization", ownerId: focalOrganizationId, visibility: "public" })
    ).id;
  });

  const ids = async (actor: Actor, ownerId: string, ownerType: "agreement" | "organization" = "agreement") =>
    (await listDocuments({ db: handle.db, actor, ownerType, ownerId })).map((row) => row.id);

  it("shows the anonymous public only the public documents of public agreements", async () => {
    const seen = await ids(anonymous, otherPublicAgreementId);
    expect(seen).toContain(publicDoc);
    expect(seen).not.toContain(internalDoc);
    const file = await getDocumentFile({ db: handle.db, actor: anonymous, uploadsDir, id: publicDoc });
    expect((await bytesOf(file.body)).toString("utf8")).toContain("(public)");
    for (const id of [internalDoc, internalAgreementPublicDoc, organizationDoc]) {
      expect((await refusal(getDocument({ db: handle.db, actor: anonymous, id }))).code).toBe("not_found");
    }
    expect((await refusal(ids(anonymous, otherInternalAgreementId))).code).toBe("not_found");
    expect((await refusal(ids(anonymous, focalOrganizationId, "organization"))).code).toBe("not_found");
  });

  it("shows internal documents to those whose scope reaches the owner", async () => {
    expect(await ids(viewer, otherPublicAgreementId)).toContain(internalDoc);
    // The public agreement reaches the council (national); the far one does not.
    expect(await ids(council, otherPublicAgreementId)).toContain(internalDoc);
    expect(await ids(council, farAgreementId)).not.toContain(farInternalDoc);
    expect((await refusal(getDocument({ db: handle.db, actor: council, id: farInternalDoc }))).code).toBe(
      "not_found",
    );
    // A focal point: the public document of a public agreement, not its internal ones.
    const focalSees = await ids(focal, otherPublicAgreementId);
    expect(focalSees).toContain(publicDoc);
    expect(focalSees).not.toContain(internalDoc);
    expect(await ids(focal, focalOrganizationId, "organization")).toContain(organizationDoc);
  });

  it("deletes softly: hidden everywhere, bytes kept, audited; a focal point only its own uploads", async () => {
    const focalDoc = await upload(
      focal,
      { ownerId: partyAgreementId },
      { name: "f.pdf", bytes: pdfBytes("mine") },
    );
    const staffDoc = await upload(
      staff,
      { ownerId: partyAgreementId },
      { name: "s.pdf", bytes: pdfBytes("staff") },
    );
    const listed = await listDocuments({
      db: handle.db,
      actor: focal,
      ownerType: "agreement",
      ownerId: partyAgreementId,
    });
    expect(listed.find((row) => row.id === focalDoc.id)?.canDelete).toBe(true);
    expect(listed.find((row) => row.id === staffDoc.id)?.canDelete).toBe(false);
    expect((await refusal(deleteDocument({ db: handle.db, actor: focal, id: staffDoc.id }))).code).toBe(
      "forbidden",
    );
    expect((await refusal(deleteDocument({ db: handle.db, actor: viewer, id: staffDoc.id }))).code).toBe(
      "forbidden",
    );

    const deleted = await deleteDocument({ db: handle.db, actor: focal, id: focalDoc.id });
    expect(deleted.deletedAt).toBeInstanceOf(Date);
    expect(await ids(staff, partyAgreementId)).not.toContain(focalDoc.id);
    expect((await refusal(getDocument({ db: handle.db, actor: staff, id: focalDoc.id }))).code).toBe(
      "not_found",
    );
    expect(await storedContents(handle.db, uploadsDir)).toContain(focalDoc.sha256);
    const events = await handle.db.select().from(auditEvents).where(eq(auditEvents.entityId, focalDoc.id));
    expect(events.map((event) => event.action).sort()).toEqual(["document.delete", "document.upload"]);
    const deletion = events.find((event) => event.action === "document.delete");
    expect(deletion?.changes).toMatchObject({ before: { deletedAt: null }, after: { version: 2 } });
  });

  it("changes visibility at the saved version only, staff only", async () => {
    const row = await upload(staff, {}, { name: "v.pdf", bytes: pdfBytes("visibility") });
    const changed = await setDocumentVisibility({
      db: handle.db,
      actor: staff,
      id: row.id,
      visibility: "public",
      version: 1,
    });
    expect(changed).toMatchObject({ visibility: "public", version: 2 });
    const stale = await refusal(
      setDocumentVisibility({ db: handle.db, actor: staff, id: row.id, visibility: "internal", version: 1 }),
    );
    expect(stale.code).toBe("conflict");
    expect(stale.issues[0]).toMatchObject({ field: "version", reason: "staleVersion" });
    expect(
      (
        await refusal(
          setDocumentVisibility({
            db: handle.db,
            actor: focal,
            id: row.id,
            visibility: "internal",
            version: 2,
          }),
        )
      ).code,
    ).toBe("forbidden");
    const [event] = await handle.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "document.visibility"));
    expect(event?.changes).toMatchObject({
      before: { visibility: "internal" },
      after: { visibility: "public" },
    });
  });

  it("answers not found for an id that is not a UUID", async () => {
    expect((await refusal(getDocument({ db: handle.db, actor: staff, id: "../etc/passwd" }))).code).toBe(
      "not_found",
    );
  });
});
