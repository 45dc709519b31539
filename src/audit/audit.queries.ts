import { and, asc, count, desc, eq, gte, lt, max, notInArray, or, type SQL, sql } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import type { Executor } from "../db/client.js";
import { queryRows } from "../db/rows.js";
import { agreements, auditEvents, users } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import { MOROCCO_TIME_ZONE } from "../shared/i18n.js";
import { isUuid } from "../shared/validation.js";
import type { AuditFilter, ChangeFilter } from "./audit.filters.js";
import { assertCanReadAuditLog, type HistoryView, readableHistoryView } from "./audit.policy.js";

export interface AuditEventItem {
  id: number;
  at: Date;
  actor: {
    /** a user's id, or "system", "anonymous", "cli:<command>" */
    id: string;
    /** the user's name and email when the actor is a user */
    name: string | null;
    email: string | null;
  };
  action: string;
  entityType: string;
  entityId: string;
  /** the agreement the record belongs to (itself, for an agreement), when it belongs to one */
  agreementId: string | null;
  changes: { before?: unknown; after?: unknown };
}

export interface AuditEventPage {
  items: AuditEventItem[];
  total: number;
}

const offsetFormat = new Intl.DateTimeFormat("en-US", {
  // A day in a date filter is a day in Casablanca.
  timeZone: MOROCCO_TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** How far the zone's wall clock is ahead of UTC at an instant (whole seconds), in milliseconds. */
function zoneOffset(instant: number): number {
  const parts = Object.fromEntries(
    offsetFormat.formatToParts(new Date(instant)).map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - instant;
}

/** The instant a calendar day (YYYY-MM-DD) starts in Casablanca; `days` moves the day first. */
export function startOfDay(date: string, days = 0): Date {
  const [year, month, day] = date.split("-").map(Number);
  const midnightUtc = Date.UTC(year ?? 1970, (month ?? 1) - 1, (day ?? 1) + days);
  // The second pass settles a day on which the offset changes (Ramadan, in Morocco).
  const first = midnightUtc - zoneOffset(midnightUtc);
  return new Date(midnightUtc - zoneOffset(first));
}

/** What each change filter keeps, read from the event as the log shows it (see changeKind). */
function changeCondition(change: ChangeFilter): SQL {
  // Kept with each event (audit_events.change_kind) and indexed with its time.
  return eq(auditEvents.changeKind, change);
}

/**
 * The agreement a reference names (compared without case), or the record an id names: a live
 * agreement first, else one whose events carried that reference (a deleted agreement keeps its
 * history). An unknown reference is the filter's mistake, said as such (400), never an empty page.
 */
async function recordCondition(db: Executor, record: string): Promise<SQL> {
  if (isUuid(record)) return or(eq(auditEvents.entityId, record), eq(auditEvents.agreementId, record)) as SQL;
  const [live] = await db
    .select({ id: agreements.id })
    .from(agreements)
    .where(sql`lower(${agreements.reference}) = lower(${record})`)
    .limit(1);
  let id = live?.id;
  if (!id) {
    const [earlier] = await db
      .select({ id: auditEvents.entityId })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.entityType, "agreement"),
          sql`lower(coalesce(${auditEvents.changes}->'after'->>'reference', ${auditEvents.changes}->'before'->>'reference')) = lower(${record})`,
        ),
      )
      .orderBy(desc(auditEvents.id))
      .limit(1);
    id = earlier?.id;
  }
  if (!id)
    throw new AppError("validation", `No agreement has the reference ${record}`, {
      issues: [{ field: "record", message: "No agreement has this reference", reason: "unknownRecord" }],
    });
  return or(
    eq(auditEvents.agreementId, id),
    and(eq(auditEvents.entityType, "agreement"), eq(auditEvents.entityId, id)),
  ) as SQL;
}

async function filterConditions(db: Executor, filter: AuditFilter): Promise<SQL | undefined> {
  const conditions: (SQL | undefined)[] = [];
  if (filter.record) conditions.push(await recordCondition(db, filter.record));
  if (filter.change) conditions.push(changeCondition(filter.change));
  if (filter.actor) conditions.push(eq(auditEvents.actor, filter.actor));
  if (filter.action) {
    // "agreement" finds every agreement.* action; "agreement.create" that one action.
    conditions.push(
      or(
        eq(auditEvents.action, filter.action),
        sql`starts_with(${auditEvents.action}, ${`${filter.action}.`})`,
      ),
    );
  }
  if (filter.entityType) conditions.push(eq(auditEvents.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditEvents.entityId, filter.entityId));
  if (filter.from) conditions.push(gte(auditEvents.at, startOfDay(filter.from)));
  if (filter.to) conditions.push(lt(auditEvents.at, startOfDay(filter.to, 1)));
  return and(...conditions);
}

async function countEvents(db: Executor, where: SQL | undefined): Promise<number> {
  const [counted] = await db.select({ total: count() }).from(auditEvents).where(where);
  return counted?.total ?? 0;
}

/**
 * Counts kept per filter until the next event: counting 100,000 events took 30 ms of every view
 * of the log on PostgreSQL. The newest event's id (one probe of the primary key) says whether
 * one was written since. An event whose transaction took an id before the newest one's and
 * commits after it is not counted until the next event or a minute at most (the entries' life).
 */
const keptCounts = new WeakMap<Executor, LRUCache<string, Promise<number>>>();
const KEPT_COUNTS = 200;
const KEPT_COUNT_MS = 60_000;

