import { and, eq, sql } from "drizzle-orm";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { keepDeletedRecord } from "../db/deleted-records.js";
import { insertOne } from "../db/rows.js";
import { decisions, followUpActions } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { AppError, assertSameVersion, notFound, staleVersionError } from "../shared/errors.js";
import { isUuid, parseInput } from "../shared/validation.js";
import { actionIssues, insertAction } from "./actions.create.js";
import { throwIfIssues } from "./committee.checks.js";
import { assertCanManageCommittee, assertCanReadCommittee } from "./committee.policy.js";
import { type DecisionInput, decisionInputSchema } from "./meetings.input.js";
import { type ActionRow, auditedAction, auditedDecision, type DecisionRow } from "./meetings.presenter.js";
import { loadMeeting } from "./meetings.service.js";

/*
 * A meeting's decisions, in the order they were taken. A decision may hand out a follow-up
 * action in the same step; deleting the decision keeps its actions (they are work still owed),
 * no longer tied to a decision.
 */

/** Adds a decision at the end of a meeting's, and the action it creates if any (one transaction). */
export async function addDecision({
  db,
  actor,
  meetingId,
  input,
  source,
}: {
  db: Executor;
  actor: Actor;
  meetingId: string;
  input: DecisionInput;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
}): Promise<{ decision: DecisionRow; action: ActionRow | null }> {
  assertCanManageCommittee(actor);
  const meeting = await loadMeeting(db, meetingId);
  await assertCanReadCommittee({ db, actor, agreementId: meeting.agreementId });
  const data = parseInput(decisionInputSchema, input);
  return db.transaction(async (tx) => {
    // Locked: two decisions added at once still get distinct places.
    const locked = await loadMeeting(tx, meetingId, true);
    if (locked.status === "cancelled") {
      throw new AppError("validation", "A cancelled meeting takes no decisions", {
        issues: [
          {
            field: "decision",
            message: "cannot be taken: the meeting is cancelled",
            reason: "meetings.reasons.cancelledMeeting",
          },
        ],
      });
    }
    const action = data.action ? { ...data.action, status: "open" as const } : undefined;
    if (action) throwIfIssues(await actionIssues(tx, locked.agreementId, action, "action."));
    const [last] = await tx
      .select({ position: sql<number | null>`max(${decisions.position})` })
      .from(decisions)
      .where(eq(decisions.meetingId, meetingId));
    const decision = await insertOne(
      tx
        .insert(decisions)
        .values({
          meetingId,
          agreementId: locked.agreementId,
          text: data.text,
          position: (last?.position ?? 0) + 1,
        })
        .returning(),
    );
    await recordAuditEvent({
      db: tx,
      source,
      actor,
      action: "decision.create",
      entityType: "decision",
      entityId: decision.id,
      after: auditedDecision(decision),
    });
    const created = action
      ? await insertAction(tx, actor, locked.agreementId, { ...action, decisionId: decision.id }, source)
      : null;
    return { decision, action: created };
  });
}

/** Changes a decision's text, as of `version`; its place among the meeting's stays. */
export async function updateDecision({
  db,
  actor,
  id,
  text,
  version,
  source,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  text: DecisionInput["text"];
  version: number;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
}): Promise<DecisionRow> {
  assertCanManageCommittee(actor);
  if (!isUuid(id)) throw notFound("Decision", id);
  const data = parseInput(decisionInputSchema, { text });
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(decisions).where(eq(decisions.id, id)).for("update");
    if (!before) throw notFound("Decision", id);
    await assertCanReadCommittee({ db: tx, actor, agreementId: before.agreementId });
    assertSameVersion("The decision", version, before.version);
    const [after] = await tx
      .update(decisions)
      .set({ text: data.text, version: before.version + 1 })
      .where(and(eq(decisions.id, id), eq(decisions.version, version)))
      .returning();
    if (!after) throw staleVersionError("The decision", version, before.version + 1);
    await recordAuditEvent({
      db: tx,
      source,
      actor,
      action: "decision.update",
      entityType: "decision",
      entityId: id,
      before: auditedDecision(before),
      after: auditedDecision(after),
    });
    return after;
  });
}

/** Deletes a decision; its actions stay, without a decision. */
export async function deleteDecision({
  db,
  actor,
  id,
}: {
  db: Executor;
  actor: Actor;
  id: string;
}): Promise<DecisionRow> {
  assertCanManageCommittee(actor);
  if (!isUuid(id)) throw notFound("Decision", id);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(decisions).where(eq(decisions.id, id)).for("update");
    if (!before) throw notFound("Decision", id);
    await assertCanReadCommittee({ db: tx, actor, agreementId: before.agreementId });
    const linked = await tx
      .select({ id: followUpActions.id })
      .from(followUpActions)
      .where(eq(followUpActions.decisionId, id));
    await keepDeletedRecord({
      db: tx,
      actor,
      kind: "decision",
      id,
      agreementId: before.agreementId,
      label: before.text,
      detached: [{ table: "follow_up_actions", column: "decision_id", ids: linked.map((row) => row.id) }],
    });
    // Said explicitly (the foreign key would do it silently), so each action's history shows it.
    const detached = await tx
      .update(followUpActions)
      .set({ decisionId: null, version: sql`${followUpActions.version} + 1`, updatedAt: new Date() })
      .where(eq(followUpActions.decisionId, id))
      .returning();
    for (const action of detached) {
      await recordAuditEvent({
        db: tx,
        actor,
        action: "follow_up_action.update",
        entityType: "follow_up_action",
        entityId: action.id,
        before: { ...auditedAction(action), decisionId: id, version: action.version - 1 },
        after: auditedAction(action),
      });
    }
    await tx.delete(decisions).where(eq(decisions.id, id));
    await recordAuditEvent({
      db: tx,
      actor,
      action: "decision.delete",
      entityType: "decision",
      entityId: id,
      before: auditedDecision(before),
    });
    return before;
  });
}

/** One decision, if the actor may read its committee (its deletion's confirmation names it). */
export async function getDecision({
  db,
  actor,
  id,
}: {
  db: Executor;
  actor: Actor;
  id: string;
}): Promise<DecisionRow> {
  if (!isUuid(id)) throw notFound("Decision", id);
  const [row] = await db.select().from(decisions).where(eq(decisions.id, id));
  if (!row) throw notFound("Decision", id);
  await assertCanReadCommittee({ db, actor, agreementId: row.agreementId });
  return row;
}
