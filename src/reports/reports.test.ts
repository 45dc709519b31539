import { eq } from "drizzle-orm";
import { getDocumentProxy, getMeta } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization, buildUser } from "../../test/factories.js";
import {
  buildActivity,
  buildDecision,
  buildFollowUpAction,
  buildIndicator,
  buildIndicatorValue,
  buildMeeting,
} from "../../test/followup-factories.js";
import { signIn } from "../../test/session.js";
import { TETOUAN } from "../../test/worlds.js";
import { recordAuditEvent } from "../db/audit-events.js";
import type { DatabaseHandle } from "../db/client.js";
import { agreements } from "../db/schema/index.js";
import { systemActor } from "../shared/actor.js";
import { hasPdftotext, pdfText, pdfWords } from "./reports.test-support.js";

/*
 * The printed reports, read back from their PDF: what they say, in which language and
 * direction, and who may have them. A small registry whose figures are counted by hand:
 * two public agreements signed in 2025 (one with a contribution of 1 500 000 MAD), one public
 * signed in 2024, one internal signed in 2025 (with a committee meeting).
 */

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;
let sheetId: string;
let internalId: string;
let partnerId: string;
let meetingId: string;
let staffCookie: string;
let outsiderCookie: string;

const ARABIC_TITLE = "اتفاقية الشراكة في مجال التكوين";
const FRENCH_TITLE = "Convention de formation des élus #panic() *gras* $x$";

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  app = createTestApp(db);
  const university = await buildOrganization(db, {
    kind: "university",
    name: { fr: "Université Al Akhawayn", ar: "جامعة الأخوين", en: "Al Akhawayn University" },
  });
  partnerId = university.id;
  const parties = [{ organizationId: university.id, role: "signatory" as const }];
  const sheet = await buildAgreement(db, {
    reference: "AMPCPP-003",
    title: { ar: ARABIC_TITLE, fr: FRENCH_TITLE },
    status: "in_force",
    visibility: "public",
    signedOn: "2025-03-10",
    effectiveOn: "2025-04-01",
    expiresOn: "2028-03-31",
    national: false,
    territoryCodes: [TETOUAN],
    themes: ["training"],
    parties,
    objectives: [{ fr: "Former les élus à la planification", ar: "تكوين المنتخبين في التخطيط" }],
    contributions: [{ organizationId: university.id, amount: 1_500_000, currency: "MAD", nature: "cash" }],
  });
  sheetId = sheet.id;
  await buildActivity(db, sheet.id, {
    status: "done",
    title: { fr: "Atelier de Tétouan", ar: "ورشة تطوان" },
    plannedEnd: "2025-06-30",
    actualEnd: "2025-06-28",
  });
  const indicator = await buildIndicator(db, sheet.id);
  await buildIndicatorValue(db, indicator.id, { period: "2026-Q1", value: "40" });
  await buildAgreement(db, { status: "in_force", visibility: "public", signedOn: "2025-09-01", parties });
  await buildAgreement(db, { status: "expired", visibility: "public", signedOn: "2024-01-15", parties });
  const internal = await buildAgreement(db, {
    reference: "INT-2025",
    status: "in_force",
    visibility: "internal",
    signedOn: "2025-05-05",
    parties,
  });
  internalId = internal.id;
  const meeting = await buildMeeting(db, internal.id, { title: { fr: "Comité de pilotage annuel" } });
  meetingId = meeting.id;
  const decision = await buildDecision(db, meeting, { text: { fr: "Lancer la deuxième session" } });
  await buildFollowUpAction(db, internal.id, {
    decisionId: decision.id,
    description: { fr: "Réserver la salle de Tanger" },
  });
  const staff = await buildUser(db, { role: "secretariat" });
  const outsider = await buildUser(db, { role: "focal_point" });
  staffCookie = await signIn(app, staff.email);
  outsiderCookie = await signIn(app, outsider.email);
}, 120_000);

afterAll(async () => {
  await handle?.close();
});

const get = (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} });

