import { bigint, bigserial, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Append-only: no service updates or deletes a row here. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    changes: jsonb("changes").$type<{ before?: unknown; after?: unknown; source?: string }>().notNull(),
    /** the registry generation this event raised (none for private records): changes since a generation */
    generation: bigint("generation", { mode: "number" }),
    /** the agreement the record belongs to (the agreement itself, or a follow-up record's), when it has one */
    agreementId: text("agreement_id"),
  },
  (t) => [
    index("audit_entity_idx").on(t.entityType, t.entityId),
    index("audit_at_idx").on(t.at),
    index("audit_actor_idx").on(t.actor, t.at),
    index("audit_generation_idx").on(t.generation),
    // the log of one agreement and its follow-up, newest first (the record filter)
    index("audit_agreement_at_idx").on(t.agreementId, t.at),
  ],
);
