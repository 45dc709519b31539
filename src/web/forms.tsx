import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { AppError } from "../shared/errors.js";
import type { Translate } from "../shared/i18n.js";
import { ErrorBox } from "./components.js";
import { FieldMessage, inputId, useFieldError } from "./field-errors.js";
import { capitalized, localizeIssue } from "./issue-text.js";
import { usePage } from "./page-context.js";

export { fieldHeading, fieldLabel, localizeIssue } from "./issue-text.js";

export function localizeIssues(error: AppError, t: Translate): string[] {
  return error.issues.length ? error.issues.map((issue) => localizeIssue(issue, t)) : [error.message];
}

/** The error box at the top of a form that was refused. */
export function FormErrors({ error }: { error?: AppError }) {
  if (!error) return null;
  const { t } = usePage();
  return <ErrorBox title={t("errors.title")} messages={localizeIssues(error, t)} />;
}

/** A form body's value as a trimmed string, or undefined when blank or absent. */
export function textField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (typeof value !== "string") return undefined;
  return value.trim() === "" ? undefined : value;
}

/** A form body as `parseBody({ all: true })` gives it: a repeated name holds an array. */
export type PostedBody = Record<string, string | File | (string | File)[]>;

/** The first string posted under `name`, as typed (not trimmed), or "". */
export function postedText(body: PostedBody, name: string): string {
  const value = body[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first : "";
}

/** Every string posted under `name` (checkboxes of one name, in order). */
export function postedTexts(body: PostedBody, name: string): string[] {
  const value = body[name];
  const all = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return all.filter((entry): entry is string => typeof entry === "string");
}

/** A multilingual text from the fields `<name>.ar`, `<name>.fr` and `<name>.en`. */
export function localizedField(body: Record<string, unknown>, name: string) {
  const text: { ar?: string; fr?: string; en?: string } = {};
  for (const lang of ["ar", "fr", "en"] as const) {
    const value = textField(body, `${name}.${lang}`);
    if (value !== undefined) text[lang] = value;
  }
  return text;
}

/** Inputs for one text in three languages, side by side; the Arabic one right-to-left. */
export function LocalizedInputs({
  name,
  label,
  value,
  multiline = false,
  required = false,
  maxLength,
}: {
  name: string;
  label: string;
  value?: { ar?: string; fr?: string; en?: string } | null;
  multiline?: boolean;
  required?: boolean;
  maxLength?: number;
}) {
  const { t } = usePage();
  // The whole text (given in no language) or one language (too long) may be refused.
  const whole = useFieldError(name);
  return (
    <fieldset class="localized" id={inputId(name)} aria-describedby={whole.attrs["aria-describedby"]}>
      <legend>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </legend>
      {(["ar", "fr", "en"] as const).map((lang) => {
        const id = inputId(`${name}.${lang}`);
        const dir = lang === "ar" ? "rtl" : "ltr";
        const own = useFieldError(`${name}.${lang}`);
        const attrs = {
          ...own.attrs,
          "aria-invalid": own.attrs["aria-invalid"] ?? whole.attrs["aria-invalid"],
        };
        return (
          <div class="localized-field">
            <label for={id}>{capitalized(t(`languageNames.${lang}`))}</label>
            {multiline ? (
              <textarea
                id={id}
                name={`${name}.${lang}`}
                lang={lang}
                dir={dir}
                rows={3}
                maxlength={maxLength}
                {...attrs}
              >
                {value?.[lang] ?? ""}
              </textarea>
            ) : (
              <input
                id={id}
                name={`${name}.${lang}`}
                lang={lang}
                dir={dir}
                value={value?.[lang] ?? ""}
                maxlength={maxLength}
                {...attrs}
              />
            )}
            {own.note}
          </div>
        );
      })}
      {whole.note}
    </fieldset>
  );
}

/**
 * The posted form's fields (repeated names as arrays with `all`). A body that cannot be read
 * (a broken multipart, a wrong content type) is a validation error, never a 500.
 */
export async function readFormBody(
  c: Context,
  options: { all?: boolean } = {},
): Promise<Record<string, string | File | (string | File)[]>> {
  try {
    return await c.req.parseBody({ all: options.all ?? false });
  } catch (error) {
    throw new AppError("validation", "The form could not be read; send it again", {
      issues: [{ field: "(form)", message: "could not be read; send it again", reason: "unreadableForm" }],
      cause: error,
    });
  }
}

/**
 * The box to tick before a change that cannot be undone (a deletion, a status change): the
 * browser asks for it without JavaScript (`required`), and the route checks it again
 * (assertConfirmed), so a crafted or replayed request cannot skip it.
 */
export function ConfirmBox() {
  const { t } = usePage();
  return (
    <label class="confirm-box">
      <input type="checkbox" name="confirm" value="yes" required /> {t("forms.confirm")}
    </label>
  );
}

/** Refuses a form whose confirmation box was not ticked, naming the field. */
export function assertConfirmed(body: Record<string, unknown>): void {
  const ticked = Array.isArray(body.confirm) ? body.confirm.includes("yes") : body.confirm === "yes";
  if (!ticked)
    throw new AppError("validation", "Tick the box to confirm this change", {
      issues: [{ field: "confirm", message: "must be ticked to confirm", reason: "confirmRequired" }],
    });
}

/** One choice of a `<select>`. */
export interface SelectOption {
  value: string;
  label: Child;
}

export interface SelectControlProps {
  name: string;
  id?: string;
  options: readonly SelectOption[];
  /** the chosen option's value: that option is marked `selected` */
  value?: string | null;
  /** a first choice with the empty value ("none", "any", "—") */
  blank?: Child;
  /** the blank choice only while no option is chosen (a required field the person has not filled in yet) */
  blankUntilChosen?: boolean;
  required?: boolean;
  invalid?: boolean;
  describedBy?: string;
}

/** The `<select>` itself, for a form that lays out its own label. */
export function SelectControl(props: SelectControlProps) {
  const chosen = props.options.some((option) => option.value === props.value);
  const blank = props.blank !== undefined && !(props.blankUntilChosen && chosen);
  const error = useFieldError(props.name, props.describedBy);
  return (
    <select
      id={props.id}
      name={props.name}
      required={props.required}
      aria-describedby={error.attrs["aria-describedby"]}
      aria-invalid={props.invalid || error.message ? "true" : undefined}
    >
      {blank ? <option value="">{props.blank}</option> : null}
      {props.options.map((option) => (
        <option value={option.value} selected={option.value === props.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

/**
 * A select as a form field: its label (with a star when `marked` as required), the control, and
 * whatever follows it (a hint the control names in `describedBy`). The id defaults to the name.
 */
export function Select(props: SelectControlProps & { label: Child; marked?: boolean; children?: Child }) {
  const { label, marked, children, ...control } = props;
  const id = props.id ?? inputId(props.name);
  const error = useFieldError(props.name);
  return (
    <div class="field">
      <label for={id}>
        {label}
        {marked ? <span aria-hidden="true"> *</span> : null}
      </label>
      <SelectControl {...control} id={id} />
      {children}
      <FieldMessage name={props.name} message={error.message} />
    </div>
  );
}

/** A list's filter among fixed values, each shown by its translation (`labelKey.value`) or `labelOf`, "any" first. */
export function FilterChoice({
  name,
  label,
  values,
  selected,
  labelKey,
  labelOf,
}: {
  name: string;
  label: string;
  values: readonly (string | number)[];
  selected?: string | number;
  labelKey?: string;
  /** how a value reads, when it is not a translation key */
  labelOf?: (value: string) => string;
}) {
  const { t } = usePage();
  return (
    <label>
      {label}
      <SelectControl
        name={name}
        blank={t("catalogue.any")}
        value={selected === undefined ? undefined : String(selected)}
        options={values.map(String).map((value) => ({
          value,
          label: labelOf ? labelOf(value) : t(`${labelKey}.${value}`),
        }))}
      />
    </label>
  );
}

/** A list's order among fixed ones, each shown by its translation (`labelKey.value`); one is always chosen. */
export function SortChoice({
  label,
  sorts,
  selected,
  labelKey,
  id,
}: {
  label: string;
  sorts: readonly string[];
  /** the order shown: the one asked for, else the list's own first order */
  selected: string;
  labelKey: string;
  /** for a form whose labels stand apart from their controls (`<label for>`) */
  id?: string;
}) {
  const { t } = usePage();
  const select = {
    name: "sort",
    value: selected,
    options: sorts.map((sort) => ({ value: sort, label: t(`${labelKey}.${sort}`) })),
  };
  return id ? (
    <>
      <label for={id}>{label}</label> <SelectControl id={id} {...select} />
    </>
  ) : (
    <label>
      {label}
      <SelectControl {...select} />
    </label>
  );
}

/** A list's filter form's buttons: apply the filters, or go back to the whole list. */
export function FilterButtons({ resetHref }: { resetHref: string }) {
  const { t } = usePage();
  return (
    <div>
      <button class="button" type="submit">
        {t("catalogue.apply")}
      </button>{" "}
      <a class="button secondary" href={resetHref}>
        {t("catalogue.reset")}
      </a>
    </div>
  );
}
