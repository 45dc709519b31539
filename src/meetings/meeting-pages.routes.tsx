import { Hono } from "hono";
import { agreementTrail } from "../agreements/agreement-trail.js";
import { agreementRef } from "../agreements/agreements.queries.js";
import type { MeetingStatus } from "../db/schema/index.js";
import { type AppError, notFound } from "../shared/errors.js";
import { textOf } from "../shared/localized.js";
import { renderConfirmStep } from "../web/confirm-deletion.js";
import type { ConflictRow } from "../web/conflict.js";
import type { AppEnv } from "../web/context.js";
import { saveOrReshow } from "../web/form-save.js";
import { assertConfirmed } from "../web/forms.js";
import { renderWorkspace } from "../web/page.js";
import { formVersion, requiredFormVersion } from "../web/params.js";
import { assertCanManageCommittee, assertCanReadCommittee, committeePolicy } from "./committee.policy.js";
import { listCommitteeMembers } from "./committee.service.js";
import { addDecision, deleteDecision, getDecision } from "./decisions.service.js";
import {
  MeetingForm,
  type MeetingFormValues,
  meetingConflictRows,
  meetingFormValuesOf,
} from "./meeting-form.views.js";
import { DecisionForm, type DecisionFormValues, MeetingPage } from "./meeting-page.views.js";
import { documentOptions, partyOptions, personOptions } from "./meetings.choices.js";
import {
  type Ctx,
  type FormBody,
  listField,
  localizedOf,
  oneField,
  readBody,
  recordId,
} from "./meetings.form.js";
import type { DecisionInput, MeetingInput } from "./meetings.input.js";
import { agreementPath, workspacePath } from "./meetings.paths.js";
import { createMeeting, deleteMeeting, getMeeting, updateMeeting } from "./meetings.service.js";
import { committeeNotice } from "./meetings.views.js";

/* Meetings and their decisions in the workspace. */

const meetingValuesOf = (body: FormBody): MeetingFormValues => ({
  title: localizedOf(body, "title"),
  startsAt: oneField(body, "startsAt"),
  place: oneField(body, "place"),
  status: oneField(body, "status"),
  agenda: localizedOf(body, "agenda"),
  attendeeIds: listField(body, "attendeeIds"),
  otherAttendees: oneField(body, "otherAttendees"),
  minutesDocumentId: oneField(body, "minutesDocumentId"),
});

/** The service's input; unknown or missing values go as they came, so that its refusal names them. */
const meetingInputOf = (values: MeetingFormValues): MeetingInput => ({
  title: values.title,
  startsAt: values.startsAt as string,
  place: values.place,
  status: values.status as MeetingStatus | undefined,
  agenda: values.agenda,
  attendeeIds: values.attendeeIds,
  otherAttendees: values.otherAttendees,
  minutesDocumentId: values.minutesDocumentId,
});

const decisionValuesOf = (body: FormBody): DecisionFormValues => ({
  text: localizedOf(body, "text"),
  action: {
    description: localizedOf(body, "action.description"),
    ownerOrganizationId: oneField(body, "action.ownerOrganizationId"),
    ownerUserId: oneField(body, "action.ownerUserId"),
    dueOn: oneField(body, "action.dueOn"),
  },
});

/** A decision hands out an action when any of the action's fields is filled in. */
function decisionInputOf(values: DecisionFormValues): DecisionInput {
  const { action } = values;
  const wanted =
    Object.keys(action.description).length > 0 ||
    Boolean(action.ownerOrganizationId || action.ownerUserId || action.dueOn);
  return {
    text: values.text,
    action: wanted
      ? {
          description: action.description,
          ownerOrganizationId: action.ownerOrganizationId as string,
          ownerUserId: action.ownerUserId,
          dueOn: action.dueOn as string,
        }
      : undefined,
  };
}

async function renderMeetingForm(
  c: Ctx,
  options: {
    agreementId: string;
    action: string;
    title: string;
    submitLabel: string;
    values: MeetingFormValues;
    version?: number;
    error?: AppError;
    conflict?: { version: number; rows: ConflictRow[] };
    status?: number;
  },
) {
  const { db, actor, lang } = c.var;
  const members = await listCommitteeMembers({ db, actor, agreementId: options.agreementId });
  const documents = await documentOptions(db, options.agreementId);
  return renderWorkspace(c, {
    title: options.title,
    section: "agreements",
    status: options.status,
    children: (
      <>
        <h1>{options.title}</h1>
        <MeetingForm
          action={options.action}
          cancelHref={`${agreementPath(lang, options.agreementId)}#committee-heading`}
          values={options.values}
          members={members}
          documents={documents}
          version={options.version}
          error={options.error}
          conflict={options.conflict}
          submitLabel={options.submitLabel}
        />
      </>
    ),
  });
}

