import type { Child } from "hono/jsx";
import { agreementPaths } from "../agreements/agreements.paths.js";
import { Pagination } from "../audit/audit.views.js";
import { daysBetween } from "../domain/periods.js";
import { periodLabel } from "../indicators/indicators.chart.js";
import type { ValueWorkItem } from "../indicators/indicators.types.js";
import { formatDate, formatNumber, listSeparator } from "../shared/i18n.js";
import { DateTime, Localized } from "../web/components.js";
import { usePage } from "../web/page-context.js";
import type { MissingPeriodsItem } from "./missing-periods.queries.js";
import { DUE_WITHIN_DAYS, type MyWork } from "./my-work.queries.js";
import type {
  ActionWorkItem,
  ActivityWorkItem,
  AgreementRef,
  IndicatorWorkItem,
  WorkList,
} from "./my-work.types.js";
import type { DueAgreement, DueByAgreement } from "./my-work-due.queries.js";

/** A due date with its state in words: overdue, due today, or due in so many days. */
export function DueState({ dueOn, today }: { dueOn: string | null; today: string }) {
  const { lang, t } = usePage();
  if (!dueOn) return <>{t("progress.myWork.noDate")}</>;
  const days = daysBetween(today, dueOn);
  return (
    <>
      {formatDate(lang, dueOn)}{" "}
      {days < 0 ? (
        <strong>{t("progress.myWork.overdue", { count: -days })}</strong>
      ) : (
        <span>
          {days === 0 ? t("progress.myWork.dueToday") : t("progress.myWork.dueIn", { count: days })}
        </span>
      )}
    </>
  );
}

function AgreementLink({ agreement }: { agreement: AgreementRef }) {
  const { lang } = usePage();
  return (
    <a href={agreementPaths.workspace(lang, agreement.id)}>
      {agreement.reference} — <Localized value={agreement.title} />
    </a>
  );
}

/**
 * A list's table, or what to say when it is empty, and how many more there are. Inside an
 * agreement's group (`grouped`) its heading is a level lower and its rows name no agreement.
 */
function WorkTable<T>({
  id,
  title,
  list,
  empty,
  columns,
  row,
  grouped = false,
}: {
  id: string;
  title: string;
  list: WorkList<T>;
  empty: string;
  columns: string[];
  row: (item: T) => Child;
  grouped?: boolean;
}) {
  const { lang, t } = usePage();
  const rest = list.total - list.items.length;
  const Heading = grouped ? "h4" : "h3";
  return (
    <section aria-labelledby={id}>
      <Heading id={id}>
        {title} <small>({formatNumber(lang, list.total)})</small>
      </Heading>
      {list.items.length ? (
        <table class="data">
          <thead>
            <tr>
              {columns.map((column) => (
                <th scope="col">{column}</th>
              ))}
            </tr>
          </thead>
          <tbody>{list.items.map(row)}</tbody>
        </table>
      ) : (
        <p>{empty}</p>
      )}
      {rest > 0 ? <p>{t("progress.myWork.more", { count: rest })}</p> : null}
    </section>
  );
}

function ActivityTable({
  id,
  title,
  list,
  today,
  grouped = false,
}: {
  id: string;
  title: string;
  list: WorkList<ActivityWorkItem>;
  today: string;
  grouped?: boolean;
}) {
  const { lang, t } = usePage();
  return (
    <WorkTable
      id={id}
      title={title}
      list={list}
      grouped={grouped}
      empty={t("progress.myWork.noActivities")}
      columns={[
        t("progress.columns.activity"),
        ...(grouped ? [] : [t("progress.columns.agreement")]),
        t("progress.columns.status"),
        t("progress.columns.plannedEnd"),
      ]}
      row={(item) => (
        <tr>
          <td>
            <a href={`/${lang}/workspace/activities/${item.id}`}>
              <Localized value={item.title} />
            </a>
          </td>
          {grouped ? null : (
            <td>
              <AgreementLink agreement={item.agreement} />
            </td>
          )}
          <td>{t(`progress.activityStatus.${item.status}`)}</td>
          <td>
            <DueState dueOn={item.plannedEnd} today={today} />
          </td>
        </tr>
      )}
    />
  );
}

function ActionTable({
  id,
  title,
  list,
  today,
  grouped = false,
}: {
  id: string;
  title: string;
  list: WorkList<ActionWorkItem>;
  today: string;
  grouped?: boolean;
}) {
  const { lang, t } = usePage();
  return (
    <WorkTable
      id={id}
      title={title}
      list={list}
      grouped={grouped}
      empty={t("progress.myWork.noActions")}
      columns={[
        t("progress.columns.action"),
        ...(grouped ? [] : [t("progress.columns.agreement")]),
        t("progress.columns.status"),
        t("progress.columns.dueOn"),
      ]}
      row={(item) => (
        <tr>
          <td>
            <a href={`/${lang}/workspace/actions/${item.id}`}>
              <Localized value={item.description} />
            </a>
          </td>
          {grouped ? null : (
            <td>
              <AgreementLink agreement={item.agreement} />
            </td>
          )}
          <td>{t(`meetings.actionStatus.${item.status}`)}</td>
          <td>
            <DueState dueOn={item.dueOn} today={today} />
          </td>
        </tr>
      )}
    />
  );
}

function IndicatorLink({ indicator }: { indicator: { id: string; name: IndicatorWorkItem["name"] } }) {
  const { lang } = usePage();
  return (
    <a href={`/${lang}/workspace/indicators/${indicator.id}`}>
      <Localized value={indicator.name} />
    </a>
  );
}

/** An agreement's indicators with ended periods and no value. */
function PeriodTable({ id, list, today }: { id: string; list: WorkList<MissingPeriodsItem>; today: string }) {
  const { lang, t } = usePage();
  return (
    <WorkTable
      id={id}
      title={t("progress.myWork.duePeriods")}
      list={list}
      grouped={true}
      empty={t("progress.myWork.noPeriods")}
      columns={[t("progress.columns.indicator"), t("progress.columns.periods"), t("progress.columns.dueOn")]}
      row={(item) => (
        <tr>
          <td>
            <IndicatorLink indicator={item.indicator} />
          </td>
          <td>
            {item.periods.map((period, index) => (
              <>
                {index ? listSeparator(lang) : null}
                <bdi>{periodLabel(t, period)}</bdi>
              </>
            ))}
          </td>
          <td>
            <DueState dueOn={item.dueOn} today={today} />
          </td>
        </tr>
      )}
    />
  );
}

function ValueTable({
  id,
  title,
  list,
  empty,
  returned,
}: {
  id: string;
  title: string;
  list: WorkList<ValueWorkItem>;
  empty: string;
  returned: boolean;
}) {
  const { lang, t } = usePage();
  return (
    <WorkTable
      id={id}
      title={title}
      list={list}
      empty={empty}
      columns={[
        t("progress.columns.indicator"),
        t("progress.columns.agreement"),
        t("progress.columns.period"),
        t("progress.columns.value"),
        returned ? t("progress.columns.returnReason") : t("progress.columns.enteredAt"),
      ]}
      row={(item) => (
        <tr>
          <td>
            <IndicatorLink indicator={item.indicator} />
          </td>
          <td>
            <AgreementLink agreement={item.agreement} />
          </td>
          <td>
            <bdi>{periodLabel(t, item.value.period)}</bdi>
          </td>
          <td class="number">{formatNumber(lang, Number(item.value.value))}</td>
          <td>{returned ? (item.value.returnReason ?? "") : <DateTime value={item.value.enteredAt} />}</td>
        </tr>
      )}
    />
  );
}

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
