import type { Child } from "hono/jsx";
import type { Language } from "../shared/localized.js";
import { inputId, useFieldError } from "../web/field-errors.js";

/* The inputs the activity and plan forms are made of, each with its label. */

const idOf = (...parts: string[]) => parts.join("-").replace(/[^a-zA-Z0-9_-]/g, "-");

/** The field's marks: from the form's errors, or from a set of invalid names a page still passes. */
function useMarks(props: { name: string; invalid?: Set<string> }, hint?: string) {
  const error = useFieldError(props.name, hint);
  const invalid = error.attrs["aria-invalid"] ?? (props.invalid?.has(props.name) ? "true" : undefined);
  return { ...error, attrs: { ...error.attrs, "aria-invalid": invalid } };
}

export function DateField(props: { name: string; label: string; value?: string; invalid?: Set<string> }) {
  const marks = useMarks(props);
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      <input type="date" id={props.name} name={props.name} value={props.value ?? ""} {...marks.attrs} />
      {marks.note}
    </div>
  );
}

export function TextField(props: {
  name: string;
  label: string;
  value?: string;
  hint?: string;
  invalid?: Set<string>;
  inputmode?: "decimal" | "numeric";
}) {
  const marks = useMarks(props, props.hint ? `${props.name}-hint` : undefined);
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      <input
        id={props.name}
        name={props.name}
        value={props.value ?? ""}
        inputmode={props.inputmode}
        dir="ltr"
        maxlength={30}
        {...marks.attrs}
      />
      {props.hint ? <small id={`${props.name}-hint`}>{props.hint}</small> : null}
      {marks.note}
    </div>
  );
}

/** Checkboxes under one legend; `lang` keeps a name in its own language when it is not the page's. */
export function Checklist(props: {
  name: string;
  legend: Child;
  options: { value: string; label: string; lang?: Language }[];
  selected: string[];
}) {
  const marks = useFieldError(props.name);
  return (
    <fieldset id={inputId(props.name)} aria-describedby={marks.attrs["aria-describedby"]}>
      <legend>{props.legend}</legend>
      {marks.note}
      <ul class="columns">
        {props.options.map((option) => {
          const id = idOf(props.name, option.value);
          return (
            <li class="check">
              <input
                type="checkbox"
                id={id}
                name={props.name}
                value={option.value}
                checked={props.selected.includes(option.value)}
              />
              <label for={id} lang={option.lang}>
                {option.label}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
