import { contributionNatures } from "../db/schema/index.js";
import { fieldHeading, LocalizedInputs, Select } from "../web/forms.js";
import { usePage } from "../web/page-context.js";
import {
  Input,
  type OrganizationChoice,
  OrganizationSelect,
  RowList,
} from "./agreement-form-controls.views.js";
import type { AgreementFormState } from "./agreements.form.js";

/** Commitments, contributions and amendments: the parts of an agreement listed per party or date. */
export function PartRows({
  state,
  action,
  organizations,
}: {
  state: AgreementFormState;
  action: string;
  organizations: OrganizationChoice[];
}) {
  const { t } = usePage();
  return (
    <>
      <RowList
        list="commitments"
        legend={t("agreement.commitments")}
        rows={state.commitments}
        action={action}
        render={(item, index) => (
          <>
            <OrganizationSelect
              name={`commitments.${index}.organizationId`}
              value={item.organizationId}
              organizations={organizations}
            />
            <div class="grow">
              <LocalizedInputs
                name={`commitments.${index}.text`}
                label={t("agreementForm.commitmentN", { n: index + 1 })}
                value={item.text}
                multiline
                maxLength={4000}
              />
            </div>
          </>
        )}
      />
      <RowList
        list="contributions"
        legend={t("agreement.contributions")}
        rows={state.contributions}
        action={action}
        render={(item, index) => (
          <>
            <OrganizationSelect
              name={`contributions.${index}.organizationId`}
              value={item.organizationId}
              organizations={organizations}
            />
            <Input
              name={`contributions.${index}.amount`}
              value={item.amount}
              label={t("agreement.amount")}
              dir="ltr"
            />
            <Input
              name={`contributions.${index}.currency`}
              value={item.currency}
              label={fieldHeading(t, "currency")}
              dir="ltr"
            />
            <Select
              name={`contributions.${index}.nature`}
              value={item.nature}
              label={t("agreement.nature")}
              options={contributionNatures.map((nature) => ({ value: nature, label: t(`nature.${nature}`) }))}
            />
            <div class="grow">
              <LocalizedInputs
                name={`contributions.${index}.description`}
                label={fieldHeading(t, "description")}
                value={item.description}
                maxLength={2000}
              />
            </div>
          </>
        )}
      />
      <RowList
        list="amendments"
        legend={t("agreement.amendments")}
        rows={state.amendments}
        action={action}
        render={(item, index) => (
          <>
            <Input
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
                multiline
                maxLength={4000}
              />
            </div>
          </>
        )}
      />
    </>
  );
}
