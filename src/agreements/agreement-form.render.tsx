import { eq } from "drizzle-orm";
import type { Context } from "hono";
import { agreements } from "../db/schema/index.js";
import { listOrganizations } from "../partners/organizations.queries.js";
import { AppError } from "../shared/errors.js";
import { listTerritories } from "../territories/territories.service.js";
import type { AppEnv } from "../web/context.js";
import { renderWorkspace } from "../web/page.js";
import { AgreementForm } from "./agreement-form.views.js";
import { agreementTrail } from "./agreement-trail.js";
import type { AgreementFormState } from "./agreements.form.js";
import { agreementPaths } from "./agreements.paths.js";

/** The framework agreement named by its reference in the form, or a validation issue. */
export async function resolveParent(c: Context<AppEnv>, reference: string): Promise<string | undefined> {
  if (!reference.trim()) return undefined;
  const [parent] = await c.var.db
    .select({ id: agreements.id })
    .from(agreements)
    .where(eq(agreements.reference, reference.trim()));
  if (!parent) {
    throw new AppError("validation", "parentReference: no agreement has this reference", {
      issues: [
        {
          field: "parentReference",
          message: c.var.t("agreementForm.parentUnknown"),
          reason: "unknownRecord",
        },
      ],
    });
  }
  return parent.id;
}

export async function formChoices(c: Context<AppEnv>) {
  const [organizations, territories] = await Promise.all([
    listOrganizations({ db: c.var.db, actor: c.var.actor }),
    listTerritories({ db: c.var.db }),
  ]);
  return { organizations, territories };
}

export async function renderForm(
  c: Context<AppEnv>,
  options: {
    state: AgreementFormState;
    mode: "new" | "edit";
    id?: string;
    error?: AppError;
    conflict?: unknown;
    status?: number;
    referenceProposed?: boolean;
  },
) {
  const { lang, t } = c.var;
  const choices = await formChoices(c);
  const action = options.id ? agreementPaths.workspace(lang, options.id) : agreementPaths.list(lang);
  const title =
    options.mode === "new"
      ? t("agreementForm.newTitle")
      : t("agreementForm.editTitle", { reference: options.state.reference });
  return renderWorkspace(c, {
    title,
    section: "agreements",
    status: options.status,
    trail: options.id
      ? agreementTrail({
          lang,
          t,
          agreement: { id: options.id, reference: options.state.reference || options.id },
          page: t("workspace.edit"),
        })
      : undefined,
    children: (
      <>
        <h1>{title}</h1>
        <AgreementForm
          state={options.state}
          action={action}
          mode={options.mode}
          organizations={choices.organizations}
          territories={choices.territories}
          error={options.error}
          conflict={options.conflict as never}
          referenceProposed={options.referenceProposed}
        />
      </>
    ),
  });
}
