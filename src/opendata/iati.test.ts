import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization } from "../../test/factories.js";
import { buildActivity, buildIndicator, buildIndicatorValue } from "../../test/followup-factories.js";
import { TETOUAN } from "../../test/worlds.js";
import type { DatabaseHandle } from "../db/client.js";
import { agreements, organizations } from "../db/schema/index.js";
import { seedDemoContent } from "../imports/page-import.service.js";
import { systemActor } from "../shared/actor.js";
import { sourceFile } from "../shared/package-files.js";

/*
 * The IATI file, validated against the official IATI 2.03 activity schema (copied from
 * shared/reference into src/opendata/iati-2.03) with Debian's xmllint (libxml2-utils; CI
 * installs it), over a registry whose agreement has every field IATI carries filled.
 */
const XMLLINT = "/usr/bin/xmllint";
const hasXmllint = existsSync(XMLLINT);
const SCHEMA = sourceFile("opendata/iati-2.03/iati-activities-schema.xsd");

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let fullId: string;
let internalId: string;

/** xmllint's verdict: "" when the file validates, else its complaints. */
function schemaErrors(xml: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), "sharaka-iati-"));
  try {
    const file = path.join(folder, "activities.xml");
    writeFileSync(file, xml);
    execFileSync(XMLLINT, ["--noout", "--nonet", "--schema", SCHEMA, file], {
      encoding: "utf8",
      stdio: "pipe",
    });
    return "";
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** What xmllint reads of `xpath`'s string in the file, as a parser gives it to any reader. */
function readBack(xml: string, xpath: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), "sharaka-iati-"));
  try {
    const file = path.join(folder, "activities.xml");
    writeFileSync(file, xml);
    // Brackets around, so that a text's own line breaks and spaces are not taken for xmllint's.
    const read = execFileSync(XMLLINT, ["--nonet", "--xpath", `concat('[', string(${xpath}), ']')`, file], {
      encoding: "utf8",
    });
    return read.replace(/^\[/, "").replace(/\]\n?$/, "");
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  app = createTestApp(db);
  const funder = await buildOrganization(db, {
    kind: "ministry",
    name: { fr: "Ministère de l’Intérieur", ar: "وزارة الداخلية", en: "Ministry of the Interior" },
  });
  const university = await buildOrganization(db, { kind: "university" });
  const full = await buildAgreement(db, {
    reference: "AMPCPP-IATI-1",
    title: { fr: 'Formation des élus <& "locaux">', ar: "تكوين المنتخبين", en: "Training elected officials" },
    summary: { fr: "Un résumé", en: "A summary" },
    status: "in_force",
    visibility: "public",
    signedOn: "2024-03-10",
    effectiveOn: "2024-04-01",
    expiresOn: "2027-03-31",
    national: false,
    territoryCodes: [TETOUAN, "04.421"],
    themes: ["training", "decentralization", "research"],
    parties: [
      { organizationId: funder.id, role: "funder" },
      { organizationId: university.id, role: "implementing" },
    ],
    contributions: [{ organizationId: funder.id, amount: 1_500_000, currency: "MAD", nature: "cash" }],
  });
  fullId = full.id;
  await buildActivity(db, full.id, {
    status: "done",
    plannedEnd: "2025-06-30",
    actualEnd: "2025-06-28",
    budgetPlanned: "20000.00",
    budgetSpent: "18500.50",
  });
  await buildActivity(db, full.id, { status: "planned", plannedEnd: "2026-09-30", budgetPlanned: "5000.00" });
  const indicator = await buildIndicator(db, full.id, { baselineOn: "2024-04-01", targetOn: "2026-12-31" });
  await buildIndicatorValue(db, indicator.id, { period: "2025-Q1", value: "30" });
  await buildIndicatorValue(db, indicator.id, { period: "2025-Q2", value: "55", status: "submitted" });
  await buildAgreement(db, { status: "expired", visibility: "public", signedOn: "2019-01-01" });
  internalId = (
    await buildAgreement(db, { status: "in_force", visibility: "internal", signedOn: "2024-01-01" })
  ).id;
  // A draft (no signature, no dates) is not published.
  await buildAgreement(db, { reference: "DRAFT-NOT-IATI", visibility: "public" });
}, 120_000);