/** A meeting's page; after a refused decision or deletion, with what was wrong (and the decision typed). */
async function renderMeetingPage(
  c: Ctx,
  id: string,
  refused: {
    decision?: DecisionFormValues;
    decisionError?: AppError;
    deleteError?: AppError;
    status?: number;
  } = {},
) {
  const { db, actor, lang, t } = c.var;
  const meeting = await getMeeting({ db, actor, id });
  const agreement = await agreementRef(db, meeting.agreementId);
  if (!agreement) throw notFound("Agreement", meeting.agreementId);
  const canManage = committeePolicy.canManage(actor);
  let decisionForm = null;
  if (canManage) {
    const parties = await partyOptions(db, meeting.agreementId);
    const people = await personOptions(
      db,
      parties.map((party) => party.id),
    );
    decisionForm = (
      <DecisionForm
        meetingId={id}
        values={refused.decision}
        parties={parties}
        people={people}
        error={refused.decisionError}
      />
    );
  }
  return renderWorkspace(c, {
    title: textOf(meeting.title, lang, "—"),
    section: "agreements",
    status: refused.status,
    trail: agreementTrail({ lang, t, agreement, page: textOf(meeting.title, lang, "—") }),
    children: (
      <MeetingPage
        meeting={meeting}
        agreement={agreement}
        canManage={canManage}
        notice={committeeNotice(t, c.req.query("notice"))}
        decisionForm={decisionForm}
        deleteError={refused.deleteError}
      />
    ),
  });
}