async function keptEventCount(db: Executor, where: SQL | undefined, filterKey: string): Promise<number> {
  const [newest] = await db.select({ id: max(auditEvents.id) }).from(auditEvents);
  const key = `${newest?.id ?? 0}|${filterKey}`;
  let counts = keptCounts.get(db);
  if (!counts) {
    counts = new LRUCache({ max: KEPT_COUNTS, ttl: KEPT_COUNT_MS });
    keptCounts.set(db, counts);
  }
  const known = counts.get(key);
  if (known) return known;
  const counting = countEvents(db, where);
  counts.set(key, counting);
  counting.catch(() => counts.delete(key));
  return counting;
}

async function selectEvents(
  db: Executor,
  where: SQL | undefined,
  limit: number,
  offset: number,
  total: (where: SQL | undefined) => Promise<number> = (all) => countEvents(db, all),
  byKindOfChange = false,
): Promise<AuditEventPage> {
  const read = (executor: Executor) =>
    executor
      .select({
        id: auditEvents.id,
        at: auditEvents.at,
        actorId: auditEvents.actor,
        actorName: users.name,
        actorEmail: users.email,
        action: auditEvents.action,
        entityType: auditEvents.entityType,
        entityId: auditEvents.entityId,
        agreementId: auditEvents.agreementId,
        changes: auditEvents.changes,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actor))
      .where(where)
      .orderBy(desc(auditEvents.at), desc(auditEvents.id))
      .limit(limit)
      .offset(offset);
  const [rows, counted] = await Promise.all([
    byKindOfChange
      ? // The planner takes a kind of change for evenly spread in time, so it walks the time
        // index back and sorts ties, skipping every newer event of another kind (after a bulk
        // load every create is older than every update: 50–70 ms at 100,000 events). Without
        // that sort, it walks the kind's own index (change_kind, at, id), in order: under 1 ms.
        db.transaction(async (tx) => {
          await tx.execute(sql`set local enable_incremental_sort = off`);
          return read(tx);
        })
      : read(db),
    total(where),
  ]);
  return {
    items: rows.map((row) => ({
      id: row.id,
      at: row.at,
      actor: { id: row.actorId, name: row.actorName, email: row.actorEmail },
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      agreementId: row.agreementId,
      changes: row.changes ?? {},
    })),
    total: counted,
  };
}

/** The global audit log, newest first: the staff only. */
export async function listAuditEvents({
  db,
  actor,
  filter = {},
  limit = 50,
  offset = 0,
}: {
  db: Executor;
  actor: Actor;
  filter?: AuditFilter;
  limit?: number;
  offset?: number;
}): Promise<AuditEventPage> {
  assertCanReadAuditLog(actor);
  // Accounts and their tokens are the administrator's business, as their histories are.
  const accountsHidden =
    actor.role === "admin" || actor.role === "system"
      ? undefined
      : notInArray(auditEvents.entityType, ["user", "api_token", "calendar_feed"]);
  const filterKey = JSON.stringify([filter, accountsHidden === undefined]);
  return selectEvents(
    db,
    and(await filterConditions(db, filter), accountsHidden),
    limit,
    offset,
    (where) => keptEventCount(db, where, filterKey),
    filter.change !== undefined,
  );
}

/** One record's events, newest first, for whoever may read the record. */
export async function getRecordHistory({
  db,
  actor,
  entityType,
  entityId,
  limit = 100,
  offset = 0,
}: {
  db: Executor;
  actor: Actor;
  entityType: string;
  entityId: string;
  limit?: number;
  offset?: number;
}): Promise<AuditEventPage> {
  const view = await readableHistoryView({ db, actor, entityType, entityId });
  const where = and(eq(auditEvents.entityType, entityType), eq(auditEvents.entityId, entityId));
  const page = await selectEvents(db, where, limit, offset);
  return { ...page, items: page.items.map((item) => asSeenBy(item, view, actor)) };
}

/** An event without what the reader may not read (see HistoryView): the API and the page show the same. */
function asSeenBy(item: AuditEventItem, view: HistoryView, reader: Actor): AuditEventItem {
  const without = (side: unknown) => {
    if (typeof side !== "object" || side === null || Array.isArray(side)) return side;
    const kept = { ...(side as Record<string, unknown>) };
    for (const field of view.hiddenFields) delete kept[field];
    return kept;
  };
  const changes: AuditEventItem["changes"] = {};
  if (item.changes.before !== undefined) changes.before = without(item.changes.before);
  if (item.changes.after !== undefined) changes.after = without(item.changes.after);
  const showEmail = view.actorEmails || item.actor.id === reader.id;
  return { ...item, actor: { ...item.actor, email: showEmail ? item.actor.email : null }, changes };
}

export interface AuditActorOption {
  id: string;
  name: string | null;
  email: string | null;
}

/** Who may be chosen in the log's actor filter: every user, then the non-user actors that wrote events. */
export async function listAuditActors({
  db,
  actor,
}: {
  db: Executor;
  actor: Actor;
}): Promise<AuditActorOption[]> {
  assertCanReadAuditLog(actor);
  const people = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .orderBy(asc(users.name), asc(users.email));
  // The actors of the log one by one through its (actor, at) index, each found by one probe: a
  // plain distinct read every event (100,000 at 10,000 agreements: 40 ms on each page view).
  const written = await queryRows<{ actor: string }>(
    db,
    sql`with recursive actors(actor) as (
      (select ${auditEvents.actor} from ${auditEvents} order by ${auditEvents.actor} limit 1)
      union all
      select (select later.actor from audit_events later where later.actor > actors.actor order by later.actor limit 1)
      from actors where actors.actor is not null
    ) select actor from actors where actor is not null`,
  );
  const userIds = new Set(people.map((person) => person.id));
  const others = written.filter((row) => !userIds.has(row.actor)).map((row) => ({ id: row.actor }));
  return [...people, ...others.map((other) => ({ id: other.id, name: null, email: null }))];
}
