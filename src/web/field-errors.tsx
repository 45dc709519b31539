import { type Child, createContext, useContext } from "hono/jsx";
import type { AppError, FieldIssue } from "../shared/errors.js";
import type { Translate } from "../shared/i18n.js";
import { capitalized, type FieldNames, fieldLabel, localizeIssue } from "./issue-text.js";
import { usePage } from "./page-context.js";

/*
 * Errors where the eye is. A refused save's issues are keyed by the name of the input the person
 * filled in (`title.fr`, `parties.2.organizationId`, `territoryCodes`), not by the service's
 * path: each field component asks for the message of its own name and marks itself
 * (aria-invalid, the message under it, aria-describedby), and the summary at the top links to
 * `#<input id>`. A form whose inputs are not named like the service's fields (rows left out,
 * a list of checkboxes) says how through `inputOf`.
 */

/** The id of the input (or of the group of inputs) posted under `name`. */
export const inputId = (name: string): string => name.replace(/[^a-zA-Z0-9_-]/g, "-");
/** The id of the message under the field posted under `name`. */
export const errorId = (name: string): string => `${inputId(name)}-error`;

export interface SummaryEntry {
  message: string;
  /** `#<input id>`, when the issue is about an input of the form */
  href?: string;
}

export interface FieldErrors {
  /** the message about the input (or group) posted under this name */
  of(name: string): string | undefined;
  /** every issue in the order the service gave them, for the summary */
  summary: SummaryEntry[];
}

export interface FieldErrorOptions {
  /**
   * The posted name an issue is about; undefined when the form has no input for it (it is then
   * listed in the summary without a link). By default the issue's own field, without a list
   * position at its end (a ticked checkbox: `themes.2` → `themes`), none for "(form)" or "version".
   */
  inputOf?: (issue: FieldIssue) => string | undefined;
  /** the issue as a sentence; by default `sayIssue` */
  say?: (issue: FieldIssue, t: Translate) => string;
  /**
   * The form's own labels for fields whose label is not the catalogue's name (`fields.`), by
   * field name, so that the default sentences name the field as the person sees it beside the input.
   */
  fieldNames?: FieldNames;
  /** the id of the input posted under a name, when the form does not use `inputId` ("member-fullName") */
  idOf?: (name: string) => string;
}

const formWide = new Set(["(form)", "(input)", "(body)", "version"]);

export function defaultInputOf(issue: FieldIssue): string | undefined {
  if (formWide.has(issue.field)) return undefined;
  return issue.field.replace(/\.\d+$/, "");
}

/**
 * An issue as people say it: "Le titre est obligatoire en au moins une langue." A sentence
 * written for this field and reason (`formErrors.fields.<field>.<reason>`) first, else one for the
 * reason naming the field (`formErrors.reasons.<reason>`), else the generic sentence. The field
 * is named by `names` (the form's own labels) where it has it, else by the catalogue.
 */
export function sayIssue(issue: FieldIssue, t: Translate, names: FieldNames = {}): string {
  const base = issue.field
    .split(".")
    .filter((segment) => !/^\d+$/.test(segment) && !["ar", "fr", "en"].includes(segment))
    .at(-1);
  if (issue.reason?.includes(".")) {
    // A module's own reason ("activities.reasons.amount"): the field's name, then the reason.
    const said = t(issue.reason, { ...issue.values, defaultValue: issue.message });
    return t("formErrors.fieldSays", { field: capitalized(fieldLabel(issue.field, t, names)), reason: said });
  }
  const reason = issue.reason;
  if (!reason) return localizeIssue(issue, t, names);
  const values = { ...issue.values, field: fieldLabel(issue.field, t, names) };
  // A sentence written for the catalogue's field would name it otherwise than the form does.
  const own =
    base && !Object.hasOwn(names, base)
      ? t(`formErrors.fields.${base}.${reason}`, { ...values, defaultValue: "" })
      : "";
  if (own) {
    // A row of a list ("contacts.1.email") is named first: the sentence alone does not say which.
    const row = /^(.*?\.\d+)(\.|$)/.exec(issue.field)?.[1];
    return row ? `${capitalized(fieldLabel(row, t, names))} — ${own}` : own;
  }
  const general = t(`formErrors.reasons.${reason}`, { ...values, defaultValue: "" });
  return general ? capitalized(general) : localizeIssue(issue, t, names);
}

/** A refused save's issues keyed by input name, and its summary. */
export function fieldErrorsFrom(
  error: AppError | undefined,
  t: Translate,
  options: FieldErrorOptions = {},
): FieldErrors {
  const byName = new Map<string, string>();
  const summary: SummaryEntry[] = [];
  if (error) {
    const inputOf = options.inputOf ?? defaultInputOf;
    const say =
      options.say ?? ((issue: FieldIssue, tr: Translate) => sayIssue(issue, tr, options.fieldNames));
    const idOf = options.idOf ?? inputId;
    if (!error.issues.length) summary.push({ message: error.message });
    for (const issue of error.issues) {
      const message = say(issue, t);
      const name = inputOf(issue);
      if (name !== undefined && !byName.has(name)) byName.set(name, message);
      summary.push({ message, href: name === undefined ? undefined : `#${idOf(name)}` });
    }
  }
  return { of: (name) => byName.get(name), summary };
}

export const noFieldErrors: FieldErrors = { of: () => undefined, summary: [] };

const FieldErrorsContext = createContext<FieldErrors>(noFieldErrors);

/** Hands the form's errors to every field component inside it. */
export function FieldErrorsScope({ errors, children }: { errors: FieldErrors; children: Child }) {
  return <FieldErrorsContext.Provider value={errors}>{children}</FieldErrorsContext.Provider>;
}

/**
 * What the field posted under `name` shows: its attributes (aria-invalid, aria-describedby
 * naming its hint and its message) and the message to put under it. For inputs written inside
 * the very component that opens the scope, where the context is not there yet.
 */
export function marksOf(errors: FieldErrors, name: string, hint?: string) {
  const message = errors.of(name);
  const describedBy = [hint, message ? errorId(name) : undefined].filter(Boolean).join(" ");
  return {
    message,
    attrs: {
      "aria-invalid": message ? ("true" as const) : undefined,
      "aria-describedby": describedBy || undefined,
    },
    note: <FieldMessage name={name} message={message} />,
  };
}

/** `marksOf` with the errors of the scope the field is rendered in. */
export function useFieldError(name: string, hint?: string) {
  return marksOf(useContext(FieldErrorsContext), name, hint);
}

/** The message under a field, named by its input's aria-describedby. */
export function FieldMessage({ name, message }: { name: string; message?: string }) {
  if (!message) return null;
  return (
    <p class="field-error" id={errorId(name)}>
      {message}
    </p>
  );
}

/**
 * The box at the top of a refused form: each issue a link to its field (the page's script moves
 * the focus to the field; without it the browser goes to the field's place). The page's script
 * also moves the focus to the box when the page opens, so a screen reader reads it first.
 */
export function ErrorSummary({ errors }: { errors: FieldErrors }) {
  const { t } = usePage();
  if (!errors.summary.length) return null;
  return (
    <div class="error-box error-summary" role="alert" tabindex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t("errors.title")}</h2>
      <ul>
        {errors.summary.map((entry) => (
          <li>{entry.href ? <a href={entry.href}>{entry.message}</a> : entry.message}</li>
        ))}
      </ul>
    </div>
  );
}
