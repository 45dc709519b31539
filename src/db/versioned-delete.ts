import { eq } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Actor } from "../shared/actor.js";
import { assertSameVersion } from "../shared/errors.js";
import type { LocalizedText } from "../shared/localized.js";
import { recordAuditEvent } from "./audit-events.js";
import type { Executor } from "./client.js";
import { keepDeletedRecord, type RestorableKind } from "./deleted-records.js";

export interface VersionedDelete<Row extends { version: number }> {
  db: Executor;
  actor: Actor;
  table: PgTable & { id: AnyPgColumn };
  id: string;
  /** when given, the version the person saw: a stale one is a conflict */
  version: number | undefined;
  /** names the record in a stale-version refusal, e.g. "The activity" */
  what: string;
  /** the row, locked for update until the transaction ends (not found when it is not there) */
  load(tx: Executor): Promise<Row>;
  /** refuses who may not read the row, before anything is said about its version */
  assertCanRead(tx: Executor, row: Row): Promise<unknown>;
  /** refuses, as a conflict, a row that others still depend on */
  assertUnreferenced(tx: Executor, row: Row): Promise<void>;
  /** the audit event: its action and entity, and the row as the log keeps it (read before it goes) */
  audit: { action: string; entityType: string; before(tx: Executor, row: Row): Promise<unknown> | unknown };
  /** kept 30 days in the recently deleted list (deleted-records.ts), named by its label */
  keep?: { kind: RestorableKind; agreementId(row: Row): string; label(row: Row): LocalizedText };
  /** what must change with the deletion, in its transaction (e.g. what search finds) */
  afterDelete?(tx: Executor, row: Row): Promise<void>;
}

/**
 * A delete in one transaction: lock the row, check who may read it and that the version the person
 * saw is still the stored one, refuse while it is referenced, keep it in the recently deleted list
 * when it is restorable, delete it, record the audit event.
 * Answers the deleted row.
 */
export async function deleteVersioned<Row extends { version: number }>(
  options: VersionedDelete<Row>,
): Promise<Row> {
  const { db, actor, table, id, audit } = options;
  return db.transaction(async (tx) => {
    const before = await options.load(tx);
    await options.assertCanRead(tx, before);
    assertSameVersion(options.what, options.version, before.version);
    await options.assertUnreferenced(tx, before);
    const audited = await audit.before(tx, before);
    if (options.keep) {
      const { kind, agreementId, label } = options.keep;
      await keepDeletedRecord({
        db: tx,
        actor,
        kind,
        id,
        agreementId: agreementId(before),
        label: label(before),
      });
    }
    await tx.delete(table).where(eq(table.id, id));
    await options.afterDelete?.(tx, before);
    await recordAuditEvent({
      db: tx,
      actor,
      action: audit.action,
      entityType: audit.entityType,
      entityId: id,
      before: audited,
    });
    return before;
  });
}
