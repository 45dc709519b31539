/**
 * What a registry import checks against the database before it inserts: keys a new record needs
 * free (its own ids) or stored (what it points at), and the error that lists what is wrong.
 */
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Executor } from "../db/client.js";
import {
  activities,
  committeeMembers,
  decisions,
  documents,
  followUpActions,
  indicators,
  indicatorValues,
  meetings,
  organizations,
  territories,
  users,
} from "../db/schema/index.js";
import { AppError, type FieldIssue } from "../shared/errors.js";
import { load, within } from "./registry-json.export.js";
import { followUpIds } from "./registry-json.followup-input.js";
import { formatPath, type RegistryAgreement } from "./registry-json.input.js";

export interface Problem {
  field: string;
  /** names the record, e.g. `reference CONV-1` */
  label?: string;
  message: string;
}

export function problemError(
  code: "conflict" | "import_invalid",
  intro: string,
  problems: Problem[],
): AppError {
  const shown = problems.slice(0, 10).map((p) => `${p.field}${p.label ? ` (${p.label})` : ""}: ${p.message}`);
  if (problems.length > shown.length) shown.push(`and ${problems.length - shown.length} more`);
  const issues: FieldIssue[] = problems.map((p) => ({
    field: p.field,
    message: p.label ? `${p.label}: ${p.message}` : p.message,
  }));
  return new AppError(code, `${intro}, nothing was imported: ${shown.join("; ")}`, { issues });
}

/** A key that a new record needs free (its own id, its reference) or needs stored (what it points at). */
export interface Claim extends Problem {
  column: AnyPgColumn;
  key: string;
}
export const claim = (
  field: string,
  column: AnyPgColumn,
  key: string,
  message: string,
  label?: string,
): Claim => ({
  field,
  column,
  key,
  message,
  label,
});

/** The claims the database breaks: `wantStored` false, keys that are taken; true, keys that are missing. */
export async function brokenClaims(tx: Executor, claims: Claim[], wantStored: boolean): Promise<Problem[]> {
  const byColumn = new Map<AnyPgColumn, Claim[]>();
  for (const c of claims) {
    const list = byColumn.get(c.column);
    if (list) list.push(c);
    else byColumn.set(c.column, [c]);
  }
  const broken: Problem[] = [];
  for (const [column, list] of byColumn) {
    const keys = [...new Set(list.map((c) => c.key))];
    const query = (some?: string[]) =>
      tx.select({ key: column }).from(column.table).where(within(column, some));
    const stored = new Set((await load(keys, query)).map((row) => String(row.key)));
    broken.push(...list.filter((c) => stored.has(c.key) !== wantStored));
  }
  return broken;
}

const followUpTables: Record<string, AnyPgColumn> = {
  activities: activities.id,
  indicators: indicators.id,
  indicatorValues: indicatorValues.id,
  committeeMembers: committeeMembers.id,
  meetings: meetings.id,
  decisions: decisions.id,
  followUpActions: followUpActions.id,
};

/**
 * The claims of a new agreement's follow-up: its ids free; the organisations, territories,
 * documents and accounts it names stored (or, for the first two, in the file: `need` decides).
 */
export function followUpClaims(
  a: RegistryAgreement,
  at: string,
  need: (field: string, column: AnyPgColumn, key: string, what: string) => void,
  free: (claimed: Claim) => void,
): void {
  for (const { list, path, id } of followUpIds(a)) {
    const message = "id already belongs to another agreement's record";
    const column = followUpTables[list] as AnyPgColumn;
    free(claim(`${at}.${formatPath(path.slice(0, -1))}`, column, id, message, `id ${id}`));
  }
  const organization = (field: string, id: string | null) => {
    if (id) need(`${at}.${field}`, organizations.id, id, "organisation has this id");
  };
  const document = (field: string, id: string | null) => {
    if (id)
      need(
        `${at}.${field}`,
        documents.id,
        id,
        "document has this id (documents come back with `sharaka restore`)",
      );
  };
  a.activities.forEach((x, j) => {
    organization(`activities[${j}].responsibleOrganizationId`, x.responsibleOrganizationId);
    x.territoryCodes.forEach((code, k) => {
      need(
        `${at}.activities[${j}].territoryCodes[${k}]`,
        territories.code,
        code,
        `territory has the code ${code}`,
      );
    });
    x.attendance.forEach((row, k) => {
      need(
        `${at}.activities[${j}].attendance[${k}].territoryCode`,
        territories.code,
        row.territoryCode,
        `territory has the code ${row.territoryCode}`,
      );
    });
  });
  a.indicators.forEach((x, j) => {
    organization(`indicators[${j}].responsibleOrganizationId`, x.responsibleOrganizationId);
    x.values.forEach((v, k) => {
      document(`indicators[${j}].values[${k}].evidenceDocumentId`, v.evidenceDocumentId);
    });
  });
  a.committeeMembers.forEach((x, j) => {
    organization(`committeeMembers[${j}].organizationId`, x.organizationId);
  });
  a.meetings.forEach((x, j) => {
    document(`meetings[${j}].minutesDocumentId`, x.minutesDocumentId);
  });
  a.followUpActions.forEach((x, j) => {
    organization(`followUpActions[${j}].ownerOrganizationId`, x.ownerOrganizationId);
    if (x.ownerUserId)
      need(
        `${at}.followUpActions[${j}].ownerUserId`,
        users.id,
        x.ownerUserId,
        "account has this id (accounts come back with `sharaka restore`)",
      );
  });
}
