import type { AppError, FieldIssue } from "../shared/errors.js";
import type { Translate } from "../shared/i18n.js";
import { ErrorBox } from "../web/components.js";
import { type FieldErrors, fieldErrorsFrom, inputId, sayIssue } from "../web/field-errors.js";
import { fieldLabel } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import { noticeText } from "../web/params.js";

/* What the committee's views share: texts, field headings, form errors and notices. */

export { fieldHeading } from "../web/forms.js";

/** Labels of this module's fields that the shared catalogue lacks. */
const ownLabels: Record<string, string> = { position: "meetings.fields.position" };

/**
 * One issue as a sentence naming the field and the reason. The fields of the action a
 * decision creates ("action.dueOn") are named as the action's.
 */
export function localizeCommitteeIssue(issue: FieldIssue, t: Translate): string {
  const inAction = issue.field.startsWith("action.");
  const field = inAction ? issue.field.slice("action.".length) : issue.field;
  const own = ownLabels[field];
  const label = own ? t(own) : fieldLabel(field, t);
  const reasonKey = issue.reason?.includes(".") ? issue.reason : `reasons.${issue.reason}`;
  const reason = issue.reason
    ? t(reasonKey, { ...issue.values, defaultValue: issue.message })
    : issue.message;
  const sentence = t("errors.invalidField", { field: label, reason });
  return inAction ? `${t("meetings.decisions.actionLegend")} — ${sentence}` : sentence;
}

export function CommitteeFormErrors({ error }: { error?: AppError }) {
  const { t } = usePage();
  if (!error) return null;
  const messages = error.issues.length
    ? error.issues.map((issue) => localizeCommitteeIssue(issue, t))
    : [error.message];
  return <ErrorBox title={t("errors.title")} messages={messages} />;
}

/** A refused form's errors by input, said as this module says them, linked to the inputs' own ids. */
export const committeeErrors = (
  error: AppError | undefined,
  t: Translate,
  ids: Record<string, string>,
): FieldErrors =>
  fieldErrorsFrom(error, t, { say: sayCommitteeIssue, idOf: (name) => ids[name] ?? inputId(name) });

/** An issue as people say it; an action's field (a decision's action) says it is the action's. */
function sayCommitteeIssue(issue: FieldIssue, t: Translate): string {
  if (issue.field in ownLabels) return localizeCommitteeIssue(issue, t);
  if (!issue.field.startsWith("action.")) return sayIssue(issue, t);
  const said = sayIssue({ ...issue, field: issue.field.slice("action.".length) }, t);
  return `${t("meetings.decisions.actionLegend")} — ${said}`;
}

/** The names of the inputs an error is about, to mark them invalid. */
export const invalidFields = (error: AppError | undefined): Set<string> =>
  new Set((error?.issues ?? []).map((issue) => issue.field.replace(/\.\d+$/, "")));

const notices = [
  "member-added",
  "member-saved",
  "member-removed",
  "meeting-created",
  "meeting-saved",
  "meeting-deleted",
  "decision-added",
  "decision-deleted",
  "action-created",
  "action-saved",
  "action-status",
] as const;
export type CommitteeNotice = (typeof notices)[number];
const noticeKeys = Object.fromEntries(notices.map((notice) => [notice, `meetings.notices.${notice}`]));

/** The text of a `?notice=…` this module redirects with; undefined for anyone else's. */
export function committeeNotice(t: Translate, notice: string | undefined): string | undefined {
  return noticeText(t, notice, noticeKeys);
}
