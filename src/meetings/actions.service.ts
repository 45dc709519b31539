import { and, asc, eq, inArray, lt, type SQL } from "drizzle-orm";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { agreements, followUpActions, organizations, users } from "../db/schema/index.js";
import { todayInMorocco } from "../domain/figures.js";
import type { Actor } from "../shared/actor.js";
import { AppError, assertSameVersion, notFound } from "../shared/errors.js";
import type { LocalizedText } from "../shared/localized.js";
import { parseInput } from "../shared/validation.js";
import { actionIssues, createActions, doneOnFor } from "./actions.create.js";
import { assertCanEditActions, assertCanUpdateActionStatus } from "./actions.policy.js";
import { throwIfIssues } from "./committee.checks.js";
import { assertCanReadCommittee, committeeScopeCondition } from "./committee.policy.js";
import {
  type ActionInput,
  type ActionStatusInput,
  type ActionUpdateInput,
  actionStatusSchema,
  actionUpdateSchema,
} from "./meetings.input.js";
import { type ActionItem, type ActionRow, auditedAction } from "./meetings.presenter.js";

/* Follow-up actions: born of a committee decision or on their own; they show up until done or cancelled. */

import { loadRowById } from "../db/rows.js";
/** Overdue as the health figures say it (src/domain/figures.ts): one rule for every page. */
import { isActionOverdue, openActionStatuses } from "../domain/figures.js";
import { isUuid } from "../shared/validation.js";

export { isActionOverdue, openActionStatuses };

async function actionsWhere(db: Executor, condition: SQL | undefined): Promise<ActionItem[]> {
  const today = todayInMorocco();
  const rows = await db
    .select({
      action: followUpActions,
      organization: organizations,
      userId: users.id,
      userName: users.name,
    })
    .from(followUpActions)
    .innerJoin(organizations, eq(organizations.id, followUpActions.ownerOrganizationId))
    .leftJoin(users, eq(users.id, followUpActions.ownerUserId))
    .where(condition)
    .orderBy(asc(followUpActions.dueOn), asc(followUpActions.createdAt), asc(followUpActions.id));
  return rows.map(({ action, organization, userId, userName }) => ({
    ...action,
    ownerOrganization: organization,
    ownerUser: userId && userName !== null ? { id: userId, name: userName } : null,
    overdue: isActionOverdue(action, today),
  }));
}

/** The actions of some decisions, for a meeting's page (the meeting's reader already checked). */
export async function actionsOfDecisions(db: Executor, decisionIds: string[]): Promise<ActionItem[]> {
  if (!decisionIds.length) return [];
  return actionsWhere(db, inArray(followUpActions.decisionId, decisionIds));
}

/** An agreement's actions, soonest due first; `openOnly` leaves out the done and cancelled. */
export async function listActions({
  db,
  actor,
  agreementId,
  openOnly = false,
}: {
  db: Executor;
  actor: Actor;
  agreementId: string;
  openOnly?: boolean;
}): Promise<ActionItem[]> {
  await assertCanReadCommittee({ db, actor, agreementId });
  return actionsWhere(
    db,
    and(
      eq(followUpActions.agreementId, agreementId),
      openOnly ? inArray(followUpActions.status, [...openActionStatuses]) : undefined,
    ),
  );
}

export type OpenActionItem = ActionItem & {
  agreement: { id: string; reference: string; title: LocalizedText };
};

/**
 * The open actions (open or in progress) the actor may read across agreements, soonest due
 * first: for the "my work" page. Filters: the owning organisation, the owner person, and a
 * due date strictly before `dueBefore` (YYYY-MM-DD).
 */
export async function listOpenActions({
  db,
  actor,
  ownerOrganizationId,
  ownerUserId,
  dueBefore,
}: {
  db: Executor;
  actor: Actor;
  ownerOrganizationId?: string;
  ownerUserId?: string;
  dueBefore?: string;
}): Promise<OpenActionItem[]> {
  if (actor.role === "anonymous") return [];
  if (ownerOrganizationId !== undefined && !isUuid(ownerOrganizationId)) return [];
  const scoped = await db
    .select({ id: followUpActions.id, reference: agreements.reference, title: agreements.title })
    .from(followUpActions)
    .innerJoin(agreements, eq(agreements.id, followUpActions.agreementId))
    .where(
      and(
        committeeScopeCondition(actor),
        inArray(followUpActions.status, [...openActionStatuses]),
        ownerOrganizationId ? eq(followUpActions.ownerOrganizationId, ownerOrganizationId) : undefined,
        ownerUserId ? eq(followUpActions.ownerUserId, ownerUserId) : undefined,
        dueBefore ? lt(followUpActions.dueOn, dueBefore) : undefined,
      ),
    );
  if (!scoped.length) return [];
  const agreementOf = new Map(scoped.map((row) => [row.id, row]));
  const items = await actionsWhere(
    db,
    inArray(
      followUpActions.id,
      scoped.map((row) => row.id),
    ),
  );
  return items.map((item) => {
    const agreement = agreementOf.get(item.id);
    return {
      ...item,
      agreement: {
        id: item.agreementId,
        reference: agreement?.reference ?? "",
        title: agreement?.title ?? {},
      },
    };
  });
}

