import { and, count, desc, eq, gte, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { keptTables, type RestorableKind, restorableParents } from "../db/deleted-records.js";
import { agreements, deletedRecords, documents, organizations, users } from "../db/schema/index.js";
import { writeAgreementSearchText } from "../search/agreement-search-text.js";
import type { Actor } from "../shared/actor.js";
import { AppError, notFound } from "../shared/errors.js";
import type { LocalizedText } from "../shared/localized.js";
import { isUuid } from "../shared/validation.js";
import { assertCanRestoreDeleted } from "./recently-deleted.policy.js";

/** How long a deleted follow-up record can be put back; the daily purge removes what is older. */
export const KEEP_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
const keptSince = (now: Date) => new Date(now.getTime() - KEEP_DAYS * DAY_MS);

export interface RecentlyDeletedItem {
  id: string;
  kind: RestorableKind;
  recordId: string;
  label: LocalizedText;
  agreementId: string | null;
  agreementReference: string | null;
  /** the rows that went with it, beside the record itself */
  dependants: number;
  deletedBy: string;
  deletedByName: string | null;
  deletedAt: Date;
}

/** The deletions of the last 30 days not yet put back, newest first, a page at a time. */
export async function listRecentlyDeleted({
  db,
  actor,
  page = 1,
  pageSize = 50,
  now = new Date(),
}: {
  db: Executor;
  actor: Actor;
  page?: number;
  pageSize?: number;
  now?: Date;
}): Promise<{ items: RecentlyDeletedItem[]; total: number }> {
  assertCanRestoreDeleted(actor);
  const where = and(isNull(deletedRecords.restoredAt), gte(deletedRecords.deletedAt, keptSince(now)));
  const [counted] = await db.select({ total: count() }).from(deletedRecords).where(where);
  const rows = await db
    .select({
      entry: deletedRecords,
      agreementReference: agreements.reference,
      deletedByName: users.name,
    })
    .from(deletedRecords)
    .leftJoin(agreements, sql`${agreements.id}::text = ${deletedRecords.agreementId}`)
    .leftJoin(users, eq(users.id, deletedRecords.deletedBy))
    .where(where)
    .orderBy(desc(deletedRecords.deletedAt), desc(deletedRecords.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const items = rows.map(({ entry, agreementReference, deletedByName }) => ({
    id: entry.id,
    kind: entry.kind as RestorableKind,
    recordId: entry.recordId,
    label: entry.label,
    agreementId: entry.agreementId,
    agreementReference,
    dependants: entry.rows.reduce((sum, part) => sum + part.rows.length, 0) - (entry.rows.length ? 1 : 0),
    deletedBy: entry.deletedBy,
    deletedByName,
    deletedAt: entry.deletedAt,
  }));
  return { items, total: Number(counted?.total ?? 0) };
}

const refusedRestore = (message: string, reason: string, values?: Record<string, string>) =>
  new AppError("conflict", message, {
    issues: [{ field: "id", message, reason: `undo.reasons.${reason}`, values }],
  });

/**
 * Refused because what the record hangs on was deleted too and can be put back from this list:
 * names it (its kind, its label in each language), for the page to say which to restore first.
 * See parentOfRefusal.
 */
const parentGone = (kind: RestorableKind, label: LocalizedText) =>
  refusedRestore(`It belongs to a ${kind} that was deleted too; restore that one first`, "parentGoneNamed", {
    parentKind: kind,
    ...Object.fromEntries(
      Object.entries(label).flatMap(([lang, text]) => (text ? [[`parentName.${lang}`, text]] : [])),
    ),
  });

/** What a refusal of parentGone named: the kind and label of the record to restore first. */
export function parentOfRefusal(error: AppError): { kind: RestorableKind; label: LocalizedText } | undefined {
  const values = error.issues.find((issue) => issue.reason === "undo.reasons.parentGoneNamed")?.values;
  if (!values) return undefined;
  const label: LocalizedText = {};
  for (const lang of ["ar", "fr", "en"] as const) {
    const text = values[`parentName.${lang}`];
    if (typeof text === "string") label[lang] = text;
  }
  return { kind: values.parentKind as RestorableKind, label };
}

/** The database's own code for an error, found on it or on the cause the ORM wrapped it in. */
function databaseCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Puts a deleted record back with its own ids and the rows that went with it, in one
 * transaction, audited as "<kind>.restore". Refused (409) when it was already put back, when the
 * record exists again, or when what it hangs on (its agreement, plan, meeting…) is gone; not
 * found once older than 30 days.
 */
export async function restoreDeletedRecord({
  db,
  actor,
  id,
  now = new Date(),
}: {
  db: Executor;
  actor: Actor;
  id: string;
  now?: Date;
}): Promise<{ kind: RestorableKind; recordId: string; agreementId: string | null }> {
  assertCanRestoreDeleted(actor);
  if (!isUuid(id)) throw notFound("Deleted record", id);
  return db.transaction(async (tx) => {
    const [entry] = await tx.select().from(deletedRecords).where(eq(deletedRecords.id, id)).for("update");
    if (!entry || entry.deletedAt < keptSince(now)) throw notFound("Deleted record", id);
    if (entry.restoredAt) throw refusedRestore("This record was already restored", "alreadyRestored");
    const kind = entry.kind as RestorableKind;
    if (entry.agreementId) {
      const [agreement] = await tx
        .select({ id: agreements.id })
        .from(agreements)
        .where(sql`${agreements.id}::text = ${entry.agreementId}`);
      if (!agreement) throw refusedRestore("Its agreement was deleted", "parentGone");
    }
    await assertParentsPresent(tx, kind, entry, now);
    if (kind === "document") await restoreDocument(tx, entry.recordId);
    else await insertKeptRows(tx, kind, entry);
    for (const { table, column, ids } of entry.detached) {
      if (table !== "follow_up_actions" || column !== "decision_id") continue;
      // Only the actions no other decision took since.
      await tx.execute(
        sql`update follow_up_actions set decision_id = ${entry.recordId}::uuid, version = version + 1, updated_at = now()
            where decision_id is null and id::text in (${sql.join(
              ids.map((one) => sql`${one}`),
              sql`, `,
            )})`,
      );
    }
    await tx
      .update(deletedRecords)
      .set({ restoredAt: now, restoredBy: actor.id })
      .where(eq(deletedRecords.id, id));
    if (kind === "activity" && entry.agreementId)
      await writeAgreementSearchText({ db: tx, agreementIds: [entry.agreementId] });
    await recordAuditEvent({
      db: tx,
      actor,
      action: `${kind}.restore`,
      entityType: kind,
      entityId: entry.recordId,
      after: entry.rows[0]?.rows[0] ?? { id: entry.recordId },
    });
    return { kind, recordId: entry.recordId, agreementId: entry.agreementId };
  });
}

const rowsOf = (result: unknown): unknown[] => (result as { rows?: unknown[] }).rows ?? (result as unknown[]);

/**
 * Refuses, naming it, when what the record hangs on (a decision's meeting, an activity's plan, an
 * indicator's activity) was deleted and is still in the list: the foreign key would refuse the
 * insert anyway, but could not say which record to put back first.
 */
async function assertParentsPresent(
  tx: Executor,
  kind: RestorableKind,
  entry: typeof deletedRecords.$inferSelect,
  now: Date,
) {
  const own = entry.rows.find((part) => part.table === keptTables[kind][0]?.table)?.rows[0];
  for (const parent of restorableParents[kind] ?? []) {
    const parentId = own?.[parent.column];
    const table = keptTables[parent.kind][0]?.table;
    if (typeof parentId !== "string" || !table) continue;
    const present = await tx.execute(
      sql`select 1 from ${sql.identifier(table)} where id::text = ${parentId}`,
    );
    if (rowsOf(present).length) continue;
    const [kept] = await tx
      .select({ label: deletedRecords.label })
      .from(deletedRecords)
      .where(
        and(
          eq(deletedRecords.kind, parent.kind),
          eq(deletedRecords.recordId, parentId),
          isNull(deletedRecords.restoredAt),
          gte(deletedRecords.deletedAt, keptSince(now)),
        ),
      )
      .orderBy(desc(deletedRecords.deletedAt))
      .limit(1);
    // Gone for good (purged): nothing to restore first.
    if (!kept) throw refusedRestore("What it belonged to was deleted", "parentGone");
    throw parentGone(parent.kind, kept.label);
  }
}

async function insertKeptRows(tx: Executor, kind: RestorableKind, entry: typeof deletedRecords.$inferSelect) {
  const [own] = keptTables[kind];
  if (!own) return;
  const exists = await tx.execute(
    sql`select 1 from ${sql.identifier(own.table)} where id::text = ${entry.recordId}`,
  );
  if (rowsOf(exists).length) throw refusedRestore("This record exists again", "alreadyRestored");
  // Only the tables this kind keeps, whatever the entry's JSON says.
  const allowed = new Map(keptTables[kind].map((kept) => [kept.table, kept]));
  for (const part of entry.rows) {
    const kept = allowed.get(part.table);
    if (!kept || !part.rows.length) continue;
    const table = sql.identifier(part.table);
    const rows = sql`jsonb_populate_recordset(null::${table}, ${JSON.stringify(part.rows)}::jsonb) r`;
    const present = kept.unless
      ? sql` where exists (select 1 from ${sql.identifier(kept.unless.table)} o where o.id = r.${sql.identifier(kept.unless.column)})`
      : sql``;
    try {
      await tx.execute(sql`insert into ${table} select r.* from ${rows}${present}`);
    } catch (error) {
      const code = databaseCode(error);
      if (code === "23503") throw refusedRestore("What it belonged to was deleted", "parentGone");
      if (code === "23505") throw refusedRestore("This record exists again", "alreadyRestored");
      throw error;
    }
  }
}

async function restoreDocument(tx: Executor, documentId: string) {
  const [row] = await tx.select().from(documents).where(eq(documents.id, documentId));
  if (!row) throw refusedRestore("The document is gone", "parentGone");
  if (!row.deletedAt) throw refusedRestore("This record exists again", "alreadyRestored");
  if (row.ownerType === "organization") {
    const [owner] = await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(sql`${organizations.id}::text = ${row.ownerId}`);
    if (!owner) throw refusedRestore("Its organisation was deleted", "parentGone");
  }
  await tx
    .update(documents)
    .set({ deletedAt: null, version: row.version + 1 })
    .where(and(eq(documents.id, documentId), isNotNull(documents.deletedAt)));
}

/** Removes what was deleted more than 30 days ago (and what was put back as long ago): the daily purge. */
export async function purgeRecentlyDeleted({ db, now = new Date() }: { db: Executor; now?: Date }) {
  const gone = await db
    .delete(deletedRecords)
    .where(lt(deletedRecords.deletedAt, keptSince(now)))
    .returning({ id: deletedRecords.id });
  return gone.length;
}
