import type { Executor } from "../db/client.js";
import type { Mailer } from "../mail/mail.service.js";
import { MOROCCO_TIME_ZONE } from "../shared/i18n.js";
import { logger } from "../shared/logger.js";
import { type PeriodicJob, startPeriodicJob } from "../shared/periodic.js";
import { countAlertRun } from "../web/metrics.js";
import { runAlerts } from "./alerts.run.js";

/** How often a serving process looks whether the day's run is due: cheap, one indexed lookup. */
export const CHECK_EVERY_MS = 5 * 60_000;

const clockFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: MOROCCO_TIME_ZONE,
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** The time of day in Casablanca, "HH:MM". */
export const moroccanClock = (now: Date): string => clockFormat.format(now);

/**
 * Runs the day's evaluation once the day's hour (Casablanca) has come: at start (catching up
 * after downtime), then every few minutes. Every serving process may run this; the run itself
 * lets one of them evaluate (advisory lock) and the others find the day done.
 */
export function startAlertScheduler({
  db,
  mailer,
  publicUrl,
  dailyAt,
  clock = () => new Date(),
  every = CHECK_EVERY_MS,
  readBeforeLocking = false,
}: {
  db: Executor;
  mailer: Mailer;
  publicUrl: string;
  /** "HH:MM" in Casablanca */
  dailyAt: string;
  clock?: () => Date;
  every?: number;
  /** see evaluateAlerts: true on the embedded database */
  readBeforeLocking?: boolean;
}): PeriodicJob {
  return startPeriodicJob({
    every,
    run: async () => {
      const now = clock();
      if (moroccanClock(now) < dailyAt) return;
      const { evaluation } = await runAlerts({
        db,
        mailer,
        now,
        publicUrl,
        trigger: "schedule",
        oncePerDay: true,
        readBeforeLocking,
      });
      countAlertRun(evaluation.status);
    },
    onError: (error) => {
      countAlertRun("failed");
      logger.error("alerts: the daily run failed; it is tried again shortly", error);
    },
  });
}
