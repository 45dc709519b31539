import { type Context, Hono } from "hono";
import { getAgreementDetail } from "../agreements/agreements.queries.js";
import { listDocuments } from "../documents/documents.service.js";
import { type Actor, isStaff } from "../shared/actor.js";
import type { AppError } from "../shared/errors.js";
import { textOf } from "../shared/localized.js";
import { listTerritories } from "../territories/territories.service.js";
import { ErrorBox } from "../web/components.js";
import { renderConfirmStep } from "../web/confirm-deletion.js";
import type { AppEnv } from "../web/context.js";
import { saveOrReshow } from "../web/form-save.js";
import { assertConfirmed, readFormBody, textField } from "../web/forms.js";
import { renderWorkspace } from "../web/page.js";
import { formVersion, recordParam } from "../web/params.js";
import { activityConflictRows } from "./activities.conflict.js";
import {
  type ActivityFormValues,
  activityInputOf,
  activityValuesOf,
  emptyActivityValues,
  formError,
  readActivityForm,
  refusalMessages,
  reportInputOf,
} from "./activities.form.js";
import { activityPolicy, assertCanManageActivities, assertMayRecordAttendance } from "./activities.policy.js";
import { type ActivityRecord, getActivity, getActivityDetail } from "./activities.queries.js";
import {
  assertCanReportOn,
  createActivity,
  deleteActivity,
  reportActivityProgress,
  updateActivity,
} from "./activities.service.js";
import { activityNotice, activityPath, agreementPlanPath } from "./activities.views.js";
import { type ActivityChoices, ActivityForm, type Conflict } from "./activity-form.views.js";
import { ActivityPageView } from "./activity-page.views.js";
import { setCouncilAttendance } from "./attendance.service.js";

/* An activity's pages: its page, the staff's forms (new, edit, delete), the report, a council's attendance. */

type Ctx = Context<AppEnv>;

/** What the form offers: the agreement's plans, parties, objectives and documents (as the actor sees them), the territories. */
async function loadChoices(c: Ctx, agreementId: string): Promise<ActivityChoices> {
  const { db, actor } = c.var;
  const agreement = await getAgreementDetail({ db, actor, id: agreementId });
  const parties = new Map(agreement.parties.map((party) => [party.organization.id, party.organization.name]));
  const documents = await listDocuments({ db, actor, ownerType: "agreement", ownerId: agreementId });
  return {
    plans: agreement.actionPlans.map((plan) => ({ id: plan.id, title: plan.title })),
    parties: [...parties].map(([id, name]) => ({ id, name })),
    objectives: agreement.objectives.map((objective) => ({ id: objective.id, text: objective.text })),
    territories: await listTerritories({ db }),
    agreementTerritoryCodes: agreement.national
      ? undefined
      : agreement.territories.map((territory) => territory.code),
    documents: documents.map((doc) => ({ id: doc.id, title: doc.title, fileName: doc.fileName })),
  };
}

type Mode = "new" | "edit" | "report";

async function renderForm(
  c: Ctx,
  options: {
    mode: Mode;
    agreementId: string;
    activity?: ActivityRecord;
    values: ActivityFormValues;
    version?: number;
    status?: number;
    error?: AppError;
    conflict?: Conflict;
    choices?: ActivityChoices;
  },
) {
  const { lang, t } = c.var;
  const choices = options.choices ?? (await loadChoices(c, options.agreementId));
  const name = options.activity ? textOf(options.activity.title, lang) : "";
  const title =
    options.mode === "new"
      ? t("activities.form.newTitle")
      : t(options.mode === "edit" ? "activities.form.editTitle" : "activities.form.reportTitle", {
          title: name,
        });
  const here = options.activity ? activityPath(lang, options.activity.id) : undefined;
  const action =
    options.mode === "new"
      ? `${agreementPlanPath(lang, options.agreementId)}/activities`
      : options.mode === "edit"
        ? `${here}`
        : `${here}/report`;
  const checked = options.error ? formError(options.error) : undefined;
  return renderWorkspace(c, {
    title,
    section: "agreements",
    status: options.status,
    children: (
      <>
        <h1>{title}</h1>
        {options.mode === "new" && !choices.plans.length ? (
          <p>
            {t("activities.form.noPlanYet")}{" "}
            <a href={`${agreementPlanPath(lang, options.agreementId)}/plans/new`}>
              {t("activities.newPlan")}
            </a>
          </p>
        ) : (
          <ActivityForm
            mode={options.mode}
            action={action}
            cancelHref={here ?? `${agreementPlanPath(lang, options.agreementId)}#action-plan`}
            submitLabel={t(options.mode === "new" ? "activities.form.create" : "activities.form.save")}
            values={options.values}
            version={options.version}
            choices={choices}
            error={checked?.error}
            invalid={checked?.invalid}
            conflict={options.conflict}
          />
        )}
      </>
    ),
  });
}

