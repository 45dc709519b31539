import type { Child } from "hono/jsx";
import type { AgreementRef } from "../agreements/agreements.queries.js";
import { formatDate } from "../shared/i18n.js";
import { Localized } from "../web/components.js";
import { Notice } from "../web/page.js";
import { usePage } from "../web/page-context.js";
import { ActionOwner, DueDate } from "./actions.views.js";
import { agreementPath, workspacePath } from "./meetings.paths.js";
import type { ActionItem } from "./meetings.presenter.js";
import { fieldHeading } from "./meetings.views.js";

/** A follow-up action: what, for which agreement and decision, who, by when, where it stands; then the form the actor may use. */
export function ActionPage({
  action,
  agreement,
  meetingId,
  notice,
  form,
  showHistory = false,
}: {
  action: ActionItem;
  agreement: AgreementRef;
  /** the meeting whose decision created it, if any */
  meetingId?: string;
  notice?: string;
  /** the status form (owner's focal point) or the whole form (staff), when the actor may change it */
  form?: Child;
  /** the audit trail is the staff's */
  showHistory?: boolean;
}) {
  const { lang, t } = usePage();
  return (
    <>
      <p>
        <a href={agreementPath(lang, agreement.id)}>
          {t("meetings.backToAgreement", { reference: agreement.reference })}
        </a>
      </p>
      <h1>{t("meetings.actions.title")}</h1>
      <Notice text={notice} />
      <dl class="facts">
        <dt>{fieldHeading(t, "description")}</dt>
        <dd>
          <Localized value={action.description} notice="full" />
        </dd>
        <dt>{fieldHeading(t, "decision")}</dt>
        <dd>
          {meetingId ? (
            <a href={workspacePath(lang, `/meetings/${meetingId}`)}>{t("meetings.actions.seeDecision")}</a>
          ) : (
            t("meetings.actions.noDecision")
          )}
        </dd>
        <dt>{fieldHeading(t, "ownerOrganizationId")}</dt>
        <dd>
          <ActionOwner action={action} />
        </dd>
        <dt>{fieldHeading(t, "dueOn")}</dt>
        <dd>
          <DueDate action={action} />
        </dd>
        <dt>{fieldHeading(t, "status")}</dt>
        <dd>{t(`meetings.actionStatus.${action.status}`)}</dd>
        {action.doneOn ? (
          <>
            <dt>{fieldHeading(t, "doneOn")}</dt>
            <dd>
              <time datetime={action.doneOn}>{formatDate(lang, action.doneOn)}</time>
            </dd>
          </>
        ) : null}
      </dl>
      {showHistory ? (
        <p>
          <a href={workspacePath(lang, `/history/follow_up_action/${action.id}`)}>{t("workspace.history")}</a>
        </p>
      ) : null}
      {form ? (
        <section aria-labelledby="action-form-heading">
          <h2 id="action-form-heading">{t("meetings.actions.change")}</h2>
          {form}
        </section>
      ) : null}
    </>
  );
}
