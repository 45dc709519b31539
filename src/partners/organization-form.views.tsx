import { type OrganizationKind, organizationKinds } from "../db/schema/index.js";
import { AppError, type FieldIssue } from "../shared/errors.js";
import type { Translate } from "../shared/i18n.js";
import { languages } from "../shared/localized.js";
import { ConflictPanel, type ConflictRow } from "../web/conflict.js";
import {
  defaultInputOf,
  ErrorSummary,
  FieldErrorsScope,
  fieldErrorsFrom,
  inputId as kitInputId,
  marksOf,
  useFieldError,
} from "../web/field-errors.js";
import { LocalizedInputs, localizedField, SelectControl, textField } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import type { OrganizationDetail } from "./organizations.service.js";

/** How many contacts an organisation may have (the schema's limit). */
export const MAX_CONTACTS = 50;
/** Empty rows offered under the existing contacts, so a contact can be added without JavaScript. */
const EMPTY_ROWS = 2;

export interface ContactFormRow {
  id?: string;
  fullName?: string;
  role?: string;
  email?: string;
  phone?: string;
  remove?: boolean;
}

/** The form as the person filled it in: what is shown again when the save is refused. */
export interface OrganizationFormValues {
  kind?: string;
  name: { ar?: string; fr?: string; en?: string };
  acronym?: string;
  website?: string;
  contacts: ContactFormRow[];
}

const contactKeys = ["id", "fullName", "role", "email", "phone"] as const;
const contactField = /^contacts\.(\d{1,3})\.(id|fullName|role|email|phone|remove)$/;

export function formValuesOf(org: OrganizationDetail): OrganizationFormValues {
  return {
    kind: org.kind,
    name: { ...org.name },
    acronym: org.acronym ?? undefined,
    website: org.website ?? undefined,
    contacts: (org.contacts ?? []).map((row) => ({
      id: row.id,
      fullName: row.fullName,
      role: row.role ?? undefined,
      email: row.email ?? undefined,
      phone: row.phone ?? undefined,
    })),
  };
}

/**
 * Reads a posted form. Contact rows come as `contacts.<n>.<field>`; a row left entirely
 * blank is dropped, so the empty rows the form offers add nothing.
 */
export function readOrganizationForm(body: Record<string, unknown>) {
  const indexes = new Set<number>();
  for (const key of Object.keys(body)) {
    const match = contactField.exec(key);
    if (match) indexes.add(Number(match[1]));
  }
  const contacts: ContactFormRow[] = [];
  let blankRows = 0;
  for (const index of [...indexes].sort((a, b) => a - b)) {
    const row: ContactFormRow = {};
    for (const key of contactKeys) row[key] = textField(body, `contacts.${index}.${key}`);
    if (contactKeys.every((key) => row[key] === undefined)) {
      blankRows++;
      continue;
    }
    if (body[`contacts.${index}.remove`] !== undefined) row.remove = true;
    contacts.push(row);
  }
  const versionText = textField(body, "version");
  return {
    values: {
      kind: textField(body, "kind"),
      name: localizedField(body, "name"),
      acronym: textField(body, "acronym"),
      website: textField(body, "website"),
      contacts,
    } satisfies OrganizationFormValues,
    version: versionText === undefined ? undefined : Number(versionText),
    addRow: body.addRow !== undefined,
    blankRows,
  };
}

/** "www.example.ma" is what people type; the record keeps a full address. */
function fullWebAddress(value: string | undefined): string | undefined {
  if (!value) return value;
  const trimmed = value.trim();
  return /^[a-z][a-z0-9+.-]*:/i.test(trimmed) || !/^[^\s/]+\.[^\s/]+/.test(trimmed)
    ? trimmed
    : `https://${trimmed}`;
}

/**
 * The service's input from the form, and for each contact the form row it came from, so
 * that an error about `contacts.1.email` names the row the person sees.
 */
export function organizationInputOf(values: OrganizationFormValues) {
  const kept = values.contacts.map((row, index) => ({ row, index })).filter(({ row }) => !row.remove);
  return {
    input: {
      kind: values.kind as OrganizationKind | undefined,
      name: values.name,
      acronym: values.acronym,
      website: fullWebAddress(values.website),
      contacts: kept.map(({ row }) => ({
        id: row.id,
        fullName: row.fullName as string,
        role: row.role,
        email: row.email,
        phone: row.phone,
      })),
    },
    rowOfContact: kept.map(({ index }) => index),
  };
}

/**
 * The validation error as the form shows it: contact positions become form rows, and the
 * contact segment gets a label in the page's language (there is no `fields.contacts`).
 * Also the names of the inputs at fault, to mark them invalid.
 */