const loadAction = (db: Executor, id: string, forUpdate = false): Promise<ActionRow> =>
  loadRowById(db, followUpActions, id, "Follow-up action", forUpdate);

/** One action, if the actor may read its agreement's committee. */
export async function getAction({
  db,
  actor,
  id,
}: {
  db: Executor;
  actor: Actor;
  id: string;
}): Promise<ActionItem> {
  const row = await loadAction(db, id);
  await assertCanReadCommittee({ db, actor, agreementId: row.agreementId });
  const [item] = await actionsWhere(db, eq(followUpActions.id, id));
  if (!item) throw notFound("Follow-up action", id);
  return item;
}

/** A follow-up action of an agreement, with or without a decision (staff). */
export async function createAction({
  db,
  actor,
  agreementId,
  input,
  source,
}: {
  db: Executor;
  actor: Actor;
  agreementId: string;
  input: ActionInput;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
}): Promise<ActionItem> {
  const id = await db.transaction(async (tx) => {
    const [created] = await createActions({ db: tx, actor, items: [{ agreementId, input }], source });
    if (!created?.row) throw created?.error ?? new Error("createActions answered nothing");
    return created.row.id;
  });
  return getAction({ db, actor, id });
}

/** Saves a changed action as of the version it started from; a stale one changes nothing. */
async function saveAction(
  tx: Executor,
  actor: Actor,
  before: ActionRow,
  version: number,
  changes: Partial<ActionRow>,
  auditAction: string,
  source?: string,
): Promise<void> {
  assertSameVersion("The follow-up action", version, before.version);
  const [after] = await tx
    .update(followUpActions)
    .set({ ...changes, version: before.version + 1, updatedAt: new Date() })
    .where(and(eq(followUpActions.id, before.id), eq(followUpActions.version, version)))
    .returning();
  if (!after) throw new AppError("conflict", "This action was changed at the same moment; try again");
  await recordAuditEvent({
    db: tx,
    source,
    actor,
    action: auditAction,
    entityType: "follow_up_action",
    entityId: before.id,
    before: auditedAction(before),
    after: auditedAction(after),
  });
}

/** Every field of an action (staff), as of `input.version`. */
export async function updateAction({
  db,
  actor,
  id,
  input,
  source,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  input: ActionUpdateInput;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
}): Promise<ActionItem> {
  assertCanEditActions(actor);
  const data = parseInput(actionUpdateSchema, input);
  await db.transaction(async (tx) => {
    const before = await loadAction(tx, id, true);
    await assertCanReadCommittee({ db: tx, actor, agreementId: before.agreementId });
    assertSameVersion("The follow-up action", data.version, before.version);
    throwIfIssues(await actionIssues(tx, before.agreementId, data));
    const today = todayInMorocco();
    await saveAction(
      tx,
      actor,
      before,
      data.version,
      {
        description: data.description,
        ownerOrganizationId: data.ownerOrganizationId,
        ownerUserId: data.ownerUserId ?? null,
        dueOn: data.dueOn,
        status: data.status,
        doneOn: doneOnFor(data.status, data.doneOn, before.doneOn, today),
        decisionId: data.decisionId ?? null,
      },
      "follow_up_action.update",
      source,
    );
  });
  return getAction({ db, actor, id });
}

/**
 * The status of an action (staff, or the owning organisation's focal point), as of
 * `input.version`. Done today when it becomes done; no done date when it is no longer done.
 */
export async function updateActionStatus({
  db,
  actor,
  id,
  input,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  input: ActionStatusInput;
}): Promise<ActionItem> {
  await db.transaction(async (tx) => {
    const before = await loadAction(tx, id, true);
    await assertCanReadCommittee({ db: tx, actor, agreementId: before.agreementId });
    assertCanUpdateActionStatus(actor, before);
    const data = parseInput(actionStatusSchema, input);
    await saveAction(
      tx,
      actor,
      before,
      data.version,
      { status: data.status, doneOn: doneOnFor(data.status, undefined, before.doneOn, todayInMorocco()) },
      "follow_up_action.status",
    );
  });
  return getAction({ db, actor, id });
}

/** Loads an action the actor may read and whose status it may change: the guard before any input is read. */
export async function assertMayUpdateActionStatus({
  db,
  actor,
  id,
}: {
  db: Executor;
  actor: Actor;
  id: string;
}): Promise<ActionRow> {
  const row = await loadAction(db, id);
  await assertCanReadCommittee({ db, actor, agreementId: row.agreementId });
  assertCanUpdateActionStatus(actor, row);
  return row;
}
