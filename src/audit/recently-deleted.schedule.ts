import type { Executor } from "../db/client.js";
import { logger } from "../shared/logger.js";
import { type PeriodicJob, startPeriodicJob } from "../shared/periodic.js";
import { purgeRecentlyDeleted } from "./recently-deleted.service.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The daily purge of the recently deleted list: once at start, then every day. Every serving
 * process may run it: it deletes what is older than 30 days, so two at once do the same thing.
 * The list and restores already ignore older entries; the purge only frees their rows.
 */
export function startRecentlyDeletedPurge({
  db,
  every = DAY_MS,
}: {
  db: Executor;
  every?: number;
}): PeriodicJob {
  return startPeriodicJob({
    every,
    run: async () => {
      const count = await purgeRecentlyDeleted({ db });
      if (count) logger.info(`recently deleted: ${count} entries older than 30 days purged`);
    },
    onError: (error) => logger.error("recently deleted: the purge failed; it runs again tomorrow", error),
  });
}