export function formError(error: AppError, rowOfContact: number[], t: Translate) {
  const invalid = new Set<string>();
  const inputs = new Map<FieldIssue, string>();
  const issues = error.issues.map((issue) => {
    const match = /^contacts\.(\d+)(\..+)?$/.exec(issue.field);
    if (!match) {
      invalid.add(issue.field);
      inputs.set(issue, issue.field);
      return issue;
    }
    const row = rowOfContact[Number(match[1])] ?? Number(match[1]);
    invalid.add(`contacts.${row}${match[2] ?? ""}`);
    const said = { ...issue, field: `${t("orgs.contacts.errorLabel")}.${row}${match[2] ?? ""}` };
    inputs.set(said, `contacts.${row}${match[2] ?? ".fullName"}`);
    return said;
  });
  return { error: new AppError(error.code, error.message, { issues }), invalid, inputs };
}

/** The id of an input of this form: a contact's are "contact-<row>-<key>". */
const organizationInputId = (name: string) => {
  const contact = /^contacts\.(\d+)\.(\w+)$/.exec(name);
  return contact ? inputId(Number(contact[1]), contact[2] ?? "") : kitInputId(name);
};

const contactSummary = (row: ContactFormRow | undefined): string =>
  row
    ? [row.fullName, row.role, row.email, row.phone]
        .filter((part): part is string => Boolean(part))
        .join(" · ")
    : "—";

/** Their saved organisation against the person's unsaved form, field by field. */
export function conflictRows(
  t: Translate,
  theirs: OrganizationFormValues,
  yours: OrganizationFormValues,
): ConflictRow[] {
  const kindLabel = (kind: string | undefined) => (kind ? t(`orgKind.${kind}`) : "—");
  const rows: ConflictRow[] = languages.map((lang) => ({
    label: `${t("orgs.fields.name")} (${t(`languageNames.${lang}`)})`,
    theirs: theirs.name[lang] ?? "—",
    yours: yours.name[lang] ?? "—",
  }));
  rows.push(
    {
      label: t("orgs.fields.kind"),
      theirs: kindLabel(theirs.kind),
      yours: kindLabel(yours.kind ?? theirs.kind),
    },
    { label: t("orgs.fields.acronym"), theirs: theirs.acronym ?? "—", yours: yours.acronym ?? "—" },
    { label: t("orgs.fields.website"), theirs: theirs.website ?? "—", yours: yours.website ?? "—" },
  );
  const mine = yours.contacts.filter((row) => !row.remove);
  for (let index = 0; index < Math.max(theirs.contacts.length, mine.length); index++) {
    rows.push({
      label: t("orgs.contacts.row", { number: index + 1 }),
      theirs: contactSummary(theirs.contacts[index]),
      yours: contactSummary(mine[index]),
    });
  }
  return rows;
}

const inputId = (index: number, key: string) => `contact-${index}-${key}`;

/** One contact row; `index` numbers the inputs `contacts.<index>.…`. */
export function ContactRowFields({
  index,
  row,
  invalid,
}: {
  index: number;
  row?: ContactFormRow;
  invalid?: Set<string>;
}) {
  const { t } = usePage();
  const marks = (key: string) => useFieldError(`contacts.${index}.${key}`);
  const field = (
    key: "fullName" | "role" | "email" | "phone",
    attributes: Record<string, string | number>,
  ) => (
    <div class="field">
      <label for={inputId(index, key)}>{t(`orgs.fields.${key}`)}</label>
      <input
        id={inputId(index, key)}
        name={`contacts.${index}.${key}`}
        value={row?.[key] ?? ""}
        {...marks(key).attrs}
        aria-invalid={invalid?.has(`contacts.${index}.${key}`) || marks(key).message ? "true" : undefined}
        {...attributes}
      />
      {marks(key).note}
    </div>
  );
  const existing = Boolean(row && contactKeys.some((key) => row[key] !== undefined));
  return (
    <fieldset class="contact-row">
      <legend>
        {existing
          ? t("orgs.contacts.row", { number: index + 1 })
          : t("orgs.contacts.newRow", { number: index + 1 })}
      </legend>
      {row?.id ? <input type="hidden" name={`contacts.${index}.id`} value={row.id} /> : null}
      {field("fullName", { maxlength: 200, autocomplete: "off" })}
      {field("role", { maxlength: 200, autocomplete: "off" })}
      {field("email", { type: "email", maxlength: 320, dir: "ltr", autocomplete: "off" })}
      {field("phone", { type: "tel", maxlength: 30, dir: "ltr", autocomplete: "off" })}
      {existing ? (
        <div class="field">
          <input
            type="checkbox"
            id={inputId(index, "remove")}
            name={`contacts.${index}.remove`}
            value="1"
            checked={row?.remove ?? false}
          />{" "}
          <label for={inputId(index, "remove")}>{t("orgs.contacts.remove")}</label>
        </div>
      ) : null}
    </fieldset>
  );
}

