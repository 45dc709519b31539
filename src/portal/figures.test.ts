import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../../test/app.js";
import { createTestDatabase } from "../../test/database.js";
import { buildAgreement, buildOrganization } from "../../test/factories.js";
import { buildActivity } from "../../test/followup-factories.js";
import { all, byRole, parse, textOf } from "../../test/html.js";
import type { DatabaseHandle } from "../db/client.js";
import { placeActivity, recordAttendance } from "../progress/progress.test-support.js";
import { formatNumber, translator } from "../shared/i18n.js";
import { currentPublicFigures, publicFigures } from "./figures.queries.js";
import { figuresSummary } from "./figures.views.js";

/*
 * The portal's "in figures" page over a small registry whose every figure is counted by hand
 * below: three public agreements and one internal one (never counted).
 */

let handle: DatabaseHandle;
let app: ReturnType<typeof createTestApp>;

beforeAll(async () => {
  handle = await createTestDatabase();
  const db = handle.db;
  app = createTestApp(db);
  const university = await buildOrganization(db, { kind: "university" });
  const ngo = await buildOrganization(db, { kind: "association" });
  const signed = { status: "in_force" as const, visibility: "public" as const };
  const a = await buildAgreement(db, {
    ...signed,
    kind: "partnership",
    themes: ["research", "training"],
    signedOn: "2023-05-10",
    parties: [{ organizationId: university.id, role: "signatory" }],
  });
  const b = await buildAgreement(db, {
    ...signed,
    kind: "partnership",
    themes: ["training"],
    signedOn: "2024-02-01",
    parties: [
      { organizationId: university.id, role: "signatory" },
      { organizationId: ngo.id, role: "signatory" },
    ],
  });
  await buildAgreement(db, {
    kind: "framework",
    themes: ["governance"],
    visibility: "public",
    parties: [{ organizationId: ngo.id, role: "signatory" }],
  });
  const hidden = await buildAgreement(db, {
    ...signed,
    visibility: "internal",
    kind: "framework",
    themes: ["training"],
    signedOn: "2024-06-01",
  });
  // Done in Tanger and Tétouan (one region: counted once), done in Rabat, ongoing, cancelled.
  const north = await buildActivity(db, a.id, {
    status: "done",
    budgetPlanned: "1000.00",
    budgetSpent: "900.00",
  });
  await placeActivity(db, north.id, ["01.511", "01.571"]);
  const rabat = await buildActivity(db, b.id, {
    status: "done",
    budgetPlanned: "2000.00",
    budgetSpent: "2500.00",
  });
  await placeActivity(db, rabat.id, ["04.421"]);
  await buildActivity(db, b.id, { status: "ongoing", budgetPlanned: "500.00", budgetSpent: "100.00" });
  await buildActivity(db, b.id, { status: "cancelled", budgetPlanned: "9999.00", budgetSpent: "0.00" });
  await recordAttendance(db, north.id, "01.511");
  await recordAttendance(db, north.id, "01.571");
  await recordAttendance(db, rabat.id, "01.511");
  // The internal agreement's activity counts nowhere.
  const secret = await buildActivity(db, hidden.id, {
    status: "done",
    budgetPlanned: "7.00",
    budgetSpent: "7.00",
  });
  await placeActivity(db, secret.id, ["04.421"]);
  await recordAttendance(db, secret.id, "04.421");
});
afterAll(async () => {
  await handle?.close();
});

describe("the public figures", () => {
  it("counts the public agreements and their activities, as worked out by hand", async () => {
    const figures = await publicFigures({ db: handle.db });
    expect(figures.agreements).toBe(3);
    expect(figures.byKind).toEqual([
      { key: "partnership", count: 2 },
      { key: "framework", count: 1 },
    ]);
    // training: a and b; research: a; governance: the draft.
    expect(figures.byTheme).toEqual([
      { key: "training", count: 2 },
      { key: "governance", count: 1 },
      { key: "research", count: 1 },
    ]);
    // university: a and b; association: b and the draft.
    expect(figures.byPartnerKind).toEqual([
      { key: "association", count: 2 },
      { key: "university", count: 2 },
    ]);
    expect(figures.byYear).toEqual([
      { year: 2023, count: 1 },
      { year: 2024, count: 1 },
    ]);
    expect(figures.activitiesByRegion.map((row) => [row.code, row.count])).toEqual([
      ["01", 1],
      ["04", 1],
    ]);
    expect(figures.activitiesDone).toBe(2);
    // Not cancelled: 1000 + 2000 + 500 planned; 900 + 2500 + 100 spent.
    expect(figures.budget).toEqual({ planned: 3500, spent: 3500 });
    // Tanger twice and Tétouan once: 2 territories, 3 attendances, of 75.
    expect(figures.presidents).toEqual({ territories: 2, attendances: 3, of: 75 });
  });

  it("shows each breakdown as a chart and, beside it, a table of the same figures, in each language", async () => {
    for (const lang of ["fr", "ar", "en"] as const) {
      const t = translator(lang);
      const response = await app.request(`/${lang}/figures`);
      expect(response.status).toBe(200);
      const html = await response.text();
      const page = parse(html);
      expect(textOf(all(page, "h1")[0])).toBe(t("figures.title"));
      expect(all(page, "svg.figure-chart")).toHaveLength(5);
      // Safe to inline under the CSP: no style element or attribute, hidden from assistive technology.
      expect(html).not.toMatch(/<style|\sstyle="/);
      expect(all(page, "svg.figure-chart[aria-hidden=true]")).toHaveLength(5);
      const themes = byRole(page, "table", t("figures.byTheme"));
      expect(all(themes, "tbody tr").map((row) => all(row, "th, td").map((cell) => textOf(cell)))).toEqual([
        [t("theme.training"), formatNumber(lang, 2)],
        [t("theme.governance"), formatNumber(lang, 1)],
        [t("theme.research"), formatNumber(lang, 1)],
      ]);
      expect(all(page, `nav a[href="/${lang}/figures"][aria-current="page"]`)).toHaveLength(1);
    }
  });

  it("says each count of its summary in that count's plural form", () => {
    const summary = (lang: "ar" | "fr" | "en", agreements: number, activitiesDone: number, regions: number) =>
      figuresSummary(lang, translator(lang), {
        agreements,
        activitiesDone,
        activitiesByRegion: Array.from({ length: regions }, (_, index) => ({
          code: String(index),
          name: { fr: "" },
          count: 1,
        })),
      });
    expect(summary("fr", 1, 1, 1)).toBe("1 convention publique ; 1 activité réalisée, dans 1 région.");
    expect(summary("fr", 0, 2, 12)).toBe("0 convention publique ; 2 activités réalisées, dans 12 régions.");
    expect(summary("en", 1, 0, 2)).toBe("1 public agreement; 0 activities carried out, in 2 regions.");
    expect(summary("ar", 1, 2, 3)).toBe("اتفاقية عمومية واحدة؛ نشاطان منجزان في 3 جهات.");
    expect(summary("ar", 11, 100, 2)).toBe("11 اتفاقية عمومية؛ 100 نشاط منجز في جهتين.");
  });

  it("counts again after a write that changes the registry, and not before", async () => {
    const before = await currentPublicFigures({ db: handle.db });
    expect(await currentPublicFigures({ db: handle.db })).toBe(before);
    // Created through the service: an audited write raises the registry's generation.
    await buildAgreement(handle.db, { visibility: "public", kind: "framework" });
    const after = await currentPublicFigures({ db: handle.db });
    expect(after).not.toBe(before);
    expect(after.agreements).toBe(before.agreements + 1);
  });
});
