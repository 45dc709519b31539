import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { agreementRef } from "../agreements/agreements.queries.js";
import { type ActionStatus, decisions } from "../db/schema/index.js";
import { type AppError, notFound } from "../shared/errors.js";
import type { Translate } from "../shared/i18n.js";
import { clipped, type Language, languages, textOf } from "../shared/localized.js";
import { type ConflictRow, conflictValues } from "../web/conflict.js";
import type { AppEnv } from "../web/context.js";
import { saveOrReshow } from "../web/form-save.js";
import { renderWorkspace } from "../web/page.js";
import { requiredFormVersion } from "../web/params.js";
import { ActionPage } from "./action-page.views.js";
import { actionPolicy, assertCanEditActions } from "./actions.policy.js";
import {
  assertMayUpdateActionStatus,
  createAction,
  getAction,
  updateAction,
  updateActionStatus,
} from "./actions.service.js";
import { ActionForm, type ActionFormValues, ActionStatusForm, actionFormValuesOf } from "./actions.views.js";
import { assertCanReadCommittee } from "./committee.policy.js";
import {
  type OrganizationOption,
  type PersonOption,
  partyOptions,
  personOptions,
} from "./meetings.choices.js";
import { type Ctx, type FormBody, localizedOf, oneField, readBody, recordId } from "./meetings.form.js";
import type { ActionInput } from "./meetings.input.js";
import { agreementPath, workspacePath } from "./meetings.paths.js";
import type { ActionItem } from "./meetings.presenter.js";
import { committeeNotice, fieldHeading } from "./meetings.views.js";

/* Follow-up actions in the workspace: created and edited by the staff, their status updated by the owner. */

const actionValuesOf = (body: FormBody): ActionFormValues => ({
  description: localizedOf(body, "description"),
  ownerOrganizationId: oneField(body, "ownerOrganizationId"),
  ownerUserId: oneField(body, "ownerUserId"),
  dueOn: oneField(body, "dueOn"),
  status: oneField(body, "status"),
  doneOn: oneField(body, "doneOn"),
  decisionId: oneField(body, "decisionId"),
});

/** The service's input; unknown or missing values go as they came, so that its refusal names them. */
const actionInputOf = (values: ActionFormValues): ActionInput => ({
  description: values.description,
  ownerOrganizationId: values.ownerOrganizationId as string,
  ownerUserId: values.ownerUserId,
  dueOn: values.dueOn as string,
  status: values.status as ActionStatus | undefined,
  // The form keeps the date field filled in when the status moves away from done: not a mistake to refuse.
  doneOn: values.status === "done" ? values.doneOn : undefined,
  decisionId: values.decisionId,
});

/** Their saved action against the person's unsaved form, field by field. */
function actionConflictRows(
  lang: Language,
  t: Translate,
  theirs: ActionFormValues,
  yours: ActionFormValues,
  parties: OrganizationOption[],
  people: PersonOption[],
): ConflictRow[] {
  const organization = (id?: string) =>
    id ? textOf(parties.find((party) => party.id === id)?.name, lang, "—") : "—";
  const person = (id?: string) => (id ? (people.find((one) => one.id === id)?.name ?? id) : "—");
  // Dates and statuses are said as the audit log says them.
  const say = conflictValues("follow_up_action", { lang, t });
  const date = (value?: string) => say("dueOn", value);
  const status = (value?: string) => say("status", value);
  return [
    ...languages.map((language) => ({
      label: `${fieldHeading(t, "description")} (${t(`languageNames.${language}`)})`,
      theirs: theirs.description[language] ?? "—",
      yours: yours.description[language] ?? "—",
    })),
    {
      label: fieldHeading(t, "ownerOrganizationId"),
      theirs: organization(theirs.ownerOrganizationId),
      yours: organization(yours.ownerOrganizationId),
    },
    {
      label: fieldHeading(t, "ownerUserId"),
      theirs: person(theirs.ownerUserId),
      yours: person(yours.ownerUserId),
    },
    { label: fieldHeading(t, "dueOn"), theirs: date(theirs.dueOn), yours: date(yours.dueOn) },
    { label: fieldHeading(t, "status"), theirs: status(theirs.status), yours: status(yours.status) },
    { label: fieldHeading(t, "doneOn"), theirs: date(theirs.doneOn), yours: date(yours.doneOn) },
  ];
}

async function choices(c: Ctx, agreementId: string) {
  const parties = await partyOptions(c.var.db, agreementId);
  const people = await personOptions(
    c.var.db,
    parties.map((party) => party.id),
  );
  return { parties, people };
}

async function renderNewAction(c: Ctx, agreementId: string, values: ActionFormValues, error?: AppError) {
  const { lang, t } = c.var;
  const { parties, people } = await choices(c, agreementId);
  return renderWorkspace(c, {
    title: t("meetings.actions.new"),
    section: "agreements",
    status: error ? 400 : 200,
    children: (
      <>
        <h1>{t("meetings.actions.new")}</h1>
        <ActionForm
          action={`${agreementPath(lang, agreementId)}/actions`}
          cancelHref={`${agreementPath(lang, agreementId)}#committee-heading`}
          values={values}
          parties={parties}
          people={people}
          error={error}
          submitLabel={t("meetings.actions.create")}
        />
      </>
    ),
  });
}

interface Refused {
  values?: ActionFormValues;
  error?: AppError;
  /** the saved version beside the person's values */
  theirs?: ActionItem;
  status?: number;
}

