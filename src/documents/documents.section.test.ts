import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { pdfBytes } from "../../test/document-files.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { all, attr, byRole, type Html, htmlOf, textOf } from "../../test/html.js";
import { signIn } from "../../test/session.js";
import { statementsOf } from "../../test/statements.js";
import type { DatabaseHandle } from "../db/client.js";
import { systemActor } from "../shared/actor.js";
import { uploadDocument } from "./documents.service.js";

/*
 * An agreement's page shows its latest ten documents the reader may download and links to all
 * of them, reading only those ten and a count. The public agreement holds 15 documents
 * "Pièce 01…15", uploaded in that order; every fifth is internal. The focal point's
 * organisation is not party to it, so it may read the 12 public ones only.
 */
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
const uploadsDir = mkdtempSync(path.join(tmpdir(), "sharaka-documents-section-"));
let staff: string;
let focal: string;
let agreementId: string;
const HELD = 15;
const piece = (n: number) => `Pièce ${String(n).padStart(2, "0")}`;
const isInternal = (n: number) => n % 5 === 0;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db, { uploadsDir });
  const db = handle.db;
  const outsider = await buildOrganization(db);
  staff = await signIn(app, (await buildUser(db, { role: "secretariat" })).email);
  focal = await signIn(
    app,
    (await buildUser(db, { role: "focal_point", organizationId: outsider.id })).email,
  );
  agreementId = (await buildAgreement(db, { visibility: "public" })).id;
  for (let n = 1; n <= HELD; n++) {
    await uploadDocument({
      db,
      actor: systemActor,
      uploadsDir,
      maxBytes: 1024 * 1024,
      input: {
        ownerType: "agreement",
        ownerId: agreementId,
        kind: "report",
        visibility: isInternal(n) ? "internal" : "public",
        title: { fr: piece(n) },
      },
      file: { name: `piece-${n}.pdf`, bytes: pdfBytes(piece(n)) },
    });
  }
});
afterAll(async () => {
  await handle?.close();
});

const agreementPage = async (cookie: string) =>
  htmlOf(await app.request(`/fr/workspace/agreements/${agreementId}`, { headers: { cookie } }));
// A title cell holds the title, then the file's name.
const titlesIn = (page: Html) =>
  all(page, "table.documents tbody tr td:first-child").map((cell) =>
    textOf(cell)
      .replace(/piece-\d+\.pdf.*$/s, "")
      .trim(),
  );
const newestFirst = (keep: (n: number) => boolean) =>
  Array.from({ length: HELD }, (_, i) => HELD - i)
    .filter(keep)
    .map(piece);

describe("an agreement's documents on its page", () => {
  it("shows the secretariat the latest ten of all 15 and links to the 15", async () => {
    const page = await agreementPage(staff);
    expect(titlesIn(page)).toEqual(newestFirst(() => true).slice(0, 10));
    const link = byRole(page, "link", `Voir les ${HELD} documents de cette convention`);
    expect(attr(link, "href")).toBe(`/fr/workspace/documents?agreement=${agreementId}`);
  });

  it("shows a focal point the latest ten it may download, skipping the internal ones, and counts only those", async () => {
    const page = await agreementPage(focal);
    expect(titlesIn(page)).toEqual(newestFirst((n) => !isInternal(n)).slice(0, 10));
    byRole(page, "link", "Voir les 12 documents de cette convention");
  });

  it("reads only the ten it shows and a count, not every document of the agreement", async () => {
    for (const cookie of [staff, focal]) {
      const statements = await statementsOf(handle.db, () => agreementPage(cookie));
      const reads = statements.filter((statement) => /from "documents"/.test(statement.sql));
      expect(reads.length).toBeGreaterThan(0);
      for (const read of reads) expect(read.sql).toMatch(/\blimit\b|count\(/i);
    }
  });
});