async function pdfOf(path: string, cookie?: string): Promise<Uint8Array> {
  const response = await get(path, cookie);
  expect(response.status, path).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/pdf");
  expect(response.headers.get("content-disposition")).toMatch(/^inline; filename="[A-Za-z0-9._-]+\.pdf"$/);
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
  return bytes;
}

describe("an agreement's sheet", () => {
  it.runIf(hasPdftotext)(
    "says who, what and when in French, markup typed in a title shown as typed",
    async () => {
      const text = pdfText(await pdfOf(`/fr/agreements/${sheetId}.pdf`));
      expect(text).toContain(FRENCH_TITLE);
      expect(text).toContain("AMPCPP-003");
      expect(text).toContain("Université Al Akhawayn");
      expect(text).toContain("Former les élus à la planification");
      expect(text).toContain("10 mars 2025");
      expect(text).toMatch(/1[\s\u202F]500[\s\u202F]000,00[\s\u00A0]MAD/);
      expect(text).toContain("Atelier de Tétouan");
      // Every page: the association (here, none yet: the site's name), the data's date, page numbers.
      expect(text).toMatch(/Données au \d{1,2} \S+ \d{4}/);
      expect(text).toMatch(/Page 1 sur \d/);
    },
  );

  it.runIf(hasPdftotext)(
    "is laid out right to left in Arabic, its numbers kept in reading order",
    async () => {
      const pdf = await pdfOf(`/ar/agreements/${sheetId}.pdf`);
      const text = pdfText(pdf);
      expect(text).toMatch(/1[\s\u202F]500[\s\u202F]000,00/);
      expect(text).not.toMatch(/00,000[\s\u202F]500[\s\u202F]1/);
      expect(text).toContain("AMPCPP-003");
      // The document's information (its title as readers' tools list it) is in logical order.
      const { info } = await getMeta(await getDocumentProxy(pdf.slice()));
      expect(info.Title).toBe(ARABIC_TITLE);
      expect(info.Language).toBe("ar");
      // The reference under the title starts near the right margin in Arabic, the left one in French.
      const arabic = pdfWords(pdf).find((entry) => entry.word.startsWith("AMPCPP-003"));
      const french = pdfWords(await pdfOf(`/fr/agreements/${sheetId}.pdf`)).find((entry) =>
        entry.word.startsWith("AMPCPP-003"),
      );
      expect(french?.xMin).toBeLessThan(100);
      expect(arabic?.xMin).toBeGreaterThan(300);
    },
  );

  it("answers an internal agreement's sheet only to those who may read it", async () => {
    expect((await get(`/fr/agreements/${internalId}.pdf`)).status).toBe(404);
    expect((await get(`/fr/agreements/${internalId}.pdf`, staffCookie)).status).toBe(404);
    await pdfOf(`/fr/workspace/agreements/${internalId}.pdf`, staffCookie);
    expect((await get(`/fr/workspace/agreements/${internalId}.pdf`, outsiderCookie)).status).toBe(404);
    const anonymous = await get(`/fr/workspace/agreements/${internalId}.pdf`);
    expect(anonymous.status).toBe(303);
  });

  it("answers an unknown or malformed agreement with the site's 404 page", async () => {
    for (const path of [
      "/fr/agreements/00000000-0000-4000-8000-000000000000.pdf",
      "/fr/agreements/not-an-id.pdf",
      "/ar/agreements/.pdf",
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("content-type")).toContain("text/html");
    }
  });
});