afterAll(async () => {
  await handle?.close();
});

describe("IATI 2.03 activities", () => {
  it.runIf(hasXmllint)(
    "validates against the official schema, every public signed agreement in it",
    async () => {
      const response = await app.request("/api/v1/open-data/iati-activities.xml");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/xml; charset=utf-8");
      const xml = await response.text();
      expect(schemaErrors(xml)).toBe("");
      expect(xml.match(/<iati-activity /g)).toHaveLength(2);
      expect(xml).not.toContain("DRAFT-NOT-IATI");
      expect(xml).toContain("<iati-identifier>XI-IATI-SHARAKA-TEST-AMPCPP-IATI-1</iati-identifier>");
    },
  );

  it.runIf(hasXmllint)(
    "says an agreement's parties, places, sectors, money and results in IATI's codes",
    async () => {
      const xml = await (await app.request(`/api/v1/open-data/iati-activities/${fullId}.xml`)).text();
      expect(schemaErrors(xml)).toBe("");
      // Escaped, in every language the title has.
      expect(xml).toContain('<narrative xml:lang="fr">Formation des élus &lt;&amp; "locaux"&gt;</narrative>');
      expect(xml).toContain('<narrative xml:lang="ar">تكوين المنتخبين</narrative>');
      expect(xml).toContain('<participating-org role="1" type="10">');
      expect(xml).toContain('<participating-org role="4" type="80">');
      expect(xml).toContain('<activity-status code="2"/>');
      expect(xml).toContain('<activity-date type="2" iso-date="2024-04-01"/>');
      expect(xml).toContain('<activity-date type="3" iso-date="2027-03-31"/>');
      expect(xml).toContain('<location ref="MA-HCP-01.571">');
      expect(xml).toContain('<sector vocabulary="1" code="11430" percentage="34"/>');
      expect(xml).toContain('<sector vocabulary="1" code="15112" percentage="33"/>');
      expect(xml).toMatch(
        /<transaction-type code="11"\/>\s*<transaction-date iso-date="2024-03-10"\/>\s*<value currency="MAD" value-date="2024-03-10">1500000.00<\/value>/,
      );
      expect(xml).toMatch(
        /<transaction-type code="4"\/>\s*<transaction-date iso-date="2025-12-31"\/>\s*<value currency="MAD" value-date="2025-12-31">18500.50<\/value>/,
      );
      expect(xml).toMatch(
        /<period-start iso-date="2026-01-01"\/>\s*<period-end iso-date="2026-12-31"\/>\s*<value currency="MAD" value-date="2026-01-01">5000.00<\/value>/,
      );
      // Approved values only: the submitted 55 is not published.
      expect(xml).toContain('<actual value="30"/>');
      expect(xml).not.toContain('<actual value="55"/>');
    },
  );

  it.runIf(hasXmllint)(
    "validates on the demo data (the association's page, as first start loads it)",
    async () => {
      const demo = await createTestDatabase();
      try {
        const text = readFileSync(sourceFile("demo/partnership-agreements.txt"), "utf8");
        await seedDemoContent({ db: demo.db, actor: systemActor, text });
        const response = await createTestApp(demo.db).request("/api/v1/open-data/iati-activities.xml");
        expect(response.status).toBe(200);
        const xml = await response.text();
        expect(schemaErrors(xml)).toBe("");
        expect(xml.match(/<iati-activity /g)?.length).toBeGreaterThan(0);
      } finally {
        await demo.close();
      }
    },
  );

  it.runIf(hasXmllint)(
    "carries hostile titles and organisation names as they are, but what XML 1.0 cannot hold",
    async () => {
      const hostile = await createTestDatabase();
      try {
        const db = hostile.db;
        // As stored, then as read back: without the characters XML 1.0 cannot hold, trimmed.
        const titles = {
          fr: [
            `Élus <script>alert("x")</script> & cités ]]> 'fin' \u0001\u0008\u000B\uFFFE!`,
            `Élus <script>alert("x")</script> & cités ]]> 'fin' !`,
          ],
          ar: ["تكوين «المنتخبين» & الشركاء <ج> ]]>", "تكوين «المنتخبين» & الشركاء <ج> ]]>"],
          en: [
            "Training 🎓👩🏽‍🏫 line\r\nnext\ttab &amp; \u001F\uFFFF",
            "Training 🎓👩🏽‍🏫 line\r\nnext\ttab &amp;",
          ],
        } as const;
        const names = {
          fr: ['Conseil <régional> & "Tanger" ]]>\u0002\u001F end', 'Conseil <régional> & "Tanger" ]]> end'],
          ar: ["مجلس جهة طنجة-تطوان-الحسيمة 🌍", "مجلس جهة طنجة-تطوان-الحسيمة 🌍"],
          en: [`Partners & co. "quoted" 'single' <tag/> \u000C`, `Partners & co. "quoted" 'single' <tag/>`],
        } as const;
        const stored = (texts: typeof titles | typeof names) => ({
          ar: texts.ar[0],
          fr: texts.fr[0],
          en: texts.en[0],
        });
        const funder = await buildOrganization(db, { kind: "foundation" });
        const agreement = await buildAgreement(db, {
          status: "in_force",
          visibility: "public",
          signedOn: "2024-01-01",
          parties: [{ organizationId: funder.id, role: "funder" }],
        });
        // Straight into the tables: the forms refuse control characters, older or imported rows may not.
        await db
          .update(agreements)
          .set({ title: stored(titles) })
          .where(eq(agreements.id, agreement.id));
        await db
          .update(organizations)
          .set({ name: stored(names) })
          .where(eq(organizations.id, funder.id));
        const hostileApp = createTestApp(db);
        const one = await (
          await hostileApp.request(`/api/v1/open-data/iati-activities/${agreement.id}`)
        ).text();
        const plain = await hostileApp.request("/api/v1/open-data/iati-activities.xml");
        const gzipped = await hostileApp.request("/api/v1/open-data/iati-activities.xml", {
          headers: { "accept-encoding": "gzip" },
        });
        expect(gzipped.headers.get("content-encoding")).toBe("gzip");
        const files = [one, await plain.text(), gunzipSync(await gzipped.arrayBuffer()).toString("utf8")];
        for (const xml of files) {
          expect(schemaErrors(xml)).toBe("");
          for (const lang of ["ar", "fr", "en"] as const) {
            const narrative = `narrative[@xml:lang='${lang}']`;
            expect(readBack(xml, `//iati-activity/title/${narrative}`)).toBe(titles[lang][1]);
            expect(readBack(xml, `//participating-org[@role='1']/${narrative}`)).toBe(names[lang][1]);
          }
        }
        expect(files[2]).toBe(files[1]);
      } finally {
        await hostile.close();
      }
    },
  );

  it("sends the whole registry gzipped to whoever takes it, and answers 304 to a client that has it", async () => {
    const url = "/api/v1/open-data/iati-activities.xml";
    const plain = await app.request(url, { headers: { "accept-encoding": "identity" } });
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(plain.headers.get("vary")).toBe("accept-encoding");
    const text = await plain.text();
    const etag = plain.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"iati-/);
    const gzipped = await app.request(url, { headers: { "accept-encoding": "br, gzip;q=0.8" } });
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    expect(gzipped.headers.get("etag")).toBe(etag);
    expect(gunzipSync(await gzipped.arrayBuffer()).toString("utf8")).toBe(text);
    const refused = await app.request(url, { headers: { "accept-encoding": "gzip;q=0" } });
    expect(refused.headers.get("content-encoding")).toBeNull();
    expect(await refused.text()).toBe(text);
    const unchanged = await app.request(url, { headers: { "if-none-match": etag } });
    expect(unchanged.status).toBe(304);
  });

  it("publishes no internal agreement, and says so as the API says any unknown record", async () => {
    const response = await app.request(`/api/v1/open-data/iati-activities/${internalId}.xml`);
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("not_found");
    expect((await app.request("/api/v1/open-data/iati-activities/not-an-id")).status).toBe(400);
  });

  it("is not offered until the association's IATI identifier is set", async () => {
    const unset = createTestApp(handle.db, { iatiOrganisationId: undefined });
    const response = await unset.request("/api/v1/open-data/iati-activities.xml");
    expect(response.status).toBe(404);
    expect((await response.json()).error.message).toContain("IATI_ORGANISATION_ID");
  });
});
