import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { attr, byRole, parse, textOf } from "../../test/html.js";
import { signIn } from "../../test/session.js";
import { until } from "../../test/until.js";
import type { DatabaseHandle } from "../db/client.js";
import { buildSlots } from "../web/build-slots.js";
import { buildSpreadsheetWorld, readWorkbook, sheetRows, unzipCsv } from "./spreadsheets.test-support.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let world: Awaited<ReturnType<typeof buildSpreadsheetWorld>>;
let staffCookie: string;
let outsiderCookie: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  world = await buildSpreadsheetWorld(handle.db);
  staffCookie = await signIn(app, world.users.staff.email);
  outsiderCookie = await signIn(app, world.users.outsiderFocal.email);
});
afterAll(async () => {
  await handle?.close();
});

const get = (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} });
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

describe("the workspace list's export", () => {
  it("answers the list as a workbook, with its filters, as the reader may read it", async () => {
    const response = await get("/fr/workspace/agreements.xlsx?status=in_force", staffCookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(XLSX);
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="sharaka-agreements-.*\.xlsx"$/,
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    const workbook = await readWorkbook(Buffer.from(await response.arrayBuffer()));
    expect(sheetRows(workbook, "agreements").map((row) => row.reference)).toEqual(["PUB-2026-001"]);
    expect(sheetRows(workbook, "meetings")).toHaveLength(1);

    const outsider = await get("/fr/workspace/agreements.xlsx", outsiderCookie);
    const seen = await readWorkbook(Buffer.from(await outsider.arrayBuffer()));
    expect(sheetRows(seen, "agreements").map((row) => row.reference)).toEqual(["PUB-2026-001"]);
    expect(sheetRows(seen, "meetings")).toEqual([]);
  });

  it("answers CSV as a zip of one file per sheet", async () => {
    const response = await get("/ar/workspace/agreements.csv", staffCookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    const files = unzipCsv(Buffer.from(await response.arrayBuffer()));
    expect(files["meetings.csv"]).toContain(world.agreement.reference);
  });

  it("sends the anonymous to sign in, and refuses a bad filter with 400", async () => {
    const anonymous = await get("/fr/workspace/agreements.xlsx");
    expect([302, 303]).toContain(anonymous.status);
    expect((await get("/fr/workspace/agreements.xlsx?status=nonsense", staffCookie)).status).toBe(400);
  });

  it("links the export, with the list's filters, and the template for the staff", async () => {
    const page = parse(
      await (await get("/fr/workspace/agreements?status=in_force&page=1", staffCookie)).text(),
    );
    expect(attr(byRole(page, "link", "Exporter (Excel)"), "href")).toBe(
      "/fr/workspace/agreements.xlsx?status=in_force",
    );
    expect(attr(byRole(page, "link", "Exporter (CSV)"), "href")).toBe(
      "/fr/workspace/agreements.csv?status=in_force",
    );
    expect(attr(byRole(page, "link", "Modèle vide (Excel)"), "href")).toBe(
      "/fr/workspace/spreadsheet-template.xlsx",
    );
    const template = await get("/fr/workspace/spreadsheet-template.xlsx", staffCookie);
    expect(template.status).toBe(200);
    expect(template.headers.get("content-type")).toBe(XLSX);
    const workbook = await readWorkbook(Buffer.from(await template.arrayBuffer()));
    expect(workbook.getWorksheet("agreements")?.rowCount).toBe(2);
  });
});

describe("the catalogue's export", () => {
  it("answers public data only, even to a signed-in reader, with the catalogue's filters", async () => {
    for (const cookie of [undefined, staffCookie]) {
      const response = await get("/en/agreements.xlsx?theme=training", cookie);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
      const workbook = await readWorkbook(Buffer.from(await response.arrayBuffer()));
      expect(sheetRows(workbook, "agreements").map((row) => row.reference)).toEqual(["PUB-2026-001"]);
      expect(workbook.getWorksheet("meetings")).toBeUndefined();
    }
    const none = await readWorkbook(
      Buffer.from(await (await get("/en/agreements.xlsx?theme=education")).arrayBuffer()),
    );
    expect(sheetRows(none, "agreements")).toEqual([]);
  });

  it("links the export from the catalogue with its filters", async () => {
    const page = parse(await (await get("/fr/agreements?theme=training")).text());
    expect(attr(byRole(page, "link", "Exporter (Excel)"), "href")).toBe("/fr/agreements.xlsx?theme=training");
    expect(attr(byRole(page, "link", "Exporter (CSV)"), "href")).toBe("/fr/agreements.csv?theme=training");
  });
});

describe("the bound on filtered exports made at once", () => {
  it("answers 503 with Retry-After and a message in the reader's language when every slot is taken", async () => {
    const busy = createTestApp(handle.db, { exportSlots: buildSlots(0) });
    for (const [path, words] of [
      ["/fr/agreements.xlsx?theme=training", "Trop d’exports"],
      ["/en/agreements.csv", "Too many exports"],
      ["/ar/agreements.csv", "ملفات التصدير"],
    ] as const) {
      const refused = await busy.request(path);
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("30");
      expect(textOf(byRole(parse(await refused.text()), "alert"))).toContain(words);
    }
    const workspace = await busy.request("/fr/workspace/agreements.xlsx", {
      headers: { cookie: staffCookie },
    });
    expect(workspace.status).toBe(503);
    expect(workspace.headers.get("retry-after")).toBe("30");
    // Permission and validation first: the anonymous are still sent to sign in, a bad filter is 400.
    expect([302, 303]).toContain((await busy.request("/fr/workspace/agreements.xlsx")).status);
    expect((await busy.request("/fr/agreements.csv?status=nonsense")).status).toBe(400);
  });

  it("holds a slot while an export is made and gives it back once sent or given up", async () => {
    const slots = buildSlots(1);
    const bounded = createTestApp(handle.db, { exportSlots: slots });
    const held = slots.tryTake();
    expect((await bounded.request("/fr/agreements.csv")).status).toBe(503);
    held?.();

    const sent = await bounded.request("/fr/agreements.xlsx");
    expect(sent.status).toBe(200);
    // Made while it is sent: the slot stays taken, and another export is refused meanwhile.
    expect(slots.inUse()).toBe(1);
    expect((await bounded.request("/en/agreements.csv")).status).toBe(503);
    await sent.arrayBuffer();
    await until("the slot given back", () => (slots.inUse() === 0 ? true : undefined));

    const givenUp = await bounded.request("/fr/workspace/agreements.xlsx", {
      headers: { cookie: staffCookie },
    });
    expect(givenUp.status).toBe(200);
    await givenUp.body?.cancel();
    await until("the slot given back", () => (slots.inUse() === 0 ? true : undefined));
    const again = await bounded.request("/en/agreements.csv");
    expect(again.status).toBe(200);
    await again.arrayBuffer();
  });
});
