import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { assertCanReadAgreement } from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import { agreementFigures, type IndicatorFigures, todayInMorocco } from "../domain/figures.js";
import { IndicatorFigure } from "../indicators/indicator-figure.views.js";
import { chartTag } from "../indicators/indicators.chart.js";
import { anonymous } from "../shared/actor.js";
import { notFound } from "../shared/errors.js";
import { formatDate, formatNumber, listSeparator } from "../shared/i18n.js";
import { type Language, textOf } from "../shared/localized.js";
import { Localized, TableScroll } from "../web/components.js";
import type { AppEnv } from "../web/context.js";
import { usePage } from "../web/page-context.js";
import { type LoadedIndicator, loadAgreementFacts } from "./progress.queries.js";
import { DateRange, ProgressFigures, percent } from "./progress.views.js";
import { loadPublicPlans, type PublicPlan } from "./public-plan.queries.js";

/**
 * The portal's "action plan and progress" of a public agreement: activities and indicator
 * achievement, from approved values only, never internal comments, submitted or returned
 * values, meetings, decisions or actions. Rendered by src/portal/portal.routes.tsx, in
 * parallel with its own check that the agreement is public: this checks it again and shows
 * nothing otherwise, so that it never depends on the order of the two.
 */
export async function publicProgressSection(c: Context<AppEnv>, agreementId: string): Promise<Child> {
  const { db, lang, t } = c.var;
  const plans = await loadPublicPlans(db, agreementId);
  if (!plans) return null;
  const facts = (await loadAgreementFacts({ db, agreementIds: [agreementId], publicView: true })).get(
    agreementId,
  );
  if (!facts || (!plans.length && !facts.indicators.length)) return null;
  const today = todayInMorocco();
  const figures = agreementFigures(facts, today);
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">{t("progress.portal.heading")}</h2>
      <h3>{t("progress.figures.heading")}</h3>
      <ProgressFigures figures={figures} idPrefix="public-progress" />
      {facts.indicators.length ? (
        <IndicatorTable indicators={facts.indicators} figures={figures.indicators} />
      ) : null}
      {/* The workspace's charts, of approved values only (the public view loads no other), as
          images: drawing them all before answering made this the slowest public page. */}
      {facts.indicators.map((indicator, index) => {
        const figure = figures.indicators[index];
        return figure && indicator.values.length ? (
          <IndicatorFigure
            indicator={indicator}
            figures={figure}
            today={today}
            chartSrc={`${publicChartPath(lang, agreementId, indicator.id)}?v=${chartTag(today, facts.agreement, indicator)}`}
          />
        ) : null;
      })}
      {plans.map((plan) => (
        <PlanActivities plan={plan} />
      ))}
    </section>
  );
}

const publicChartPath = (lang: Language, agreementId: string, indicatorId: string) =>
  `/${lang}/agreements/${agreementId}/indicators/${indicatorId}/chart.svg`;

/**
 * A public agreement's indicator as its chart is drawn, from approved values only; not found
 * for an agreement that is not public, or an indicator that is not its own or has no approved value.
 */
export async function publicIndicatorChart({
  db,
  agreementId,
  indicatorId,
  today,
}: {
  db: Executor;
  agreementId: string;
  indicatorId: string;
  today: string;
}): Promise<{ indicator: LoadedIndicator; figures: IndicatorFigures; tag: string }> {
  await assertCanReadAgreement({ db, actor: anonymous, id: agreementId });
  const facts = (await loadAgreementFacts({ db, agreementIds: [agreementId], publicView: true })).get(
    agreementId,
  );
  const index = facts?.indicators.findIndex((indicator) => indicator.id === indicatorId) ?? -1;
  const indicator = facts?.indicators[index];
  const figures = facts ? agreementFigures(facts, today).indicators[index] : undefined;
  if (!facts || !indicator?.values.length || !figures) throw notFound("Indicator", indicatorId);
  return { indicator, figures, tag: chartTag(today, facts.agreement, indicator) };
}

const amount = (lang: Language, value: number) => formatNumber(lang, value, { maximumFractionDigits: 4 });

