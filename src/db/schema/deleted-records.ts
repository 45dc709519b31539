import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "./common.js";

/**
 * A follow-up record deleted from a page or the API, kept 30 days so the staff can put it back
 * (src/audit/recently-deleted.service.ts): the rows the deletion removed, the record's first,
 * each as its table's columns. No foreign key: the entry outlives its agreement, whose restore
 * is then refused.
 */
export const deletedRecords = pgTable(
  "deleted_records",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** the audit log's entity type: activity, action_plan, indicator, meeting, decision, committee_member, document */
    kind: text("kind").notNull(),
    recordId: text("record_id").notNull(),
    /** the agreement it belonged to (null for an organisation's document) */
    agreementId: text("agreement_id"),
    /** what the list calls it: its title, text or name, as it was */
    label: jsonb("label").$type<LocalizedText>().notNull(),
    /** the removed rows, parents first: [{ table, rows: [to_jsonb(row)…] }] */
    rows: jsonb("rows").$type<{ table: string; rows: Record<string, unknown>[] }[]>().notNull(),
    /** rows left in place that lost their link to it (a decision's follow-up actions), linked again on restore */
    detached: jsonb("detached")
      .$type<{ table: string; column: string; ids: string[] }[]>()
      .notNull()
      .default([]),
    deletedBy: text("deleted_by").notNull(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }).notNull().defaultNow(),
    restoredBy: text("restored_by"),
    restoredAt: timestamp("restored_at", { withTimezone: true }),
  },
  (t) => [
    index("deleted_records_at_idx").on(t.deletedAt),
    index("deleted_records_record_idx").on(t.kind, t.recordId),
  ],
);
