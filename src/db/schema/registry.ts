import { sql } from "drizzle-orm";
import { bigint, check, integer, pgTable } from "drizzle-orm/pg-core";

/**
 * The registry's generation: one row, its number raised in the same transaction as every write
 * that can change what the public sees. Public answers are cached under it (src/web/public-cache.ts),
 * so a committed write makes every cached answer of every process old at once.
 */
export const registryGeneration = pgTable(
  "registry_generation",
  {
    id: integer("id").primaryKey().default(1),
    generation: bigint("generation", { mode: "number" }).notNull().default(1),
  },
  (t) => [check("registry_generation_single_row", sql`${t.id} = 1`)],
);
