import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildOrganization, buildUser } from "../../test/factories.js";
import { all, attr, one, parse, textOf } from "../../test/html.js";
import { postForm, signIn } from "../../test/session.js";
import type { DatabaseHandle } from "../db/client.js";
import { agreements } from "../db/schema/index.js";
import {
  removeTempFolders,
  sampleRegistry,
  writeText,
  writeWorkbook,
} from "./spreadsheet-import.test-support.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let staffCookie: string;
let otherStaffCookie: string;
let focalCookie: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  const organization = await buildOrganization(handle.db);
  staffCookie = await signIn(app, (await buildUser(handle.db, { role: "secretariat" })).email);
  otherStaffCookie = await signIn(app, (await buildUser(handle.db, { role: "admin" })).email);
  focalCookie = await signIn(
    app,
    (await buildUser(handle.db, { role: "focal_point", organizationId: organization.id })).email,
  );
});
afterAll(async () => {
  await handle?.close();
  removeTempFolders();
});

const upload = (cookie: string, path: string, name: string) => {
  const form = new FormData();
  form.append("file", new File([new Uint8Array(readFileSync(path))], name));
  return app.request("/fr/workspace/import/spreadsheet", {
    method: "POST",
    headers: { origin: TEST_ORIGIN, cookie },
    body: form,
  });
};

describe("the spreadsheet import page", () => {
  it("is refused to those who may not write agreements", async () => {
    const page = await app.request("/fr/workspace/import/spreadsheet", { headers: { cookie: focalCookie } });
    expect(page.status).toBe(403);
    const posted = await upload(focalCookie, await writeWorkbook(sampleRegistry()), "registry.xlsx");
    expect(posted.status).toBe(403);
  });

  it("shows the dry run, saves nothing, then imports on confirmation, once", async () => {
    const form = parse(
      await (
        await app.request("/fr/workspace/import/spreadsheet", { headers: { cookie: staffCookie } })
      ).text(),
    );
    expect(attr(one(form, "form[enctype='multipart/form-data']"), "action")).toBe(
      "/fr/workspace/import/spreadsheet",
    );

    const dry = await upload(staffCookie, await writeWorkbook(sampleRegistry()), "registre.xlsx");
    expect(dry.status).toBe(200);
    const page = parse(await dry.text());
    expect(textOf(one(page, "caption"))).toContain("Essai de registre.xlsx");
    const agreementsRow = all(page, "tbody tr").find((row) => textOf(row).startsWith("agreements"));
    expect(textOf(agreementsRow)).toMatch(/agreements\s*2\s*0\s*0/);
    expect(
      await handle.db.select().from(agreements).where(eq(agreements.reference, "CONV-2026-001")),
    ).toHaveLength(0);

    const id = attr(one(page, "input[name=upload]"), "value") as string;
    expect(
      (await postForm(app, "/fr/workspace/import/spreadsheet/confirm", otherStaffCookie, { upload: id }))
        .status,
    ).toBe(410);
    const done = await postForm(app, "/fr/workspace/import/spreadsheet/confirm", staffCookie, { upload: id });
    expect(done.status).toBe(200);
    expect(textOf(one(parse(await done.text()), "caption"))).toContain("registre.xlsx importé");
    expect(
      await handle.db.select().from(agreements).where(eq(agreements.reference, "CONV-2026-001")),
    ).toHaveLength(1);
    // The upload is gone once used.
    expect(
      (await postForm(app, "/fr/workspace/import/spreadsheet/confirm", staffCookie, { upload: id })).status,
    ).toBe(410);
  });

  it("lists every problem with its sheet, row, column and reason, and offers no confirmation", async () => {
    const file = writeText("agreements.csv", "reference;kind;title_fr\nCONV-X;sometimes;Un titre\n");
    const refused = await upload(staffCookie, file, "agreements.csv");
    expect(refused.status).toBe(422);
    const page = parse(await refused.text());
    const cells = all(one(page, "[role=alert] tbody"), "td").map(textOf);
    expect(cells.slice(0, 3)).toEqual(["agreements", "2", "kind (Type)"]);
    expect(cells[3]).toContain("n'est pas l'une des valeurs");
    expect(all(page, "input[name=upload]")).toHaveLength(0);
  });
});
