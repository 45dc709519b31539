import { agreementPaths } from "../agreements/agreements.paths.js";
import { activityFigures, isOverdue, todayInMorocco } from "../domain/figures.js";
import { formatDate, formatNumber, type Translate } from "../shared/i18n.js";
import { type Language, textOf } from "../shared/localized.js";
import { Localized, TableScroll } from "../web/components.js";
import { Notice } from "../web/page.js";
import { usePage } from "../web/page-context.js";
import { noticeText } from "../web/params.js";
import type { ActivityRecord, PlanWithActivities } from "./activities.queries.js";

/* The action plan on an agreement's workspace page, and what the activity's own page shares with it. */

const noticeKeys: Record<string, string> = {
  "plan-created": "activities.notices.planCreated",
  "plan-saved": "activities.notices.planSaved",
  "plan-deleted": "activities.notices.planDeleted",
  "activity-created": "activities.notices.created",
  "activity-saved": "activities.notices.saved",
  "activity-deleted": "activities.notices.deleted",
  "activity-reported": "activities.notices.reported",
  "attendance-recorded": "activities.notices.attendanceRecorded",
  "attendance-withdrawn": "activities.notices.attendanceWithdrawn",
};

/** The text of a `?notice=…` this module redirects with. */
export function activityNotice(t: Translate, notice: string | undefined): string | undefined {
  return noticeText(t, notice, noticeKeys);
}

export const agreementPlanPath = agreementPaths.workspace;
export const activityPath = (lang: Language, id: string) => `/${lang}/workspace/activities/${id}`;

export const money = (lang: Language, value: string | number) =>
  formatNumber(lang, Number(value), { style: "currency", currency: "MAD" });
const percent = (lang: Language, value: number | null) =>
  value === null ? "—" : formatNumber(lang, value, { style: "percent", maximumFractionDigits: 0 });

/** The plan's figures, computed by the progress module's rules (never typed in). */
function PlanFigures({ plan }: { plan: PlanWithActivities }) {
  const { lang, t } = usePage();
  const figures = activityFigures(
    plan.activities.map((activity) => ({
      status: activity.status,
      plannedEnd: activity.plannedEnd,
      budgetPlanned: Number(activity.budgetPlanned),
      budgetSpent: Number(activity.budgetSpent),
    })),
    todayInMorocco(),
  );
  return (
    <p class="meta">
      <span>
        {t("activities.figures.completion", {
          done: formatNumber(lang, figures.done),
          counted: formatNumber(lang, figures.counted),
          completion: percent(lang, figures.completion),
        })}
      </span>
      <span>
        {t("activities.figures.budget", {
          spent: money(lang, figures.budgetSpent),
          planned: money(lang, figures.budgetPlanned),
          execution: percent(lang, figures.budgetExecution),
        })}
      </span>
    </p>
  );
}

/** "1 March 2026 – 31 March 2026", one end, or a dash. */
export function DateRange({ from, to }: { from: string | null; to: string | null }) {
  const { lang, t } = usePage();
  if (from && to)
    return <>{t("activities.range", { from: formatDate(lang, from), to: formatDate(lang, to) })}</>;
  if (from) return <>{t("activities.from", { date: formatDate(lang, from) })}</>;
  if (to) return <>{t("activities.until", { date: formatDate(lang, to) })}</>;
  return <>—</>;
}

function ActivityRow({ activity, canReport }: { activity: ActivityRecord; canReport: boolean }) {
  const { lang, t } = usePage();
  return (
    <tr>
      <td>
        <a href={activityPath(lang, activity.id)}>
          <Localized value={activity.title} />
        </a>
      </td>
      <td>{t(`activities.kinds.${activity.kind}`)}</td>
      <td>
        <Localized value={activity.responsible.name} />
      </td>
      <td>
        <DateRange from={activity.plannedStart} to={activity.plannedEnd} />
      </td>
      <td>
        <span class={`badge activity-${activity.status}`}>{t(`activities.statuses.${activity.status}`)}</span>
        {isOverdue(activity, todayInMorocco()) ? <small> {t("activities.overdue")}</small> : null}
      </td>
      <td class="number">
        {activity.participantCount === null ? "—" : formatNumber(lang, activity.participantCount)}
      </td>
      <td>
        {canReport ? (
          <a href={`${activityPath(lang, activity.id)}/report`}>{t("activities.reportProgress")}</a>
        ) : null}
      </td>
    </tr>
  );
}

