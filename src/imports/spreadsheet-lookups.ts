/**
 * How the spreadsheet import finds what a cell names: an organisation by its name in any
 * language or its acronym (the database's and the file's own), a territory by its HCP code, its
 * ISO 3166-2 code or its name in ar, fr or en, variants included (territories.json).
 */

import type { Executor } from "../db/client.js";
import { organizations, territories } from "../db/schema/index.js";
import { normalizeName } from "../partners/organizations.service.js";
import type { LocalizedText } from "../shared/localized.js";
import { referenceTerritories } from "../territories/territories.service.js";
import { foldLabel } from "./spreadsheet-values.js";

export type Found = { ok: true; key: string } | { ok: false; why: "unknown" | "ambiguous" };

/** Names (folded) → the keys of what bears them; a name two records bear is ambiguous. */
export class NameIndex {
  private readonly keys = new Map<string, Set<string>>();

  add(name: string | null | undefined, key: string): void {
    if (!name) return;
    for (const folded of new Set([foldLabel(name), normalizeName(name)])) {
      if (!folded) continue;
      const set = this.keys.get(folded) ?? new Set();
      set.add(key);
      this.keys.set(folded, set);
    }
  }

  /** Forgets a key under every name (an organisation the file renames). */
  remove(key: string): void {
    for (const set of this.keys.values()) set.delete(key);
  }

  find(name: string): Found {
    const set = this.keys.get(foldLabel(name)) ?? this.keys.get(normalizeName(name));
    if (!set?.size) return { ok: false, why: "unknown" };
    if (set.size > 1) return { ok: false, why: "ambiguous" };
    return { ok: true, key: [...set][0] as string };
  }
}

export interface StoredOrganization {
  id: string;
  kind: string;
  name: LocalizedText;
  acronym: string | null;
  website: string | null;
  version: number;
}

export async function loadOrganizationIndex(db: Executor) {
  const rows: StoredOrganization[] = await db
    .select({
      id: organizations.id,
      kind: organizations.kind,
      name: organizations.name,
      acronym: organizations.acronym,
      website: organizations.website,
      version: organizations.version,
    })
    .from(organizations);
  const index = new NameIndex();
  for (const row of rows) {
    for (const name of Object.values(row.name)) index.add(name, row.id);
    index.add(row.acronym, row.id);
  }
  return { byId: new Map(rows.map((row) => [row.id, row])), index };
}

/** Every territory's codes and names, the reference file's variants included. */
export async function loadTerritoryIndex(db: Executor): Promise<NameIndex> {
  const rows = await db
    .select({
      code: territories.code,
      name: territories.name,
      fullName: territories.fullName,
      iso: territories.iso3166_2,
    })
    .from(territories);
  const index = new NameIndex();
  const known = new Set(rows.map((row) => row.code));
  for (const row of rows) {
    index.add(row.code, row.code);
    index.add(row.iso, row.code);
    for (const name of [...Object.values(row.name), ...Object.values(row.fullName)])
      index.add(name, row.code);
  }
  for (const record of referenceTerritories() as unknown as {
    code: string;
    variants?: Record<string, string[]>;
  }[]) {
    if (!known.has(record.code)) continue;
    for (const names of Object.values(record.variants ?? {}))
      for (const name of names) index.add(name, record.code);
  }
  return index;
}
