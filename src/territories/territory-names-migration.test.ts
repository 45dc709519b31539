import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseBefore, type EarlierDatabase } from "../../test/earlier-database.js";
import { queryRows } from "../db/rows.js";

/*
 * A database whose territories were loaded before they had English names (migrations up to
 * 0020), migrated to today: the reference territories gain their English names, a name someone
 * had already given in English stays, and a territory outside the reference is left alone.
 */

let earlier: EarlierDatabase;

beforeAll(async () => {
  earlier = await databaseBefore("_territory_english_names");
});

afterAll(() => earlier?.dispose());

describe("the migration that names the territories in English", () => {
  it("adds each reference territory's English names and keeps any given before", async () => {
    const { db } = earlier.handle;
    await db.execute(sql`insert into territories (code, kind, name, full_name, region_code, valid_from) values
      ('01', 'region', '{"fr": "Tanger-Tétouan-Al Hoceïma", "ar": "طنجة-تطوان-الحسيمة"}',
        '{"fr": "Région de Tanger-Tétouan-Al Hoceïma", "ar": "جهة طنجة-تطوان-الحسيمة"}', null, '2015-03-05'),
      ('01.571', 'province', '{"fr": "Tétouan", "ar": "تطوان"}',
        '{"fr": "Province de Tétouan", "ar": "إقليم تطوان"}', '01', '2015-03-05'),
      ('03.231', 'prefecture', '{"fr": "Fès", "ar": "فاس", "en": "Fes"}',
        '{"fr": "Préfecture de Fès", "ar": "عمالة فاس", "en": "Fes Prefecture"}', null, '2015-03-05'),
      ('99.001', 'province', '{"fr": "Ailleurs"}', '{"fr": "Province d''Ailleurs"}', null, '2015-03-05')`);
    await earlier.handle.migrate();

    const rows = await queryRows<{
      code: string;
      name: Record<string, string>;
      full_name: Record<string, string>;
    }>(db, sql`select code, name, full_name from territories order by code`);
    expect(rows).toEqual([
      {
        code: "01",
        name: { fr: "Tanger-Tétouan-Al Hoceïma", ar: "طنجة-تطوان-الحسيمة", en: "Tangier-Tetouan-Al Hoceima" },
        full_name: {
          fr: "Région de Tanger-Tétouan-Al Hoceïma",
          ar: "جهة طنجة-تطوان-الحسيمة",
          en: "Tangier-Tetouan-Al Hoceima Region",
        },
      },
      {
        code: "01.571",
        name: { fr: "Tétouan", ar: "تطوان", en: "Tetouan" },
        full_name: { fr: "Province de Tétouan", ar: "إقليم تطوان", en: "Tetouan Province" },
      },
      {
        code: "03.231",
        name: { fr: "Fès", ar: "فاس", en: "Fes" },
        full_name: { fr: "Préfecture de Fès", ar: "عمالة فاس", en: "Fes Prefecture" },
      },
      { code: "99.001", name: { fr: "Ailleurs" }, full_name: { fr: "Province d'Ailleurs" } },
    ]);
  });
});
