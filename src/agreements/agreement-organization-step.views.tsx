import { organizationKinds } from "../db/schema/index.js";
import type { AppError } from "../shared/errors.js";
import type { LocalizedText } from "../shared/localized.js";
import { ErrorSummary, FieldErrorsScope, fieldErrorsFrom, useFieldError } from "../web/field-errors.js";
import { LocalizedInputs, Select } from "../web/forms.js";
import { usePage } from "../web/page-context.js";

/*
 * Creating an organisation from the agreement form without losing it, with or without
 * JavaScript: the "new organisation" button sends the whole agreement form; the answer is this
 * short organisation form, which carries every field of the agreement's draft as hidden inputs
 * and posts back to the agreement's own address. Saved, the agreement form comes back as it was,
 * with the new organisation chosen in the row that asked for it. Nothing is stored meanwhile, so
 * nothing is left behind when the person gives up (the "back" button), and no migration is needed.
 */

/** The prefix of the organisation's inputs, so that they never meet the agreement's (`kind`, `name`). */
export const ORGANIZATION_PREFIX = "organization.";

export type DraftBody = Record<string, string | File | (string | File)[]>;

export interface OrganizationStepValues {
  name: LocalizedText;
  kind: string;
  acronym: string;
}

/** The agreement's draft as hidden inputs: every posted field but the step's own. */
function DraftFields({ body }: { body: DraftBody }) {
  const fields: [string, string][] = [];
  for (const [name, value] of Object.entries(body)) {
    if (name === "intent" || name === "organizationFor" || name.startsWith(ORGANIZATION_PREFIX)) continue;
    for (const entry of Array.isArray(value) ? value : [value])
      if (typeof entry === "string") fields.push([name, entry]);
  }
  return (
    <>
      {fields.map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

export function OrganizationStep(props: {
  action: string;
  body: DraftBody;
  /** the agreement form's row that asked: "parties.0" */
  row: string;
  values: OrganizationStepValues;
  error?: AppError;
}) {
  const { t } = usePage();
  const errors = fieldErrorsFrom(props.error, t, {
    inputOf: (issue) =>
      ["name", "kind", "acronym"].includes(issue.field.split(".")[0] ?? "")
        ? `${ORGANIZATION_PREFIX}${issue.field}`
        : undefined,
  });
  return (
    <form method="post" action={props.action} class="stacked" id="organization-step">
      <p>{t("pickers.organizations.backToAgreement")}</p>
      <ErrorSummary errors={errors} />
      <FieldErrorsScope errors={errors}>
        <DraftFields body={props.body} />
        <input type="hidden" name="organizationFor" value={props.row} />
        <LocalizedInputs
          name={`${ORGANIZATION_PREFIX}name`}
          label={t("orgs.fields.name")}
          value={props.values.name}
          required
          maxLength={300}
        />
        <Select
          name={`${ORGANIZATION_PREFIX}kind`}
          label={t("orgs.fields.kind")}
          value={props.values.kind}
          required
          marked
          blank="—"
          blankUntilChosen
          options={organizationKinds.map((kind) => ({ value: kind, label: t(`orgKind.${kind}`) }))}
        />
        <AcronymField value={props.values.acronym} />
        <div class="actions">
          <button type="submit" name="intent" value="create-organization" class="button">
            {t("pickers.organizations.create")}
          </button>{" "}
          <button
            type="submit"
            name="intent"
            value="cancel-organization"
            class="button secondary"
            formnovalidate
          >
            {t("pickers.organizations.cancel")}
          </button>
        </div>
      </FieldErrorsScope>
    </form>
  );
}

function AcronymField({ value }: { value: string }) {
  const { t } = usePage();
  const name = `${ORGANIZATION_PREFIX}acronym`;
  const error = useFieldError(name);
  return (
    <div class="field">
      <label for="organization-acronym">{t("orgs.fields.acronym")}</label>
      <input id="organization-acronym" name={name} value={value} maxlength={30} dir="ltr" {...error.attrs} />
      {error.note}
    </div>
  );
}