/**
 * Without JavaScript it submits the form, which comes back with one more empty row; with
 * htmx it fetches that row and replaces itself (out of band) with a button for the next one.
 */
export function AddRowButton({ nextIndex, oob = false }: { nextIndex: number; oob?: boolean }) {
  const { lang, t } = usePage();
  if (nextIndex >= MAX_CONTACTS + EMPTY_ROWS)
    return <span id="add-contact" hx-swap-oob={oob ? "true" : undefined} />;
  return (
    <button
      type="submit"
      id="add-contact"
      name="addRow"
      value="1"
      class="button secondary"
      formnovalidate
      hx-get={`/${lang}/workspace/organizations/contact-row?index=${nextIndex}`}
      hx-target="#contact-rows"
      hx-swap="beforeend"
      hx-swap-oob={oob ? "true" : undefined}
    >
      {t("orgs.contacts.add")}
    </button>
  );
}

export interface OrganizationFormProps {
  action: string;
  cancelHref: string;
  values: OrganizationFormValues;
  /** the version the edit is made on; absent on creation */
  version?: number;
  /** false for a focal point: the kind is shown, not offered */
  canChangeKind: boolean;
  /** extra empty rows, beyond the usual ones, after "add a row" without JavaScript */
  emptyRows?: number;
  error?: AppError;
  invalid?: Set<string>;
  /** the input each issue of `error` is about (see formError) */
  inputs?: Map<FieldIssue, string>;
  conflict?: { version: number; rows: ConflictRow[] };
  submitLabel: string;
}

export function OrganizationForm(props: OrganizationFormProps) {
  const { values, invalid } = props;
  const { t } = usePage();
  const rows: (ContactFormRow | undefined)[] = [
    ...values.contacts,
    ...Array.from({ length: Math.max(props.emptyRows ?? EMPTY_ROWS, EMPTY_ROWS) }, () => undefined),
  ].slice(0, MAX_CONTACTS + EMPTY_ROWS);
  const errors = fieldErrorsFrom(props.error, t, {
    inputOf: (issue) => props.inputs?.get(issue) ?? defaultInputOf(issue),
    idOf: organizationInputId,
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
            name="name"
            label={t("orgs.fields.name")}
            value={values.name}
            required
            maxLength={300}
          />
          {props.canChangeKind ? (
            <div class="field">
              <label for="kind">
                {t("orgs.fields.kind")}
                <span aria-hidden="true"> *</span>
              </label>{" "}
              <SelectControl
                id="kind"
                name="kind"
                required
                invalid={invalid?.has("kind")}
                blank="—"
                blankUntilChosen
                value={values.kind}
                options={organizationKinds.map((kind) => ({ value: kind, label: t(`orgKind.${kind}`) }))}
              />
              {marksOf(errors, "kind").note}
            </div>
          ) : (
            <p>
              <strong>{t("orgs.fields.kind")}</strong>
              <br />
              {values.kind ? t(`orgKind.${values.kind}`) : "—"}
              <br />
              <small>{t("orgs.kindFixed")}</small>
            </p>
          )}
          <div class="field">
            <label for="acronym">{t("orgs.fields.acronym")}</label>{" "}
            <input
              id="acronym"
              name="acronym"
              value={values.acronym ?? ""}
              maxlength={30}
              {...marksOf(errors, "acronym").attrs}
            />
            {marksOf(errors, "acronym").note}
          </div>
          <div class="field">
            <label for="website">{t("orgs.fields.website")}</label>{" "}
            <input
              id="website"
              name="website"
              inputmode="url"
              dir="ltr"
              value={values.website ?? ""}
              maxlength={500}
              {...marksOf(errors, "website", "website-hint").attrs}
            />{" "}
            <small id="website-hint">{t("orgs.websiteHint")}</small>
            {marksOf(errors, "website").note}
          </div>
          <fieldset>
            <legend>{t("orgs.contacts.title")}</legend>
            <p>
              <small>{t("orgs.contacts.hint")}</small>
            </p>
            <div id="contact-rows">
              {rows.map((row, index) => (
                <ContactRowFields index={index} row={row} invalid={invalid} />
              ))}
            </div>
          </fieldset>
          <div class="actions">
            <button type="submit" class="button">
              {props.submitLabel}
            </button>
            <AddRowButton nextIndex={rows.length} />
            <a href={props.cancelHref}>{t("orgs.cancel")}</a>
          </div>
        </form>
      </FieldErrorsScope>
    </>
  );
}
