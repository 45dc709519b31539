import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.js";
import { docxBytes, odtBytes, pdfBytes, scannedPdfBytes, textPdfBytes } from "../../test/document-files.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { documents, documentTextParts, documentTexts } from "../db/schema/index.js";
import { reindexSearch } from "../search/reindex.js";
import { type Actor, anonymous, systemActor } from "../shared/actor.js";
import { actorFromUser } from "../users/users.presenter.js";
import {
  documentTextsReadInBackground,
  INLINE_TEXT_BYTES,
  readMissingDocumentTexts,
  textStatusesOf,
} from "./document-text.service.js";
import type { DocumentInput } from "./documents.input.js";
import { assertCanReadDocument } from "./documents.policy.js";
import { searchDocuments } from "./documents.search.js";
import { deleteDocument, uploadDocument } from "./documents.service.js";

/*
 * Documents found by their text: read at upload (PDF page by page, DOCX, ODT), searched with
 * the words of src/search/, and never shown to whoever could not download them.
 */

let handle: DatabaseHandle;
const uploadsDir = mkdtempSync(path.join(tmpdir(), "sharaka-document-text-"));
const maxBytes = 8 * 1024 * 1024;
const actors: Record<string, Actor> = {};
/** every document uploaded here, by name */
const uploaded: Record<string, { id: string; sha256: string }> = {};

const upload = async (
  name: string,
  input: Partial<DocumentInput> & Pick<DocumentInput, "ownerId">,
  file: { name: string; bytes: Uint8Array },
) => {
  const row = await uploadDocument({
    db: handle.db,
    actor: systemActor,
    uploadsDir,
    maxBytes,
    input: { ownerType: "agreement", kind: "report", visibility: "internal", ...input },
    file,
  });
  uploaded[name] = row;
  return row;
};

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  const partner = await buildOrganization(db);
  const other = await buildOrganization(db);
  actors.staff = actorFromUser(await buildUser(db, { role: "secretariat" }));
  actors.viewer = actorFromUser(await buildUser(db, { role: "viewer" }));
  actors.focal = actorFromUser(await buildUser(db, { role: "focal_point", organizationId: partner.id }));
  actors.council = actorFromUser(await buildUser(db, { role: "council", territoryCode: "04.421" }));
  actors.anonymous = anonymous;
  const party = await buildAgreement(db, {
    visibility: "internal",
    national: false,
    territoryCodes: ["01.571"],
    parties: [{ organizationId: partner.id, role: "signatory" }],
  });
  const publicFar = await buildAgreement(db, { national: false, territoryCodes: ["01.571"] });
  const internalNear = await buildAgreement(db, {
    visibility: "internal",
    national: false,
    territoryCodes: ["04.421"],
  });
  const pdf = (pages: string[]) => ({ name: "rapport.pdf", bytes: textPdfBytes(pages) });
  await upload("partyReport", { ownerId: party.id }, pdf(["Sommaire", "Hydrologie des bassins du Sebou"]));
  await upload(
    "publicMinutes",
    {
      ownerId: publicFar.id,
      visibility: "public",
      kind: "minutes",
      title: { fr: "Compte rendu d'hydrologie" },
    },
    { name: "pv.docx", bytes: docxBytes(["Réunion sur l'hydrologie", "اجتماع حول جامعة الأخوين"]) },
  );
  await upload(
    "internalFar",
    { ownerId: publicFar.id },
    { name: "notes.odt", bytes: odtBytes(["Notes internes d'hydrologie", "formations des élus"]) },
  );
  await upload("nearReport", { ownerId: internalNear.id }, pdf(["Hydrologie de la province"]));
  await upload(
    "partnerFile",
    { ownerType: "organization", ownerId: partner.id },
    pdf(["Statuts : hydrologie"]),
  );
  await upload(
    "otherPublicFile",
    { ownerType: "organization", ownerId: other.id, visibility: "public" },
    pdf(["Plaquette hydrologie"]),
  );
  const gone = await upload("deleted", { ownerId: party.id }, pdf(["Hydrologie retirée du dossier"]));
  await deleteDocument({ db, actor: systemActor, id: gone.id });
  await upload("scan", { ownerId: party.id }, { name: "scan.pdf", bytes: scannedPdfBytes() });
});
afterAll(async () => {
  await handle?.close();
});

const found = async (actor: Actor, q: string) =>
  (await searchDocuments({ db: handle.db, actor, q, limit: 50 })).map(
    (document) => Object.entries(uploaded).find(([, row]) => row.id === document.id)?.[0],
  );

