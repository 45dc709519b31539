import type { Actor } from "../shared/actor.js";
import type { Executor } from "./client.js";
import { bumpRegistryGeneration, changesPublicOutput } from "./registry-generation.js";
import { auditEvents } from "./schema/index.js";

export interface RecordAuditOptions {
  db: Executor;
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Every write calls this inside its own transaction, so a rolled-back write leaves no event;
 * a write the public may see also raises the registry's generation there (registry-generation.ts).
 */
export async function recordAuditEvent({
  db,
  actor,
  action,
  entityType,
  entityId,
  before,
  after,
}: RecordAuditOptions) {
  await db.insert(auditEvents).values({
    actor: actor.id,
    action,
    entityType,
    entityId,
    changes: { before: before ?? null, after: after ?? null },
  });
  if (changesPublicOutput(entityType)) await bumpRegistryGeneration(db);
}
