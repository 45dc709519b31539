import { meetingStatuses } from "../db/schema/index.js";
import { instantToMoroccanTime, moroccanTimeToInstant } from "../domain/moroccan-time.js";
import type { AppError } from "../shared/errors.js";
import { formatDateTime, joinList, type Translate } from "../shared/i18n.js";
import { type Language, type LocalizedText, languages, textOf } from "../shared/localized.js";
import { ConflictPanel, type ConflictRow, conflictValues } from "../web/conflict.js";
import { ErrorSummary, FieldErrorsScope, marksOf } from "../web/field-errors.js";
import { LocalizedInputs, Select } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import type { DocumentOption } from "./meetings.choices.js";
import {
  MAX_AGENDA_LENGTH,
  MAX_OTHER_ATTENDEES_LENGTH,
  MAX_PLACE_LENGTH,
  MAX_TITLE_LENGTH,
} from "./meetings.input.js";
import type { MeetingDetail, MemberItem } from "./meetings.presenter.js";
import { committeeErrors, fieldHeading, invalidFields } from "./meetings.views.js";

/** The meeting form as the person filled it in (the start as a datetime-local value, Moroccan time). */
export interface MeetingFormValues {
  title: LocalizedText;
  startsAt?: string;
  place?: string;
  status?: string;
  agenda: LocalizedText;
  attendeeIds: string[];
  otherAttendees?: string;
  minutesDocumentId?: string;
}

export const meetingFormValuesOf = (meeting: MeetingDetail): MeetingFormValues => ({
  title: { ...meeting.title },
  startsAt: instantToMoroccanTime(meeting.startsAt),
  place: meeting.place || undefined,
  status: meeting.status,
  agenda: { ...meeting.agenda },
  attendeeIds: meeting.attendees.map((member) => member.id),
  otherAttendees: meeting.otherAttendees || undefined,
  // A deleted document is no longer offered: the form shows no minutes rather than a dead choice.
  minutesDocumentId: meeting.minutes?.id,
});

/** Their saved meeting against the person's unsaved form, field by field. */
export function meetingConflictRows(
  lang: Language,
  t: Translate,
  theirs: MeetingFormValues,
  yours: MeetingFormValues,
  members: MemberItem[],
  documents: DocumentOption[],
): ConflictRow[] {
  const perLanguage = (label: string, of: (values: MeetingFormValues) => LocalizedText) =>
    languages.map((language) => ({
      label: `${label} (${t(`languageNames.${language}`)})`,
      theirs: of(theirs)[language] ?? "—",
      yours: of(yours)[language] ?? "—",
    }));
  const when = (values: MeetingFormValues) => {
    const instant = values.startsAt ? moroccanTimeToInstant(values.startsAt) : undefined;
    return instant ? formatDateTime(lang, instant) : (values.startsAt ?? "—");
  };
  const names = (ids: string[]) =>
    joinList(
      lang,
      members.filter((member) => ids.includes(member.id)).map((member) => member.fullName),
    ) || "—";
  const documentName = (id: string | undefined) =>
    id ? textOf(documents.find((doc) => doc.id === id)?.title, lang, "—") : "—";
  const status = (values: MeetingFormValues) =>
    conflictValues("meeting", { lang, t })("status", values.status);
  return [
    ...perLanguage(fieldHeading(t, "title"), (values) => values.title),
    { label: fieldHeading(t, "startsAt"), theirs: when(theirs), yours: when(yours) },
    { label: fieldHeading(t, "place"), theirs: theirs.place ?? "—", yours: yours.place ?? "—" },
    { label: fieldHeading(t, "status"), theirs: status(theirs), yours: status(yours) },
    ...perLanguage(fieldHeading(t, "agenda"), (values) => values.agenda),
    {
      label: fieldHeading(t, "attendeeIds"),
      theirs: names(theirs.attendeeIds),
      yours: names(yours.attendeeIds),
    },
    {
      label: fieldHeading(t, "otherAttendees"),
      theirs: theirs.otherAttendees ?? "—",
      yours: yours.otherAttendees ?? "—",
    },
    {
      label: fieldHeading(t, "minutesDocumentId"),
      theirs: documentName(theirs.minutesDocumentId),
      yours: documentName(yours.minutesDocumentId),
    },
  ];
}

export interface MeetingFormProps {
  action: string;
  cancelHref: string;
  values: MeetingFormValues;
  members: MemberItem[];
  documents: DocumentOption[];
  version?: number;
  error?: AppError;
  conflict?: { version: number; rows: ConflictRow[] };
  submitLabel: string;
}

