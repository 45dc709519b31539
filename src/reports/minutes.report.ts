import { getAgreementDetail } from "../agreements/agreements.queries.js";
import { getMeeting } from "../meetings/meetings.service.js";
import { fieldHeading } from "../meetings/meetings.views.js";
import { formatDateTime } from "../shared/i18n.js";
import { pickText, textOf } from "../shared/localized.js";
import type { ReportBlock, ReportDocument } from "./report.document.js";
import { dateOrDash, localized, type ReportRequest, reportDocument, section } from "./report-kit.js";

/**
 * The minutes of a steering committee meeting, for its members (workspace only, as the meeting
 * is): when and where, who attended, the agenda, each decision and the actions it set.
 */
export async function meetingMinutes(request: ReportRequest, meetingId: string): Promise<ReportDocument> {
  const { db, actor, lang, t } = request;
  const meeting = await getMeeting({ db, actor, id: meetingId });
  const agreement = await getAgreementDetail({ db, actor, id: meeting.agreementId });
  const lines = (text: string) =>
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
  const agenda = pickText(meeting.agenda, lang);
  const decisions: ReportBlock[] = meeting.decisions.flatMap((decision, index): ReportBlock[] => [
    { kind: "heading", level: 2, text: t("reports.minutes.decision", { number: index + 1 }) },
    { kind: "paragraph", text: localized(decision.text, lang) },
    ...(decision.actions.length
      ? [
          {
            kind: "table" as const,
            columns: [
              { label: fieldHeading(t, "description") },
              { label: fieldHeading(t, "ownerOrganizationId") },
              { label: fieldHeading(t, "dueOn") },
              { label: fieldHeading(t, "status") },
            ],
            rows: decision.actions.map((action) => [
              localized(action.description, lang),
              localized(action.ownerOrganization.name, lang),
              dateOrDash(lang, action.dueOn),
              t(`meetings.actionStatus.${action.status}`),
            ]),
          },
        ]
      : []),
  ]);
  return reportDocument(request, {
    title: t("reports.minutes.title", { meeting: textOf(meeting.title, lang) }),
    subtitle: `${agreement.reference} · ${textOf(agreement.title, lang)}`,
    blocks: [
      {
        kind: "facts",
        rows: [
          {
            label: fieldHeading(t, "startsAt"),
            value: `${formatDateTime(lang, meeting.startsAt)} (${t("meetings.moroccanTime")})`,
          },
          { label: fieldHeading(t, "place"), value: meeting.place || "—" },
          { label: fieldHeading(t, "status"), value: t(`meetings.meetingStatus.${meeting.status}`) },
        ],
      },
      ...section(
        t("meetings.attendees"),
        meeting.attendees.length
          ? [
              {
                kind: "list",
                items: meeting.attendees.map(
                  (member) =>
                    `${member.fullName} — ${t(`meetings.roles.${member.role}`)}${member.organization ? ` (${textOf(member.organization.name, lang)})` : ""}`,
                ),
              },
            ]
          : [],
        t("meetings.noAttendees"),
      ),
      ...(meeting.otherAttendees
        ? [
            { kind: "heading" as const, level: 2 as const, text: fieldHeading(t, "otherAttendees") },
            { kind: "paragraph" as const, text: meeting.otherAttendees },
          ]
        : []),
      ...section(
        fieldHeading(t, "agenda"),
        agenda
          ? [
              {
                kind: "list",
                ordered: false,
                items: lines(agenda.text).map((line) => localized({ [agenda.lang]: line }, lang)),
              },
            ]
          : [],
        t("meetings.noAgenda"),
      ),
      ...section(fieldHeading(t, "decisions"), decisions, t("meetings.decisions.none")),
    ],
  });
}