function IndicatorTable({
  indicators,
  figures,
}: {
  indicators: LoadedIndicator[];
  figures: IndicatorFigures[];
}) {
  const { lang, t } = usePage();
  return (
    <>
      <h3 id="public-indicators">{t("progress.figures.indicators")}</h3>
      <TableScroll>
        <table class="data" aria-labelledby="public-indicators">
          <thead>
            <tr>
              <th scope="col">{t("progress.columns.indicator")}</th>
              <th scope="col">{t("progress.columns.baseline")}</th>
              <th scope="col">{t("progress.columns.target")}</th>
              <th scope="col">{t("progress.columns.actual")}</th>
              <th scope="col">{t("progress.columns.achievement")}</th>
            </tr>
          </thead>
          <tbody>
            {indicators.map((indicator, index) => {
              const figure = figures[index];
              const meterId = `indicator-${indicator.id}`;
              return (
                <tr>
                  <th scope="row">
                    <Localized value={indicator.name} />{" "}
                    <small>
                      (<Localized value={indicator.unit} />)
                    </small>
                  </th>
                  <td class="number">
                    {amount(lang, indicator.baselineValue)}
                    {indicator.baselineOn ? <small> ({formatDate(lang, indicator.baselineOn)})</small> : null}
                  </td>
                  <td class="number">
                    {amount(lang, indicator.targetValue)}
                    {indicator.targetOn ? <small> ({formatDate(lang, indicator.targetOn)})</small> : null}
                  </td>
                  <td class="number">
                    {figure?.actual === null || !figure
                      ? t("progress.portal.noApprovedValue")
                      : amount(lang, figure.actual)}
                  </td>
                  <td>
                    {figure && figure.achievement !== null ? (
                      <>
                        <meter
                          id={meterId}
                          min={0}
                          max={1}
                          value={Math.min(1, Math.max(0, figure.achievement))}
                          aria-label={t("progress.portal.achievementOf", {
                            indicator: textOf(indicator.name, lang),
                          })}
                        >
                          {percent(lang, figure.achievement)}
                        </meter>{" "}
                        {percent(lang, figure.achievement)}
                      </>
                    ) : (
                      "—"
                    )}{" "}
                    <small>{t(`progress.indicatorStatus.${figure?.status ?? "no_data"}`)}</small>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

function PlanActivities({ plan }: { plan: PublicPlan }) {
  const { lang, t } = usePage();
  const headingId = `plan-${plan.id}`;
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>
        <Localized value={plan.title} />{" "}
        {plan.periodStart || plan.periodEnd ? (
          <small>
            (<DateRange from={plan.periodStart} to={plan.periodEnd} />)
          </small>
        ) : null}
      </h3>
      {plan.activities.length ? (
        <TableScroll>
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{t("progress.columns.activity")}</th>
                <th scope="col">{t("progress.columns.kind")}</th>
                <th scope="col">{t("progress.columns.status")}</th>
                <th scope="col">{t("progress.columns.planned")}</th>
                <th scope="col">{t("progress.columns.actual")}</th>
                <th scope="col">{t("progress.columns.territories")}</th>
                <th scope="col">{t("progress.columns.participants")}</th>
              </tr>
            </thead>
            <tbody>
              {plan.activities.map((activity) => (
                <tr>
                  <th scope="row">
                    <Localized value={activity.title} />
                  </th>
                  <td>{t(`progress.activityKind.${activity.kind}`)}</td>
                  <td>{t(`progress.activityStatus.${activity.status}`)}</td>
                  <td>
                    <DateRange from={activity.plannedStart} to={activity.plannedEnd} />
                  </td>
                  <td>
                    <DateRange from={activity.actualStart} to={activity.actualEnd} />
                  </td>
                  <td>
                    {activity.territories.length
                      ? activity.territories.map((place, index) => (
                          <>
                            {index ? listSeparator(lang) : null}
                            <Localized value={place.name} />
                          </>
                        ))
                      : t("progress.portal.wherever")}
                  </td>
                  <td class="number">
                    {activity.participantCount === null ? "—" : formatNumber(lang, activity.participantCount)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <p>{t("progress.portal.noActivities")}</p>
      )}
    </section>
  );
}
