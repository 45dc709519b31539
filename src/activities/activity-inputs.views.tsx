import type { Child } from "hono/jsx";
import { type Language, pickText } from "../shared/localized.js";
import type { TerritoryRow } from "../territories/territories.service.js";
import { usePage } from "../web/page-context.js";

/* The inputs the activity and plan forms are made of, each with its label. */

const idOf = (...parts: string[]) => parts.join("-").replace(/[^a-zA-Z0-9_-]/g, "-");

const invalidAttr = ({ name, invalid }: { name: string; invalid?: Set<string> }) =>
  invalid?.has(name) ? "true" : undefined;

export function DateField(props: { name: string; label: string; value?: string; invalid?: Set<string> }) {
  return (
    <div class="field">
      <label for={props.name}>{props.label}</label>
      <input
        type="date"
        id={props.name}
        name={props.name}
        value={props.value ?? ""}
        aria-invalid={invalidAttr(props)}
      />
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
        aria-describedby={props.hint ? `${props.name}-hint` : undefined}
        aria-invalid={invalidAttr(props)}
      />
      {props.hint ? <small id={`${props.name}-hint`}>{props.hint}</small> : null}
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
  return (
    <fieldset>
      <legend>{props.legend}</legend>
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

/**
 * Territories grouped by region, one fieldset per region: its prefectures and provinces, and
 * the region itself when a whole region may be named (not for attendance: regions have no council).
 */
export function TerritoryChecklist(props: {
  name: string;
  legend: string;
  hint: string;
  territories: TerritoryRow[];
  selected: string[];
  withRegions: boolean;
  invalid?: Set<string>;
}) {
  const { lang, t } = usePage();
  const label = (row: TerritoryRow) => pickText(row.name, lang);
  const option = (row: TerritoryRow) => ({
    value: row.code,
    label: label(row)?.text ?? row.code,
    lang: label(row)?.lang,
  });
  const regions = props.territories.filter((row) => row.kind === "region");
  return (
    <details open={props.selected.length > 0 || props.invalid?.has(props.name)}>
      <summary>
        {props.legend} ({props.selected.length})
      </summary>
      <p>
        <small>{props.hint}</small>
      </p>
      {regions.map((region) => (
        <Checklist
          name={props.name}
          legend={label(region)?.text ?? region.code}
          selected={props.selected}
          options={[
            ...(props.withRegions
              ? [
                  {
                    ...option(region),
                    label: t("activities.form.wholeRegion", { name: option(region).label }),
                  },
                ]
              : []),
            ...props.territories.filter((row) => row.regionCode === region.code).map(option),
          ]}
        />
      ))}
    </details>
  );
}