describe("documents found by their text", () => {
  it("finds, for each role, exactly the documents it may download: no more, no fewer", async () => {
    const rows = await handle.db.select().from(documents);
    for (const [role, actor] of Object.entries(actors)) {
      const readable: string[] = [];
      for (const row of rows) {
        const allowed = await assertCanReadDocument({ db: handle.db, actor, row }).then(
          () => true,
          () => false,
        );
        const name = Object.entries(uploaded).find(([, u]) => u.id === row.id)?.[0];
        if (allowed && name && name !== "scan") readable.push(name);
      }
      expect((await found(actor, "hydrologie")).sort(), role).toEqual(readable.sort());
    }
    // The expectation is not empty-handed: the roles see different, non-empty sets.
    expect((await found(actors.staff as Actor, "hydrologie")).sort()).toEqual(
      ["internalFar", "nearReport", "otherPublicFile", "partnerFile", "partyReport", "publicMinutes"].sort(),
    );
    expect((await found(actors.focal as Actor, "hydrologie")).sort()).toEqual(
      ["otherPublicFile", "partnerFile", "partyReport", "publicMinutes"].sort(),
    );
    expect((await found(actors.council as Actor, "hydrologie")).sort()).toEqual(
      ["nearReport", "otherPublicFile", "publicMinutes"].sort(),
    );
    expect(await found(anonymous, "hydrologie")).toEqual(["publicMinutes"]);
  });

  it("names the PDF page that matched and shows the words there, marked", async () => {
    const [hit] = await searchDocuments({ db: handle.db, actor: actors.staff as Actor, q: "sebou" });
    expect(hit?.id).toBe(uploaded.partyReport?.id);
    expect(hit?.hit?.page).toBe(2);
    expect(hit?.hit?.excerpt?.filter((part) => part.match).map((part) => part.text)).toEqual(["Sebou"]);
  });

  it("matches as the rest of search does: Arabic article, stems, accents; a text document has no page", async () => {
    expect(await found(actors.staff as Actor, "الجامعة")).toEqual(["publicMinutes"]);
    expect(await found(actors.staff as Actor, "formation elu")).toEqual(["internalFar"]);
    const [odt] = await searchDocuments({ db: handle.db, actor: actors.staff as Actor, q: "formations" });
    expect(odt?.hit?.page).toBeNull();
  });

  it("lists title matches before text matches", async () => {
    expect((await found(actors.staff as Actor, "hydrologie"))[0]).toBe("publicMinutes");
  });

  it("marks a scan without a text layer as having no text, and finds it by its name only", async () => {
    const statuses = await textStatusesOf(handle.db, [uploaded.scan?.sha256 as string]);
    expect(statuses.get(uploaded.scan?.sha256 as string)).toBe("no_text");
    expect(await found(actors.staff as Actor, "scan")).toEqual(["scan"]);
  });

  it("reads a large file after its upload, in the background, and finds it once read", async () => {
    const agreement = await buildAgreement(handle.db);
    const bytes = pdfBytes("Bathymetrie lointaine", INLINE_TEXT_BYTES + 1024);
    const row = await upload("large", { ownerId: agreement.id }, { name: "gros.pdf", bytes });
    await documentTextsReadInBackground();
    expect((await textStatusesOf(handle.db, [row.sha256])).get(row.sha256)).toBe("extracted");
    expect(await found(actors.staff as Actor, "bathymetrie")).toEqual(["large"]);
  });

  it("answers any input without an error: nothing for what is not a word", async () => {
    for (const q of ["", "a", "&|!():*\\'", "ـــ", "\u200f", "x".repeat(500)]) {
      expect(await searchDocuments({ db: handle.db, actor: actors.staff as Actor, q }), q).toEqual([]);
    }
  });
});

describe("reading again what was never read", () => {
  it("reads the text of documents uploaded before texts were read, and again on demand", async () => {
    const db = handle.db;
    await db.delete(documentTexts).where(sql`true`);
    expect(await found(actors.staff as Actor, "sebou")).toEqual([]);
    const progress: [number, number][] = [];
    const read = await readMissingDocumentTexts({
      db,
      uploadsDir,
      onProgress: (done, total) => progress.push([done, total]),
    });
    // The deleted document's content is not read: nobody may find it.
    const contents = new Set(
      Object.entries(uploaded)
        .filter(([name]) => name !== "deleted")
        .map(([, row]) => row.sha256),
    );
    expect(read).toBe(contents.size);
    expect(progress[0]).toEqual([0, contents.size]);
    expect(progress.at(-1)).toEqual([contents.size, contents.size]);
    expect(await found(actors.staff as Actor, "sebou")).toEqual(["partyReport"]);
    expect(await readMissingDocumentTexts({ db, uploadsDir })).toBe(0);
    expect(await readMissingDocumentTexts({ db, uploadsDir, again: true })).toBe(contents.size);
    const [parts] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(documentTextParts)
      .where(eq(documentTextParts.sha256, uploaded.partyReport?.sha256 as string));
    expect(parts?.n).toBe(2);
  });

  it("rebuilds documents' title words with the search index", async () => {
    await handle.db.update(documents).set({ searchText: "" });
    await handle.db.delete(documentTexts).where(sql`true`);
    expect(await found(actors.staff as Actor, "compte rendu")).toEqual([]);
    await reindexSearch({ db: handle.db });
    expect(await found(actors.staff as Actor, "compte rendu")).toEqual(["publicMinutes"]);
  });
});
