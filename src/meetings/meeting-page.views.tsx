import type { Child } from "hono/jsx";
import type { AgreementRef } from "../agreements/agreements.queries.js";
import type { AppError } from "../shared/errors.js";
import { type LocalizedText, pickText, textDirection } from "../shared/localized.js";
import { DateTime, Localized } from "../web/components.js";
import { ErrorSummary, FieldErrorsScope } from "../web/field-errors.js";
import { LocalizedInputs } from "../web/forms.js";
import { Notice } from "../web/page.js";
import { usePage } from "../web/page-context.js";
import { ActionFields, type ActionFormValues, ActionTable, actionFieldIds } from "./actions.views.js";
import type { OrganizationOption, PersonOption } from "./meetings.choices.js";
import { MAX_DECISION_LENGTH } from "./meetings.input.js";
import { agreementPath, workspacePath } from "./meetings.paths.js";
import type { MeetingDetail } from "./meetings.presenter.js";
import { CommitteeFormErrors, committeeErrors, fieldHeading } from "./meetings.views.js";

/** A multi-line text as paragraphs: line breaks typed in a text area are kept. */
function Lines({ value }: { value: LocalizedText }) {
  const { lang, t } = usePage();
  const picked = pickText(value, lang);
  if (!picked?.text.includes("\n")) return <Localized value={value} notice="full" />;
  return (
    <>
      <div lang={picked.lang} dir={textDirection(picked.lang)}>
        {picked.text.split(/\r?\n/).map((line) => (line.trim() ? <p>{line}</p> : null))}
      </div>
      {picked.fallback ? (
        <small class="fallback">
          {t("agreement.fallbackNotice", { language: t(`languageNames.${picked.lang}`) })}
        </small>
      ) : null}
    </>
  );
}

export interface DecisionFormValues {
  text: LocalizedText;
  action: ActionFormValues;
}

/** A decision, and optionally the follow-up action it hands out (staff). */
export function DecisionForm({
  meetingId,
  values,
  parties,
  people,
  error,
}: {
  meetingId: string;
  values?: DecisionFormValues;
  parties: OrganizationOption[];
  people: PersonOption[];
  error?: AppError;
}) {
  const { lang, t } = usePage();
  const errors = committeeErrors(error, t, actionFieldIds);
  return (
    <section aria-labelledby="decision-form-heading">
      <h3 id="decision-form-heading">{t("meetings.decisions.add")}</h3>
      <ErrorSummary errors={errors} />
      <FieldErrorsScope errors={errors}>
        <form method="post" action={workspacePath(lang, `/meetings/${meetingId}/decisions`)} class="stacked">
          <LocalizedInputs
            name="text"
            label={t("meetings.decisions.text")}
            value={values?.text}
            multiline
            required
            maxLength={MAX_DECISION_LENGTH}
          />
          <fieldset>
            <legend>{t("meetings.decisions.actionLegend")}</legend>
            <p>
              <small>{t("meetings.decisions.actionHint")}</small>
            </p>
            <ActionFields
              values={values?.action ?? { description: {} }}
              parties={parties}
              people={people}
              prefix="action."
              required={false}
              error={error}
            />
          </fieldset>
          <button type="submit" class="button">
            {t("meetings.decisions.submit")}
          </button>
        </form>
      </FieldErrorsScope>
    </section>
  );
}

export interface MeetingPageProps {
  meeting: MeetingDetail;
  agreement: AgreementRef;
  canManage: boolean;
  notice?: string;
  /** the decision form, for the staff */
  decisionForm?: Child;
  /** why a deletion was refused */
  deleteError?: AppError;
}

/** A meeting: its facts, who attended, the agenda, the minutes, its decisions and their actions. */
export function MeetingPage(props: MeetingPageProps) {
  const { meeting, agreement, canManage } = props;
  const { lang, t } = usePage();
  const base = workspacePath(lang, `/meetings/${meeting.id}`);
  return (
    <>
      <p>
        <a href={agreementPath(lang, agreement.id)}>
          {t("meetings.backToAgreement", { reference: agreement.reference })}
        </a>
      </p>
      <h1>
        <Localized value={meeting.title} notice="full" />
      </h1>
      <Notice text={props.notice} />
      <CommitteeFormErrors error={props.deleteError} />
      <p>
        <a href={`${base}.pdf`} type="application/pdf">
          {t("reports.printMinutes")}
        </a>
      </p>
      <dl class="facts">
        <dt>{fieldHeading(t, "startsAt")}</dt>
        <dd>
          <DateTime value={meeting.startsAt} /> <small>{t("meetings.moroccanTime")}</small>
        </dd>
        <dt>{fieldHeading(t, "place")}</dt>
        <dd dir="auto">{meeting.place || "—"}</dd>
        <dt>{fieldHeading(t, "status")}</dt>
        <dd>{t(`meetings.meetingStatus.${meeting.status}`)}</dd>
        <dt>{fieldHeading(t, "minutesDocumentId")}</dt>
        <dd>
          {meeting.minutes ? (
            <a
              href={workspacePath(lang, `/documents/${meeting.minutes.id}/download`)}
              download={meeting.minutes.fileName}
            >
              <Localized value={meeting.minutes.title} />
            </a>
          ) : (
            t("meetings.noMinutes")
          )}
        </dd>
      </dl>
      {canManage ? (
        <div class="actions">
          <a class="button" href={`${base}/edit`}>
            {t("meetings.edit")}
          </a>
          <a href={workspacePath(lang, `/history/meeting/${meeting.id}`)}>{t("workspace.history")}</a>
          <a class="button secondary" href={`${base}/delete`}>
            {t("meetings.delete")}
          </a>
        </div>
      ) : null}
      <section aria-labelledby="attendees-heading">
        <h2 id="attendees-heading">{t("meetings.attendees")}</h2>
        {meeting.attendees.length ? (
          <ul>
            {meeting.attendees.map((member) => (
              <li>
                <span dir="auto">{member.fullName}</span> — {t(`meetings.roles.${member.role}`)}
                {member.organization ? (
                  <>
                    {" "}
                    (<Localized value={member.organization.name} />)
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("meetings.noAttendees")}</p>
        )}
        {meeting.otherAttendees ? (
          <>
            <h3>{fieldHeading(t, "otherAttendees")}</h3>
            <p dir="auto">{meeting.otherAttendees}</p>
          </>
        ) : null}
      </section>
      <section aria-labelledby="agenda-heading">
        <h2 id="agenda-heading">{fieldHeading(t, "agenda")}</h2>
        {meeting.agenda.ar || meeting.agenda.fr || meeting.agenda.en ? (
          <Lines value={meeting.agenda} />
        ) : (
          <p>{t("meetings.noAgenda")}</p>
        )}
      </section>
      <section aria-labelledby="decisions-heading">
        <h2 id="decisions-heading">{fieldHeading(t, "decisions")}</h2>
        {meeting.decisions.length ? (
          <ol>
            {meeting.decisions.map((decision, index) => (
              <li>
                <Lines value={decision.text} />
                {decision.actions.length ? (
                  <ActionTable
                    actions={decision.actions}
                    caption={t("meetings.decisions.actionsOf", { number: index + 1 })}
                  />
                ) : null}
                {canManage ? (
                  <a href={workspacePath(lang, `/decisions/${decision.id}/delete`)}>
                    {t("meetings.decisions.delete", { number: index + 1 })}
                  </a>
                ) : null}
              </li>
            ))}
          </ol>
        ) : (
          <p>{t("meetings.decisions.none")}</p>
        )}
        {props.decisionForm}
      </section>
    </>
  );
}
