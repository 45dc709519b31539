import type {
  committeeMembers,
  decisions,
  documents,
  followUpActions,
  meetings,
  organizations,
} from "../db/schema/index.js";
import { instantToMoroccanTime } from "../domain/moroccan-time.js";

/*
 * The public JSON shapes of the committee's records (see meetings.api-schemas.ts), and what
 * the audit log keeps of them. Never raw rows: no internal column leaks by being added.
 */

export type MemberRow = typeof committeeMembers.$inferSelect;
export type MeetingRow = typeof meetings.$inferSelect;
export type DecisionRow = typeof decisions.$inferSelect;
export type ActionRow = typeof followUpActions.$inferSelect;
type OrganizationRow = typeof organizations.$inferSelect;
type DocumentRow = typeof documents.$inferSelect;

export type MemberItem = MemberRow & { organization: OrganizationRow | null };
export type ActionItem = ActionRow & {
  ownerOrganization: OrganizationRow;
  ownerUser: { id: string; name: string } | null;
  /** open or in progress, and its due date passed (on Casablanca's calendar) */
  overdue: boolean;
};
export type MeetingItem = MeetingRow & { attendees: MemberItem[]; decisionCount: number };
export type DecisionItem = DecisionRow & { actions: ActionItem[] };
export type MeetingDetail = MeetingItem & {
  decisions: DecisionItem[];
  /** the minutes, while the document exists (a deleted one is not linked) */
  minutes: DocumentRow | null;
};

const organizationRef = (row: OrganizationRow) => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  acronym: row.acronym,
});

export function presentMember(row: MemberItem) {
  return {
    id: row.id,
    agreementId: row.agreementId,
    fullName: row.fullName,
    role: row.role,
    position: row.position,
    organization: row.organization ? organizationRef(row.organization) : null,
    version: row.version,
  };
}

export function presentAction(row: ActionItem) {
  return {
    id: row.id,
    agreementId: row.agreementId,
    decisionId: row.decisionId,
    description: row.description,
    ownerOrganization: organizationRef(row.ownerOrganization),
    ownerUser: row.ownerUser ? { id: row.ownerUser.id, name: row.ownerUser.name } : null,
    dueOn: row.dueOn,
    status: row.status,
    doneOn: row.doneOn,
    overdue: row.overdue,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentMeetingSummary(row: MeetingItem) {
  return {
    id: row.id,
    agreementId: row.agreementId,
    title: row.title,
    startsAt: row.startsAt.toISOString(),
    startsAtMorocco: instantToMoroccanTime(row.startsAt),
    place: row.place,
    status: row.status,
    agenda: row.agenda,
    otherAttendees: row.otherAttendees,
    minutesDocumentId: row.minutesDocumentId,
    attendees: row.attendees.map((member) => ({
      id: member.id,
      fullName: member.fullName,
      role: member.role,
    })),
    decisionCount: row.decisionCount,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentMeetingDetail(row: MeetingDetail) {
  return {
    ...presentMeetingSummary(row),
    minutesUrl: row.minutes ? `/api/v1/documents/${row.minutes.id}/content` : null,
    decisions: row.decisions.map((decision) => ({
      id: decision.id,
      position: decision.position,
      text: decision.text,
      version: decision.version,
      actions: decision.actions.map(presentAction),
    })),
  };
}

/** What an audit event keeps of each record. */
export const auditedMember = (row: MemberRow) => ({
  agreementId: row.agreementId,
  fullName: row.fullName,
  organizationId: row.organizationId,
  role: row.role,
  position: row.position,
  version: row.version,
});

export const auditedMeeting = (row: MeetingRow, attendeeIds: string[]) => ({
  agreementId: row.agreementId,
  title: row.title,
  startsAt: row.startsAt.toISOString(),
  place: row.place,
  status: row.status,
  agenda: row.agenda,
  attendeeIds: [...attendeeIds].sort(),
  otherAttendees: row.otherAttendees,
  minutesDocumentId: row.minutesDocumentId,
  version: row.version,
});

export const auditedDecision = (row: DecisionRow) => ({
  agreementId: row.agreementId,
  meetingId: row.meetingId,
  position: row.position,
  text: row.text,
  version: row.version,
});

export const auditedAction = (row: ActionRow) => ({
  agreementId: row.agreementId,
  decisionId: row.decisionId,
  description: row.description,
  ownerOrganizationId: row.ownerOrganizationId,
  ownerUserId: row.ownerUserId,
  dueOn: row.dueOn,
  status: row.status,
  doneOn: row.doneOn,
  version: row.version,
});
