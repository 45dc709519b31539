import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { agreementPaths } from "../agreements/agreements.paths.js";
import type { AgreementDetail } from "../agreements/agreements.queries.js";
import { todayInMorocco } from "../domain/figures.js";
import type { AppEnv } from "../web/context.js";
import { Notice } from "../web/page.js";
import { agreementFacts, figuresOf, indicatorFacts } from "./indicators.facts.js";
import { indicatorPolicy } from "./indicators.policy.js";
import { listAgreementIndicators } from "./indicators.queries.js";
import { groupByMeasured, IndicatorSummary, indicatorNotice, measuredText } from "./indicators.views.js";

/**
 * This module's part of the workspace page of an agreement the actor may read (rendered by
 * src/agreements/agreements.routes.tsx): its indicators grouped by the objective or
 * activity they measure, each with where it stands and its chart; "new indicator" for staff.
 */
export async function indicatorSection(c: Context<AppEnv>, agreement: AgreementDetail): Promise<Child> {
  const { db, actor, lang, t } = c.var;
  const items = await listAgreementIndicators({ db, actor, agreementId: agreement.id });
  const canManage = indicatorPolicy.canManage(actor);
  const today = todayInMorocco();
  const facts = agreementFacts(agreement);
  return (
    <section aria-labelledby="indicators-heading" class="indicators">
      <h2 id="indicators-heading">{t("indicators.heading")}</h2>
      <Notice text={indicatorNotice(t, c.req.query("notice"))} />
      {canManage ? (
        <p>
          <a class="button" href={`${agreementPaths.workspace(lang, agreement.id)}/indicators/new`}>
            {t("indicators.new")}
          </a>
        </p>
      ) : null}
      {items.length === 0 ? <p>{t("indicators.none")}</p> : null}
      {groupByMeasured(items).map((group) => (
        <section aria-labelledby={`measures-${group.measures.id}`}>
          <h3 id={`measures-${group.measures.id}`} dir="auto">
            {measuredText(lang, t, group.measures)}
          </h3>
          {group.items.map((indicator) => (
            <IndicatorSummary
              indicator={indicator}
              figures={figuresOf(indicatorFacts(indicator, indicator.values), facts, today)}
              today={today}
            />
          ))}
        </section>
      ))}
    </section>
  );
}
