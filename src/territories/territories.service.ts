import { readFileSync } from "node:fs";
import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { keptPerGeneration } from "../db/registry-generation.js";
import { type TerritoryKind, territories } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { notFound } from "../shared/errors.js";
import { sourceFile } from "../shared/package-files.js";
import { assertCanWriteTerritories } from "./territories.policy.js";

interface ReferenceRecord {
  code: string;
  kind: TerritoryKind;
  name_fr: string;
  name_ar: string;
  name_en: string;
  name_fr_full: string;
  name_ar_full: string;
  name_en_full: string;
  region_code: string | null;
  iso_3166_2: string;
  population_2024: number;
  /** other spellings in use, by language */
  variants?: Partial<Record<"ar" | "fr" | "en", string[]>>;
}

/** The 2015 division (decree 2-15-40), in force since the 2015 regional elections. */
const DIVISION_EFFECTIVE_FROM = "2015-03-05";

export const territoryAttribution =
  "Territorial codes and names: Haut-Commissariat au Plan (HCP), RGPH 2024, reused on CC BY 4.0 terms; Nador's Arabic name corrected; English names are ours (the French forms, with English exonyms such as Tangier, Fez, Meknes, Marrakesh).";

let cachedReference: ReferenceRecord[] | undefined;
export function referenceTerritories(): ReferenceRecord[] {
  cachedReference ??= JSON.parse(
    readFileSync(sourceFile("territories/data/territories.json"), "utf8"),
  ) as ReferenceRecord[];
  return cachedReference;
}

/** Inserts the reference territories that are missing; never overwrites an edited record. */
export async function loadReferenceTerritories({
  db,
  actor,
}: {
  db: Executor;
  actor: Actor;
}): Promise<number> {
  assertCanWriteTerritories(actor);
  const rows = referenceTerritories().map((record) => ({
    code: record.code,
    kind: record.kind,
    name: { ar: record.name_ar, fr: record.name_fr, en: record.name_en },
    fullName: { ar: record.name_ar_full, fr: record.name_fr_full, en: record.name_en_full },
    regionCode: record.region_code,
    iso3166_2: record.iso_3166_2,
    population2024: record.population_2024,
    validFrom: DIVISION_EFFECTIVE_FROM,
  }));
  const inserted = await db
    .insert(territories)
    .values(rows)
    .onConflictDoNothing()
    .returning({ code: territories.code });
  if (inserted.length) {
    await recordAuditEvent({
      db,
      actor,
      action: "territories.load",
      entityType: "territory",
      entityId: "reference",
      after: { codes: inserted.map((row) => row.code), source: "HCP RGPH 2024" },
    });
  }
  return inserted.length;
}

export type TerritoryRow = typeof territories.$inferSelect;

/**
 * The territories, by code, as the reference data holds them (87 rows that change only with the
 * reference data): kept until a write, for the filters and pickers nearly every page renders.
 */
export async function listTerritories({
  db,
  kind,
  regionCode,
  onDate,
}: {
  db: Executor;
  kind?: TerritoryKind;
  regionCode?: string;
  onDate?: string;
}): Promise<TerritoryRow[]> {
  // A copy: a caller may sort or filter the list it gets in place.
  return [...(await keptTerritories(db, { kind, regionCode, onDate }))];
}

const keptTerritories = keptPerGeneration(
  (db, { kind, regionCode, onDate }: { kind?: TerritoryKind; regionCode?: string; onDate?: string }) => {
    const conditions = [];
    if (kind) conditions.push(eq(territories.kind, kind));
    if (regionCode) conditions.push(eq(territories.regionCode, regionCode));
    if (onDate) {
      conditions.push(sql`${territories.validFrom} <= ${onDate}`);
      conditions.push(or(isNull(territories.validTo), sql`${territories.validTo} > ${onDate}`));
    }
    return db
      .select()
      .from(territories)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(asc(territories.code));
  },
  (key) => JSON.stringify([key.kind, key.regionCode, key.onDate]),
  { maxSize: 200, sizeOf: () => 1 },
);

export async function getTerritory({ db, code }: { db: Executor; code: string }): Promise<TerritoryRow> {
  const [row] = await db.select().from(territories).where(eq(territories.code, code));
  if (!row) throw notFound("Territory", code);
  return row;
}
