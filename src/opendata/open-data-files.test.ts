import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement } from "../../test/factories.js";
import { type Statement, statementsOf } from "../../test/statements.js";
import type { DatabaseHandle } from "../db/client.js";
import { contacts } from "../db/schema/index.js";
import { buildSpreadsheetWorld } from "../spreadsheets/spreadsheets.test-support.js";
import { buildSlots } from "../web/build-slots.js";

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let world: Awaited<ReturnType<typeof buildSpreadsheetWorld>>;

beforeAll(async () => {
  handle = await createTestDatabase();
  app = createTestApp(handle.db);
  world = await buildSpreadsheetWorld(handle.db);
  // Contact details of a party to the public agreement: the staff's, never the public's.
  await handle.db.insert(contacts).values({
    organizationId: world.partnerId,
    fullName: "Samira Contactée",
    role: "Chargée de mission",
    email: "samira.contact@example.org",
    phone: "+212 600 11 22 33",
  });
});
afterAll(async () => {
  await handle?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

/** The statement that lists the agreements an export writes: one per file made. */
const exportListings = (statements: Statement[]) =>
  statements.filter((statement) => /order by "agreements"\."reference"/i.test(statement.sql)).length;

let references = 0;
/** A public write, as staff make one: the registry's generation moves on, nothing made before is current. */
async function publishAgreement(): Promise<string> {
  references += 1;
  const reference = `PUB-2026-K${String(references).padStart(2, "0")}`;
  await buildAgreement(handle.db, { reference, visibility: "public" });
  return reference;
}

describe("the open-data files, made once per change of the public registry", () => {
  it("makes a file once for requests at the same time and after, and answers each the same bytes", async () => {
    const reference = await publishAgreement();
    const url = "/api/v1/open-data/csv/agreements.csv?lang=en";
    let answers: { etag: string | null; text: string }[] = [];
    const statements = await statementsOf(handle.db, async () => {
      const together = await Promise.all([get(url), get(url)]);
      const after = await get(url);
      answers = await Promise.all(
        [...together, after].map(async (response) => {
          expect(response.status).toBe(200);
          return { etag: response.headers.get("etag"), text: await response.text() };
        }),
      );
    });
    expect(exportListings(statements)).toBe(1);
    expect(answers[0]?.text).toContain(reference);
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
    expect(new Set(answers.map((answer) => answer.etag)).size).toBe(1);

    // Each language and file is its own: another one is made, once.
    const others = await statementsOf(handle.db, async () => {
      for (const path of ["/api/v1/open-data/csv/agreements.csv", "/api/v1/open-data/registry.xlsx"]) {
        await (await get(path)).arrayBuffer();
        await (await get(path)).arrayBuffer();
      }
    });
    expect(exportListings(others)).toBe(2);
  });

  it("gives a new file, with the new row, after a public write, and 304 while nothing changed", async () => {
    const url = "/api/v1/open-data/registry.json";
    const first = await get(url);
    const etag = first.headers.get("etag") ?? "";
    const lastModified = first.headers.get("last-modified") ?? "";
    expect(etag).toMatch(/^"open-data-[\w-]{22}"$/);
    await first.arrayBuffer();

    const unchanged = await get(url, { "if-none-match": etag });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get("etag")).toBe(etag);
    expect(unchanged.headers.get("last-modified")).toBe(lastModified);
    expect((await get(url, { "if-none-match": `W/${etag}, "other"` })).status).toBe(304);
    expect((await get(url, { "if-modified-since": lastModified })).status).toBe(304);
    expect((await get(url, { "if-none-match": '"other"' })).status).toBe(200);

    const reference = await publishAgreement();
    const changed = await get(url, { "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    const document = (await changed.json()) as { tables: { agreements: { reference: string }[] } };
    expect(document.tables.agreements.map((row) => row.reference)).toContain(reference);
  });

  it("sends CSV and JSON gzipped to a client that takes gzip, the same file inflated to one that does not", async () => {
    const url = "/api/v1/open-data/csv/parties.csv";
    const plain = await get(url);
    const bytes = Buffer.from(await plain.arrayBuffer());
    expect(plain.headers.get("vary")).toBe("accept-encoding");
    const gzipped = await get(url, { "accept-encoding": "gzip, br" });
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    expect(gzipped.headers.get("etag")).toBe(plain.headers.get("etag"));
    expect(gunzipSync(await gzipped.arrayBuffer()).equals(bytes)).toBe(true);
    // The workbook is a zip already: sent as it is kept.
    const workbook = await get("/api/v1/open-data/registry.xlsx", { "accept-encoding": "gzip" });
    expect(workbook.headers.get("content-encoding")).toBeNull();
    expect(
      Buffer.from(await workbook.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
  });
});

describe("the public registry as JSON", () => {
  it("holds the public tables, their public columns and the licence, and nothing of the inside", async () => {
    const response = await get("/api/v1/open-data/registry.json?lang=ar");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="sharaka-public-registry.json"',
    );
    const text = await response.text();
    const document = JSON.parse(text) as {
      format: string;
      language: string;
      licence: { name: string; url: string };
      dataChangedAt: string;
      tables: Record<string, Record<string, unknown>[]>;
    };
    expect(document.format).toBe("sharaka-open-data");
    expect(document.language).toBe("ar");
    expect(document.licence).toEqual({
      name: "CC BY 4.0",
      url: "https://creativecommons.org/licenses/by/4.0/",
    });
    expect(Number.isNaN(Date.parse(document.dataChangedAt))).toBe(false);

    const references = document.tables.agreements?.map((row) => row.reference) ?? [];
    expect(references).toContain("PUB-2026-001");
    expect(references).not.toContain(world.agreement.reference);
    // Texts as they are (a JSON reader runs no formula), amounts as their decimal string.
    const published = document.tables.agreements?.find((row) => row.reference === "PUB-2026-001");
    expect(published?.title_fr).toBe('=HYPERLINK("http://evil.example","click")');
    expect(document.tables.contributions?.[0]?.amount).toBe("1500000.50");
    expect(Object.keys(document.tables)).not.toContain("contacts");
    expect(Object.keys(document.tables)).not.toContain("committee_members");
    expect(Object.keys(document.tables)).not.toContain("meetings");
    for (const secret of [
      world.agreement.reference,
      "Samira",
      "samira.contact@example.org",
      "+212 600 11 22 33",
      "Karim Interne",
      "Nadia Public",
      "Décision interne",
      "internal note",
      "comment",
    ])
      expect(text).not.toContain(secret);
    // Only the approved value of the public agreement's indicator, as the public reads it.
    expect(document.tables.indicator_values?.map((row) => row.period)).toEqual(["2026-Q1"]);
  });
});

describe("the bound on exports made at once", () => {
  it("answers 503 with Retry-After, keeping nothing, when no export slot is free", async () => {
    await publishAgreement();
    const busy = createTestApp(handle.db, { exportSlots: buildSlots(0) });
    const refused = await busy.request("/api/v1/open-data/registry.json?lang=en");
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("30");
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("service_unavailable");
    expect(body.error.message).toMatch(/Too many exports/);

    // A slot free again: the file is made then.
    const slots = buildSlots(1);
    const release = slots.tryTake();
    const free = createTestApp(handle.db, { exportSlots: slots });
    expect((await free.request("/api/v1/open-data/csv/activities.csv")).status).toBe(503);
    release?.();
    const made = await free.request("/api/v1/open-data/csv/activities.csv");
    expect(made.status).toBe(200);
    await made.arrayBuffer();
    expect(slots.inUse()).toBe(0);
    // Kept: answered without a slot from now on, until the next public write.
    expect((await busy.request("/api/v1/open-data/csv/activities.csv")).status).toBe(200);
  });
});
