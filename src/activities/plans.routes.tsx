import { type Context, Hono } from "hono";
import { assertCanReadAgreement } from "../access/agreement-access.js";
import { textOf } from "../shared/localized.js";
import { ErrorBox } from "../web/components.js";
import { renderConfirmStep } from "../web/confirm-deletion.js";
import type { AppEnv } from "../web/context.js";
import { saveOrReshow } from "../web/form-save.js";
import { assertConfirmed, readFormBody } from "../web/forms.js";
import { renderWorkspace } from "../web/page.js";
import { formVersion, recordParam } from "../web/params.js";
import { planConflictRows } from "./activities.conflict.js";
import {
  formError,
  type PlanFormValues,
  planInputOf,
  planValuesOf,
  readPlanForm,
  refusalMessages,
} from "./activities.form.js";
import { assertCanManageActivities } from "./activities.policy.js";
import { countPlanActivities, getPlan, type PlanRow } from "./activities.queries.js";
import { agreementPlanPath } from "./activities.views.js";
import { type Conflict, PlanForm } from "./activity-form.views.js";
import { createActionPlan, deleteActionPlan, updateActionPlan } from "./plans.service.js";

/* The staff's pages for an agreement's action plans: new, edit, delete. */

type Ctx = Context<AppEnv>;

const sectionPath = (c: Ctx, agreementId: string, notice: string) =>
  `${agreementPlanPath(c.var.lang, agreementId)}?notice=${notice}#action-plan`;

function renderPlanForm(
  c: Ctx,
  options: {
    title: string;
    action: string;
    cancelHref: string;
    values: PlanFormValues;
    plan?: PlanRow;
    version?: number;
    status?: number;
    error?: ReturnType<typeof formError>;
    conflict?: Conflict;
    refusal?: string[];
  },
) {
  const { t } = c.var;
  return renderWorkspace(c, {
    title: options.title,
    section: "agreements",
    status: options.status,
    children: (
      <>
        <h1>{options.title}</h1>
        {options.refusal ? <ErrorBox title={t("errors.title")} messages={options.refusal} /> : null}
        <PlanForm
          action={options.action}
          cancelHref={options.cancelHref}
          submitLabel={options.plan ? t("activities.form.save") : t("activities.form.createPlan")}
          values={options.values}
          version={options.version}
          error={options.error?.error}
          invalid={options.error?.invalid}
          conflict={options.conflict}
        />
        {options.plan ? (
          <p class="actions">
            <a class="button secondary" href={`/${c.var.lang}/workspace/plans/${options.plan.id}/delete`}>
              {t("activities.form.deletePlan")}
            </a>
            <small>{t("activities.form.deletePlanHint")}</small>
          </p>
        ) : null}
      </>
    ),
  });
}

const editTitle = (c: Ctx, plan: PlanRow) =>
  c.var.t("activities.form.editPlanTitle", { title: textOf(plan.title, c.var.lang) });

