import { date, index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import type { LocalizedText } from "./common.js";

export const territoryKinds = ["region", "prefecture", "province"] as const;
export type TerritoryKind = (typeof territoryKinds)[number];

/** Reference data from the HCP (see src/territories/data/): regions, prefectures, provinces. */
export const territories = pgTable(
  "territories",
  {
    code: text("code").primaryKey(),
    kind: text("kind").$type<TerritoryKind>().notNull(),
    name: jsonb("name").$type<LocalizedText>().notNull(),
    fullName: jsonb("full_name").$type<LocalizedText>().notNull(),
    regionCode: text("region_code"),
    iso3166_2: text("iso_3166_2"),
    population2024: integer("population_2024"),
    /** a redistricting closes a territory and opens new ones; history keeps pointing at the old code */
    validFrom: date("valid_from").notNull(),
    validTo: date("valid_to"),
    /** raised by every edit of its names (a translation), so that a stale edit is refused */
    version: integer("version").notNull().default(1),
  },
  (t) => [index("territories_region_idx").on(t.regionCode)],
);
