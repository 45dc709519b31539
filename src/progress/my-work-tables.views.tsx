/** "My work"'s tables, one row per item with its due date in words (my-work.views.tsx lays them out). */
import type { Child } from "hono/jsx";
import { agreementPaths } from "../agreements/agreements.paths.js";
import { daysBetween } from "../domain/periods.js";
import { periodLabel } from "../indicators/indicators.chart.js";
import type { ValueWorkItem } from "../indicators/indicators.types.js";
import { formatDate, formatNumber, listSeparator } from "../shared/i18n.js";
import { DateTime, Localized, TableScroll } from "../web/components.js";
import { usePage } from "../web/page-context.js";
import type { MissingPeriodsItem } from "./missing-periods.queries.js";
import type {
  ActionWorkItem,
  ActivityWorkItem,
  AgreementRef,
  IndicatorWorkItem,
  WorkList,
} from "./my-work.types.js";

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

export function AgreementLink({ agreement }: { agreement: AgreementRef }) {
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
export function WorkTable<T>({
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
        <TableScroll>
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
        </TableScroll>
      ) : (
        <p>{empty}</p>
      )}
      {rest > 0 ? <p>{t("progress.myWork.more", { count: rest })}</p> : null}
    </section>
  );
}

export function ActivityTable({
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

export function ActionTable({
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

export function IndicatorLink({ indicator }: { indicator: { id: string; name: IndicatorWorkItem["name"] } }) {
  const { lang } = usePage();
  return (
    <a href={`/${lang}/workspace/indicators/${indicator.id}`}>
      <Localized value={indicator.name} />
    </a>
  );
}

/** An agreement's indicators with ended periods and no value. */
export function PeriodTable({
  id,
  list,
  today,
}: {
  id: string;
  list: WorkList<MissingPeriodsItem>;
  today: string;
}) {
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

export function ValueTable({
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