/** After a save refused for being stale: theirs beside the person's, whose values stay, with the new version. */
async function renderStale(c: Ctx, mode: Mode, id: string, values: ActivityFormValues) {
  const { db, actor, lang, t } = c.var;
  const theirs = await getActivity({ db, actor, id });
  const choices = await loadChoices(c, theirs.agreementId);
  const rows = activityConflictRows({
    t,
    lang,
    theirs: activityValuesOf(theirs),
    yours: values,
    choices,
    reportOnly: mode === "report",
  });
  return renderForm(c, {
    mode,
    agreementId: theirs.agreementId,
    activity: theirs,
    values,
    version: theirs.version,
    status: 409,
    conflict: { version: theirs.version, rows },
    choices,
  });
}

async function rightsOf(c: Ctx, actor: Actor, activity: ActivityRecord) {
  const code = activityPolicy.ownCouncilCode(actor);
  const council = code
    ? (await listTerritories({ db: c.var.db })).find((row) => row.code === code)
    : undefined;
  return {
    canManage: activityPolicy.canManage(actor),
    canReport: activityPolicy.canReport(actor, activity),
    ownCouncil: council
      ? { code: council.code, name: textOf(council.name, c.var.lang, council.code) }
      : undefined,
    // The audit module lets the staff read the history of records other than agreements and organisations.
    canSeeHistory: isStaff(actor),
  };
}

async function renderPage(c: Ctx, id: string, refused?: { status: number; messages: string[] }) {
  const { db, actor, lang, t } = c.var;
  const detail = await getActivityDetail({ db, actor, id });
  return renderWorkspace(c, {
    title: textOf(detail.activity.title, lang, t("activities.heading")),
    section: "agreements",
    status: refused?.status,
    children: (
      <>
        {refused ? <ErrorBox title={t("errors.title")} messages={refused.messages} /> : null}
        <ActivityPageView
          detail={detail}
          rights={await rightsOf(c, actor, detail.activity)}
          notice={activityNotice(t, c.req.query("notice"))}
        />
      </>
    ),
  });
}

