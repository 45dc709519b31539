/**
 * The follow-up sheets applied (issue #14), once the file's organisations and agreements are
 * written, in the workbook's order (a sheet only points to sheets before it): each row is matched
 * to a stored record of its agreement by the id the export wrote, when this database knows it,
 * else by its natural key (its number within the agreement, as the export numbers the records;
 * a value by indicator and period; an action by decision and description); a matched record the
 * row would not change is left alone, a changed one goes through its module's update service, the
 * sheet's new ones through its service that makes many at once, each with an audit event naming
 * the file.
 */
import type { Executor } from "../db/client.js";
import type { Actor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import type { SheetKey } from "../spreadsheets/spreadsheet-layout.js";
import { objectiveNumbering } from "../spreadsheets/spreadsheet-registry.queries.js";
import { loadNumberedRecords, type Numbering } from "../spreadsheets/spreadsheet-rows.js";
import { holds } from "./spreadsheet-import.same.js";
import { type TypedRow, text } from "./spreadsheet-rows.js";
import type { SheetProblem } from "./spreadsheet-sheets.js";

/** The follow-up sheets, in the order they are applied. */
export const followUpSheets: readonly SheetKey[] = [
  "action_plans",
  "activities",
  "indicators",
  "indicator_values",
  "committee_members",
  "meetings",
  "decisions",
  "follow_up_actions",
];

export type Outcome = "created" | "updated" | "unchanged";

/** A stored record as a kind compares it: the service input that would save it as it is. */
export interface StoredRecord {
  id: string;
  agreementId: string;
  /** its natural key, made as `FollowUpKind.key` makes a row's */
  key: string;
  version: number;
  current: Record<string, unknown>;
}

export interface FollowUpContext {
  tx: Executor;
  actor: Actor;
  source: string;
  /** the organisation id or territory code(s) a cell named */
  found(row: TypedRow, column: string): string | string[] | undefined;
  /**
   * The record a cell numbers (`plan_number`, `objective_numbers`…): the file's row of that
   * number, else the stored record the export numbers so. Reported when there is none.
   */
  idOf(
    row: TypedRow,
    column: string,
    sheet: SheetKey,
    scope: string,
    number: string | number,
  ): Promise<string | undefined>;
  report(
    row: TypedRow,
    column: string | undefined,
    reason: string,
    values?: Record<string, string | number>,
  ): void;
  /** how many rows of this sheet gave the same key before (0 the first time) */
  nth(key: string): number;
}

export interface FollowUpKind {
  sheet: SheetKey;
  /** how the export numbers its records, when other rows point to them by number */
  numbering?: Numbering;
  load(ctx: FollowUpContext, agreementIds: string[]): Promise<StoredRecord[]>;
  /** the row's natural key within its agreement (undefined: a problem was reported) */
  key(ctx: FollowUpContext, row: TypedRow, agreementId: string): Promise<string | undefined>;
  /** the service input the row asks for (undefined: a problem was reported) */
  wanted(
    ctx: FollowUpContext,
    row: TypedRow,
    agreementId: string,
  ): Promise<Record<string, unknown> | undefined>;
  /**
   * Creates the sheet's new records together (a statement per few hundred instead of several per
   * record): each answered with its id or its service's refusal. The records of one sheet never
   * point to each other, so they can wait for the sheet's end.
   */
  createMany(
    ctx: FollowUpContext,
    items: { agreementId: string; wanted: Record<string, unknown> }[],
  ): Promise<({ id: string; error?: undefined } | { id?: undefined; error: unknown })[]>;
  update(ctx: FollowUpContext, stored: StoredRecord, wanted: Record<string, unknown>): Promise<void>;
  /** service fields → the column a refusal is reported on */
  columns?: Record<string, string>;
}

/** A row's number cell as a whole number, or undefined (reported) when it is not one. */
export function rowNumber(ctx: FollowUpContext, row: TypedRow, column: string): number | undefined {
  const value = row.values.get(column);
  const number = typeof value === "number" ? value : Number(String(value ?? "").trim());
  if (value === undefined || !Number.isInteger(number) || number < 1) {
    ctx.report(row, column, value === undefined ? "required" : "notAWholeNumber");
    return undefined;
  }
  return number;
}

/** The services' refusals as problems of the row, in the reader's language where they have a reason. */
export function refusalProblems(
  row: TypedRow,
  error: unknown,
  columns: Record<string, string> = {},
): SheetProblem[] {
  if (!(error instanceof AppError) || error.httpStatus >= 500) throw error;
  const at = { sheet: row.sheet, row: row.number };
  if (!error.issues.length) return [{ ...at, reason: "refusedByRules", values: { detail: error.message } }];
  return error.issues.map((issue): SheetProblem => {
    const column = columns[issue.field.split(".")[0] ?? ""];
    const where = { ...at, ...(column ? { column } : {}) };
    if (issue.reason?.includes("."))
      return { ...where, reason: issue.reason, values: { ...(issue.values ?? {}), message: issue.message } };
    return { ...where, reason: "refusedByRules", values: { detail: `${issue.field}: ${issue.message}` } };
  });
}

/** Applies every follow-up sheet; the outcome of each row applied, and the problems met. */
export async function applyFollowUp({
  tx,
  actor,
  source,
  kinds,
  rows,
  found,
  agreementIdOf,
}: {
  tx: Executor;
  actor: Actor;
  source: string;
  kinds: FollowUpKind[];
  rows: Map<SheetKey, { row: TypedRow; reference: string }[]>;
  found: FollowUpContext["found"];
  agreementIdOf: (reference: string) => string | undefined;
}): Promise<{ outcomes: Map<TypedRow, Outcome>; problems: SheetProblem[] }> {
  const problems: SheetProblem[] = [];
  const outcomes = new Map<TypedRow, Outcome>();
  const agreementIds = [
    ...new Set([...rows.values()].flat().flatMap(({ reference }) => agreementIdOf(reference) ?? [])),
  ];
  /** `sheet|scope|number` → id: the file's rows as they are applied */
  const fileIds = new Map<string, string>();
  /** the same for stored records, read once per sheet when a cell first needs one */
  const storedIds = new Map<SheetKey, Map<string, string>>();
  const numberings = new Map<SheetKey, Numbering>([["objectives", objectiveNumbering]]);
  for (const kind of kinds) if (kind.numbering) numberings.set(kind.sheet, kind.numbering);
  const ctx: FollowUpContext = {
    tx,
    actor,
    source,
    found,
    report: (row, column, reason, values) =>
      problems.push({
        sheet: row.sheet,
        row: row.number,
        ...(column ? { column } : {}),
        reason,
        ...(values ? { values } : {}),
      }),
    nth(key) {
      const count = seen.get(key) ?? 0;
      seen.set(key, count + 1);
      return count;
    },
    async idOf(row, column, sheet, scope, number) {
      const key = `${scope}|${Number(number)}`;
      const fromFile = fileIds.get(`${sheet}|${key}`);
      if (fromFile) return fromFile;
      let stored = storedIds.get(sheet);
      const numbering = numberings.get(sheet);
      if (!stored && numbering) {
        stored = new Map(
          (await loadNumberedRecords(tx, numbering, agreementIds)).map((r) => [
            `${r.scope}|${r.number}`,
            r.id,
          ]),
        );
        storedIds.set(sheet, stored);
      }
      const id = stored?.get(key);
      if (!id) ctx.report(row, column, "unknownRowNumber", { number: String(number), sheet });
      return id;
    },
  };
  let seen = new Map<string, number>();
  for (const kind of kinds) {
    seen = new Map();
    const sheetRows = rows.get(kind.sheet) ?? [];
    if (!sheetRows.length) continue;
    const ofSheet = [...new Set(sheetRows.flatMap(({ reference }) => agreementIdOf(reference) ?? []))];
    const stored = await kind.load(ctx, ofSheet);
    const byId = new Map(stored.map((record) => [record.id, record]));
    const byKey = new Map(stored.map((record) => [`${record.agreementId}|${record.key}`, record]));
    /** record id or `new:key` → the row that took it */
    const claimed = new Map<string, number>();
    /** the rows whose records `kind.createMany` makes at the sheet's end */
    const pending: { row: TypedRow; key: string; agreementId: string; wanted: Record<string, unknown> }[] =
      [];
    // New records are made in the order of their numbers: the export numbers them by that order.
    const ordered = [...sheetRows].sort(
      (a, b) => Number(a.row.values.get("number") ?? 0) - Number(b.row.values.get("number") ?? 0),
    );
    for (const { row, reference } of ordered) {
      const agreementId = agreementIdOf(reference) as string;
      const key = await kind.key(ctx, row, agreementId);
      if (key === undefined) continue;
      const byItsId = byId.get(text(row, "id") ?? "");
      const match = byItsId?.agreementId === agreementId ? byItsId : byKey.get(`${agreementId}|${key}`);
      const claim = match?.id ?? `new:${agreementId}|${key}`;
      const other = claimed.get(claim);
      if (other !== undefined) {
        ctx.report(row, row.values.has("number") ? "number" : undefined, "duplicateRow", { other });
        continue;
      }
      claimed.set(claim, row.number);
      const wanted = await kind.wanted(ctx, row, agreementId);
      if (!wanted) continue;
      try {
        if (!match) {
          pending.push({ row, key, agreementId, wanted });
          continue;
        }
        if (holds(match.current, wanted)) outcomes.set(row, "unchanged");
        else {
          await kind.update(ctx, match, wanted);
          outcomes.set(row, "updated");
        }
        fileIds.set(`${kind.sheet}|${key}`, match.id);
      } catch (error) {
        problems.push(...refusalProblems(row, error, kind.columns));
      }
    }
    if (!pending.length) continue;
    const made = await kind.createMany(ctx, pending);
    pending.forEach(({ row, key }, index) => {
      const result = made[index];
      if (result?.id) {
        outcomes.set(row, "created");
        fileIds.set(`${kind.sheet}|${key}`, result.id);
      } else
        problems.push(
          ...refusalProblems(
            row,
            result?.error ?? new Error("createMany answered nothing for a row"),
            kind.columns,
          ),
        );
    });
  }
  return { outcomes, problems };
}
