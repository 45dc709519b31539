import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement } from "../../test/factories.js";
import { all, attr, byRole, parse, textOf } from "../../test/html.js";
import type { DatabaseHandle } from "../db/client.js";
import { settings } from "../db/schema/index.js";
import { buildSpreadsheetWorld, readWorkbook, sheetRows } from "../spreadsheets/spreadsheets.test-support.js";
import { OPEN_DATA_LICENCE_SETTING } from "./open-data.queries.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let world: Awaited<ReturnType<typeof buildSpreadsheetWorld>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db, { iatiOrganisationId: "XM-DAC-000-TEST" });
  world = await buildSpreadsheetWorld(handle.db);
});
afterAll(async () => {
  await handle?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

describe("the open-data page", () => {
  it.each([
    ["ar", "البيانات المفتوحة", "المرجع"],
    ["fr", "Données ouvertes", "Référence"],
    ["en", "Open data", "Reference"],
  ])(
    "in %s: downloads, licence, date and the data dictionary of every public table",
    async (lang, title, header) => {
      const response = await get(`/${lang}/open-data`);
      expect(response.status).toBe(200);
      const page = parse(await response.text());
      expect(textOf(byRole(page, "heading", title))).toBe(title);
      expect(attr(byRole(page, "link", "CC BY 4.0"), "href")).toBe(
        "https://creativecommons.org/licenses/by/4.0/",
      );
      const hrefs = all(page, "a[download]").map((link) => attr(link, "href"));
      expect(hrefs).toContain("/api/v1/open-data/csv/agreements.csv");
      expect(hrefs).toContain("/api/v1/open-data/iati-activities.xml");
      expect(hrefs).toContain(
        lang === "fr" ? "/api/v1/open-data/registry.json" : `/api/v1/open-data/registry.json?lang=${lang}`,
      );
      expect(hrefs).toContain(
        lang === "fr" ? "/api/v1/open-data/registry.xlsx" : `/api/v1/open-data/registry.xlsx?lang=${lang}`,
      );
      expect(hrefs).not.toContain("/api/v1/open-data/csv/meetings.csv");
      expect(hrefs).not.toContain("/api/v1/open-data/csv/contacts.csv");
      const dictionary = byRole(
        page,
        "region",
        lang === "ar" ? "قاموس البيانات" : lang === "fr" ? "Dictionnaire des données" : "Data dictionary",
      );
      const text = textOf(dictionary);
      expect(text).toContain("title_ar");
      expect(text).toContain(header);
      expect(text).toContain("in_force");
      expect(text).not.toContain("comment");
    },
  );

  it("shows the licence the association chose", async () => {
    await handle.db.insert(settings).values({
      key: OPEN_DATA_LICENCE_SETTING,
      value: { name: "ODbL 1.0", url: "https://opendatacommons.org/licenses/odbl/1-0/" },
    });
    const page = parse(await (await get("/en/open-data")).text());
    expect(attr(byRole(page, "link", "ODbL 1.0"), "href")).toBe(
      "https://opendatacommons.org/licenses/odbl/1-0/",
    );
  });

  it("links the page from the portal's footer", async () => {
    const page = parse(await (await get("/fr")).text());
    expect(attr(byRole(page, "link", /Données ouvertes/), "href")).toBe("/fr/open-data");
  });
});

describe("the open-data files", () => {
  it("answers each public table as CSV and the registry as XLSX, public data only", async () => {
    const csv = await get("/api/v1/open-data/csv/agreements.csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="agreements.csv"');
    const text = await csv.text();
    expect(text).toContain("PUB-2026-001");
    expect(text).not.toContain(world.agreement.reference);

    const xlsx = await get("/api/v1/open-data/registry.xlsx?lang=ar");
    expect(xlsx.status).toBe(200);
    const workbook = await readWorkbook(Buffer.from(await xlsx.arrayBuffer()));
    expect(sheetRows(workbook, "agreements").map((row) => row.reference)).toEqual(["PUB-2026-001"]);
    expect(workbook.getWorksheet("agreements")?.getRow(2).getCell(1).value).toBe("المرجع");

    expect((await get("/api/v1/open-data/csv/meetings.csv")).status).toBe(404);
    expect((await get("/api/v1/open-data/csv/nothing.csv")).status).toBe(404);
    expect((await get("/api/v1/open-data/csv/agreements")).status).toBe(400);
  });

  it("answers 304 while the public registry has not changed, and the new file once it has", async () => {
    const first = await get("/api/v1/open-data/csv/parties.csv");
    await first.arrayBuffer();
    const etag = first.headers.get("etag") ?? "";
    const lastModified = first.headers.get("last-modified") ?? "";
    // Strong: the hash of the kept bytes, which every answer of this generation sends.
    expect(etag).toMatch(/^"open-data-[\w-]{22}"$/);
    expect(Number.isNaN(Date.parse(lastModified))).toBe(false);

    const unchanged = await get("/api/v1/open-data/csv/parties.csv", { "if-none-match": etag });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get("etag")).toBe(etag);
    expect(
      (await get("/api/v1/open-data/csv/parties.csv", { "if-modified-since": lastModified })).status,
    ).toBe(304);

    await buildAgreement(handle.db, { reference: "PUB-2026-002", visibility: "public" });
    const changed = await get("/api/v1/open-data/csv/parties.csv", { "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(await changed.text()).toContain("PUB-2026-002");
  });
});