export function activityPages(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/agreements/:id/activities/new", async (c) => {
    assertCanManageActivities(c.var.actor);
    const agreementId = recordParam(c, "id", "Agreement");
    const choices = await loadChoices(c, agreementId);
    const wanted = c.req.query("plan");
    const plan =
      choices.plans.find((candidate) => candidate.id === wanted) ??
      (choices.plans.length === 1 ? choices.plans[0] : undefined);
    return renderForm(c, {
      mode: "new",
      agreementId,
      values: { ...emptyActivityValues(), actionPlanId: plan?.id },
      choices,
    });
  });

  routes.post("/agreements/:id/activities", async (c) => {
    const { db, actor, lang } = c.var;
    assertCanManageActivities(actor);
    const agreementId = recordParam(c, "id", "Agreement");
    const { values } = readActivityForm(await readFormBody(c, { all: true }));
    return saveOrReshow(
      async () => {
        const row = await createActivity({ db, actor, agreementId, input: activityInputOf(values) });
        return c.redirect(`${activityPath(lang, row.id)}?notice=activity-created`, 303);
      },
      { invalid: (known) => renderForm(c, { mode: "new", agreementId, values, status: 400, error: known }) },
    );
  });

  routes.get("/activities/:activityId", async (c) => renderPage(c, recordParam(c, "activityId", "Activity")));

  routes.get("/activities/:activityId/edit", async (c) => {
    const { db, actor } = c.var;
    assertCanManageActivities(actor);
    const activity = await getActivity({ db, actor, id: recordParam(c, "activityId", "Activity") });
    const values = activityValuesOf(activity);
    return renderForm(c, {
      mode: "edit",
      agreementId: activity.agreementId,
      activity,
      values,
      version: activity.version,
    });
  });

  routes.post("/activities/:activityId", async (c) => {
    const { db, actor, lang } = c.var;
    assertCanManageActivities(actor);
    const activity = await getActivity({ db, actor, id: recordParam(c, "activityId", "Activity") });
    const { values, version } = readActivityForm(await readFormBody(c, { all: true }));
    return saveOrReshow(
      async () => {
        await updateActivity({ db, actor, id: activity.id, input: { ...activityInputOf(values), version } });
        return c.redirect(`${activityPath(lang, activity.id)}?notice=activity-saved`, 303);
      },
      {
        stale: () => renderStale(c, "edit", activity.id, values),
        invalid: (known) => {
          const form = {
            mode: "edit" as const,
            agreementId: activity.agreementId,
            activity,
            values,
            version,
          };
          return renderForm(c, { ...form, status: 400, error: known });
        },
      },
    );
  });

  routes.get("/activities/:activityId/delete", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageActivities(actor);
    const activity = await getActivity({ db, actor, id: recordParam(c, "activityId", "Activity") });
    return renderConfirmStep(c, {
      heading: t("undo.heading.activity", { name: textOf(activity.title, lang, "") }),
      consequences: [t("undo.goes.activityLinks")],
      restorable: true,
      action: `${activityPath(lang, activity.id)}/delete`,
      cancelHref: activityPath(lang, activity.id),
      confirmLabel: t("undo.confirm.delete"),
      hidden: { version: String(activity.version) },
    });
  });

  routes.post("/activities/:activityId/delete", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageActivities(actor);
    const activity = await getActivity({ db, actor, id: recordParam(c, "activityId", "Activity") });
    const body = await readFormBody(c);
    assertConfirmed(body);
    const version = formVersion(body);
    return saveOrReshow(
      async () => {
        await deleteActivity({ db, actor, id: activity.id, version });
        return c.redirect(
          `${agreementPlanPath(lang, activity.agreementId)}?notice=activity-deleted#action-plan`,
          303,
        );
      },
      {
        conflict: (known) => renderPage(c, activity.id, { status: 409, messages: refusalMessages(t, known) }),
      },
    );
  });

  routes.get("/activities/:activityId/report", async (c) => {
    const { db, actor } = c.var;
    const id = recordParam(c, "activityId", "Activity");
    await assertCanReportOn({ db, actor, id });
    const activity = await getActivity({ db, actor, id });
    const values = activityValuesOf(activity);
    return renderForm(c, {
      mode: "report",
      agreementId: activity.agreementId,
      activity,
      values,
      version: activity.version,
    });
  });

  routes.post("/activities/:activityId/report", async (c) => {
    const { db, actor, lang } = c.var;
    const id = recordParam(c, "activityId", "Activity");
    await assertCanReportOn({ db, actor, id });
    const activity = await getActivity({ db, actor, id });
    const { values, version } = readActivityForm(await readFormBody(c, { all: true }));
    return saveOrReshow(
      async () => {
        await reportActivityProgress({ db, actor, id, input: { ...reportInputOf(values), version } });
        return c.redirect(`${activityPath(lang, id)}?notice=activity-reported`, 303);
      },
      {
        stale: () => renderStale(c, "report", id, values),
        invalid: (known) => {
          const form = {
            mode: "report" as const,
            agreementId: activity.agreementId,
            activity,
            values,
            version,
          };
          return renderForm(c, { ...form, status: 400, error: known });
        },
      },
    );
  });

  // A council says its own president attended (or did not); the staff may name any council.
  routes.post("/activities/:activityId/attendance", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertMayRecordAttendance(actor);
    const id = recordParam(c, "activityId", "Activity");
    const body = await readFormBody(c);
    const code = textField(body, "code") ?? activityPolicy.ownCouncilCode(actor);
    if (code) assertMayRecordAttendance(actor, code);
    const intent = textField(body, "intent");
    if (!code || (intent !== "attend" && intent !== "withdraw")) {
      const missing = !code ? "activities.refusals.codeRequired" : "activities.refusals.intentRequired";
      return renderPage(c, id, { status: 400, messages: [t(missing)] });
    }
    const refused = (known: AppError) =>
      renderPage(c, id, { status: known.httpStatus, messages: refusalMessages(t, known) });
    return saveOrReshow(
      async () => {
        await setCouncilAttendance({ db, actor, id, code, present: intent === "attend" });
        const notice = intent === "attend" ? "attendance-recorded" : "attendance-withdrawn";
        // From the territory view, back to it (the council was going down its list).
        if (textField(body, "back") === "territory") {
          return c.redirect(`/${lang}/workspace/territory?territory=${code}&notice=${notice}`, 303);
        }
        return c.redirect(`${activityPath(lang, id)}?notice=${notice}`, 303);
      },
      { invalid: refused, conflict: refused },
    );
  });

  return routes;
}
