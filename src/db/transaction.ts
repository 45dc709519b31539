import { sql } from "drizzle-orm";
import type { Executor, Transaction } from "./client.js";

/**
 * Keys of the transaction-scoped advisory locks that serialise work which checks and then
 * inserts (an import looks records up before creating them), so that several application
 * processes sharing one PostgreSQL cannot interleave it. Any numbers, the same everywhere.
 */
export const advisoryLocks = {
  imports: 7_356_002,
  /** the daily alert evaluation: one process evaluates, the others skip it */
  alerts: 7_356_003,
} as const;

class DryRunRollback<T> extends Error {
  constructor(readonly result: T) {
    super("dry run: rolled back");
  }
}

/**
 * Runs `work` in one transaction, first taking `lock` (held until commit or rollback) when one
 * is named. On a dry run the work is done in full, so the result says exactly what a real run
 * would do, and then rolled back, saving nothing.
 */
export async function inTransaction<T>(
  db: Executor,
  { dryRun = false, lock }: { dryRun?: boolean; lock?: keyof typeof advisoryLocks },
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      if (lock) await tx.execute(sql`select pg_advisory_xact_lock(${advisoryLocks[lock]})`);
      const result = await work(tx as Transaction);
      if (dryRun) throw new DryRunRollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result as T;
    throw error;
  }
}
