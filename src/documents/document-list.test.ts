import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { pdfBytes, scannedPdfBytes } from "../../test/document-files.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { all, allByRole, attr, byRole, type Html, htmlOf, one, textOf } from "../../test/html.js";
import { signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { systemActor } from "../shared/actor.js";
import type { DocumentInput } from "./documents.input.js";
import { uploadDocument } from "./documents.service.js";

/*
 * The workspace's documents list: every document a person may read (as a download would allow),
 * filtered, sorted and paged in SQL; an agreement's page shows its latest ten and links here.
 * The partner's agreement holds 12 reports "Rapport 01…12" of growing size, the partner itself
 * one internal note, a public agreement one public minutes, an agreement the partner is not party
 * to one internal annex, and a scanned PDF (no text) is among the partner agreement's reports.
 */
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
const uploadsDir = mkdtempSync(path.join(tmpdir(), "sharaka-document-list-"));
let staff: string;
let focal: string;
let partyAgreement: { id: string; reference: string };
let otherAgreementId: string;
const REPORTS = 12;
const report = (n: number) => `Rapport ${String(n).padStart(2, "0")}`;

const upload = (
  input: Partial<DocumentInput> & Pick<DocumentInput, "ownerId">,
  bytes: Uint8Array,
  name: string,
) =>
  uploadDocument({
    db: handle.db,
    actor: systemActor,
    uploadsDir,
    maxBytes: 4 * 1024 * 1024,
    input: { ownerType: "agreement", kind: "report", visibility: "internal", ...input },
    file: { name, bytes },
  });

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db, { uploadsDir });
  const db = handle.db;
  const partner = await buildOrganization(db);
  staff = await signIn(app, (await buildUser(db, { role: "secretariat" })).email);
  focal = await signIn(app, (await buildUser(db, { role: "focal_point", organizationId: partner.id })).email);
  partyAgreement = await buildAgreement(db, {
    visibility: "internal",
    parties: [{ organizationId: partner.id, role: "signatory" }],
  });
  const publicAgreement = await buildAgreement(db);
  otherAgreementId = (await buildAgreement(db, { visibility: "internal" })).id;
  for (let n = 1; n <= REPORTS; n++) {
    const bytes = n === 7 ? scannedPdfBytes() : pdfBytes(report(n), 2000 + n * 500);
    await upload({ ownerId: partyAgreement.id, title: { fr: report(n) } }, bytes, `rapport-${n}.pdf`);
  }
  await upload(
    { ownerId: partner.id, ownerType: "organization", kind: "other", title: { fr: "Note du partenaire" } },
    pdfBytes("note"),
    "note.pdf",
  );
  await upload(
    {
      ownerId: publicAgreement.id,
      kind: "minutes",
      visibility: "public",
      title: { fr: "Procès-verbal public" },
    },
    pdfBytes("pv"),
    "pv.pdf",
  );
  await upload(
    { ownerId: otherAgreementId, kind: "annex", title: { fr: "Annexe réservée" } },
    pdfBytes("annexe"),
    "annexe.pdf",
  );
});
afterAll(async () => {
  await handle?.close();
});

const get = (address: string, cookie = staff) => app.request(address, { headers: { cookie } });
const list = async (query = "", cookie = staff) =>
  htmlOf(await get(`/fr/workspace/documents${query}`, cookie));
// A title cell holds the title, then the file's name (and the text's state).
const titlesIn = (html: Html) =>
  all(html, "table.documents tbody tr td:first-child").map((cell) =>
    textOf(cell)
      .replace(/(rapport-\d+|note|pv|annexe)\.pdf.*$/s, "")
      .trim(),
  );
const countIn = (html: Html) => textOf(one(html, "main")).match(/(\d+) documents?/)?.[1];

describe("the documents list", () => {
  it("lists every document the secretariat may read, the newest first, with what each is attached to", async () => {
    const page = await list();
    expect(countIn(page)).toBe(String(REPORTS + 3));
    expect(titlesIn(page)[0]).toContain("Annexe réservée");
    const links = allByRole(page, "link", partyAgreement.reference);
    expect(links).toHaveLength(REPORTS);
    expect(attr(links[0], "href")).toBe(`/fr/workspace/agreements/${partyAgreement.id}`);
    expect(textOf(one(page, "table.documents"))).toContain("Note du partenaire");
  });

  it("shows a focal point only what it could download: not another agreement's internal documents", async () => {
    const page = await list("", focal);
    // Its agreement's 12, its organisation's note, the public minutes.
    expect(countIn(page)).toBe(String(REPORTS + 2));
    expect(textOf(one(page, "main"))).not.toContain("Annexe réservée");
    // Narrowed to an agreement it may not read: not found, as that agreement's page would be.
    expect((await get(`/fr/workspace/documents?agreement=${otherAgreementId}`, focal)).status).toBe(404);
  });

  it("is narrowed by owner, kind, visibility, text and title words, and sorted by title or size", async () => {
    expect(titlesIn(await list("?owner=organization"))).toEqual(["Note du partenaire"]);
    expect(titlesIn(await list("?kind=minutes&visibility=public"))).toEqual(["Procès-verbal public"]);
    expect(titlesIn(await list("?text=no_text"))).toEqual([report(7)]);
    expect(titlesIn(await list("?q=rapport+05"))).toEqual([report(5)]);
    const byTitle = titlesIn(await list(`?agreement=${partyAgreement.id}&sort=title`));
    expect(byTitle).toEqual(Array.from({ length: REPORTS }, (_, i) => report(i + 1)));
    const bySize = titlesIn(await list(`?agreement=${partyAgreement.id}&sort=size`));
    expect(bySize.indexOf(report(12))).toBeLessThan(bySize.indexOf(report(2)));
  });

  it("shows an agreement's latest ten on its page and links to all of them", async () => {
    const page = await htmlOf(await get(`/fr/workspace/agreements/${partyAgreement.id}`));
    expect(all(page, "table.documents tbody tr")).toHaveLength(10);
    const link = byRole(page, "link", `Voir les ${REPORTS} documents de cette convention`);
    const narrowed = await htmlOf(await get(attr(link, "href") ?? ""));
    expect(textOf(one(narrowed, "h1"))).toBe(`Documents de la convention ${partyAgreement.reference}`);
    expect(titlesIn(narrowed)).toHaveLength(REPORTS);
  });

  it("answers a page past the last with 404 and an unknown filter value with 400 naming it, in the reader's language", async () => {
    expect((await get("/fr/workspace/documents?page=2")).status).toBe(404);
    const wrongSort = await get("/en/workspace/documents?sort=weight");
    expect(wrongSort.status).toBe(400);
    expect(await wrongSort.text()).toContain("The value of “order” is not valid");
    expect((await get("/fr/workspace/documents?kind=poem")).status).toBe(400);
    expect((await get("/fr/workspace/documents?agreement=not-an-id")).status).toBe(400);
    expect((await get("/ar/workspace/documents?q=%27%29%20%26%20%21")).status).toBe(200);
  });

  it("asks who is reading: the anonymous public is sent to sign in", async () => {
    const response = await app.request("/fr/workspace/documents");
    expect([302, 303]).toContain(response.status);
  });
});
