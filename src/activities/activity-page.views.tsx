import { isOverdue, todayInMorocco } from "../domain/figures.js";
import { formatNumber } from "../shared/i18n.js";
import { pickText } from "../shared/localized.js";
import { Localized } from "../web/components.js";
import { Notice } from "../web/page.js";
import { usePage } from "../web/page-context.js";
import type { ActivityDetail, ActivityRecord } from "./activities.queries.js";
import { activityPath, agreementPlanPath, DateRange, money } from "./activities.views.js";

/* An activity's own page: everything about it, and what the reader may do with it. */

export interface ActivityPageRights {
  canManage: boolean;
  canReport: boolean;
  /** the council's own prefecture or province, when the actor is a council that may record it */
  ownCouncil?: { code: string; name: string };
  /** the audit module shows an activity's history to the staff only */
  canSeeHistory: boolean;
}

function Facts({ detail }: { detail: ActivityDetail }) {
  const { lang, t } = usePage();
  const { activity } = detail;
  const placeName = (code: string) => {
    const place = detail.territories.find((row) => row.code === code);
    return place ? <Localized value={place.name} /> : code;
  };
  return (
    <dl class="facts">
      <dt>{t("activities.fields.responsible")}</dt>
      <dd>
        <Localized value={activity.responsible.name} />
      </dd>
      <dt>{t("activities.fields.status")}</dt>
      <dd>
        {t(`activities.statuses.${activity.status}`)}
        {isOverdue(activity, todayInMorocco()) ? <small> {t("activities.overdue")}</small> : null}
      </dd>
      <dt>{t("activities.page.planned")}</dt>
      <dd>
        <DateRange from={activity.plannedStart} to={activity.plannedEnd} />
      </dd>
      <dt>{t("activities.page.actual")}</dt>
      <dd>
        <DateRange from={activity.actualStart} to={activity.actualEnd} />
      </dd>
      <dt>{t("activities.fields.budgetPlanned")}</dt>
      <dd>{money(lang, activity.budgetPlanned)}</dd>
      <dt>{t("activities.fields.budgetSpent")}</dt>
      <dd>{money(lang, activity.budgetSpent)}</dd>
      <dt>{t("activities.fields.participantCount")}</dt>
      <dd>{activity.participantCount === null ? "—" : formatNumber(lang, activity.participantCount)}</dd>
      <dt>{t("activities.fields.targetGroups")}</dt>
      <dd>
        {activity.targetGroups.length
          ? activity.targetGroups.map((group) => t(`activities.targetGroups.${group}`)).join(" · ")
          : "—"}
      </dd>
      <dt>{t("activities.fields.territories")}</dt>
      <dd>
        {activity.territoryCodes.length ? (
          <ul>
            {activity.territoryCodes.map((code) => (
              <li>{placeName(code)}</li>
            ))}
          </ul>
        ) : (
          t("activities.page.agreementScope")
        )}
      </dd>
      <dt>{t("activities.fields.objectives")}</dt>
      <dd>
        {detail.objectives.length ? (
          <ul>
            {detail.objectives.map((objective) => (
              <li>
                <Localized value={objective.text} />
              </li>
            ))}
          </ul>
        ) : (
          "—"
        )}
      </dd>
    </dl>
  );
}

function OwnAttendance({
  activity,
  council,
}: {
  activity: ActivityRecord;
  council: { code: string; name: string };
}) {
  const { lang, t } = usePage();
  const present = activity.attendance.some((entry) => entry.territoryCode === council.code);
  return (
    <section aria-labelledby="own-attendance-heading">
      <h2 id="own-attendance-heading">{t("activities.attendance.ownHeading")}</h2>
      <p>
        {present
          ? t("activities.attendance.present", { name: council.name })
          : t("activities.attendance.absent", { name: council.name })}
      </p>
      {present || activity.status !== "cancelled" ? (
        <form method="post" action={`${activityPath(lang, activity.id)}/attendance`}>
          <input type="hidden" name="intent" value={present ? "withdraw" : "attend"} />
          <button type="submit" class={present ? "button secondary" : "button"}>
            {present ? t("activities.attendance.withdraw") : t("activities.attendance.attend")}
          </button>
        </form>
      ) : null}
    </section>
  );
}

export function ActivityPageView({
  detail,
  rights,
  notice,
}: {
  detail: ActivityDetail;
  rights: ActivityPageRights;
  notice?: string;
}) {
  const { lang, t } = usePage();
  const { activity, plan, agreement } = detail;
  const here = activityPath(lang, activity.id);
  return (
    <>
      <p>
        <a href={`${agreementPlanPath(lang, agreement.id)}#action-plan`}>
          {t("activities.page.backToAgreement")}
        </a>
      </p>
      <Notice text={notice} />
      <h1>
        <Localized value={activity.title} notice="full" />
      </h1>
      <p class="meta">
        <bdi>{agreement.reference}</bdi> · <Localized value={plan.title} /> ·{" "}
        {t(`activities.kinds.${activity.kind}`)} ·{" "}
        {t("activities.page.version", { version: activity.version })}
      </p>
      <div class="actions">
        {rights.canManage ? (
          <a class="button" href={`${here}/edit`}>
            {t("activities.page.edit")}
          </a>
        ) : null}
        {rights.canReport ? (
          <a class="button" href={`${here}/report`}>
            {t("activities.reportProgress")}
          </a>
        ) : null}
        {rights.canSeeHistory ? (
          <a href={`/${lang}/workspace/history/activity/${activity.id}`}>{t("activities.page.history")}</a>
        ) : null}
      </div>
      {rights.ownCouncil ? <OwnAttendance activity={activity} council={rights.ownCouncil} /> : null}
      <Facts detail={detail} />
      <section aria-labelledby="description-heading">
        <h2 id="description-heading">{t("activities.fields.description")}</h2>
        <p>
          <Localized value={activity.description} />
        </p>
      </section>
      <section aria-labelledby="attendance-heading">
        <h2 id="attendance-heading">{t("activities.fields.attendance")}</h2>
        {activity.attendance.length ? (
          <ul class="columns">
            {activity.attendance.map((entry) => {
              const place = detail.territories.find((row) => row.code === entry.territoryCode);
              return <li>{place ? <Localized value={place.name} /> : entry.territoryCode}</li>;
            })}
          </ul>
        ) : (
          <p>{t("activities.page.noAttendance")}</p>
        )}
      </section>
      <section aria-labelledby="deliverables-heading">
        <h2 id="deliverables-heading">{t("activities.fields.deliverables")}</h2>
        <p>
          <Localized value={activity.deliverables} />
        </p>
      </section>
      <section aria-labelledby="activity-documents-heading">
        <h2 id="activity-documents-heading">{t("activities.fields.documents")}</h2>
        {activity.documents.length ? (
          <ul>
            {activity.documents.map((doc) => (
              <li>
                <a href={`/${lang}/workspace/documents/${doc.id}/download`}>
                  {pickText(doc.title, lang) ? <Localized value={doc.title} /> : doc.fileName}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("activities.page.noDocuments")}</p>
        )}
      </section>
      {rights.canManage ? (
        <p class="actions">
          <a class="button secondary" href={`${here}/delete`}>
            {t("activities.page.delete")}
          </a>
          <small>{t("activities.page.deleteHint")}</small>
        </p>
      ) : null}
    </>
  );
}
