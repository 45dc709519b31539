/**
 * Reads the database in the shape of a registry document (docs/registry-format.md): every column
 * of every table, ids kept, timestamps to the microsecond. The import uses the same readers to
 * compare a file's records with the stored ones.
 */
import { inArray, type SQL, sql } from "drizzle-orm";
import { type AnyPgColumn, PgTransaction } from "drizzle-orm/pg-core";
import type { Executor } from "../db/client.js";
import {
  actionPlans,
  agreementParties,
  agreements,
  agreementTerritories,
  amendments,
  auditEvents,
  commitments,
  contacts,
  contributions,
  objectives,
  organizations,
  settings,
  territories,
} from "../db/schema/index.js";
import { chunks, groupBy } from "../shared/collections.js";
import { loadFollowUp } from "./registry-json.followup.js";
import {
  canonicalAgreement,
  canonicalOrganization,
  canonicalTimestamp,
  REGISTRY_FORMAT,
  REGISTRY_FORMAT_VERSION,
  type RegistryAgreement,
  type RegistryAuditEvent,
  type RegistryDocument,
  type RegistryOrganization,
  type RegistrySetting,
  type RegistryTerritory,
  sortAuditEvents,
  sortByCreation,
  sortSettings,
  sortTerritories,
} from "./registry-json.input.js";

/** Microseconds kept: a Date would drop them and the round trip would not be exact. */
const isoTimestamp = (column: AnyPgColumn) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
export const asTimestamp = (value: string): SQL => sql`${value}::timestamptz`;

/** All rows (`keys` undefined) or those whose key is in `keys`, a chunk of keys per query. */
export async function load<K, R>(
  keys: K[] | undefined,
  query: (some: K[] | undefined) => Promise<R[]>,
): Promise<R[]> {
  if (!keys) return query(undefined);
  const rows: R[] = [];
  for (const some of chunks(keys, 1000)) rows.push(...(await query(some)));
  return rows;
}
export const within = (column: AnyPgColumn, keys: unknown[] | undefined) =>
  keys ? inArray(column, keys) : undefined;

export async function loadSettings(db: Executor, keys?: string[]): Promise<RegistrySetting[]> {
  const rows = await load(keys, (some) => db.select().from(settings).where(within(settings.key, some)));
  return sortSettings(rows.map((row) => ({ key: row.key, value: row.value as RegistrySetting["value"] })));
}

export async function loadTerritories(db: Executor, codes?: string[]): Promise<RegistryTerritory[]> {
  const rows = await load(codes, (some) =>
    db.select().from(territories).where(within(territories.code, some)),
  );
  // The version guards an edit against a concurrent one; like an organisation's, it is no part of the registry.
  return sortTerritories(rows.map(({ version: _version, ...territory }) => territory));
}

export async function loadOrganizations(db: Executor, ids?: string[]): Promise<RegistryOrganization[]> {
  const rows = await load(ids, (some) =>
    db
      .select({
        id: organizations.id,
        kind: organizations.kind,
        name: organizations.name,
        acronym: organizations.acronym,
        website: organizations.website,
        version: organizations.version,
        createdAt: isoTimestamp(organizations.createdAt),
        updatedAt: isoTimestamp(organizations.updatedAt),
      })
      .from(organizations)
      .where(within(organizations.id, some)),
  );
  const people = groupBy(
    await load(ids, (some) => db.select().from(contacts).where(within(contacts.organizationId, some))),
    (row) => row.organizationId,
  );
  return sortByCreation(
    rows.map((row) =>
      canonicalOrganization({
        ...row,
        contacts: (people.get(row.id) ?? []).map((c) => ({
          id: c.id,
          fullName: c.fullName,
          role: c.role,
          email: c.email,
          phone: c.phone,
          position: c.position,
        })),
      }),
    ),
  );
}

