import type { Executor, Transaction } from "./client.js";

class DryRunRollback<T> extends Error {
  constructor(readonly result: T) {
    super("dry run: rolled back");
  }
}

/**
 * Runs `work` in one transaction. On a dry run the work is done in full (so the result says
 * exactly what a real run would do) and then rolled back, saving nothing.
 */
export async function inTransaction<T>(
  db: Executor,
  { dryRun = false }: { dryRun?: boolean },
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      const result = await work(tx as Transaction);
      if (dryRun) throw new DryRunRollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result as T;
    throw error;
  }
}
