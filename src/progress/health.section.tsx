import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { AgreementDetail } from "../agreements/agreements.queries.js";
import type { AppEnv } from "../web/context.js";
import { getAgreementProgress } from "./progress.queries.js";
import { HealthSummary, IndicatorCounts, ProgressFigures } from "./progress.views.js";

/**
 * This module's part of the workspace page of an agreement the actor may read (rendered by
 * src/agreements/agreements.routes.tsx): the health level with its reasons, and the
 * figures it comes from. The page has already checked that the actor may read the agreement.
 */
export async function healthSection(c: Context<AppEnv>, agreement: AgreementDetail): Promise<Child> {
  const { db, actor, t } = c.var;
  // Outside the agreement's scope, a reader sees the public figures and no health.
  const { figures, publicView } = await getAgreementProgress({ db, actor, id: agreement.id });
  return (
    <section aria-labelledby="health-heading">
      <h2 id="health-heading">{t(publicView ? "progress.figures.heading" : "progress.health.heading")}</h2>
      {publicView ? null : <HealthSummary health={figures.health} />}
      <h3>{t("progress.figures.heading")}</h3>
      <ProgressFigures figures={figures} idPrefix="health" />
      <h3>{t("progress.figures.indicators")}</h3>
      <IndicatorCounts indicators={figures.indicators} />
    </section>
  );
}
