import { z } from "zod";
import { blankToUndefined } from "../shared/validation.js";

const optional = <S extends z.ZodType>(schema: S) => z.preprocess(blankToUndefined, schema.optional());

/** The entity types the services record; the filter offers them, and accepts others as written. */
export const knownEntityTypes = [
  "agreement",
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
  entityType: optional(
    z
      .string()
      .trim()
      .max(50)
      .regex(/^[a-z_]+$/, "lower-case letters and _ only"),
  ),
  entityId: optional(z.string().trim().max(200)),
  from: optional(z.iso.date("must be a date like 2026-01-31")),
  to: optional(z.iso.date("must be a date like 2026-01-31")),
};

export const auditFilterSchema = z.object(auditFilterShape);
export type AuditFilter = z.output<typeof auditFilterSchema>;
