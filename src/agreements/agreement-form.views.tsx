import type { Child } from "hono/jsx";
import {
  agreementKinds,
  agreementStatuses,
  partyRoles,
  renewalModes,
  visibilities,
} from "../db/schema/index.js";
import type { AppError } from "../shared/errors.js";
import type { TerritoryRow } from "../territories/territories.service.js";
import { TerritoryPicker } from "../territories/territory-picker.views.js";
import { ErrorSummary, FieldErrorsScope, fieldErrorsFrom } from "../web/field-errors.js";
import { fieldHeading, LocalizedInputs, Select } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import {
  Input,
  type OrganizationChoice,
  OrganizationSelect,
  RowList,
} from "./agreement-form-controls.views.js";
import { PartRows } from "./agreement-form-parts.views.js";
import { type AgreementFormState, agreementInputOf } from "./agreements.form.js";
import { themes } from "./agreements.input.js";

interface FormProps {
  state: AgreementFormState;
  /** where the form posts: /{lang}/workspace/agreements or …/agreements/:id */
  action: string;
  mode: "new" | "edit";
  organizations: OrganizationChoice[];
  territories: TerritoryRow[];
  error?: AppError;
  /** shown above the form when a save met a newer version */
  conflict?: Child;
  /** the reference was proposed (the next free number): say so under it */
  referenceProposed?: boolean;
}

export function AgreementForm({
  state,
  action,
  mode,
  organizations,
  territories,
  error,
  conflict,
  referenceProposed,
}: FormProps) {
  const { t } = usePage();
  const errors = fieldErrorsFrom(error, t, { inputOf: agreementInputOf(state, mode) });
  const options = (values: readonly string[], prefix: string) =>
    values.map((value) => ({ value, label: t(`${prefix}.${value}`) }));
  return (
    <form id="agreement-form" method="post" action={action} class="agreement-form">
      {conflict}
      <ErrorSummary errors={errors} />
      <FieldErrorsScope errors={errors}>
        {state.version ? <input type="hidden" name="version" value={state.version} /> : null}
        <fieldset>
          <legend>{t("agreementForm.identity")}</legend>
          <Input
            id="reference"
            name="reference"
            value={state.reference}
            label={`${t("agreement.reference")} *`}
            dir="ltr"
            hint={referenceProposed ? t("pickers.reference.proposed") : undefined}
          />
          <Select
            id="kind"
            name="kind"
            value={state.kind}
            label={t("agreement.kind")}
            options={options(agreementKinds, "kind")}
          />
          {mode === "new" ? (
            <Select
              id="status"
              name="status"
              value={state.status}
              label={t("agreement.status")}
              options={options(agreementStatuses, "status")}
            />
          ) : null}
          <Select
            id="visibility"
            name="visibility"
            value={state.visibility}
            label={fieldHeading(t, "visibility")}
            options={options(visibilities, "visibility")}
          />
        </fieldset>
        <LocalizedInputs
          name="title"
          label={fieldHeading(t, "title")}
          value={state.title}
          required
          maxLength={500}
        />
        <LocalizedInputs
          name="summary"
          label={t("agreement.summary")}
          value={state.summary}
          multiline
          maxLength={8000}
        />

        <RowList
          list="parties"
          legend={t("agreement.parties")}
          rows={state.parties}
          action={action}
          render={(party, index) => (
            <>
              <OrganizationSelect
                name={`parties.${index}.organizationId`}
                value={party.organizationId}
                organizations={organizations}
              />
              <Select
                name={`parties.${index}.role`}
                value={party.role}
                label={t("agreement.role")}
                options={options(partyRoles, "role")}
              />
            </>
          )}
        />

        <RowList
          list="objectives"
          legend={t("agreement.objectives")}
          rows={state.objectives}
          action={action}
          render={(objective, index) => (
            <>
              <input type="hidden" name={`objectives.${index}.id`} value={objective.id} />
              <div class="grow">
                <LocalizedInputs
                  name={`objectives.${index}.text`}
                  label={t("agreementForm.objectiveN", { n: index + 1 })}
                  value={objective.text}
                  multiline
                  maxLength={4000}
                />
              </div>
            </>
          )}
        />

        <fieldset>
          <legend>{t("agreementForm.scopeAndThemes")}</legend>
          <TerritoryPicker
            name="territoryCodes"
            legend={fieldHeading(t, "territoryCodes")}
            hint={t("pickers.territories.hint")}
            territories={territories}
            selected={state.territoryCodes}
            withRegions
            national={{ name: "national", checked: state.national }}
          />
          <fieldset id="themes">
            <legend>{t("agreement.themes")}</legend>
            {themes.map((theme) => (
              <div class="check">
                <input
                  id={`theme-${theme}`}
                  type="checkbox"
                  name="themes"
                  value={theme}
                  checked={state.themes.includes(theme)}
                />
                <label for={`theme-${theme}`}>{t(`theme.${theme}`)}</label>
              </div>
            ))}
          </fieldset>
        </fieldset>

        <fieldset>
          <legend>{t("agreement.dates")}</legend>
          <Input
            id="signedOn"
            name="signedOn"
            type="date"
            value={state.signedOn}
            label={t("agreement.signedOn")}
          />
          <Input
            id="effectiveOn"
            name="effectiveOn"
            type="date"
            value={state.effectiveOn}
            label={t("agreement.effectiveOn")}
          />
          <Input
            id="expiresOn"
            name="expiresOn"
            type="date"
            value={state.expiresOn}
            label={t("agreement.expiresOn")}
          />
          <Input
            id="durationMonths"
            name="durationMonths"
            value={state.durationMonths}
            label={fieldHeading(t, "durationMonths")}
            dir="ltr"
          />
          <Select
            id="renewal"
            name="renewal"
            value={state.renewal}
            label={t("agreement.renewal")}
            options={options(renewalModes, "renewal")}
          />
          <Input
            id="renewalNoticeDays"
            name="renewalNoticeDays"
            value={state.renewalNoticeDays}
            label={fieldHeading(t, "renewalNoticeDays")}
            dir="ltr"
          />
          <Input
            id="parentReference"
            name="parentReference"
            value={state.parentReference}
            label={t("agreementForm.parentReference")}
            dir="ltr"
          />
        </fieldset>

        <PartRows state={state} action={action} organizations={organizations} />

        <div class="actions">
          <button type="submit" name="intent" value="save" class="button">
            {mode === "new" ? t("agreementForm.create") : t("workspace.save")}
          </button>
        </div>
      </FieldErrorsScope>
    </form>
  );
}