/** The activities a plan shows on the agreement's page; the rest are a page of their own away. */
export const ACTIVITIES_SHOWN_PER_PLAN = 10;

/** An agreement's list of activities (filtered, sorted, paged), with its query when given. */
export const activityListPath = (lang: Language, agreementId: string, query = "") =>
  `${agreementPaths.workspace(lang, agreementId)}/activities${query}`;

/** Activities as a table: title (linking to the activity), kind, responsible, dates, status, participants. */
function ActivityTableRows({
  activities,
  canReport,
  caption,
}: {
  activities: ActivityRecord[];
  canReport: (activity: ActivityRecord) => boolean;
  caption: string;
}) {
  const { t } = usePage();
  return (
    <table class="data">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("activities.columns.title")}</th>
          <th scope="col">{t("activities.columns.kind")}</th>
          <th scope="col">{t("activities.columns.responsible")}</th>
          <th scope="col">{t("activities.columns.planned")}</th>
          <th scope="col">{t("activities.columns.status")}</th>
          <th scope="col">{t("activities.columns.participants")}</th>
          <th scope="col">
            <span class="visually-hidden">{t("activities.columns.actions")}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {activities.map((activity) => (
          <ActivityRow activity={activity} canReport={canReport(activity)} />
        ))}
      </tbody>
    </table>
  );
}

export function ActivitySectionView({
  agreementId,
  plans,
  canManage,
  canReport,
  notice,
}: {
  agreementId: string;
  plans: PlanWithActivities[];
  canManage: boolean;
  canReport: (activity: ActivityRecord) => boolean;
  notice?: string;
}) {
  const { lang, t } = usePage();
  const base = agreementPlanPath(lang, agreementId);
  return (
    <section id="action-plan" aria-labelledby="action-plan-heading">
      <h2 id="action-plan-heading">{t("activities.heading")}</h2>
      <Notice text={notice} />
      {canManage ? (
        <p class="actions">
          <a class="button" href={`${base}/plans/new`}>
            {t("activities.newPlan")}
          </a>
        </p>
      ) : null}
      {plans.length ? null : <p>{t("activities.noPlan")}</p>}
      {plans.some((plan) => plan.activities.length > ACTIVITIES_SHOWN_PER_PLAN) ? (
        <p>
          <a href={activityListPath(lang, agreementId)}>{t("activities.list.all")}</a>
        </p>
      ) : null}
      {plans.map((plan) => (
        <section aria-labelledby={`plan-${plan.id}`}>
          <h3 id={`plan-${plan.id}`}>
            <Localized value={plan.title} />
          </h3>
          <p class="meta">
            {t("activities.period")} <DateRange from={plan.periodStart} to={plan.periodEnd} />
          </p>
          {canManage ? (
            <p class="actions">
              <a class="button" href={`${base}/activities/new?plan=${plan.id}`}>
                {t("activities.newActivity")}
              </a>
              <a href={`/${lang}/workspace/plans/${plan.id}/edit`}>{t("activities.editPlan")}</a>
            </p>
          ) : null}
          {plan.activities.length ? <PlanFigures plan={plan} /> : null}
          {plan.activities.length ? (
            <>
              <ActivityTable
                activities={plan.activities.slice(0, ACTIVITIES_SHOWN_PER_PLAN)}
                canReport={canReport}
                caption={t("activities.tableCaption", { plan: textOf(plan.title, lang) })}
              />
              {plan.activities.length > ACTIVITIES_SHOWN_PER_PLAN ? (
                <p>
                  <a href={activityListPath(lang, agreementId, `?plan=${plan.id}`)}>
                    {t("activities.list.allOfPlan", { count: plan.activities.length })}
                  </a>
                </p>
              ) : null}
            </>
          ) : (
            <p>{t("activities.noActivity")}</p>
          )}
        </section>
      ))}
    </section>
  );
}

/** ActivityTable, in its own scrolling box: a wide table scrolls sideways on a phone, not the page. */
export function ActivityTable(props: Parameters<typeof ActivityTableRows>[0]) {
  if (!props.activities.length) return <ActivityTableRows {...props} />;
  return (
    <TableScroll label={props.caption}>
      <ActivityTableRows {...props} />
    </TableScroll>
  );
}
