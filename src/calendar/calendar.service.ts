import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { insertOne } from "../db/rows.js";
import { calendarFeeds, users } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import type { UserRow } from "../users/users.service.js";
import { assertCanManageOwnCalendarFeed, assertCanViewOwnCalendarFeed } from "./calendar.policy.js";

/**
 * Each person's secret calendar address (like an API token: the secret is shown once, only
 * its SHA-256 is kept). A person has at most one active address; a new one replaces it.
 */

const SECRET_PREFIX = "cal_";
/** "cal_" and 32 random bytes in base64url: anything else is no secret of ours. */
const SECRET_PATTERN = /^cal_[A-Za-z0-9_-]{43}$/;
/** Calendar clients fetch every few minutes: the last use is written at most once an hour. */
const LAST_USED_EVERY_MS = 3_600_000;

const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

export type CalendarFeedRow = typeof calendarFeeds.$inferSelect;

/** The address a calendar client subscribes to. */
export const calendarFeedUrl = (publicUrl: string, secret: string) =>
  `${publicUrl}/calendar/feeds/${secret}.ics`;

/** The actor's active address, if any (never its secret, which is not kept). */
export async function getActiveCalendarFeed({
  db,
  actor,
}: {
  db: Executor;
  actor: Actor;
}): Promise<CalendarFeedRow | undefined> {
  assertCanViewOwnCalendarFeed(actor);
  const [row] = await db
    .select()
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.userId, actor.id), isNull(calendarFeeds.revokedAt)));
  return row;
}

async function revokeActive(tx: Executor, actor: Actor, now: Date): Promise<CalendarFeedRow | undefined> {
  const [revoked] = await tx
    .update(calendarFeeds)
    .set({ revokedAt: now })
    .where(and(eq(calendarFeeds.userId, actor.id), isNull(calendarFeeds.revokedAt)))
    .returning();
  if (revoked) {
    await recordAuditEvent({
      db: tx,
      actor,
      action: "calendar_feed.revoke",
      entityType: "calendar_feed",
      entityId: revoked.id,
      before: { revokedAt: null },
      after: { revokedAt: revoked.revokedAt },
    });
  }
  return revoked;
}

/** A new address for the actor, revoking the one before (which stops working at once); the secret is returned once. */
export async function createCalendarFeed({
  db,
  actor,
  now = new Date(),
}: {
  db: Executor;
  actor: Actor;
  now?: Date;
}): Promise<{ feed: CalendarFeedRow; secret: string }> {
  assertCanManageOwnCalendarFeed(actor);
  const secret = `${SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const replaced = await revokeActive(tx, actor, now);
    const feed = await insertOne(
      tx
        .insert(calendarFeeds)
        .values({ userId: actor.id, tokenHash: hashSecret(secret), createdAt: now })
        .returning(),
    );
    await recordAuditEvent({
      db: tx,
      actor,
      action: "calendar_feed.create",
      entityType: "calendar_feed",
      entityId: feed.id,
      after: { createdAt: feed.createdAt, replaces: replaced?.id ?? null },
    });
    return { feed, secret };
  });
}

/** Revokes the actor's active address; without one, nothing happens. */
export async function revokeCalendarFeed({
  db,
  actor,
  now = new Date(),
}: {
  db: Executor;
  actor: Actor;
  now?: Date;
}): Promise<CalendarFeedRow | undefined> {
  assertCanManageOwnCalendarFeed(actor);
  return db.transaction((tx) => revokeActive(tx, actor, now));
}

/**
 * The person a secret address belongs to: null when the secret is malformed, unknown or
 * revoked, or its owner's account is deactivated. The owner's role is read fresh here, so a
 * changed role or scope applies to the next fetch.
 */
export async function findCalendarFeedOwner({
  db,
  secret,
  now = new Date(),
}: {
  db: Executor;
  secret: string;
  now?: Date;
}): Promise<UserRow | null> {
  if (!SECRET_PATTERN.test(secret)) return null;
  const [row] = await db
    .select({ feed: calendarFeeds, user: users })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(and(eq(calendarFeeds.tokenHash, hashSecret(secret)), isNull(calendarFeeds.revokedAt)));
  if (!row?.user.active) return null;
  const lastUsed = row.feed.lastUsedAt?.getTime();
  if (lastUsed === undefined || now.getTime() - lastUsed >= LAST_USED_EVERY_MS) {
    await db.update(calendarFeeds).set({ lastUsedAt: now }).where(eq(calendarFeeds.id, row.feed.id));
  }
  return row.user;
}