export function planPages(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/agreements/:id/plans/new", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageActivities(actor);
    const agreementId = recordParam(c, "id", "Agreement");
    await assertCanReadAgreement({ db, actor, id: agreementId });
    return renderPlanForm(c, {
      title: t("activities.form.newPlanTitle"),
      action: `${agreementPlanPath(lang, agreementId)}/plans`,
      cancelHref: `${agreementPlanPath(lang, agreementId)}#action-plan`,
      values: { title: {} },
    });
  });

  routes.post("/agreements/:id/plans", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageActivities(actor);
    const agreementId = recordParam(c, "id", "Agreement");
    const { values } = readPlanForm(await readFormBody(c));
    return saveOrReshow(
      async () => {
        await createActionPlan({ db, actor, agreementId, input: planInputOf(values) });
        return c.redirect(sectionPath(c, agreementId, "plan-created"), 303);
      },
      {
        invalid: (known) =>
          renderPlanForm(c, {
            title: t("activities.form.newPlanTitle"),
            action: `${agreementPlanPath(lang, agreementId)}/plans`,
            cancelHref: `${agreementPlanPath(lang, agreementId)}#action-plan`,
            values,
            status: 400,
            error: formError(known),
          }),
      },
    );
  });

  routes.get("/plans/:planId/edit", async (c) => {
    const { db, actor, lang } = c.var;
    assertCanManageActivities(actor);
    const plan = await getPlan({ db, actor, id: recordParam(c, "planId", "Action plan") });
    return renderPlanForm(c, {
      title: editTitle(c, plan),
      action: `/${lang}/workspace/plans/${plan.id}`,
      cancelHref: `${agreementPlanPath(lang, plan.agreementId)}#action-plan`,
      values: planValuesOf(plan),
      version: plan.version,
      plan,
    });
  });

  routes.post("/plans/:planId", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageActivities(actor);
    const plan = await getPlan({ db, actor, id: recordParam(c, "planId", "Action plan") });
    const { values, version } = readPlanForm(await readFormBody(c));
    const form = {
      title: editTitle(c, plan),
      action: `/${lang}/workspace/plans/${plan.id}`,
      cancelHref: `${agreementPlanPath(lang, plan.agreementId)}#action-plan`,
      values,
      version,
      plan,
    };
    return saveOrReshow(
      async () => {
        await updateActionPlan({ db, actor, id: plan.id, input: { ...planInputOf(values), version } });
        return c.redirect(sectionPath(c, plan.agreementId, "plan-saved"), 303);
      },
      {
        invalid: (known) => renderPlanForm(c, { ...form, status: 400, error: formError(known) }),
        stale: async () => {
          // Someone saved first: theirs beside the person's, whose values stay, with the new version.
          const theirs = await getPlan({ db, actor, id: plan.id });
          const rows = planConflictRows(t, c.var.lang, planValuesOf(theirs), values);
          return renderPlanForm(c, {
            ...form,
            plan: theirs,
            version: theirs.version,
            status: 409,
            conflict: { version: theirs.version, rows },
          });
        },
      },
    );
  });

  routes.get("/plans/:planId/delete", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageActivities(actor);
    const plan = await getPlan({ db, actor, id: recordParam(c, "planId", "Action plan") });
    const held = await countPlanActivities(db, plan.id);
    return renderConfirmStep(c, {
      heading: t("undo.heading.action_plan", { name: textOf(plan.title, lang, "") }),
      // A plan that holds activities is refused: said here, before the person confirms.
      consequences: [
        held ? t("activities.refusals.planHasActivities", { count: held }) : t("undo.goes.noDependants"),
      ],
      restorable: true,
      action: `/${lang}/workspace/plans/${plan.id}/delete`,
      cancelHref: `/${lang}/workspace/plans/${plan.id}/edit`,
      confirmLabel: t("undo.confirm.delete"),
      hidden: { version: String(plan.version) },
    });
  });

  routes.post("/plans/:planId/delete", async (c) => {
    const { db, actor, lang } = c.var;
    assertCanManageActivities(actor);
    const plan = await getPlan({ db, actor, id: recordParam(c, "planId", "Action plan") });
    const body = await readFormBody(c);
    assertConfirmed(body);
    const version = formVersion(body);
    return saveOrReshow(
      async () => {
        await deleteActionPlan({ db, actor, id: plan.id, version });
        return c.redirect(sectionPath(c, plan.agreementId, "plan-deleted"), 303);
      },
      {
        conflict: async (known) => {
          const current = await getPlan({ db, actor, id: plan.id });
          return renderPlanForm(c, {
            title: editTitle(c, current),
            action: `/${lang}/workspace/plans/${current.id}`,
            cancelHref: `${agreementPlanPath(lang, current.agreementId)}#action-plan`,
            values: planValuesOf(current),
            version: current.version,
            plan: current,
            status: 409,
            refusal: refusalMessages(c.var.t, known),
          });
        },
      },
    );
  });

  return routes;
}
