import { sql } from "drizzle-orm";
import type { Actor } from "../shared/actor.js";
import type { LocalizedText } from "../shared/localized.js";
import type { Executor } from "./client.js";
import { parseJson } from "./json-rows.js";
import { deletedRecords } from "./schema/index.js";

/*
 * What a deletion of a follow-up record keeps, so the staff can put it back within 30 days
 * (src/audit/recently-deleted.service.ts restores it). Each kind names the rows that go with
 * the record (those the foreign keys cascade to), parents first, as (table, column = the id).
 * Kept as to_jsonb of the whole row, database names, so a restore inserts exactly what was there
 * with jsonb_populate_recordset, whatever columns later migrations add.
 */
export const restorableKinds = [
  "action_plan",
  "activity",
  "indicator",
  "committee_member",
  "meeting",
  "decision",
  "document",
] as const;
export type RestorableKind = (typeof restorableKinds)[number];

export const isRestorableKind = (kind: string): kind is RestorableKind =>
  (restorableKinds as readonly string[]).includes(kind);

/**
 * Every table a kept row may go back to, by kind; the first is the record's own. A link row
 * whose other end was deleted since (`unless`: that column's record in that table) is left out
 * of a restore rather than refusing it: a meeting comes back without a member removed since.
 */
export interface KeptTable {
  table: string;
  column: string;
  unless?: { column: string; table: string };
}
export const keptTables: Record<RestorableKind, KeptTable[]> = {
  action_plan: [{ table: "action_plans", column: "id" }],
  activity: [
    { table: "activities", column: "id" },
    {
      table: "activity_objectives",
      column: "activity_id",
      unless: { column: "objective_id", table: "objectives" },
    },
    { table: "activity_territories", column: "activity_id" },
    { table: "activity_attendance", column: "activity_id" },
  ],
  indicator: [
    { table: "indicators", column: "id" },
    { table: "indicator_values", column: "indicator_id" },
  ],
  committee_member: [
    { table: "committee_members", column: "id" },
    { table: "meeting_attendees", column: "member_id", unless: { column: "meeting_id", table: "meetings" } },
  ],
  meeting: [
    { table: "meetings", column: "id" },
    {
      table: "meeting_attendees",
      column: "meeting_id",
      unless: { column: "member_id", table: "committee_members" },
    },
  ],
  decision: [{ table: "decisions", column: "id" }],
  // A document is only marked deleted (its bytes stay): putting it back clears the mark.
  document: [],
};

/**
 * What a kind's own row hangs on that is itself in the recently deleted list, by the column
 * naming it: a restore refused for want of it names it, so that it can be put back first.
 */
export const restorableParents: Partial<Record<RestorableKind, { column: string; kind: RestorableKind }[]>> =
  {
    activity: [{ column: "action_plan_id", kind: "action_plan" }],
    indicator: [{ column: "activity_id", kind: "activity" }],
    decision: [{ column: "meeting_id", kind: "meeting" }],
  };

export interface KeepDeletedOptions {
  /** the deleting transaction, before the rows go */
  db: Executor;
  actor: Actor;
  kind: RestorableKind;
  id: string;
  agreementId: string | null;
  label: LocalizedText;
  /** rows that stay but lose their link to it, linked again on restore */
  detached?: { table: string; column: string; ids: string[] }[];
}

/** Reads the record's rows and its dependants' into the recently deleted list; call before deleting. */
export async function keepDeletedRecord(options: KeepDeletedOptions): Promise<void> {
  const { db, kind, id } = options;
  const rows: { table: string; rows: Record<string, unknown>[] }[] = [];
  for (const { table, column } of keptTables[kind]) {
    // Names from the table above only, never from input.
    const result = await db.execute(
      sql`select coalesce(jsonb_agg(to_jsonb(t)), '[]'::jsonb) as rows from ${sql.identifier(table)} t where ${sql.identifier(column)}::text = ${id}`,
    );
    const [first] = ((result as { rows?: unknown[] }).rows ?? (result as unknown as unknown[])) as {
      rows: unknown;
    }[];
    const found = parseJson(first?.rows ?? []) as Record<string, unknown>[];
    if (found.length) rows.push({ table, rows: found });
  }
  await db.insert(deletedRecords).values({
    kind,
    recordId: id,
    agreementId: options.agreementId,
    label: options.label,
    rows,
    detached: options.detached?.filter((d) => d.ids.length) ?? [],
    deletedBy: options.actor.id,
  });
}