/** Creating or changing a meeting (staff); the date and time are Moroccan time. */
export function MeetingForm(props: MeetingFormProps) {
  const { values } = props;
  const { lang, t } = usePage();
  const invalid = invalidFields(props.error);
  const errors = committeeErrors(props.error, t, {
    startsAt: "meeting-startsAt",
    place: "meeting-place",
    status: "meeting-status",
    attendeeIds: "meeting-attendees",
    otherAttendees: "meeting-otherAttendees",
    minutesDocumentId: "meeting-minutes",
  });
  return (
    <>
      {props.conflict ? <ConflictPanel version={props.conflict.version} rows={props.conflict.rows} /> : null}
      <ErrorSummary errors={errors} />
      <FieldErrorsScope errors={errors}>
        <form method="post" action={props.action} class="stacked">
          {props.version !== undefined ? (
            <input type="hidden" name="version" value={String(props.version)} />
          ) : null}
          <LocalizedInputs
            name="title"
            label={fieldHeading(t, "title")}
            value={values.title}
            required
            maxLength={MAX_TITLE_LENGTH}
          />
          <div class="field">
            <label for="meeting-startsAt">
              {fieldHeading(t, "startsAt")}
              <span aria-hidden="true"> *</span>
            </label>
            <input
              id="meeting-startsAt"
              name="startsAt"
              type="datetime-local"
              required
              value={values.startsAt ?? ""}
              {...marksOf(errors, "startsAt", "meeting-startsAt-hint").attrs}
            />{" "}
            <small id="meeting-startsAt-hint">{t("meetings.form.startsAtHint")}</small>
            {marksOf(errors, "startsAt").note}
          </div>
          <div class="field">
            <label for="meeting-place">{fieldHeading(t, "place")}</label>
            <input
              id="meeting-place"
              name="place"
              dir="auto"
              maxlength={MAX_PLACE_LENGTH}
              value={values.place ?? ""}
              {...marksOf(errors, "place").attrs}
            />
            {marksOf(errors, "place").note}
          </div>
          <Select
            id="meeting-status"
            name="status"
            label={fieldHeading(t, "status")}
            invalid={invalid.has("status")}
            value={values.status ?? "planned"}
            options={meetingStatuses.map((status) => ({
              value: status,
              label: t(`meetings.meetingStatus.${status}`),
            }))}
          />
          <LocalizedInputs
            name="agenda"
            label={fieldHeading(t, "agenda")}
            value={values.agenda}
            multiline
            maxLength={MAX_AGENDA_LENGTH}
          />
          <fieldset id="meeting-attendees">
            <legend>{fieldHeading(t, "attendeeIds")}</legend>
            {marksOf(errors, "attendeeIds").note}
            {props.members.length ? (
              props.members.map((member) => (
                <div class="check">
                  <input
                    type="checkbox"
                    id={`attendee-${member.id}`}
                    name="attendeeIds"
                    value={member.id}
                    checked={values.attendeeIds.includes(member.id)}
                  />{" "}
                  <label for={`attendee-${member.id}`} dir="auto">
                    {member.fullName} ({t(`meetings.roles.${member.role}`)})
                  </label>
                </div>
              ))
            ) : (
              <p>{t("meetings.form.noMembers")}</p>
            )}
          </fieldset>
          <div class="field">
            <label for="meeting-otherAttendees">{fieldHeading(t, "otherAttendees")}</label>
            <textarea
              id="meeting-otherAttendees"
              name="otherAttendees"
              rows={3}
              dir="auto"
              maxlength={MAX_OTHER_ATTENDEES_LENGTH}
              {...marksOf(errors, "otherAttendees").attrs}
            >
              {values.otherAttendees ?? ""}
            </textarea>
            {marksOf(errors, "otherAttendees").note}
          </div>
          <Select
            id="meeting-minutes"
            name="minutesDocumentId"
            label={fieldHeading(t, "minutesDocumentId")}
            describedBy="meeting-minutes-hint"
            invalid={invalid.has("minutesDocumentId")}
            blank={t("meetings.form.noMinutes")}
            value={values.minutesDocumentId}
            options={props.documents.map((doc) => ({
              value: doc.id,
              label: `${textOf(doc.title, lang, "—")} (${doc.fileName})`,
            }))}
          >
            {" "}
            <small id="meeting-minutes-hint">{t("meetings.form.minutesHint")}</small>
          </Select>
          <div class="actions">
            <button type="submit" class="button">
              {props.submitLabel}
            </button>
            <a href={props.cancelHref}>{t("workspace.cancel")}</a>
          </div>
        </form>
      </FieldErrorsScope>
    </>
  );
}
