import { and, eq, sql } from "drizzle-orm";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { keepDeletedRecord } from "../db/deleted-records.js";
import { decisions, followUpActions } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { assertSameVersion, notFound, staleVersionError } from "../shared/errors.js";
import { isUuid, parseInput } from "../shared/validation.js";
import { assertCanManageCommittee, assertCanReadCommittee } from "./committee.policy.js";
import { addDecisions } from "./decisions.create.js";
import { type DecisionInput, decisionInputSchema } from "./meetings.input.js";
import { type ActionRow, auditedAction, auditedDecision, type DecisionRow } from "./meetings.presenter.js";

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
  return db.transaction(async (tx) => {
    const [added] = await addDecisions({ db: tx, actor, items: [{ meetingId, input }], source });
    if (!added?.row) throw added?.error ?? new Error("addDecisions answered nothing");
    return added.row;
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
