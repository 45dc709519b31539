import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { rateLimits } from "../db/schema/index.js";

/**
 * Bodies refused as too large, counted per client address in better-auth's rate-limit table,
 * so every process sharing the database sees the same count, and rows are pruned with its own.
 * The window runs from the last refusal, as better-auth's does. The key cannot be one of
 * better-auth's (theirs end with a path, which starts with "/").
 */
const WINDOW_MS = 60_000;
const keyOf = (address: string) => `${address}|refused-body`;

/** Counts one refused body against the client (a fresh count once a minute has passed). */
export async function recordRefusedBody({
  db,
  address,
  now = Date.now(),
}: {
  db: Executor;
  address: string;
  now?: number;
}): Promise<void> {
  await db
    .insert(rateLimits)
    .values({ id: randomUUID(), key: keyOf(address), count: 1, lastRequest: now })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.lastRequest} <= ${now - WINDOW_MS} then 1 else ${rateLimits.count} + 1 end`,
        lastRequest: now,
      },
    });
}

/**
 * The seconds the client must wait when it has had `max` bodies refused within the window,
 * or undefined when it may send.
 */
export async function refusedBodiesWait({
  db,
  address,
  max,
  now = Date.now(),
}: {
  db: Executor;
  address: string;
  max: number;
  now?: number;
}): Promise<number | undefined> {
  const [row] = await db
    .select({ count: rateLimits.count, lastRequest: rateLimits.lastRequest })
    .from(rateLimits)
    .where(eq(rateLimits.key, keyOf(address)));
  if (!row || row.count < max || now - row.lastRequest >= WINDOW_MS) return undefined;
  return Math.max(1, Math.ceil((row.lastRequest + WINDOW_MS - now) / 1000));
}
