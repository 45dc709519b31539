import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { AgreementDetail } from "../agreements/agreements.queries.js";
import { DateTime, Localized, TableScroll } from "../web/components.js";
import type { AppEnv } from "../web/context.js";
import { Notice } from "../web/page.js";
import { usePage } from "../web/page-context.js";
import { actionPolicy } from "./actions.policy.js";
import { listActions } from "./actions.service.js";
import { ActionTable } from "./actions.views.js";
import { canReadCommittee, committeePolicy } from "./committee.policy.js";
import { listCommitteeMembers } from "./committee.service.js";
import { MemberTable } from "./committee.views.js";
import { workspacePath } from "./meetings.paths.js";
import type { ActionItem, MeetingItem, MemberItem } from "./meetings.presenter.js";
import { listMeetings } from "./meetings.service.js";
import { committeeNotice, fieldHeading } from "./meetings.views.js";

/**
 * This module's part of the workspace page of an agreement the actor may read (rendered by
 * src/agreements/agreements.routes.tsx); null when there is nothing to show: the committee
 * is internal, and shown only where the actor's scope reaches the agreement.
 */
export async function meetingSection(c: Context<AppEnv>, agreement: AgreementDetail): Promise<Child> {
  const { db, actor, t } = c.var;
  const agreementId = agreement.id;
  if (!(await canReadCommittee({ db, actor, agreementId }))) return null;
  // One after the other: on PGlite every query waits for the one connection anyway.
  const members = await listCommitteeMembers({ db, actor, agreementId });
  const meetings = await listMeetings({ db, actor, agreementId });
  const openActions = await listActions({ db, actor, agreementId, openOnly: true });
  return (
    <CommitteeSection
      agreementId={agreementId}
      members={members}
      meetings={meetings}
      openActions={openActions}
      canManage={committeePolicy.canManage(actor)}
      canCreateActions={actionPolicy.canEdit(actor)}
      notice={committeeNotice(t, c.req.query("notice"))}
    />
  );
}

function MeetingTableRows({ meetings }: { meetings: MeetingItem[] }) {
  const { lang, t } = usePage();
  if (!meetings.length) return <p>{t("meetings.section.noMeetings")}</p>;
  return (
    <table class="data">
      <caption class="visually-hidden">{t("meetings.section.meetings")}</caption>
      <thead>
        <tr>
          <th scope="col">{fieldHeading(t, "startsAt")}</th>
          <th scope="col">{fieldHeading(t, "title")}</th>
          <th scope="col">{fieldHeading(t, "place")}</th>
          <th scope="col">{fieldHeading(t, "status")}</th>
          <th scope="col" class="number">
            {fieldHeading(t, "decisions")}
          </th>
        </tr>
      </thead>
      <tbody>
        {meetings.map((meeting) => (
          <tr>
            <td>
              <DateTime value={meeting.startsAt} />
            </td>
            <td>
              <a href={workspacePath(lang, `/meetings/${meeting.id}`)}>
                <Localized value={meeting.title} />
              </a>
            </td>
            <td dir="auto">{meeting.place || "—"}</td>
            <td>{t(`meetings.meetingStatus.${meeting.status}`)}</td>
            <td class="number">{meeting.decisionCount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CommitteeSection({
  agreementId,
  members,
  meetings,
  openActions,
  canManage,
  canCreateActions,
  notice,
}: {
  agreementId: string;
  members: MemberItem[];
  meetings: MeetingItem[];
  openActions: ActionItem[];
  canManage: boolean;
  canCreateActions: boolean;
  notice?: string;
}) {
  const { lang, t } = usePage();
  const base = workspacePath(lang, `/agreements/${agreementId}`);
  return (
    <section aria-labelledby="committee-heading" class="committee">
      <h2 id="committee-heading">{t("meetings.section.heading")}</h2>
      <Notice text={notice} />
      <h3 id="committee-members-heading">{t("meetings.members.heading")}</h3>
      <MemberTable members={members} canManage={canManage} />
      {canManage ? (
        <p class="actions">
          <a class="button secondary" href={`${base}/committee-members/new`}>
            {t("meetings.members.add")}
          </a>
        </p>
      ) : null}
      <h3 id="committee-meetings-heading">{t("meetings.section.meetings")}</h3>
      <MeetingTable meetings={meetings} />
      {canManage ? (
        <p class="actions">
          <a class="button secondary" href={`${base}/meetings/new`}>
            {t("meetings.section.newMeeting")}
          </a>
        </p>
      ) : null}
      <h3 id="committee-actions-heading">{t("meetings.section.openActions")}</h3>
      {openActions.length ? (
        <ActionTable actions={openActions} caption={t("meetings.section.openActions")} />
      ) : (
        <p>{t("meetings.section.noOpenActions")}</p>
      )}
      {canCreateActions ? (
        <p class="actions">
          <a class="button secondary" href={`${base}/actions/new`}>
            {t("meetings.actions.new")}
          </a>
        </p>
      ) : null}
    </section>
  );
}

/** MeetingTable, in its own scrolling box: a wide table scrolls sideways on a phone, not the page. */
function MeetingTable(props: Parameters<typeof MeetingTableRows>[0]) {
  const { t } = usePage();
  if (!props.meetings.length) return <MeetingTableRows {...props} />;
  return (
    <TableScroll label={t("meetings.section.meetings")}>
      <MeetingTableRows {...props} />
    </TableScroll>
  );
}
