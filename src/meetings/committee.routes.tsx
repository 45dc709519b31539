import { Hono } from "hono";
import type { CommitteeRole } from "../db/schema/index.js";
import type { AppError } from "../shared/errors.js";
import { renderConfirmStep } from "../web/confirm-deletion.js";
import type { ConflictRow } from "../web/conflict.js";
import type { AppEnv } from "../web/context.js";
import { saveOrReshow } from "../web/form-save.js";
import { assertConfirmed } from "../web/forms.js";
import { renderWorkspace } from "../web/page.js";
import { requiredFormVersion } from "../web/params.js";
import { assertCanManageCommittee, assertCanReadCommittee } from "./committee.policy.js";
import {
  addCommitteeMember,
  countMeetingsAttended,
  getCommitteeMember,
  removeCommitteeMember,
  updateCommitteeMember,
} from "./committee.service.js";
import {
  MemberForm,
  type MemberFormValues,
  memberConflictRows,
  memberFormValuesOf,
} from "./committee.views.js";
import { partyOptions } from "./meetings.choices.js";
import { type Ctx, type FormBody, numberOf, oneField, readBody, recordId } from "./meetings.form.js";
import type { MemberInput } from "./meetings.input.js";
import { agreementPath, committeeAnchor, workspacePath } from "./meetings.paths.js";

/* The committee's members in the workspace: add, change, remove (staff). */

const memberValuesOf = (body: FormBody): MemberFormValues => ({
  fullName: oneField(body, "fullName"),
  organizationId: oneField(body, "organizationId"),
  role: oneField(body, "role"),
  position: oneField(body, "position"),
});

/** The service's input; unknown or missing values go as they came, so that its refusal names them. */
const memberInputOf = (body: FormBody): MemberInput => ({
  fullName: oneField(body, "fullName") as string,
  organizationId: oneField(body, "organizationId"),
  role: oneField(body, "role") as CommitteeRole | undefined,
  position: numberOf(body, "position"),
});

async function renderMemberForm(
  c: Ctx,
  options: {
    agreementId: string;
    action: string;
    title: string;
    submitLabel: string;
    values: MemberFormValues;
    version?: number;
    error?: AppError;
    conflict?: { version: number; rows: ConflictRow[] };
    status?: number;
  },
) {
  const { db, lang } = c.var;
  const parties = await partyOptions(db, options.agreementId);
  return renderWorkspace(c, {
    title: options.title,
    section: "agreements",
    status: options.status,
    children: (
      <>
        <h1>{options.title}</h1>
        <MemberForm
          action={options.action}
          cancelHref={committeeAnchor(lang, options.agreementId)}
          values={options.values}
          parties={parties}
          version={options.version}
          error={options.error}
          conflict={options.conflict}
          submitLabel={options.submitLabel}
        />
      </>
    ),
  });
}

export function committeeWorkspaceRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.get("/agreements/:id/committee-members/new", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageCommittee(actor);
    const agreementId = recordId(c, "id", "Agreement");
    await assertCanReadCommittee({ db, actor, agreementId });
    return renderMemberForm(c, {
      agreementId,
      action: `${agreementPath(lang, agreementId)}/committee-members`,
      title: t("meetings.members.newTitle"),
      submitLabel: t("meetings.members.add"),
      values: {},
    });
  });

  routes.post("/agreements/:id/committee-members", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageCommittee(actor);
    const agreementId = recordId(c, "id", "Agreement");
    const body = await readBody(c);
    return saveOrReshow(
      async () => {
        await addCommitteeMember({ db, actor, agreementId, input: memberInputOf(body) });
        return c.redirect(`${agreementPath(lang, agreementId)}?notice=member-added#committee-heading`, 303);
      },
      {
        invalid: (refusal) =>
          renderMemberForm(c, {
            agreementId,
            action: `${agreementPath(lang, agreementId)}/committee-members`,
            title: t("meetings.members.newTitle"),
            submitLabel: t("meetings.members.add"),
            values: memberValuesOf(body),
            error: refusal,
            status: 400,
          }),
      },
    );
  });

  routes.get("/committee-members/:memberId/edit", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageCommittee(actor);
    const member = await getCommitteeMember({ db, actor, id: recordId(c, "memberId", "Committee member") });
    return renderMemberForm(c, {
      agreementId: member.agreementId,
      action: workspacePath(lang, `/committee-members/${member.id}`),
      title: t("meetings.members.editTitle", { name: member.fullName }),
      submitLabel: t("workspace.save"),
      values: memberFormValuesOf(member),
      version: member.version,
    });
  });

  routes.post("/committee-members/:memberId", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageCommittee(actor);
    const member = await getCommitteeMember({ db, actor, id: recordId(c, "memberId", "Committee member") });
    const body = await readBody(c);
    const values = memberValuesOf(body);
    const version = requiredFormVersion(body);
    const form = {
      agreementId: member.agreementId,
      action: workspacePath(lang, `/committee-members/${member.id}`),
      title: t("meetings.members.editTitle", { name: member.fullName }),
      submitLabel: t("workspace.save"),
      values,
    };
    return saveOrReshow(
      async () => {
        await updateCommitteeMember({ db, actor, id: member.id, input: { ...memberInputOf(body), version } });
        return c.redirect(
          `${agreementPath(lang, member.agreementId)}?notice=member-saved#committee-heading`,
          303,
        );
      },
      {
        invalid: (refusal) => renderMemberForm(c, { ...form, version, error: refusal, status: 400 }),
        stale: async () => {
          // Someone saved first: theirs beside the person's, whose values stay, with the new version.
          const theirs = await getCommitteeMember({ db, actor, id: member.id });
          const parties = await partyOptions(db, member.agreementId);
          const rows = memberConflictRows(lang, t, memberFormValuesOf(theirs), values, parties);
          return renderMemberForm(c, {
            ...form,
            version: theirs.version,
            conflict: { version: theirs.version, rows },
            status: 409,
          });
        },
      },
    );
  });

  routes.get("/committee-members/:memberId/delete", async (c) => {
    const { db, actor, lang, t } = c.var;
    assertCanManageCommittee(actor);
    const member = await getCommitteeMember({ db, actor, id: recordId(c, "memberId", "Committee member") });
    const attended = await countMeetingsAttended(db, member.id);
    return renderConfirmStep(c, {
      heading: t("undo.heading.committee_member", { name: member.fullName }),
      consequences: [
        attended ? t("undo.goes.memberMeetings", { count: attended }) : t("undo.goes.noDependants"),
      ],
      restorable: true,
      action: workspacePath(lang, `/committee-members/${member.id}/delete`),
      cancelHref: committeeAnchor(lang, member.agreementId),
      confirmLabel: t("undo.confirm.delete"),
    });
  });

  routes.post("/committee-members/:memberId/delete", async (c) => {
    const { db, actor, lang } = c.var;
    assertCanManageCommittee(actor);
    assertConfirmed(await readBody(c));
    const removed = await removeCommitteeMember({
      db,
      actor,
      id: recordId(c, "memberId", "Committee member"),
    });
    return c.redirect(
      `${agreementPath(lang, removed.agreementId)}?notice=member-removed#committee-heading`,
      303,
    );
  });

  return routes;
}
