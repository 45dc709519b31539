import { inArray, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { ExportedAgreement } from "../agreements/agreements.queries.js";
import type { Executor } from "../db/client.js";
import type { Actor } from "../shared/actor.js";
import type { Language, LocalizedText } from "../shared/localized.js";

/**
 * A row as the sheet readers give it, by column key: text, a YYYY-MM-DD date, an amount as its
 * decimal string, an integer, a boolean, a list, or nothing. The writers turn each into a cell
 * by its column's type (spreadsheet-cells.ts).
 */
export type CellValue = string | number | boolean | null | readonly string[];
export type SheetRow = Record<string, CellValue>;

/** A batch of agreements, in the export's order, read together for one sheet. */
export interface SheetBatch {
  db: Executor;
  /** the reader (the anonymous public for a public export) */
  actor: Actor;
  lang: Language;
  agreements: readonly ExportedAgreement[];
  /** the public export: no column or row whose audience is "inside" */
  publicOnly: boolean;
}

export type SheetReader = (batch: SheetBatch) => Promise<SheetRow[]>;

/** A multilingual field as its three columns (`title_ar`, `title_fr`, `title_en`). */
export function localizedCells(field: string, value: LocalizedText | null | undefined): SheetRow {
  return {
    [`${field}_ar`]: value?.ar ?? null,
    [`${field}_fr`]: value?.fr ?? null,
    [`${field}_en`]: value?.en ?? null,
  };
}

const nameOrder: Record<Language, Language[]> = {
  ar: ["ar", "fr", "en"],
  fr: ["fr", "ar", "en"],
  en: ["en", "fr", "ar"],
};

/**
 * How a cell names an organisation: its name in the workbook's language, else in another one.
 * The organisations sheet holds every language's name, which the import matches.
 */
export function organizationCell(name: LocalizedText | null | undefined, lang: Language): string | null {
  if (!name) return null;
  for (const language of nameOrder[lang]) {
    const text = name[language];
    if (text) return text;
  }
  return null;
}

/**
 * How the rows of a kind are numbered within their agreement (or meeting, for decisions): the
 * `number` column of their sheet and what other sheets point to (plan_number, objective_number…).
 * One definition per kind, so that a row and the rows pointing to it always agree.
 */
export interface Numbering {
  table: PgTable;
  id: AnyPgColumn;
  agreementId: AnyPgColumn;
  partition: AnyPgColumn;
  order: SQL;
}

export const numberSql = (numbering: Numbering): SQL<number> =>
  sql<number>`row_number() over (partition by ${numbering.partition} order by ${numbering.order})`.mapWith(
    Number,
  );

/** Each row's number, by id, for the rows of these agreements. */
export async function loadNumbers(
  db: Executor,
  numbering: Numbering,
  agreementIds: readonly string[],
): Promise<Map<string, number>> {
  if (!agreementIds.length) return new Map();
  const rows = await db
    .select({ id: sql<string>`${numbering.id}`, number: numberSql(numbering) })
    .from(numbering.table)
    .where(inArray(numbering.agreementId, [...agreementIds]));
  return new Map(rows.map((row) => [row.id, row.number]));
}

/** Each record's number within its scope (its agreement, or a decision's meeting), as the export writes it. */
export async function loadNumberedRecords(
  db: Executor,
  numbering: Numbering,
  agreementIds: readonly string[],
): Promise<{ id: string; scope: string; number: number }[]> {
  if (!agreementIds.length) return [];
  return db
    .select({
      id: sql<string>`${numbering.id}`,
      scope: sql<string>`${numbering.partition}`,
      number: numberSql(numbering),
    })
    .from(numbering.table)
    .where(inArray(numbering.agreementId, [...agreementIds]));
}

/** Sorts rows by their agreement's place in the batch, then by `within` (their own number…). */
export function inBatchOrder<T extends { agreementId: string }>(
  batch: SheetBatch,
  rows: T[],
  within: (row: T) => number | string,
): T[] {
  const place = new Map(batch.agreements.map((agreement, index) => [agreement.id, index]));
  return rows.sort((a, b) => {
    const byAgreement = (place.get(a.agreementId) ?? 0) - (place.get(b.agreementId) ?? 0);
    if (byAgreement) return byAgreement;
    const x = within(a);
    const y = within(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

export const idsOf = (batch: SheetBatch): string[] => batch.agreements.map((agreement) => agreement.id);
export const insideIdsOf = (batch: SheetBatch): string[] =>
  batch.publicOnly ? [] : batch.agreements.filter((agreement) => agreement.seesInside).map((a) => a.id);
export const referenceOf = (batch: SheetBatch): Map<string, string> =>
  new Map(batch.agreements.map((agreement) => [agreement.id, agreement.reference]));
