import { agreementPaths } from "../agreements/agreements.paths.js";
import type { AgreementRef } from "../agreements/agreements.queries.js";
import { activityKinds, activityStatuses } from "../db/schema/index.js";
import { type LocalizedText, textOf } from "../shared/localized.js";
import { FilterFold, Pager } from "../web/components.js";
import { FilterButtons, FilterChoice, SortChoice } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import { addressQuery } from "../web/paths.js";
import { type ActivityListFilter, activitySorts } from "./activities.input.js";
import type { ActivityRecord } from "./activities.queries.js";
import { ActivityTable, activityListPath } from "./activities.views.js";

/**
 * An agreement's activities a page at a time, with their filters (plan, status, kind, overdue)
 * and order in one GET form: a filtered list is an address, kept by the pager and the language
 * switcher.
 */
export function ActivityListView({
  agreement,
  plans,
  filter,
  found,
  page,
  pages,
  canReport,
}: {
  agreement: AgreementRef;
  plans: { id: string; title: LocalizedText }[];
  filter: ActivityListFilter;
  found: { items: ActivityRecord[]; total: number };
  page: number;
  pages: number;
  canReport: (activity: ActivityRecord) => boolean;
}) {
  const { lang, t } = usePage();
  const action = activityListPath(lang, agreement.id);
  return (
    <>
      <h1>{t("activities.list.title", { reference: agreement.reference })}</h1>
      <p>
        <a href={agreementPaths.workspace(lang, agreement.id)}>{t("activities.list.back")}</a>
      </p>
      <search>
        <FilterFold>
          <form class="filters inline" method="get" action={action} aria-label={t("activities.list.filters")}>
            <FilterChoice
              name="plan"
              label={t("activities.list.plan")}
              values={plans.map((plan) => plan.id)}
              selected={filter.plan}
              labelOf={(id) => textOf(plans.find((plan) => plan.id === id)?.title, lang, id)}
            />
            <FilterChoice
              name="status"
              label={t("activities.list.status")}
              values={activityStatuses}
              selected={filter.status}
              labelKey="activities.statuses"
            />
            <FilterChoice
              name="kind"
              label={t("activities.list.kind")}
              values={activityKinds}
              selected={filter.kind}
              labelKey="activities.kinds"
            />
            <SortChoice
              label={t("activities.list.sort")}
              sorts={activitySorts}
              selected={filter.sort ?? "planned"}
              labelKey="activities.list.sorts"
            />
            <label class="checkbox">
              <input type="checkbox" name="late" value="1" checked={filter.late === "1"} />{" "}
              {t("activities.list.late")}
            </label>
            <FilterButtons resetHref={action} />
          </form>
        </FilterFold>
      </search>
      <p>{t("activities.list.count", { count: found.total })}</p>
      {found.items.length ? (
        <ActivityTable
          activities={found.items}
          canReport={canReport}
          caption={t("activities.list.title", { reference: agreement.reference })}
        />
      ) : (
        <p>{t("activities.noActivity")}</p>
      )}
      <Pager page={page} pages={pages} hrefFor={(page) => `${action}${addressQuery({ ...filter, page })}`} />
    </>
  );
}
