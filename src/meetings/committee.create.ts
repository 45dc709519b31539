import { randomUUID } from "node:crypto";
import { recordAuditEvents } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { insertManyReturning } from "../db/insert-many.js";
import { partiesAmong } from "../db/owners.js";
import { lastPositionBy } from "../db/rows.js";
import { committeeMembers } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { type Answer, answersFor, readableInputs } from "../shared/many.js";
import { parseInput } from "../shared/validation.js";
import { partyIssuesOf } from "./committee.checks.js";
import { assertCanManageCommittee, committeesNotReadable } from "./committee.policy.js";
import { type MemberInput, memberInputSchema } from "./meetings.input.js";
import { auditedMember, type MemberRow } from "./meetings.presenter.js";

/**
 * Adds members to steering committees (the staff), each checked as the form checks one (the
 * committee readable, the input, the organisation a party); one without a place comes after the
 * committee's last, as if added one after the other. A refused one is answered with its error,
 * the others written a few hundred a statement with their audit events together.
 */
export async function addCommitteeMembers({
  db,
  actor,
  items,
  source,
}: {
  db: Executor;
  actor: Actor;
  items: { agreementId: string; input: MemberInput }[];
  /** named in the audit events, e.g. the file an import read */
  source?: string;
}): Promise<Answer<MemberRow>[]> {
  assertCanManageCommittee(actor);
  const answers = answersFor<MemberRow>(items.length);
  const parsed = await readableInputs(answers, items, {
    unreadable: (ids) => committeesNotReadable({ db, actor, ids }),
    parse: (input) => parseInput(memberInputSchema, input),
  });
  const parties = await partiesAmong(
    db,
    parsed.map(({ agreementId, data }) => ({ agreementId, organizationId: data.organizationId })),
  );
  const last = await lastPositionBy(
    db,
    { group: committeeMembers.agreementId, position: committeeMembers.position },
    parsed.map((item) => item.agreementId),
  );
  const made = parsed.flatMap((item) => {
    const issues = partyIssuesOf(parties, item.agreementId, item.data.organizationId, "organizationId");
    if (!answers.passes(item.index, issues)) return [];
    const key = item.agreementId.toLowerCase();
    const position = item.data.position ?? (last.get(key) ?? 0) + 1;
    last.set(key, Math.max(last.get(key) ?? 0, position));
    return [{ ...item, position, id: randomUUID() }];
  });
  const inserted = await insertManyReturning(
    db,
    committeeMembers,
    made.map(({ id, agreementId, data, position }) => ({
      id,
      agreementId,
      fullName: data.fullName,
      organizationId: data.organizationId ?? null,
      role: data.role,
      position,
    })),
  );
  const rows = new Map(inserted.map((row) => [row.id, row]));
  await recordAuditEvents({
    db,
    actor,
    events: made.map(({ id, agreementId }) => ({
      source,
      action: "committee_member.create",
      entityType: "committee_member",
      entityId: id,
      agreementId,
      after: auditedMember(rows.get(id) as MemberRow),
    })),
  });
  for (const { index, id } of made) answers.made(index, rows.get(id) as MemberRow);
  return answers.all();
}
