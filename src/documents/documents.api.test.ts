import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { htmlBytes, pdfBytes } from "../../test/document-files.js";
import { buildAgreement, buildUser } from "../../test/factories.js";
import type { DatabaseHandle } from "../db/client.js";
import { createApiToken } from "../tokens/tokens.service.js";
import { actorFromUser } from "../users/users.presenter.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let writeToken: string;
let readToken: string;
let publicAgreementId: string;
let internalAgreementId: string;
const maxBytes = 1024 * 1024;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db, { uploadMaxBytes: maxBytes });
  publicAgreementId = (await buildAgreement(handle.db)).id;
  internalAgreementId = (await buildAgreement(handle.db, { visibility: "internal" })).id;
  const staff = {
    ...actorFromUser(await buildUser(handle.db, { role: "secretariat" })),
    via: "session" as const,
  };
  writeToken = (
    await createApiToken({ db: handle.db, actor: staff, input: { name: "writer", scope: "write" } })
  ).secret;
  readToken = (
    await createApiToken({ db: handle.db, actor: staff, input: { name: "reader", scope: "read" } })
  ).secret;
});
afterAll(async () => {
  await handle?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: the tests read loosely typed JSON answers
type Body = Record<string, any>;

/**
 * Writes carry an Origin: the application's CSRF check refuses a multipart (or body-less)
 * write without one, even with a bearer token (see the report to the lead).
 */
function send(method: string, path: string, token?: string, body?: FormData) {
  const headers: Record<string, string> = { origin: TEST_ORIGIN };
  if (token) headers.authorization = `Bearer ${token}`;
  return app.request(`/api/v1${path}`, { method, headers, body });
}

function form(bytes: Uint8Array, name: string, fields: Record<string, string> = {}) {
  const data = new FormData();
  data.append("file", new File([new Uint8Array(bytes)], name));
  data.append("kind", "signed_agreement");
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
}

describe("documents in the API", () => {
  it("uploads with a write token, describes and serves the document", async () => {
    const bytes = pdfBytes("api");
    const response = await send(
      "POST",
      `/agreements/${publicAgreementId}/documents`,
      writeToken,
      form(bytes, "api.pdf", { visibility: "public", "title.en": "Signed copy" }),
    );
    expect(response.status).toBe(201);
    const created = (await response.json()) as Body;
    expect(created).toMatchObject({
      ownerType: "agreement",
      ownerId: publicAgreementId,
      kind: "signed_agreement",
      title: { en: "Signed copy" },
      fileName: "api.pdf",
      mediaType: "application/pdf",
      sizeBytes: bytes.length,
      visibility: "public",
      version: 1,
      contentUrl: `/api/v1/documents/${created.id}/content`,
    });
    expect(created).not.toHaveProperty("uploadedBy");

    const listed = (await (await send("GET", `/agreements/${publicAgreementId}/documents`)).json()) as Body;
    expect(listed.items.map((item: Body) => item.id)).toEqual([created.id]);
    expect((await (await send("GET", `/documents/${created.id}`)).json()) as Body).toEqual(created);
    const content = await send("GET", `/documents/${created.id}/content`);
    expect(content.status).toBe(200);
    expect(new Uint8Array(await content.arrayBuffer())).toEqual(bytes);
    expect(content.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''api.pdf");
    expect(content.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("hides internal documents and agreements from anonymous callers", async () => {
    const internal = await send(
      "POST",
      `/agreements/${publicAgreementId}/documents`,
      writeToken,
      form(pdfBytes("in"), "in.pdf"),
    );
    const { id } = (await internal.json()) as Body;
    expect((await send("GET", `/documents/${id}`)).status).toBe(404);
    expect((await send("GET", `/documents/${id}/content`)).status).toBe(404);
    expect((await send("GET", `/documents/${id}`, readToken)).status).toBe(200);
    expect((await send("GET", `/agreements/${internalAgreementId}/documents`)).status).toBe(404);
  });

  it("refuses a read-only token, a disguised file and an oversized one", async () => {
    const path = `/agreements/${publicAgreementId}/documents`;
    expect((await send("POST", path, readToken, form(pdfBytes(), "x.pdf"))).status).toBe(403);
    expect((await send("POST", path, undefined, form(pdfBytes(), "x.pdf"))).status).toBe(401);
    const disguised = await send("POST", path, writeToken, form(htmlBytes(), "x.pdf"));
    expect(disguised.status).toBe(400);
    expect(((await disguised.json()) as Body).error.issues).toEqual([
      expect.objectContaining({ field: "file", reason: "fileTypeNotAllowed" }),
    ]);
    const big = await send("POST", path, writeToken, form(pdfBytes("big", maxBytes + 1), "big.pdf"));
    expect(big.status).toBe(413);
    expect(((await big.json()) as Body).error.message).toContain("1 MB");
  });

  it("deletes with a write token only", async () => {
    const created = await send(
      "POST",
      `/agreements/${publicAgreementId}/documents`,
      writeToken,
      form(pdfBytes("del"), "d.pdf"),
    );
    const { id } = (await created.json()) as Body;
    expect((await send("DELETE", `/documents/${id}`, readToken)).status).toBe(403);
    expect((await send("DELETE", `/documents/${id}`, writeToken)).status).toBe(204);
    expect((await send("GET", `/documents/${id}`, writeToken)).status).toBe(404);
  });
});