/** An action's page, with the form the actor may use: every field (staff), or the status (owner's focal point). */
async function renderActionPage(c: Ctx, id: string, refused: Refused = {}) {
  const { db, actor, lang, t } = c.var;
  const action = await getAction({ db, actor, id });
  const agreement = await agreementRef(db, action.agreementId);
  if (!agreement) throw notFound("Agreement", action.agreementId);
  const [decision] = action.decisionId
    ? await db
        .select({ meetingId: decisions.meetingId })
        .from(decisions)
        .where(eq(decisions.id, action.decisionId))
    : [];
  const version = refused.theirs?.version ?? action.version;
  let form = null;
  if (actionPolicy.canEdit(actor)) {
    const { parties, people } = await choices(c, action.agreementId);
    const values = refused.values ?? actionFormValuesOf(action);
    const conflict = refused.theirs
      ? {
          version,
          rows: actionConflictRows(lang, t, actionFormValuesOf(refused.theirs), values, parties, people),
        }
      : undefined;
    form = (
      <ActionForm
        action={workspacePath(lang, `/actions/${id}`)}
        cancelHref={agreementPath(lang, action.agreementId)}
        values={values}
        parties={parties}
        people={people}
        version={version}
        error={refused.error}
        conflict={conflict}
        submitLabel={t("workspace.save")}
      />
    );
  } else if (actionPolicy.canUpdateStatus(actor, action)) {
    const status = refused.values?.status ?? action.status;
    const conflict = refused.theirs
      ? {
          version,
          rows: [
            {
              label: fieldHeading(t, "status"),
              theirs: t(`meetings.actionStatus.${refused.theirs.status}`),
              yours: t(`meetings.actionStatus.${status}`, { defaultValue: status }),
            },
          ],
        }
      : undefined;
    form = (
      <ActionStatusForm
        actionId={id}
        status={status}
        version={version}
        error={refused.error}
        conflict={conflict}
      />
    );
  }
  return renderWorkspace(c, {
    title: t("meetings.actions.pageTitle", {
      description: clipped(textOf(action.description, lang, t("meetings.actions.title"))),
      reference: agreement.reference,
    }),
    section: "agreements",
    status: refused.status,
    children: (
      <ActionPage
        action={action}
        agreement={agreement}
        meetingId={decision?.meetingId}
        notice={committeeNotice(t, c.req.query("notice"))}
        form={form}
        showHistory={actionPolicy.canEdit(actor)}
      />
    ),
  });
}

export function actionWorkspacePages(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const actionPath = (c: Ctx, id: string) => workspacePath(c.var.lang, `/actions/${id}`);

  routes.get("/agreements/:id/actions/new", async (c) => {
    const { db, actor } = c.var;
    assertCanEditActions(actor);
    const agreementId = recordId(c, "id", "Agreement");
    await assertCanReadCommittee({ db, actor, agreementId });
    return renderNewAction(c, agreementId, { description: {} });
  });

  routes.post("/agreements/:id/actions", async (c) => {
    const { db, actor } = c.var;
    assertCanEditActions(actor);
    const agreementId = recordId(c, "id", "Agreement");
    const values = actionValuesOf(await readBody(c));
    return saveOrReshow(
      async () => {
        const created = await createAction({ db, actor, agreementId, input: actionInputOf(values) });
        return c.redirect(`${actionPath(c, created.id)}?notice=action-created`, 303);
      },
      { invalid: (refusal) => renderNewAction(c, agreementId, values, refusal) },
    );
  });

  routes.get("/actions/:actionId", async (c) =>
    renderActionPage(c, recordId(c, "actionId", "Follow-up action")),
  );

  routes.post("/actions/:actionId", async (c) => {
    const { db, actor } = c.var;
    assertCanEditActions(actor);
    const id = recordId(c, "actionId", "Follow-up action");
    await getAction({ db, actor, id });
    const body = await readBody(c);
    const values = actionValuesOf(body);
    return saveOrReshow(
      async () => {
        await updateAction({
          db,
          actor,
          id,
          input: { ...actionInputOf(values), version: requiredFormVersion(body) },
        });
        return c.redirect(`${actionPath(c, id)}?notice=action-saved`, 303);
      },
      {
        invalid: (refusal) => renderActionPage(c, id, { values, error: refusal, status: 400 }),
        stale: async () =>
          renderActionPage(c, id, { values, theirs: await getAction({ db, actor, id }), status: 409 }),
      },
    );
  });

  routes.post("/actions/:actionId/status", async (c) => {
    const { db, actor } = c.var;
    const id = recordId(c, "actionId", "Follow-up action");
    await assertMayUpdateActionStatus({ db, actor, id });
    const body = await readBody(c);
    const status = oneField(body, "status");
    return saveOrReshow(
      async () => {
        await updateActionStatus({
          db,
          actor,
          id,
          input: { status: status as ActionStatus, version: requiredFormVersion(body) },
        });
        return c.redirect(`${actionPath(c, id)}?notice=action-status`, 303);
      },
      {
        invalid: (refusal) =>
          renderStatusRefusal(c, id, { values: { description: {}, status }, error: refusal, status: 400 }),
        stale: async () =>
          renderStatusRefusal(c, id, {
            values: { description: {}, status },
            theirs: await getAction({ db, actor, id }),
            status: 409,
          }),
      },
    );
  });

  return routes;
}

/**
 * A refused status change shown on the action's page. For the staff, whose page holds the
 * whole form, the refused status goes into it with the rest as saved.
 */
async function renderStatusRefusal(c: Ctx, id: string, refused: Refused) {
  if (!actionPolicy.canEdit(c.var.actor)) return renderActionPage(c, id, refused);
  const saved = refused.theirs ?? (await getAction({ db: c.var.db, actor: c.var.actor, id }));
  const values = { ...actionFormValuesOf(saved), status: refused.values?.status };
  return renderActionPage(c, id, { ...refused, values });
}
