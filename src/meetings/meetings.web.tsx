import type { Context } from "hono";
import type { AppError, FieldIssue } from "../shared/errors.js";
import type { Translate } from "../shared/i18n.js";
import { type Language, type LocalizedText, pickText } from "../shared/localized.js";
import { ErrorBox } from "../web/components.js";
import type { AppEnv } from "../web/context.js";
import { fieldLabel, readFormBody } from "../web/forms.js";
import { noticeText } from "../web/params.js";

/* What the committee's workspace pages share: paths, ids, form bodies, errors and notices. */

export type Ctx = Context<AppEnv>;
export type FormBody = Record<string, string | File | (string | File)[]>;

export const workspacePath = (lang: Language, path: string) => `/${lang}/workspace${path}`;
export const agreementPath = (lang: Language, agreementId: string) =>
  workspacePath(lang, `/agreements/${agreementId}`);
/** The committee's part of the agreement page, where the section starts. */
export const committeeAnchor = (lang: Language, agreementId: string) =>
  `${agreementPath(lang, agreementId)}#committee-heading`;

/** A text in the page's language (or another one) where markup cannot go: an option, a title. */
export const textOf = (value: LocalizedText | null | undefined, lang: Language): string =>
  pickText(value, lang)?.text ?? "—";

/** A field's name as a heading or a column: the catalogue keeps names in lower case, to fit in sentences. */
export function fieldHeading(t: Translate, name: string): string {
  const text = t(`fields.${name}`);
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** A path parameter naming a record (the web kit's, for this module's routes). */
export { recordParam as recordId } from "../web/params.js";

/** The posted form; repeated names (check boxes) come as arrays. */
export const readBody = (c: Ctx): Promise<FormBody> => readFormBody(c, { all: true });

/** A field's one value, trimmed, or undefined when blank or absent (the first of repeated ones). */
export function oneField(body: FormBody, name: string): string | undefined {
  const raw = body[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== "string") return undefined;
  return value.trim() === "" ? undefined : value;
}

/** The values of a repeated field (check boxes), blanks left out. */
export function listField(body: FormBody, name: string): string[] {
  const raw = body[name];
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values.filter((value): value is string => typeof value === "string" && value.trim() !== "");
}

/** `<name>.ar`, `<name>.fr`, `<name>.en` as one text (blank languages left out). */
export function localizedOf(body: FormBody, name: string): { ar?: string; fr?: string; en?: string } {
  const text: { ar?: string; fr?: string; en?: string } = {};
  for (const lang of ["ar", "fr", "en"] as const) {
    const value = oneField(body, `${name}.${lang}`);
    if (value !== undefined) text[lang] = value;
  }
  return text;
}

/** The version a form was opened on; NaN (refused by the service) when missing or not a number. */
export const versionOf = (body: FormBody): number => Number(oneField(body, "version") ?? Number.NaN);

/** An optional whole number typed in a form: undefined when blank, NaN when not a number. */
export function numberOf(body: FormBody, name: string): number | undefined {
  const value = oneField(body, name);
  return value === undefined ? undefined : Number(value);
}

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

export function CommitteeFormErrors({ error, t }: { error?: AppError; t: Translate }) {
  if (!error) return null;
  const messages = error.issues.length
    ? error.issues.map((issue) => localizeCommitteeIssue(issue, t))
    : [error.message];
  return <ErrorBox title={t("errors.title")} messages={messages} />;
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
