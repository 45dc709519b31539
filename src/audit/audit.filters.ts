import { z } from "zod";
import { auditChangeKinds } from "../db/schema/index.js";
import { blankToUndefined } from "../shared/validation.js";

const optional = <S extends z.ZodType>(schema: S) => z.preprocess(blankToUndefined, schema.optional());

/** The record types the services record: the filter offers them, and refuses any other. */
export const knownEntityTypes = [
  "agreement",
  "action_plan",
  "activity",
  "indicator",
  "indicator_value",
  "committee_member",
  "meeting",
  "decision",
  "follow_up_action",
  "organization",
  "contact",
  "document",
  "user",
  "api_token",
  "calendar_feed",
  "alert_rule",
  "setting",
  "territory",
  "registry",
] as const;

/**
 * What an event did, as the log filters it: a record created (nothing before), changed (a before
 * and an after), deleted (nothing after), or restored (the undo of a deletion, `*.restore`); the
 * kind each event is given when written (audit_events.change_kind).
 */
export const changeFilters = auditChangeKinds;
export type ChangeFilter = (typeof changeFilters)[number];

/** The audit log's filters, shared by the workspace page and GET /api/v1/audit-events. */
export const auditFilterShape = {
  actor: optional(z.string().trim().max(200)),
  action: optional(
    z
      .string()
      .trim()
      .max(100)
      .regex(/^[A-Za-z0-9_.:-]+$/, "letters, digits and . _ : - only"),
  ),
  entityType: optional(z.enum(knownEntityTypes)),
  entityId: optional(z.string().trim().max(200)),
  /** an agreement's reference (its events and its follow-up records'), or any record's id */
  record: optional(z.string().trim().max(200)),
  /** what the events did to their record */
  change: optional(z.enum(changeFilters)),
  from: optional(z.iso.date("must be a date like 2026-01-31")),
  to: optional(z.iso.date("must be a date like 2026-01-31")),
};

export const auditFilterSchema = z.object(auditFilterShape);
export type AuditFilter = z.output<typeof auditFilterSchema>;
