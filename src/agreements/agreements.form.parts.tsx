import { contributionNatures } from "../db/schema/index.js";
import type { Translate } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import { LocalizedInputs } from "../web/forms.js";
import {
  AddButton,
  Input,
  type OrganizationChoice,
  OrganizationSelect,
  RowButtons,
  Select,
} from "./agreements.form.controls.js";
import type { AgreementFormState } from "./agreements.form.js";

/** Commitments, contributions and amendments: the parts of an agreement listed per party or date. */
export function PartRows({
  lang,
  t,
  state,
  action,
  organizations,
}: {
  lang: Language;
  t: Translate;
  state: AgreementFormState;
  action: string;
  organizations: OrganizationChoice[];
}) {
  return (
    <>
      <fieldset>
        <legend>{t("agreement.commitments")}</legend>
        <ol class="row-list">
          {state.commitments.map((item, index) => (
            <li>
              <OrganizationSelect
                id={`commitments-${index}-org`}
                name={`commitments.${index}.organizationId`}
                value={item.organizationId}
                lang={lang}
                t={t}
                organizations={organizations}
              />
              <div class="grow">
                <LocalizedInputs
                  name={`commitments.${index}.text`}
                  label={t("agreementForm.commitmentN", { n: index + 1 })}
                  value={item.text}
                  t={t}
                  multiline
                  maxLength={4000}
                />
              </div>
              <RowButtons
                t={t}
                list="commitments"
                index={index}
                count={state.commitments.length}
                action={action}
              />
            </li>
          ))}
        </ol>
        <AddButton t={t} list="commitments" action={action} />
      </fieldset>
      <fieldset>
        <legend>{t("agreement.contributions")}</legend>
        <ol class="row-list">
          {state.contributions.map((item, index) => (
            <li>
              <OrganizationSelect
                id={`contributions-${index}-org`}
                name={`contributions.${index}.organizationId`}
                value={item.organizationId}
                lang={lang}
                t={t}
                organizations={organizations}
              />
              <Input
                id={`contributions-${index}-amount`}
                name={`contributions.${index}.amount`}
                value={item.amount}
                label={t("agreement.amount")}
                dir="ltr"
              />
              <Input
                id={`contributions-${index}-currency`}
                name={`contributions.${index}.currency`}
                value={item.currency}
                label={t("fields.currency")}
                dir="ltr"
              />
              <Select
                id={`contributions-${index}-nature`}
                name={`contributions.${index}.nature`}
                value={item.nature}
                label={t("agreement.nature")}
                options={contributionNatures.map((nature) => [nature, t(`nature.${nature}`)])}
              />
              <div class="grow">
                <LocalizedInputs
                  name={`contributions.${index}.description`}
                  label={t("fields.description")}
                  value={item.description}
                  t={t}
                  maxLength={2000}
                />
              </div>
              <RowButtons
                t={t}
                list="contributions"
                index={index}
                count={state.contributions.length}
                action={action}
              />
            </li>
          ))}
        </ol>
        <AddButton t={t} list="contributions" action={action} />
      </fieldset>
      <fieldset>
        <legend>{t("agreement.amendments")}</legend>
        <ol class="row-list">
          {state.amendments.map((item, index) => (
            <li>
              <Input
                id={`amendments-${index}-date`}
                name={`amendments.${index}.signedOn`}
                type="date"
                value={item.signedOn}
                label={t("agreement.signedOn")}
              />
              <div class="grow">
                <LocalizedInputs
                  name={`amendments.${index}.summary`}
                  label={t("agreementForm.amendmentN", { n: index + 1 })}
                  value={item.summary}
                  t={t}
                  multiline
                  maxLength={4000}
                />
              </div>
              <RowButtons
                t={t}
                list="amendments"
                index={index}
                count={state.amendments.length}
                action={action}
              />
            </li>
          ))}
        </ol>
        <AddButton t={t} list="amendments" action={action} />
      </fieldset>
    </>
  );
}
