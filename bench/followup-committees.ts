import type { ActionStatus, CommitteeRole, MeetingStatus } from "../src/db/schema/index.js";
import { meetingSearchText } from "../src/search/record-search-text.js";
import {
  addDays,
  allocate,
  type Context,
  dayBetween,
  daysBetween,
  earlier,
  type FollowUpSize,
  later,
  localized,
  pickParty,
  REGISTRY_TODAY,
  type Scope,
} from "./followup-common.js";
import {
  actionTexts,
  committeeRoleMix,
  decisionTexts,
  firstNames,
  lastNames,
  meetingAgendas,
  meetingPlaces,
  meetingTitles,
} from "./followup-vocabulary.js";

/** Steering committees: members, meetings with attendees and decisions, and follow-up actions. */

const ACTIONS_FROM_DECISIONS = 0.85;
const MAX_MEETINGS = 40;

function addMembers(context: Context, scope: Scope): string[] {
  const { random, out, association } = context;
  const ids: string[] = [];
  const count = random.int(4, 9);
  for (let position = 0; position < count; position++) {
    const role: CommitteeRole =
      position === 0 ? "chair" : position === 1 ? "secretary" : random.weighted(committeeRoleMix);
    const chairedByUs = position === 0 && scope.parties.includes(association.id);
    const organizationId =
      role === "observer" && random.chance(0.5)
        ? null
        : chairedByUs
          ? association.id
          : (scope.parties[position % scope.parties.length] ?? null);
    const id = random.uuid();
    out.committeeMembers.push({
      id,
      agreementId: scope.id,
      organizationId,
      fullName: `${random.pick(firstNames)} ${random.pick(lastNames)}`,
      role,
      position,
    });
    ids.push(id);
  }
  return ids;
}

interface Decided {
  id: string;
  scope: Scope;
  day: string;
}

function addMeetings(context: Context, scope: Scope, count: number, members: string[]): Decided[] {
  const { random, out } = context;
  const decided: Decided[] = [];
  const days = Array.from({ length: count }, () => dayBetween(random, scope.from, scope.to)).sort();
  for (const day of days) {
    const status: MeetingStatus =
      day >= REGISTRY_TODAY ? "planned" : random.chance(0.88) ? "held" : "cancelled";
    const id = random.uuid();
    // 10:00 in Casablanca (UTC+1).
    const startsAt = new Date(`${day}T09:00:00Z`);
    const title = localized(random.pick(meetingTitles), scope.withEnglish);
    const place = random.pick(meetingPlaces);
    const agenda = localized(random.pick(meetingAgendas), scope.withEnglish);
    out.meetings.push({
      id,
      agreementId: scope.id,
      title,
      startsAt,
      place,
      status,
      agenda,
      // As the service writes it, so that the workspace's search finds meetings here too.
      searchText: meetingSearchText({ title, agenda, place }),
      otherAttendees: random.chance(0.2) ? "Représentant de la wilaya" : "",
      createdAt: startsAt,
      updatedAt: startsAt,
    });
    if (status !== "held") continue;
    for (const memberId of members)
      if (random.chance(0.8)) out.meetingAttendees.push({ meetingId: id, memberId });
    const decisionCount = Number(random.weighted({ "0": 10, "1": 25, "2": 35, "3": 20, "4": 10 }));
    for (let position = 0; position < decisionCount; position++) {
      const decisionId = random.uuid();
      out.decisions.push({
        id: decisionId,
        meetingId: id,
        agreementId: scope.id,
        position,
        text: localized(random.pick(decisionTexts), scope.withEnglish),
      });
      decided.push({ id: decisionId, scope, day });
    }
  }
  return decided;
}

function addAction(
  context: Context,
  scope: Scope,
  decisionId: string | null,
  from: string,
  due: string,
): void {
  const { random, out } = context;
  const status = random.weighted<ActionStatus>(
    due < REGISTRY_TODAY
      ? { done: 65, cancelled: 5, open: 15, in_progress: 15 }
      : { open: 50, in_progress: 45, done: 5, cancelled: 0 },
  );
  const lastDone = earlier(addDays(due, 30), REGISTRY_TODAY);
  const created = new Date(`${from}T12:00:00Z`);
  out.followUpActions.push({
    id: random.uuid(),
    agreementId: scope.id,
    decisionId,
    description: localized(random.pick(actionTexts), scope.withEnglish),
    ownerOrganizationId: pickParty(context, scope),
    ownerUserId: null,
    dueOn: due,
    status,
    doneOn: status === "done" ? dayBetween(context.random, earlier(from, lastDone), lastDone) : null,
    createdAt: created,
    updatedAt: created,
  });
}

/** Members for every agreement with a follow-up, exactly `size.meetings` meetings and `size.actions` actions. */
export function generateCommittees(context: Context, size: FollowUpSize): void {
  const { random, scopes } = context;
  const followed = scopes.filter((scope) => scope.activities.length);
  const counts = allocate(
    size.meetings,
    followed.map((scope) => (daysBetween(scope.from, scope.to) / 365) * (1 + scope.activities.length / 40)),
    followed.map(() => MAX_MEETINGS),
  );
  const decided: Decided[] = [];
  followed.forEach((scope, index) => {
    const members = addMembers(context, scope);
    decided.push(...addMeetings(context, scope, counts[index] ?? 0, members));
  });
  const fromDecisions = decided.length ? Math.round(size.actions * ACTIONS_FROM_DECISIONS) : 0;
  for (let i = 0; i < fromDecisions; i++) {
    const decision = random.pick(decided);
    addAction(context, decision.scope, decision.id, decision.day, addDays(decision.day, random.int(30, 180)));
  }
  // The rest stand alone (agreed by mail, or carried over from before the committee existed).
  for (let i = fromDecisions; i < size.actions; i++) {
    const scope = random.pick(followed);
    const due = dayBetween(random, scope.from, scope.to);
    const from = addDays(due, -random.int(30, 120));
    addAction(context, scope, null, later(from, scope.from), due);
  }
}
