import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import {
  htmlBytes,
  pdfBytes,
  scannedPdfBytes,
  storedContents,
  textPdfBytes,
} from "../../test/document-files.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { expectErrorsMarked } from "../../test/form-errors.js";
import { all, attr, one, parse, textOf } from "../../test/html.js";
import { renderInPage } from "../../test/render.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { documents } from "../db/schema/index.js";
import { translator } from "../shared/i18n.js";
import { DocumentList, DocumentUploadForm } from "./documents.views.js";

const fr = translator("fr");
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
const uploadsDir = mkdtempSync(path.join(tmpdir(), "sharaka-documents-routes-"));
const maxBytes = 1024 * 1024;
let staffCookie: string;
let focalCookie: string;
let viewerCookie: string;
let publicAgreementId: string;
let internalAgreementId: string;
let partyAgreementId: string;
let organizationId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db, { uploadsDir, uploadMaxBytes: maxBytes });
  const organization = await buildOrganization(handle.db);
  organizationId = organization.id;
  publicAgreementId = (await buildAgreement(handle.db)).id;
  internalAgreementId = (await buildAgreement(handle.db, { visibility: "internal" })).id;
  partyAgreementId = (
    await buildAgreement(handle.db, {
      visibility: "internal",
      parties: [{ organizationId: organization.id, role: "signatory" }],
    })
  ).id;
  const staff = await buildUser(handle.db, { role: "secretariat" });
  const focal = await buildUser(handle.db, { role: "focal_point", organizationId: organization.id });
  const viewer = await buildUser(handle.db, { role: "viewer" });
  staffCookie = await signIn(app, staff.email);
  focalCookie = await signIn(app, focal.email);
  viewerCookie = await signIn(app, viewer.email);
});
afterAll(async () => {
  await handle?.close();
});

interface UploadFields {
  bytes?: Uint8Array;
  name?: string;
  kind?: string;
  visibility?: string;
  title?: Record<string, string>;
}

function uploadForm({
  bytes = pdfBytes(),
  name = "convention.pdf",
  kind = "signed_agreement",
  visibility,
  title = {},
}: UploadFields) {
  const form = new FormData();
  form.append("file", new File([new Uint8Array(bytes)], name, { type: "application/pdf" }));
  form.append("kind", kind);
  if (visibility) form.append("visibility", visibility);
  for (const [lang, text] of Object.entries(title)) form.append(`title.${lang}`, text);
  return form;
}

const upload = (cookie: string, target: string, fields: UploadFields = {}, lang = "fr") =>
  app.request(`/${lang}/workspace/${target}/documents`, {
    method: "POST",
    headers: { origin: TEST_ORIGIN, cookie },
    body: uploadForm(fields),
  });

const rowCount = async () => (await handle.db.select({ id: documents.id }).from(documents)).length;

async function latestDocument() {
  const rows = await handle.db.select().from(documents);
  return rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
}

/** Uploads as staff and returns the new document's id. */
async function uploaded(target: string, fields: UploadFields = {}) {
  const response = await upload(staffCookie, target, fields);
  expect(response.status).toBe(303);
  const row = await latestDocument();
  if (!row) throw new Error("no document");
  return row;
}

