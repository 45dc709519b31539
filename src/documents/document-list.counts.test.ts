import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { pdfBytes } from "../../test/document-files.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import { htmlOf, one, textOf } from "../../test/html.js";
import { signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { systemActor } from "../shared/actor.js";
import { deleteDocument, setDocumentVisibility, uploadDocument } from "./documents.service.js";

/*
 * The documents list's counts are kept between writes (per reading scope and filter): each
 * write that changes what a person may read shows in the next count, for the staff and for a
 * focal point alike. A file of its own: its uploads would change the other list tests' counts.
 */
let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
const uploadsDir = mkdtempSync(path.join(tmpdir(), "sharaka-document-counts-"));
let staff: string;
let focal: string;
let publicAgreementId: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db, { uploadsDir });
  const partner = await buildOrganization(handle.db);
  staff = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
  focal = await signIn(
    app,
    (await buildUser(handle.db, { role: "focal_point", organizationId: partner.id })).email,
  );
  publicAgreementId = (await buildAgreement(handle.db, { visibility: "public" })).id;
});
afterAll(async () => {
  await handle?.close();
});

const countFor = async (cookie: string, query = "") => {
  const page = await htmlOf(await app.request(`/fr/workspace/documents${query}`, { headers: { cookie } }));
  return Number(textOf(one(page, "main")).match(/(\d+) documents?/)?.[1] ?? 0);
};

const uploadTo = (ownerId: string, name: string) =>
  uploadDocument({
    db: handle.db,
    actor: systemActor,
    uploadsDir,
    maxBytes: 1024 * 1024,
    input: { ownerType: "agreement", ownerId, kind: "annex", title: { fr: name }, visibility: "internal" },
    file: { name: `${name}.pdf`, bytes: pdfBytes(name) },
  });

describe("the documents list's counts", () => {
  it("follow each upload, change of visibility and deletion at once", async () => {
    const before = { staff: await countFor(staff), focal: await countFor(focal), annexes: 0 };
    before.annexes = await countFor(staff, "?kind=annex");

    const annex = await uploadTo(publicAgreementId, "Annexe une");
    expect(await countFor(staff)).toBe(before.staff + 1);
    expect(await countFor(staff, "?kind=annex")).toBe(before.annexes + 1);
    // An internal document of a public agreement the focal point is no party to: not its to read…
    expect(await countFor(focal)).toBe(before.focal);

    const shown = await setDocumentVisibility({
      db: handle.db,
      actor: systemActor,
      id: annex.id,
      visibility: "public",
      version: annex.version,
    });
    // …until it is made public.
    expect(await countFor(focal)).toBe(before.focal + 1);
    expect(await countFor(staff)).toBe(before.staff + 1);

    await deleteDocument({ db: handle.db, actor: systemActor, id: shown.id });
    expect(await countFor(staff)).toBe(before.staff);
    expect(await countFor(focal)).toBe(before.focal);
    expect(await countFor(staff, "?kind=annex")).toBe(before.annexes);
  });
});
