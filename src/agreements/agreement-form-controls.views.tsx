import type { Child } from "hono/jsx";
import { type Language, type LocalizedText, textOf } from "../shared/localized.js";
import { inputId, useFieldError } from "../web/field-errors.js";
import { fieldHeading, Select } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import type { FormList } from "./agreements.form.js";

export interface OrganizationChoice {
  id: string;
  name: LocalizedText;
  acronym: string | null;
}

const orgLabel = (org: OrganizationChoice, lang: Language) =>
  `${textOf(org.name, lang, org.id)}${org.acronym ? ` (${org.acronym})` : ""}`;

export function Input({
  id,
  name,
  value,
  label,
  type = "text",
  dir,
  hint,
}: {
  id?: string;
  name: string;
  value: string;
  label: string;
  type?: string;
  dir?: string;
  hint?: string;
}) {
  const inputIdentifier = id ?? inputId(name);
  const hintId = hint ? `${inputIdentifier}-hint` : undefined;
  const error = useFieldError(name, hintId);
  return (
    <div class="field">
      <label for={inputIdentifier}>{label}</label>
      <input id={inputIdentifier} name={name} type={type} value={value} dir={dir} {...error.attrs} />
      {hint ? <small id={hintId}>{hint}</small> : null}
      {error.note}
    </div>
  );
}

/** The buttons of one row: each sends the form with an intent; htmx swaps the form in place. */
export function RowButtons({
  list,
  index,
  count,
  action,
}: {
  list: FormList;
  index: number;
  count: number;
  action: string;
}) {
  const { t } = usePage();
  // "Move up" alone does not say which row: screen readers hear "Move up, objective 2".
  const row = <span class="visually-hidden">{` ${t(`agreementForm.row.${list}`, { n: index + 1 })}`}</span>;
  const hx = {
    "hx-post": action,
    "hx-target": "#agreement-form",
    "hx-select": "#agreement-form",
    "hx-swap": "outerHTML",
  };
  return (
    <div class="row-buttons">
      <button
        type="submit"
        name="intent"
        id={`${list}-${index}-up`}
        value={`up:${list}:${index}`}
        formnovalidate
        disabled={index === 0}
        {...hx}
      >
        {t("agreementForm.up")}
        {row}
      </button>
      <button
        type="submit"
        name="intent"
        id={`${list}-${index}-down`}
        value={`down:${list}:${index}`}
        formnovalidate
        disabled={index === count - 1}
        {...hx}
      >
        {t("agreementForm.down")}
        {row}
      </button>
      <button
        type="submit"
        name="intent"
        id={`${list}-${index}-remove`}
        value={`remove:${list}:${index}`}
        formnovalidate
        {...hx}
      >
        {t("agreementForm.remove")}
        {row}
      </button>
    </div>
  );
}

export function AddButton({ list, action }: { list: FormList; action: string }) {
  const { t } = usePage();
  return (
    <button
      type="submit"
      name="intent"
      value={`add:${list}`}
      // htmx puts the focus back on an element with the same id after it swaps the form.
      id={`add-${list}`}
      formnovalidate
      class="button secondary"
      hx-post={action}
      hx-target="#agreement-form"
      hx-select="#agreement-form"
      hx-swap="outerHTML"
    >
      {t(`agreementForm.add.${list}`)}
    </button>
  );
}

/**
 * An organisation to choose, and beside it a button to create one that is missing: it sends the
 * form (nothing typed is lost) and the server answers with a short organisation form carrying the
 * agreement's draft; once saved, the agreement form comes back with the new organisation chosen
 * in this row (see agreement-organization-step.views.tsx).
 */
export function OrganizationSelect({
  name,
  value,
  organizations,
}: {
  name: string;
  value: string;
  organizations: OrganizationChoice[];
}) {
  const { lang, t } = usePage();
  const row = name.replace(/\.organizationId$/, "");
  return (
    <Select
      name={name}
      value={value}
      label={fieldHeading(t, "organizationId")}
      blank={t("agreementForm.choose")}
      options={organizations.map((org) => ({ value: org.id, label: orgLabel(org, lang) }))}
    >
      <button
        type="submit"
        name="intent"
        value={`new-organization:${row}`}
        id={`${inputId(row)}-new-organization`}
        formnovalidate
        class="link-button"
      >
        {t("pickers.organizations.new")}
      </button>
    </Select>
  );
}

/** One editable list of the form (parties, objectives…): its rows, each with its buttons, and "add". */
export function RowList<Row>({
  list,
  legend,
  rows,
  action,
  render,
}: {
  list: FormList;
  legend: string;
  rows: Row[];
  action: string;
  render: (row: Row, index: number) => Child;
}) {
  return (
    <fieldset id={list}>
      <legend>{legend}</legend>
      <ol class="row-list">
        {rows.map((row, index) => (
          <li>
            {render(row, index)}
            <RowButtons list={list} index={index} count={rows.length} action={action} />
          </li>
        ))}
      </ol>
      <AddButton list={list} action={action} />
    </fieldset>
  );
}
