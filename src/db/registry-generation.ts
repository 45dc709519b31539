import { eq, sql } from "drizzle-orm";
import type { Executor } from "./client.js";
import { registryGeneration } from "./schema/index.js";

/**
 * Records no public change: accounts, API tokens, personal calendar addresses, alert rules and
 * settings are never shown to the public. Every other audited write may be (a superset is safe:
 * it only costs the cache a refill).
 */
const PRIVATE_RECORDS = new Set(["user", "api_token", "calendar_feed", "alert_rule", "setting"]);

export const changesPublicOutput = (entityType: string): boolean => !PRIVATE_RECORDS.has(entityType);

/** Raises the generation, in the caller's transaction: the cache sees it when the write commits. */
export async function bumpRegistryGeneration(db: Executor): Promise<void> {
  await db
    .insert(registryGeneration)
    .values({ id: 1, generation: 2 })
    .onConflictDoUpdate({
      target: registryGeneration.id,
      set: { generation: sql`${registryGeneration.generation} + 1` },
    });
}

/** The committed generation (1 before any write). One primary-key read. */
export async function readRegistryGeneration(db: Executor): Promise<number> {
  const [row] = await db
    .select({ generation: registryGeneration.generation })
    .from(registryGeneration)
    .where(eq(registryGeneration.id, 1));
  return row?.generation ?? 1;
}
