import { randomUUID } from "node:crypto";
import { recordAuditEvents } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { insertManyReturning } from "../db/insert-many.js";
import { partiesAmong } from "../db/owners.js";
import { type ActionStatus, followUpActions } from "../db/schema/index.js";
import { todayInMorocco } from "../domain/figures.js";
import type { Actor } from "../shared/actor.js";
import type { FieldIssue } from "../shared/errors.js";
import { type Answer, answersFor, readableInputs } from "../shared/many.js";
import { parseInput } from "../shared/validation.js";
import { assertCanEditActions } from "./actions.policy.js";
import {
  decisionIssuesOf,
  decisionOwners,
  ownerAccounts,
  ownerUserIssuesOf,
  partyIssuesOf,
} from "./committee.checks.js";
import { committeesNotReadable } from "./committee.policy.js";
import { type ActionInput, actionInputSchema } from "./meetings.input.js";
import { type ActionRow, auditedAction } from "./meetings.presenter.js";

/**
 * The done date an action keeps: only when done; the given one, else the one it had, else
 * today. A date in the future, or one given for an action not done, is refused.
 */
function doneOnIssues(status: ActionStatus, doneOn: string | undefined, today: string): FieldIssue[] {
  if (doneOn === undefined) return [];
  if (status !== "done")
    return [
      {
        field: "doneOn",
        message: "is given only when the status is done",
        reason: "meetings.reasons.doneOnNotDone",
      },
    ];
  if (doneOn > today)
    return [
      { field: "doneOn", message: "must not be in the future", reason: "meetings.reasons.doneOnFuture" },
    ];
  return [];
}

export const doneOnFor = (
  status: ActionStatus,
  given: string | undefined,
  kept: string | null,
  today: string,
) => (status === "done" ? (given ?? kept ?? today) : null);

/** An action's fields once the schema has read them (what the database checks are made on). */
export type ActionFields = Pick<ActionRow, "description" | "ownerOrganizationId" | "dueOn" | "status"> & {
  ownerUserId?: string;
  decisionId?: string;
  doneOn?: string;
};

/** Everything the database says about an action's fields (prefix: "action." within a decision). */
export async function actionIssues(
  db: Executor,
  agreementId: string,
  data: ActionFields,
  prefix = "",
): Promise<FieldIssue[]> {
  return (await actionIssuesOfMany(db, [{ agreementId, data }], prefix))[0] ?? [];
}

/** actionIssues for many actions, in their order: a statement per kind of reference. */
export async function actionIssuesOfMany(
  db: Executor,
  items: { agreementId: string; data: ActionFields }[],
  prefix = "",
): Promise<FieldIssue[][]> {
  const parties = await partiesAmong(
    db,
    items.map(({ agreementId, data }) => ({ agreementId, organizationId: data.ownerOrganizationId })),
  );
  const accounts = await ownerAccounts(
    db,
    items.map(({ data }) => data.ownerUserId),
  );
  const decided = await decisionOwners(
    db,
    items.map(({ data }) => data.decisionId),
  );
  const today = todayInMorocco();
  return items.map(({ agreementId, data }) => [
    ...partyIssuesOf(parties, agreementId, data.ownerOrganizationId, `${prefix}ownerOrganizationId`),
    ...ownerUserIssuesOf(accounts, data.ownerOrganizationId, data.ownerUserId, `${prefix}ownerUserId`),
    ...decisionIssuesOf(decided, agreementId, data.decisionId),
    ...doneOnIssues(data.status, data.doneOn, today),
  ]);
}

/** Inserts checked actions (a few hundred a statement) and their audit events: the rows in their order. */
export async function insertActions(
  tx: Executor,
  actor: Actor,
  items: { agreementId: string; data: ActionFields }[],
  source?: string,
): Promise<ActionRow[]> {
  const today = todayInMorocco();
  const made = items.map((item) => ({ ...item, id: randomUUID() }));
  const inserted = await insertManyReturning(
    tx,
    followUpActions,
    made.map(({ id, agreementId, data }) => ({
      id,
      agreementId,
      decisionId: data.decisionId ?? null,
      description: data.description,
      ownerOrganizationId: data.ownerOrganizationId,
      ownerUserId: data.ownerUserId ?? null,
      dueOn: data.dueOn,
      status: data.status,
      doneOn: doneOnFor(data.status, data.doneOn, null, today),
    })),
    { inOrder: "createdAt" },
  );
  const rows = new Map(inserted.map((row) => [row.id, row]));
  await recordAuditEvents({
    db: tx,
    actor,
    events: made.map(({ id, agreementId }) => ({
      source,
      action: "follow_up_action.create",
      entityType: "follow_up_action",
      entityId: id,
      agreementId,
      after: auditedAction(rows.get(id) as ActionRow),
    })),
  });
  return made.map(({ id }) => rows.get(id) as ActionRow);
}

/**
 * Creates follow-up actions (with or without a decision), each checked as the form checks one
 * (the committee readable, the input, the owner a party and the person one of its accounts or the
 * staff's, the decision the agreement's): a refused one is answered with its error, the others
 * written together. The caller's transaction holds them (createAction makes one).
 */
export async function createActions({
  db,
  actor,
  items,
  source,
}: {
  db: Executor;
  actor: Actor;
  items: { agreementId: string; input: ActionInput }[];
  /** named in the audit events, e.g. the file an import read */
  source?: string;
}): Promise<Answer<ActionRow>[]> {
  assertCanEditActions(actor);
  const answers = answersFor<ActionRow>(items.length);
  const parsed = await readableInputs(answers, items, {
    unreadable: (ids) => committeesNotReadable({ db, actor, ids }),
    parse: (input) => parseInput(actionInputSchema, input),
  });
  const issues = await actionIssuesOfMany(db, parsed);
  const checked = parsed.filter(({ index }, position) => answers.passes(index, issues[position] ?? []));
  const rows = await insertActions(db, actor, checked, source);
  checked.forEach(({ index }, position) => {
    answers.made(index, rows[position] as ActionRow);
  });
  return answers.all();
}
