import { Pagination } from "../audit/audit.views.js";
import { formatNumber } from "../shared/i18n.js";
import { usePage } from "../web/page-context.js";
import { DUE_WITHIN_DAYS, type MyWork } from "./my-work.queries.js";
import type { WorkList } from "./my-work.types.js";
import type { DueAgreement, DueByAgreement } from "./my-work-due.queries.js";
import {
  ActionTable,
  ActivityTable,
  AgreementLink,
  IndicatorLink,
  PeriodTable,
  ValueTable,
  WorkTable,
} from "./my-work-tables.views.js";

const listOf = <T,>(items: T[]): WorkList<T> => ({ items, total: items.length });

/** One agreement's late or due items, under its reference and title. */
function AgreementWork({ entry, today }: { entry: DueAgreement; today: string }) {
  const { t } = usePage();
  const id = `work-${entry.agreement.id}`;
  return (
    <section class="work-agreement" aria-labelledby={id}>
      <h3 id={id}>
        <AgreementLink agreement={entry.agreement} />
      </h3>
      {entry.activities.length ? (
        <ActivityTable
          id={`${id}-activities`}
          title={t("progress.myWork.activities")}
          list={listOf(entry.activities)}
          today={today}
          grouped
        />
      ) : null}
      {entry.actions.length ? (
        <ActionTable
          id={`${id}-actions`}
          title={t("progress.myWork.actions")}
          list={listOf(entry.actions)}
          today={today}
          grouped
        />
      ) : null}
      {entry.periods.length ? (
        <PeriodTable id={`${id}-periods`} list={listOf(entry.periods)} today={today} />
      ) : null}
    </section>
  );
}

/** What is late or due, by agreement: how much in all, a page of agreements, and the way to the others. */
function DueByAgreementSection({ due, today }: { due: DueByAgreement; today: string }) {
  const { lang, t } = usePage();
  if (!due.agreements) return <p>{t("progress.myWork.nothingDue", { days: DUE_WITHIN_DAYS })}</p>;
  const totals: [string, number][] = [
    [t("progress.myWork.activities"), due.totals.activities],
    [t("progress.myWork.actions"), due.totals.actions],
    [t("progress.myWork.duePeriods"), due.totals.periods],
  ];
  return (
    <>
      <p>{t("progress.myWork.agreementsWithWork", { count: due.agreements })}</p>
      <dl class="facts">
        {totals.map(([label, value]) => (
          <>
            <dt>{label}</dt>
            <dd>{formatNumber(lang, value)}</dd>
          </>
        ))}
      </dl>
      {due.items.map((entry) => (
        <AgreementWork entry={entry} today={today} />
      ))}
      <Pagination base={`/${lang}/workspace/my-work`} filter={{}} page={due.page} pages={due.pages} />
    </>
  );
}

export function MyWorkPage({ work }: { work: MyWork }) {
  const { t } = usePage();
  const { today } = work;
  return (
    <>
      <h1>{t("progress.myWork.title")}</h1>
      <p>{t(`progress.myWork.scope.${work.scope}`)}</p>
      {work.scope === "none" ? null : (
        <section aria-labelledby="due-heading">
          <h2 id="due-heading">{t("progress.myWork.due", { days: DUE_WITHIN_DAYS })}</h2>
          {work.byAgreement ? (
            <DueByAgreementSection due={work.byAgreement} today={today} />
          ) : (
            <ActivityTable
              id="due-activities"
              title={t("progress.myWork.activities")}
              list={work.dueActivities}
              today={today}
            />
          )}
        </section>
      )}
      {work.scope === "association" ? (
        <section aria-labelledby="review-heading">
          <h2 id="review-heading">{t("progress.myWork.review")}</h2>
          <ValueTable
            id="review-submitted"
            title={t("progress.myWork.submitted")}
            list={work.review.submitted}
            empty={t("progress.myWork.noSubmitted")}
            returned={false}
          />
        </section>
      ) : null}
      {work.scope === "organization" ? (
        <section aria-labelledby="review-heading">
          <h2 id="review-heading">{t("progress.myWork.toCorrect")}</h2>
          <ValueTable
            id="review-returned"
            title={t("progress.myWork.returned")}
            list={work.review.returned}
            empty={t("progress.myWork.noReturned")}
            returned={true}
          />
        </section>
      ) : null}
      {work.scope === "none" ? null : (
        <section aria-labelledby="responsible-heading">
          <h2 id="responsible-heading">{t("progress.myWork.responsible")}</h2>
          {work.scope === "association" ? null : (
            <ActivityTable
              id="my-activities"
              title={t("progress.myWork.openActivities")}
              list={work.responsible.activities}
              today={today}
            />
          )}
          {work.scope === "organization" ? (
            <WorkTable
              id="my-indicators"
              title={t("progress.myWork.indicators")}
              list={work.responsible.indicators}
              empty={t("progress.myWork.noIndicators")}
              columns={[
                t("progress.columns.indicator"),
                t("progress.columns.agreement"),
                t("progress.columns.frequency"),
              ]}
              row={(item) => (
                <tr>
                  <td>
                    <IndicatorLink indicator={item} />
                  </td>
                  <td>
                    <AgreementLink agreement={item.agreement} />
                  </td>
                  <td>{t(`progress.frequency.${item.frequency}`)}</td>
                </tr>
              )}
            />
          ) : null}
          {work.scope === "organization" || work.scope === "association" ? (
            <ActionTable
              id="my-actions"
              title={t(
                work.scope === "association"
                  ? "progress.myWork.assignedActions"
                  : "progress.myWork.openActions",
              )}
              list={work.responsible.actions}
              today={today}
            />
          ) : null}
        </section>
      )}
    </>
  );
}