export async function loadAgreements(db: Executor, ids?: string[]): Promise<RegistryAgreement[]> {
  const rows = await load(ids, (some) =>
    db
      .select({
        id: agreements.id,
        reference: agreements.reference,
        kind: agreements.kind,
        title: agreements.title,
        summary: agreements.summary,
        status: agreements.status,
        visibility: agreements.visibility,
        themes: agreements.themes,
        national: agreements.national,
        signedOn: agreements.signedOn,
        effectiveOn: agreements.effectiveOn,
        expiresOn: agreements.expiresOn,
        durationMonths: agreements.durationMonths,
        renewal: agreements.renewal,
        renewalNoticeDays: agreements.renewalNoticeDays,
        parentId: agreements.parentId,
        sourceKey: agreements.sourceKey,
        version: agreements.version,
        createdAt: isoTimestamp(agreements.createdAt),
        updatedAt: isoTimestamp(agreements.updatedAt),
      })
      .from(agreements)
      .where(within(agreements.id, some)),
  );
  const children = async <T extends { agreementId: string }>(
    query: (some: string[] | undefined) => Promise<T[]>,
  ) => groupBy(await load(ids, query), (row) => row.agreementId);
  const parties = await children((some) =>
    db.select().from(agreementParties).where(within(agreementParties.agreementId, some)),
  );
  const reach = await children((some) =>
    db.select().from(agreementTerritories).where(within(agreementTerritories.agreementId, some)),
  );
  const aims = await children((some) =>
    db.select().from(objectives).where(within(objectives.agreementId, some)),
  );
  const pledges = await children((some) =>
    db.select().from(commitments).where(within(commitments.agreementId, some)),
  );
  const funds = await children((some) =>
    db.select().from(contributions).where(within(contributions.agreementId, some)),
  );
  const changes = await children((some) =>
    db.select().from(amendments).where(within(amendments.agreementId, some)),
  );
  const plans = await children((some) =>
    db
      .select({
        agreementId: actionPlans.agreementId,
        id: actionPlans.id,
        title: actionPlans.title,
        periodStart: actionPlans.periodStart,
        periodEnd: actionPlans.periodEnd,
        version: actionPlans.version,
        createdAt: isoTimestamp(actionPlans.createdAt),
        updatedAt: isoTimestamp(actionPlans.updatedAt),
      })
      .from(actionPlans)
      .where(within(actionPlans.agreementId, some)),
  );
  const followUpOf = await loadFollowUp(db, (query) => load(ids, query), within);
  const of = <T>(groups: Map<string, T[]>, id: string) => groups.get(id) ?? [];
  return sortByCreation(
    rows.map((row) =>
      canonicalAgreement({
        ...row,
        themes: row.themes as RegistryAgreement["themes"],
        parties: of(parties, row.id).map((p) => ({
          organizationId: p.organizationId,
          role: p.role,
          position: p.position,
        })),
        territoryCodes: of(reach, row.id).map((t) => t.territoryCode),
        objectives: of(aims, row.id).map((o) => ({ id: o.id, position: o.position, text: o.text })),
        commitments: of(pledges, row.id).map((c) => ({
          id: c.id,
          organizationId: c.organizationId,
          position: c.position,
          text: c.text,
        })),
        contributions: of(funds, row.id).map((c) => ({
          id: c.id,
          organizationId: c.organizationId,
          amount: c.amount,
          currency: c.currency,
          nature: c.nature,
          description: c.description,
        })),
        amendments: of(changes, row.id).map((a) => ({ id: a.id, signedOn: a.signedOn, summary: a.summary })),
        actionPlans: of(plans, row.id).map((p) => ({
          id: p.id,
          title: p.title,
          periodStart: p.periodStart,
          periodEnd: p.periodEnd,
          version: p.version,
          createdAt: p.createdAt,
          updatedAt: p.updatedAt,
        })),
        ...followUpOf(row.id),
      }),
    ),
  );
}

export async function loadAuditEvents(db: Executor, ids?: number[]): Promise<RegistryAuditEvent[]> {
  const rows = await load(ids, (some) =>
    db
      .select({
        id: auditEvents.id,
        at: isoTimestamp(auditEvents.at),
        actor: auditEvents.actor,
        action: auditEvents.action,
        entityType: auditEvents.entityType,
        entityId: auditEvents.entityId,
        changes: auditEvents.changes,
      })
      .from(auditEvents)
      .where(within(auditEvents.id, some)),
  );
  return sortAuditEvents(
    rows.map((row) => ({ ...row, changes: row.changes as RegistryAuditEvent["changes"] })),
  );
}

/**
 * Organisations' or agreements' keys in the order the document lists them (by creation), so
 * that the document can be read a batch of consecutive records at a time.
 */
export async function keysInCreationOrder(
  db: Executor,
  kind: "organizations" | "agreements",
): Promise<string[]> {
  const table = kind === "organizations" ? organizations : agreements;
  const rows = await db.select({ id: table.id, createdAt: isoTimestamp(table.createdAt) }).from(table);
  return sortByCreation(rows).map((row) => row.id);
}

export async function auditEventKeysInOrder(db: Executor): Promise<number[]> {
  const rows = await db.select({ id: auditEvents.id }).from(auditEvents).orderBy(auditEvents.id);
  return rows.map((row) => row.id);
}

/** Runs `read` in one snapshot (a read-only REPEATABLE READ transaction, or the caller's). */
export function inOneSnapshot<T>(db: Executor, read: (tx: Executor) => Promise<T>): Promise<T> {
  if (db instanceof PgTransaction) return read(db);
  return db.transaction(read, { isolationLevel: "repeatable read", accessMode: "read only" });
}

export async function exportRegistry({ db }: { db: Executor }): Promise<RegistryDocument> {
  const read = async (tx: Executor): Promise<RegistryDocument> => ({
    format: REGISTRY_FORMAT,
    formatVersion: REGISTRY_FORMAT_VERSION,
    exportedAt: canonicalTimestamp(new Date().toISOString()),
    settings: await loadSettings(tx),
    territories: await loadTerritories(tx),
    organizations: await loadOrganizations(tx),
    agreements: await loadAgreements(tx),
    auditEvents: await loadAuditEvents(tx),
  });
  // One snapshot, so the file is consistent even while others write.
  return inOneSnapshot(db, read);
}