describe("uploading from the workspace", () => {
  it("stores a PDF and gives the same bytes back as an attachment", async () => {
    const bytes = pdfBytes("round trip");
    const response = await upload(staffCookie, `agreements/${publicAgreementId}`, {
      bytes,
      name: "Convention signée.pdf",
      title: { fr: "Convention signée", ar: "الاتفاقية الموقعة" },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(
      `/fr/workspace/agreements/${publicAgreementId}?notice=document-uploaded`,
    );
    const row = await latestDocument();
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    expect(row).toMatchObject({
      sha256,
      mediaType: "application/pdf",
      visibility: "internal",
      sizeBytes: bytes.length,
    });

    const download = await app.request(`/fr/workspace/documents/${row?.id}/download`, {
      headers: { cookie: staffCookie },
    });
    expect(download.status).toBe(200);
    const body = new Uint8Array(await download.arrayBuffer());
    expect(body).toEqual(bytes);
    expect(createHash("sha256").update(body).digest("hex")).toBe(sha256);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("content-disposition")).toBe(
      "attachment; filename*=UTF-8''Convention%20sign%C3%A9e.pdf",
    );
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(download.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    expect(download.headers.get("cache-control")).toBe("private, no-store");
  });

  it("reads the text at upload: a scan is listed as having none, a text is found by the workspace's search", async () => {
    const agreement = await buildAgreement(handle.db, { visibility: "internal" });
    const target = `agreements/${agreement.id}`;
    await uploaded(target, { bytes: scannedPdfBytes(), name: "scan.pdf" });
    await uploaded(target, { bytes: textPdfBytes(["Relevés de turbidité du barrage"]), name: "releves.pdf" });
    const page = parse(
      await (await app.request(`/fr/workspace/${target}`, { headers: { cookie: staffCookie } })).text(),
    );
    expect(all(page, "table.documents .text-no_text").map((cell) => textOf(cell))).toEqual([
      fr("documents.text.no_text"),
    ]);
    const found = parse(
      await (
        await app.request("/fr/workspace/search?q=turbidite", { headers: { cookie: staffCookie } })
      ).text(),
    );
    expect(all(found, 'section[aria-labelledby="found-documents"] li').map((item) => textOf(item))).toEqual([
      expect.stringContaining("Relevés de turbidité du barrage"),
    ]);
  });

  it("adds to an organisation and goes back to its page", async () => {
    const response = await upload(staffCookie, `organizations/${organizationId}`, { kind: "report" }, "en");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(
      `/en/workspace/organizations/${organizationId}?notice=document-uploaded`,
    );
    expect((await latestDocument())?.title).toEqual({ en: "convention" });
  });

  it("refuses a file over the limit, saying the limit, storing nothing", async () => {
    for (const size of [maxBytes + 1, maxBytes * 2]) {
      const files = await storedContents(handle.db, uploadsDir);
      const rows = await rowCount();
      const response = await upload(staffCookie, `agreements/${publicAgreementId}`, {
        bytes: pdfBytes("big", size),
      });
      expect(response.status).toBe(413);
      const page = await response.text();
      expect(page).toContain("dépasse la limite de 1 Mo");
      // Just over the limit, the service refuses it with the form again; far over it, the
      // application refuses the body before reading it (src/web/request-body.ts), on its error page.
      if (size === maxBytes + 1)
        expect(page).toContain(`href="/fr/workspace/agreements/${publicAgreementId}"`);
      expect(await rowCount()).toBe(rows);
      expect(await storedContents(handle.db, uploadsDir)).toEqual(files);
    }
  });

  const refused: [string, UploadFields, string][] = [
    ["an HTML file named x.pdf", { bytes: htmlBytes(), name: "x.pdf" }, "n’est pas d’un format accepté"],
    ["a name going up folders", { name: "../../x.pdf" }, "renommez le fichier"],
    ["an empty file", { bytes: new Uint8Array(), name: "vide.pdf" }, "est vide"],
    ["an unknown kind", { kind: "poster" }, "Choisissez une des valeurs proposées"],
  ];
  for (const [what, fields, message] of refused) {
    it(`refuses ${what} with a 400 page naming the field, storing nothing`, async () => {
      const files = await storedContents(handle.db, uploadsDir);
      const rows = await rowCount();
      const response = await upload(staffCookie, `agreements/${publicAgreementId}`, fields);
      expect(response.status).toBe(400);
      const page = await response.text();
      expect(page).toContain(message);
      expect(page).toContain('role="alert"');
      expect(page).toContain('enctype="multipart/form-data"');
      expect(await rowCount()).toBe(rows);
      expect(await storedContents(handle.db, uploadsDir)).toEqual(files);
    });
  }

  it("names an unknown kind by the label the form shows for it, in French and in Arabic", async () => {
    for (const lang of ["fr", "ar"]) {
      const response = await upload(staffCookie, `agreements/${publicAgreementId}`, { kind: "poster" }, lang);
      expect(response.status).toBe(400);
      const html = await response.text();
      const [said] = expectErrorsMarked(html, [{ name: "kind" }]);
      const page = parse(html);
      const select = one(page, 'select[name="kind"]');
      const label = textOf(one(page, `label[for="${attr(select, "id")}"]`));
      expect(label).toBe(lang === "fr" ? "Nature du document" : "نوع الوثيقة");
      expect(said).toContain(`«${lang === "fr" ? " " : ""}${label}${lang === "fr" ? " " : ""}»`);
    }
  });

  it("lets a focal point add to agreements its organisation is party to, and nowhere else", async () => {
    const elsewhere = await upload(focalCookie, `agreements/${publicAgreementId}`);
    expect([403, 404]).toContain(elsewhere.status);
    expect((await upload(focalCookie, `agreements/${internalAgreementId}`)).status).toBe(404);
    const own = await upload(focalCookie, `agreements/${partyAgreementId}`);
    expect(own.status).toBe(303);
    expect((await latestDocument())?.ownerId).toBe(partyAgreementId);
  });

  it("lets a viewer download internal documents but not upload", async () => {
    const row = await uploaded(`agreements/${internalAgreementId}`);
    const download = await app.request(`/fr/workspace/documents/${row.id}/download`, {
      headers: { cookie: viewerCookie },
    });
    expect(download.status).toBe(200);
    expect((await upload(viewerCookie, `agreements/${internalAgreementId}`)).status).toBe(403);
  });

  it("answers 400, not 500, to a broken multipart body", async () => {
    const response = await app.request(`/fr/workspace/agreements/${publicAgreementId}/documents`, {
      method: "POST",
      headers: {
        origin: TEST_ORIGIN,
        cookie: staffCookie,
        "content-type": "multipart/form-data; boundary=zz",
      },
      body: '--zz\r\nContent-Disposition: form-data; name="file"; filename="x.pdf"\r\n\r\n%PDF-1.4',
    });
    expect(response.status).toBe(400);
  });

  it("refuses a form posted from another site", async () => {
    const response = await app.request(`/fr/workspace/agreements/${publicAgreementId}/documents`, {
      method: "POST",
      headers: { origin: "https://evil.example", cookie: staffCookie },
      body: uploadForm({}),
    });
    expect(response.status).toBe(403);
  });
});

describe("public downloads", () => {
  it("serves a public document of a public agreement to anyone, and nothing else", async () => {
    const publicDoc = await uploaded(`agreements/${publicAgreementId}`, {
      visibility: "public",
      bytes: pdfBytes("open"),
    });
    const internalDoc = await uploaded(`agreements/${publicAgreementId}`, { bytes: pdfBytes("closed") });
    const hidden = await uploaded(`agreements/${internalAgreementId}`, { visibility: "public" });
    const response = await app.request(`/documents/${publicDoc.id}`);
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(pdfBytes("open"));
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename\*=UTF-8''/);
    for (const id of [internalDoc.id, hidden.id, "not-a-uuid"]) {
      expect((await app.request(`/documents/${id}`)).status).toBe(404);
    }
    // A signed-in person gets the same answer there: the public address is for public documents.
    expect(
      (await app.request(`/documents/${internalDoc.id}`, { headers: { cookie: staffCookie } })).status,
    ).toBe(404);
    expect((await app.request(`/fr/workspace/documents/${internalDoc.id}/download`)).status).toBe(303);
  });
});

describe("changing documents", () => {
  it("changes visibility, and answers 409 to a stale version", async () => {
    const row = await uploaded(`agreements/${publicAgreementId}`, { bytes: pdfBytes("versions") });
    const target = `/fr/workspace/documents/${row.id}/visibility`;
    const changed = await postForm(app, target, staffCookie, { visibility: "public", version: "1" });
    expect(changed.status).toBe(303);
    expect(changed.headers.get("location")).toBe(
      `/fr/workspace/agreements/${publicAgreementId}?notice=document-visibility-changed`,
    );
    const stale = await postForm(app, target, staffCookie, { visibility: "internal", version: "1" });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("modifié entre-temps");
    expect((await postForm(app, target, viewerCookie, { visibility: "internal", version: "2" })).status).toBe(
      403,
    );
    const [saved] = await handle.db.select().from(documents).where(eq(documents.id, row.id));
    expect(saved).toMatchObject({ visibility: "public", version: 2 });
  });

  it("deletes softly: gone from downloads, bytes kept", async () => {
    const row = await uploaded(`agreements/${publicAgreementId}`, { bytes: pdfBytes("to delete") });
    expect((await postForm(app, `/fr/workspace/documents/${row.id}/delete`, viewerCookie, {})).status).toBe(
      403,
    );
    // Not without ticking the confirmation: 400 naming the box, the document still there.
    const unconfirmed = await postForm(app, `/fr/workspace/documents/${row.id}/delete`, staffCookie, {});
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("cochez la case pour confirmer");
    const [untouched] = await handle.db.select().from(documents).where(eq(documents.id, row.id));
    expect(untouched?.deletedAt).toBeNull();
    const response = await postForm(app, `/fr/workspace/documents/${row.id}/delete`, staffCookie, {
      confirm: "yes",
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(
      `/fr/workspace/agreements/${publicAgreementId}?notice=document-deleted`,
    );
    const download = await app.request(`/fr/workspace/documents/${row.id}/download`, {
      headers: { cookie: staffCookie },
    });
    expect(download.status).toBe(404);
    expect(await storedContents(handle.db, uploadsDir)).toContain(row.sha256);
  });
});

describe("the views the owner's pages embed", () => {
  it("lists documents with the buttons each row allows, and the upload form with its limits", async () => {
    const row = await uploaded(`agreements/${publicAgreementId}`, {
      bytes: pdfBytes("view"),
      title: { en: "Seen" },
    });
    const html = await renderInPage("en", DocumentList, {
      documents: [
        { ...row, canDelete: true, canChangeVisibility: false },
        { ...row, id: "00000000-0000-4000-8000-000000000000", canDelete: false, canChangeVisibility: true },
      ],
      canManage: true,
    });
    expect(html).toContain(`/en/workspace/documents/${row.id}/download`);
    expect(html).toContain(`href="/en/workspace/documents/${row.id}/delete"`);
    expect(html).not.toContain(`action="/en/workspace/documents/${row.id}/visibility"`);
    expect(html).toContain(
      'action="/en/workspace/documents/00000000-0000-4000-8000-000000000000/visibility"',
    );
    expect(html).toContain("Make public");
    expect(await renderInPage("en", DocumentList, { documents: [row], canManage: false })).not.toContain(
      "<form",
    );
    const upload = await renderInPage("en", DocumentUploadForm, {
      ownerType: "organization",
      ownerId: organizationId,
      maxBytes: 25 * 1024 * 1024,
      allowPublic: false,
    });
    expect(upload).toContain(`action="/en/workspace/organizations/${organizationId}/documents"`);
    expect(upload).toContain('accept=".pdf,.docx,.odt,.png,.jpg,.jpeg,.webp,application/pdf');
    expect(upload).toContain("at most 25 MB");
    expect(upload).toContain('type="hidden" name="visibility" value="internal"');
  });
});
