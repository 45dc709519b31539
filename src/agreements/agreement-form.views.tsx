import type { Child } from "hono/jsx";
import {
  agreementKinds,
  agreementStatuses,
  partyRoles,
  renewalModes,
  visibilities,
} from "../db/schema/index.js";
import type { AppError } from "../shared/errors.js";
import { textOf } from "../shared/localized.js";
import type { TerritoryRow } from "../territories/territories.service.js";
import { FormErrors, fieldHeading, LocalizedInputs, Select } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import {
  Input,
  type OrganizationChoice,
  OrganizationSelect,
  RowList,
} from "./agreement-form-controls.views.js";
import { PartRows } from "./agreement-form-parts.views.js";
import type { AgreementFormState } from "./agreements.form.js";
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
}

export function AgreementForm({
  state,
  action,
  mode,
  organizations,
  territories,
  error,
  conflict,
}: FormProps) {
  const { lang, t } = usePage();
  const regions = territories.filter((territory) => territory.kind === "region");
  const options = (values: readonly string[], prefix: string) =>
    values.map((value) => ({ value, label: t(`${prefix}.${value}`) }));
  return (
    <form id="agreement-form" method="post" action={action} class="agreement-form">
      {conflict}
      <FormErrors error={error} />
      {state.version ? <input type="hidden" name="version" value={state.version} /> : null}
      <fieldset>
        <legend>{t("agreementForm.identity")}</legend>
        <Input
          id="reference"
          name="reference"
          value={state.reference}
          label={`${t("agreement.reference")} *`}
          dir="ltr"
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
              id={`parties-${index}-org`}
              name={`parties.${index}.organizationId`}
              value={party.organizationId}
              organizations={organizations}
            />
            <Select
              id={`parties-${index}-role`}
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
        <div class="field">
          <input id="national" name="national" type="checkbox" checked={state.national} />
          <label for="national">{t("agreement.national")}</label>
        </div>
        <div class="field">
          <label for="territoryCodes">{fieldHeading(t, "territoryCodes")}</label>
          <select
            id="territoryCodes"
            name="territoryCodes"
            multiple
            size={8}
            aria-describedby="territory-hint"
          >
            {regions.map((region) => (
              <optgroup label={textOf(region.name, lang, region.code)}>
                {[region, ...territories.filter((territory) => territory.regionCode === region.code)].map(
                  (territory) => (
                    <option value={territory.code} selected={state.territoryCodes.includes(territory.code)}>
                      {textOf(territory.name, lang, territory.code)}
                    </option>
                  ),
                )}
              </optgroup>
            ))}
          </select>
          <small id="territory-hint">{t("agreementForm.territoryHint")}</small>
        </div>
        <fieldset>
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
    </form>
  );
}