export function meetingWorkspacePages(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const meetingPath = (c: Ctx, id: string) => workspacePath(c.var.lang, `/meetings/${id}`);

  routes.get("/agreements/:id/meetings/new", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageCommittee(actor);
    const agreementId = recordId(c, "id", "Agreement");
    await assertCanReadCommittee({ db, actor, agreementId });
    return renderMeetingForm(c, {
      agreementId,
      action: `${agreementPath(lang, agreementId)}/meetings`,
      title: t("meetings.newTitle"),
      submitLabel: t("meetings.create"),
      values: { title: {}, agenda: {}, attendeeIds: [] },
    });
  });

  routes.post("/agreements/:id/meetings", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageCommittee(actor);
    const agreementId = recordId(c, "id", "Agreement");
    const values = meetingValuesOf(await readBody(c));
    return saveOrReshow(
      async () => {
        const created = await createMeeting({ db, actor, agreementId, input: meetingInputOf(values) });
        return c.redirect(`${meetingPath(c, created.id)}?notice=meeting-created`, 303);
      },
      {
        invalid: (refusal) =>
          renderMeetingForm(c, {
            agreementId,
            action: `${agreementPath(lang, agreementId)}/meetings`,
            title: t("meetings.newTitle"),
            submitLabel: t("meetings.create"),
            values,
            error: refusal,
            status: 400,
          }),
      },
    );
  });

  routes.get("/meetings/:meetingId", async (c) => renderMeetingPage(c, recordId(c, "meetingId", "Meeting")));

  routes.get("/meetings/:meetingId/edit", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageCommittee(actor);
    const meeting = await getMeeting({ db, actor, id: recordId(c, "meetingId", "Meeting") });
    return renderMeetingForm(c, {
      agreementId: meeting.agreementId,
      action: meetingPath(c, meeting.id),
      title: t("meetings.editTitle", { title: textOf(meeting.title, lang, "—") }),
      submitLabel: t("workspace.save"),
      values: meetingFormValuesOf(meeting),
      version: meeting.version,
    });
  });

  routes.post("/meetings/:meetingId", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageCommittee(actor);
    const meeting = await getMeeting({ db, actor, id: recordId(c, "meetingId", "Meeting") });
    const body = await readBody(c);
    const values = meetingValuesOf(body);
    const version = requiredFormVersion(body);
    const form = {
      agreementId: meeting.agreementId,
      action: meetingPath(c, meeting.id),
      title: t("meetings.editTitle", { title: textOf(meeting.title, lang, "—") }),
      submitLabel: t("workspace.save"),
      values,
    };
    return saveOrReshow(
      async () => {
        await updateMeeting({ db, actor, id: meeting.id, input: { ...meetingInputOf(values), version } });
        return c.redirect(`${meetingPath(c, meeting.id)}?notice=meeting-saved`, 303);
      },
      {
        invalid: (refusal) => renderMeetingForm(c, { ...form, version, error: refusal, status: 400 }),
        stale: async () => {
          // Someone saved first: theirs beside the person's, whose values stay, with the new version.
          const theirs = await getMeeting({ db, actor, id: meeting.id });
          const members = await listCommitteeMembers({ db, actor, agreementId: meeting.agreementId });
          const documents = await documentOptions(db, meeting.agreementId);
          const rows = meetingConflictRows(lang, t, meetingFormValuesOf(theirs), values, members, documents);
          return renderMeetingForm(c, {
            ...form,
            version: theirs.version,
            conflict: { version: theirs.version, rows },
            status: 409,
          });
        },
      },
    );
  });

  routes.get("/meetings/:meetingId/delete", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageCommittee(actor);
    const meeting = await getMeeting({ db, actor, id: recordId(c, "meetingId", "Meeting") });
    const consequences = meeting.decisions.length
      ? [t("undo.goes.meetingHasDecisions", { count: meeting.decisions.length })]
      : [
          meeting.attendees.length
            ? t("undo.goes.meetingAttendees", { count: meeting.attendees.length })
            : t("undo.goes.noDependants"),
        ];
    return renderConfirmStep(c, {
      heading: t("undo.heading.meeting", { name: textOf(meeting.title, lang, "") }),
      consequences,
      restorable: true,
      action: `${meetingPath(c, meeting.id)}/delete`,
      cancelHref: meetingPath(c, meeting.id),
      confirmLabel: t("undo.confirm.delete"),
      hidden: { version: String(meeting.version) },
    });
  });

  routes.post("/meetings/:meetingId/delete", async (c) => {
    const { db, actor, lang } = c.var;
    assertCanManageCommittee(actor);
    const id = recordId(c, "meetingId", "Meeting");
    const body = await readBody(c);
    assertConfirmed(body);
    const version = formVersion(body);
    return saveOrReshow(
      async () => {
        const deleted = await deleteMeeting({ db, actor, id, version });
        return c.redirect(
          `${agreementPath(lang, deleted.agreementId)}?notice=meeting-deleted#committee-heading`,
          303,
        );
      },
      { conflict: (known) => renderMeetingPage(c, id, { deleteError: known, status: 409 }) },
    );
  });

  routes.post("/meetings/:meetingId/decisions", async (c) => {
    const { db, actor } = c.var;
    assertCanManageCommittee(actor);
    const id = recordId(c, "meetingId", "Meeting");
    const values = decisionValuesOf(await readBody(c));
    return saveOrReshow(
      async () => {
        await addDecision({ db, actor, meetingId: id, input: decisionInputOf(values) });
        return c.redirect(`${meetingPath(c, id)}?notice=decision-added#decisions-heading`, 303);
      },
      {
        invalid: (refusal) =>
          renderMeetingPage(c, id, { decision: values, decisionError: refusal, status: 400 }),
      },
    );
  });

  routes.get("/decisions/:decisionId/delete", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageCommittee(actor);
    const decision = await getDecision({ db, actor, id: recordId(c, "decisionId", "Decision") });
    const meeting = await getMeeting({ db, actor, id: decision.meetingId });
    const number = meeting.decisions.findIndex((one) => one.id === decision.id) + 1;
    const actions = meeting.decisions.find((one) => one.id === decision.id)?.actions.length ?? 0;
    return renderConfirmStep(c, {
      heading: t("undo.heading.decision", { number, name: textOf(meeting.title, lang, "") }),
      consequences: [
        actions ? t("undo.goes.decisionActions", { count: actions }) : t("undo.goes.noDependants"),
      ],
      restorable: true,
      action: workspacePath(lang, `/decisions/${decision.id}/delete`),
      cancelHref: `${meetingPath(c, meeting.id)}#decisions-heading`,
      confirmLabel: t("undo.confirm.delete"),
    });
  });

  routes.post("/decisions/:decisionId/delete", async (c) => {
    const { db, actor } = c.var;
    assertCanManageCommittee(actor);
    assertConfirmed(await readBody(c));
    const deleted = await deleteDecision({ db, actor, id: recordId(c, "decisionId", "Decision") });
    return c.redirect(`${meetingPath(c, deleted.meetingId)}?notice=decision-deleted#decisions-heading`, 303);
  });

  return routes;
}
