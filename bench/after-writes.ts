import type { Hono } from "hono";
import { createActivity } from "../src/activities/activities.service.js";
import type { Database } from "../src/db/client.js";
import { todayInMorocco } from "../src/domain/figures.js";
import { judgeStandings } from "../src/progress/standings.js";
import { systemActor } from "../src/shared/actor.js";
import type { AppEnv } from "../src/web/context.js";
import type { FollowUp } from "./followup-common.js";

const WRITES = 12;
const DASHBOARD = "/fr/workspace";

export interface AfterWrites {
  /** judging every agreement afresh, once (what each load after a write cost before they were kept) */
  judgeAllMs: number;
  /** the dashboard's first load in this process */
  firstLoadMs: number;
  /** the dashboard's load after each write (an activity created on an agreement) */
  afterWriteMs: number[];
}

async function timedLoad(app: Hono<AppEnv>, headers: Record<string, string>): Promise<number> {
  const started = performance.now();
  const response = await app.request(DASHBOARD, { headers });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${DASHBOARD} answered ${response.status}`);
  return performance.now() - started;
}

/**
 * The secretariat's dashboard right after a write, one request at a time: every write raises the
 * registry's generation, so the first load after it cannot answer from what was kept before.
 */
export async function measureDashboardAfterWrites({
  db,
  app,
  followUp,
  headers,
}: {
  db: Database;
  app: Hono<AppEnv>;
  followUp: FollowUp;
  headers: Record<string, string>;
}): Promise<AfterWrites> {
  const started = performance.now();
  await judgeStandings(db, todayInMorocco());
  const judgeAllMs = performance.now() - started;
  const firstLoadMs = await timedLoad(app, headers);
  const afterWriteMs: number[] = [];
  const step = Math.max(1, Math.floor(followUp.activities.length / WRITES));
  for (let write = 0; write < WRITES; write++) {
    const model = followUp.activities[write * step];
    if (!model) break;
    await createActivity({
      db,
      actor: systemActor,
      agreementId: model.agreementId,
      input: {
        actionPlanId: model.actionPlanId,
        kind: model.kind,
        title: { fr: `Activité ajoutée par le banc d'essai ${write + 1}` },
        responsibleOrganizationId: model.responsibleOrganizationId,
        plannedStart: model.plannedStart,
        plannedEnd: model.plannedEnd,
        budgetPlanned: 1000,
      },
    });
    afterWriteMs.push(await timedLoad(app, headers));
  }
  return { judgeAllMs, firstLoadMs, afterWriteMs };
}

export function printAfterWrites({ judgeAllMs, firstLoadMs, afterWriteMs }: AfterWrites): void {
  const sorted = [...afterWriteMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  const ms = (value: number) => `${Math.round(value)} ms`;
  console.log(
    `\nDashboard after a write (secretariat, one request at a time, ${afterWriteMs.length} writes): ` +
      `median ${ms(median)}, slowest ${ms(sorted.at(-1) ?? Number.NaN)}; first load ${ms(firstLoadMs)}; ` +
      `judging every agreement afresh ${ms(judgeAllMs)} (ratio ${(median / judgeAllMs).toFixed(3)})`,
  );
}
