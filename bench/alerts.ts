import { sql } from "drizzle-orm";
import { evaluateAlerts, sendPendingDigests } from "../src/alerts/alerts.run.js";
import type { Database } from "../src/db/client.js";
import { createMailer } from "../src/mail/mail.service.js";
import { int, seconds } from "./report.js";

export interface AlertEvaluationFigures {
  /** reading every row the rules look at, and nothing else: the floor any evaluation stands on */
  baselineMs: number;
  firstMs: number;
  /** the next day's run over the same records: nothing new to write or send */
  steadyMs: number;
  sendMs: number;
  open: number;
  digests: number;
  /** baseline ÷ run: the share of the run spent reading the rows, 1 at best */
  firstRatio: number;
  steadyRatio: number;
}

/**
 * The daily alert run over the bench registry (every agreement, activity, indicator value,
 * meeting and action), timed against a plain scan of the same tables in the same run.
 */
export async function measureAlertEvaluation(db: Database): Promise<AlertEvaluationFigures> {
  let started = performance.now();
  await db.execute(sql`select
    (select count(*) from agreements where status in ('signed', 'in_force', 'suspended')),
    (select count(*) from activities where status in ('planned', 'ongoing', 'postponed')),
    (select count(*) from follow_up_actions where status in ('open', 'in_progress')),
    (select count(*) from indicators), (select count(*) from indicator_values where status <> 'returned'),
    (select count(*) from meetings where status = 'planned')`);
  const baselineMs = performance.now() - started;
  const now = new Date();
  started = performance.now();
  const first = await evaluateAlerts({ db, now, publicUrl: "https://bench.example", trigger: "bench" });
  const firstMs = performance.now() - started;
  started = performance.now();
  const sending = await sendPendingDigests({ db, mailer: createMailer({ from: "Bench <bench@localhost>" }) });
  const sendMs = performance.now() - started;
  started = performance.now();
  await evaluateAlerts({
    db,
    now: new Date(now.getTime() + 86_400_000),
    publicUrl: "https://bench.example",
    trigger: "bench",
  });
  const steadyMs = performance.now() - started;
  const figures = {
    baselineMs,
    firstMs,
    steadyMs,
    sendMs,
    open: first.open,
    digests: sending.kept + sending.sent,
    firstRatio: baselineMs / firstMs,
    steadyRatio: baselineMs / steadyMs,
  };
  console.log(
    `Alert evaluation: ${int(figures.open)} open alerts; first run ${seconds(firstMs)} (ratio ${figures.firstRatio.toFixed(3)} against a ${baselineMs.toFixed(0)} ms scan of the same tables), ` +
      `next day ${seconds(steadyMs)} (ratio ${figures.steadyRatio.toFixed(3)}); ${int(figures.digests)} digests written out in ${seconds(sendMs)}`,
  );
  return figures;
}
