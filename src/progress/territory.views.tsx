import { agreementPaths } from "../agreements/agreements.paths.js";
import { formatNumber } from "../shared/i18n.js";
import { type Language, textOf } from "../shared/localized.js";
import type { TerritoryRow } from "../territories/territories.service.js";
import { Localized, Pager, StatusBadge, TableScroll } from "../web/components.js";
import { SelectControl } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import { DateRange, HealthBadge } from "./progress.views.js";
import type { TerritoryActivity, TerritoryView } from "./territory.queries.js";

const territoryName = (territory: TerritoryRow, lang: Language) =>
  textOf(territory.name, lang, territory.code);

/** The staff's and viewers' choice of a prefecture or province (a plain GET form). */
export function TerritoryChooser({
  territories,
  selected,
}: {
  territories: TerritoryRow[];
  selected?: string;
}) {
  const { lang, t } = usePage();
  return (
    <form method="get" action={`/${lang}/workspace/territory`} class="actions">
      <label for="territory-code">{t("progress.territory.choose")}</label>
      <SelectControl
        id="territory-code"
        name="territory"
        blank={t("progress.territory.none")}
        value={selected}
        options={territories.map((territory) => ({
          value: territory.code,
          label: `${territoryName(territory, lang)} (${territory.code})`,
        }))}
      />
      <button type="submit" class="button secondary">
        {t("progress.territory.show")}
      </button>
    </form>
  );
}

/**
 * Record or withdraw the president's attendance: a post to the activities module's own route
 * (fields `intent` attend|withdraw and `code`, the council; `back` brings the person back here).
 */
function AttendanceButton({ activity, code }: { activity: TerritoryActivity; code: string }) {
  const { lang, t } = usePage();
  const title = textOf(activity.title, lang);
  return (
    <form method="post" action={`/${lang}/workspace/activities/${activity.id}/attendance`}>
      <input type="hidden" name="intent" value={activity.attended ? "withdraw" : "attend"} />
      <input type="hidden" name="code" value={code} />
      <input type="hidden" name="back" value="territory" />
      <button type="submit" class="link-button">
        {activity.attended ? t("progress.territory.withdraw") : t("progress.territory.record")}
        <span class="visually-hidden">: {title}</span>
      </button>
    </form>
  );
}

export function TerritoryPage({
  view,
  recordsAttendance,
}: {
  view: TerritoryView;
  /** whether the actor records this council's president's attendance (the council itself, or staff) */
  recordsAttendance: boolean;
}) {
  const { lang, t } = usePage();
  const { territory, agreements, activities } = view;
  const code = territory.code;
  return (
    <>
      <section aria-labelledby="territory-agreements">
        <h2 id="territory-agreements">
          {t("progress.territory.agreements")} <small>({formatNumber(lang, agreements.total)})</small>
        </h2>
        {agreements.items.length ? (
          <TableScroll>
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{t("progress.columns.reference")}</th>
                  <th scope="col">{t("progress.columns.title")}</th>
                  <th scope="col">{t("progress.columns.status")}</th>
                  <th scope="col">{t("progress.columns.health")}</th>
                </tr>
              </thead>
              <tbody>
                {agreements.items.map((item) => (
                  <tr>
                    <td>
                      <a href={agreementPaths.workspace(lang, item.id)}>{item.reference}</a>
                    </td>
                    <td>
                      <Localized value={item.title} />
                    </td>
                    <td>
                      <StatusBadge status={item.status} />
                    </td>
                    <td>{item.health ? <HealthBadge level={item.health} /> : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p>{t("progress.territory.noAgreements")}</p>
        )}
        {agreements.total > agreements.items.length ? (
          <p>
            <a href={agreementPaths.list(lang, `territory=${encodeURIComponent(code)}`)}>
              {t("progress.territory.allAgreements", { count: agreements.total })}
            </a>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="territory-activities">
        <h2 id="territory-activities">
          {t("progress.territory.activities")} <small>({formatNumber(lang, activities.total)})</small>
        </h2>
        {activities.items.length ? (
          <TableScroll>
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{t("progress.columns.activity")}</th>
                  <th scope="col">{t("progress.columns.agreement")}</th>
                  <th scope="col">{t("progress.columns.planned")}</th>
                  <th scope="col">{t("progress.columns.actual")}</th>
                  <th scope="col">{t("progress.columns.status")}</th>
                  <th scope="col">{t("progress.columns.presidentAttended")}</th>
                </tr>
              </thead>
              <tbody>
                {activities.items.map((activity) => (
                  <tr>
                    <td>
                      <a href={`/${lang}/workspace/activities/${activity.id}`}>
                        <Localized value={activity.title} />
                      </a>
                    </td>
                    <td>
                      <a href={agreementPaths.workspace(lang, activity.agreement.id)}>
                        {activity.agreement.reference}
                      </a>
                    </td>
                    <td>
                      <DateRange from={activity.plannedStart} to={activity.plannedEnd} />
                    </td>
                    <td>
                      <DateRange from={activity.actualStart} to={activity.actualEnd} />
                    </td>
                    <td>{t(`progress.activityStatus.${activity.status}`)}</td>
                    <td>
                      {activity.attended
                        ? t("progress.territory.attended")
                        : t("progress.territory.notAttended")}
                      {recordsAttendance && activity.status !== "cancelled" ? (
                        <AttendanceButton activity={activity} code={code} />
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p>{t("progress.territory.noActivities")}</p>
        )}
        <Pager
          page={activities.page}
          pages={activities.pages}
          hrefFor={(page) =>
            `/${lang}/workspace/territory?territory=${encodeURIComponent(code)}&page=${page}`
          }
          label={t("progress.territory.pages")}
        />
      </section>
    </>
  );
}