describe("a report already laid out", () => {
  it.runIf(hasPdftotext)("is kept until a write raises the registry's generation", async () => {
    // A registry of its own: the other reports here count every agreement.
    const own = await createTestDatabase();
    const db = own.db;
    const ownApp = createTestApp(db);
    const pdfOf = async (path: string) => {
      const response = await ownApp.request(path);
      expect(response.headers.get("content-type")).toBe("application/pdf");
      return new Uint8Array(await response.arrayBuffer());
    };
    const agreement = await buildAgreement(db, {
      title: { fr: "Convention gardée en mémoire" },
      status: "in_force",
      visibility: "public",
      signedOn: "2025-05-02",
    });
    const path = `/fr/agreements/${agreement.id}.pdf`;
    const first = await pdfOf(path);
    // The same bytes, its "data as of" moment included: laid out once.
    expect(await pdfOf(path)).toEqual(first);
    await db
      .update(agreements)
      .set({ title: { fr: "Convention au titre changé" } })
      .where(eq(agreements.id, agreement.id));
    // Written outside any service: no event, the same generation, the kept sheet still answers.
    expect(await pdfOf(path)).toEqual(first);
    await recordAuditEvent({
      db,
      actor: systemActor,
      action: "agreement.update",
      entityType: "agreement",
      entityId: agreement.id,
    });
    const changed = pdfText(await pdfOf(path));
    expect(changed).toContain("Convention au titre changé");
    expect(changed).not.toContain("Convention gardée en mémoire");
    await own.close();
  });
});

describe("the annual report", () => {
  it.runIf(hasPdftotext)(
    "counts the year's public agreements for the public, all for the staff",
    async () => {
      const publicText = pdfText(await pdfOf("/fr/reports/2025.pdf"));
      expect(publicText).toContain("Rapport annuel 2025");
      expect(publicText).toContain("Édition publique");
      // Signed in 2025: two public; in force during 2025: those two and the 2024 one still running.
      expect(publicText).toContain(
        "En 2025 : 2 conventions signées, 3 en vigueur pendant l’année, 0 arrivée à échéance.",
      );
      expect(publicText).toContain("AMPCPP-003");
      expect(publicText).not.toContain("INT-2025");
      const staffText = pdfText(await pdfOf("/fr/workspace/reports/2025.pdf", staffCookie));
      expect(staffText).toContain(
        "En 2025 : 3 conventions signées, 4 en vigueur pendant l’année, 0 arrivée à échéance.",
      );
      expect(staffText).toContain("INT-2025");
    },
  );

  it("is not found for a year outside the data or that is no year", async () => {
    for (const path of [
      "/fr/reports/2023.pdf",
      "/fr/reports/2999.pdf",
      "/fr/reports/20x5.pdf",
      "/fr/reports/02025.pdf",
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
  });
});

describe("partners' and territories' reports", () => {
  it.runIf(hasPdftotext)("lists a partner's public agreements, and the territory's", async () => {
    const partner = pdfText(await pdfOf(`/fr/partners/${partnerId}.pdf`));
    expect(partner).toContain("Conventions avec Université Al Akhawayn");
    expect(partner).toContain("AMPCPP-003");
    expect(partner).not.toContain("INT-2025");
    const territory = pdfText(await pdfOf(`/en/territories/${TETOUAN}.pdf`));
    expect(territory).toContain("AMPCPP-003");
  });

  it("answers unknown partners and territories with 404", async () => {
    expect((await get("/fr/partners/00000000-0000-4000-8000-000000000000.pdf")).status).toBe(404);
    expect((await get("/fr/territories/99.999.pdf")).status).toBe(404);
    expect((await get("/fr/territories/<script>.pdf")).status).toBe(404);
  });
});

describe("a meeting's minutes", () => {
  it.runIf(hasPdftotext)("give the decisions and their actions to the committee's readers", async () => {
    const text = pdfText(await pdfOf(`/fr/workspace/meetings/${meetingId}.pdf`, staffCookie));
    expect(text).toContain("Procès-verbal : Comité de pilotage annuel");
    expect(text).toContain("Lancer la deuxième session");
    expect(text).toContain("Réserver la salle de Tanger");
  });

  it("are refused to anyone else, and exist only in the workspace", async () => {
    expect((await get(`/fr/workspace/meetings/${meetingId}.pdf`, outsiderCookie)).status).toBe(404);
    expect((await get(`/fr/meetings/${meetingId}.pdf`)).status).toBe(404);
  });
});
