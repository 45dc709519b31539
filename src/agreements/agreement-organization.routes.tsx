import type { Context } from "hono";
import { createOrganization } from "../partners/organizations.service.js";
import type { AppEnv } from "../web/context.js";
import { saveOrReshow } from "../web/form-save.js";
import { localizedField, textField } from "../web/forms.js";
import { renderWorkspace } from "../web/page.js";
import {
  type DraftBody,
  ORGANIZATION_PREFIX,
  OrganizationStep,
  type OrganizationStepValues,
} from "./agreement-organization-step.views.js";
import type { AgreementFormState } from "./agreements.form.js";

/* The agreement form's detour to create a missing organisation (see agreement-organization-step.views.tsx). */

const ROW = /^(parties|commitments|contributions)\.(\d{1,3})$/;

/** The row ("parties.0") a step is for, when the form has it. */
function rowOf(state: AgreementFormState, row: string | undefined) {
  const match = row ? ROW.exec(row) : null;
  if (!match) return undefined;
  const list = match[1] as "parties" | "commitments" | "contributions";
  const index = Number(match[2]);
  return index < state[list].length ? { list, index, name: `${list}.${index}` } : undefined;
}

const stepValues = (body: DraftBody): OrganizationStepValues => ({
  name: localizedField(body, `${ORGANIZATION_PREFIX}name`),
  kind: textField(body, `${ORGANIZATION_PREFIX}kind`) ?? "",
  acronym: textField(body, `${ORGANIZATION_PREFIX}acronym`) ?? "",
});

/**
 * Answers the intents of the detour, or undefined for any other intent: "new-organization:<row>"
 * shows the organisation's form, "create-organization" creates it and shows the agreement form
 * again with it chosen, "cancel-organization" shows the agreement form as it was.
 */
export async function answerOrganizationStep(
  c: Context<AppEnv>,
  options: {
    body: DraftBody;
    state: AgreementFormState;
    intent: string;
    action: string;
    showAgreement: (state: AgreementFormState) => Promise<Response>;
  },
): Promise<Response | undefined> {
  const { body, state, intent } = options;
  const { db, actor, t } = c.var;
  const showStep = (
    row: string,
    values: OrganizationStepValues,
    error?: Parameters<typeof OrganizationStep>[0]["error"],
  ) =>
    renderWorkspace(c, {
      title: t("pickers.organizations.stepTitle"),
      section: "agreements",
      status: error ? 400 : undefined,
      children: (
        <>
          <h1>{t("pickers.organizations.stepTitle")}</h1>
          <OrganizationStep action={options.action} body={body} row={row} values={values} error={error} />
        </>
      ),
    });
  if (intent.startsWith("new-organization:")) {
    const row = rowOf(state, intent.slice("new-organization:".length));
    if (!row) return options.showAgreement(state);
    return showStep(row.name, { name: {}, kind: "", acronym: "" });
  }
  if (intent === "cancel-organization") return options.showAgreement(state);
  if (intent !== "create-organization") return undefined;
  const row = rowOf(state, textField(body, "organizationFor"));
  if (!row) return options.showAgreement(state);
  const values = stepValues(body);
  return saveOrReshow(
    async () => {
      const organization = await createOrganization({
        db,
        actor,
        input: {
          kind: values.kind as "association",
          name: values.name,
          acronym: values.acronym || undefined,
        },
      });
      const chosen = state[row.list][row.index];
      if (chosen) chosen.organizationId = organization.id;
      return options.showAgreement(state);
    },
    {
      invalid: (refusal) => showStep(row.name, values, refusal),
      conflict: (refusal) => showStep(row.name, values, refusal),
    },
  );
}
