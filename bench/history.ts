import { count, sql } from "drizzle-orm";
import type { Executor } from "../src/db/client.js";
import { auditEvents } from "../src/db/schema/index.js";

/**
 * An audit log of a registry's size, for the audit log's pages: each agreement created, then
 * edited nine times, every three days or so back from today (the bulk load writes no events).
 * Spread by a hash of the id, so every run has the same log.
 */
export async function loadHistory(db: Executor): Promise<number> {
  await db.execute(sql`insert into audit_events (at, actor, action, entity_type, entity_id, changes, agreement_id)
    select now() - n * interval '3 days' - (abs(hashtext(a.id::text || n)) % 86400) * interval '1 second',
      'system',
      case when n = 9 then 'agreement.create' else 'agreement.update' end,
      'agreement', a.id::text,
      case when n = 9 then jsonb_build_object('after', jsonb_build_object('status', 'draft'))
        else jsonb_build_object('before', jsonb_build_object('status', 'draft'), 'after', jsonb_build_object('status', a.status)) end,
      a.id::text
    from agreements a cross join generate_series(0, 9) as n`);
  const [counted] = await db.select({ events: count() }).from(auditEvents);
  return counted?.events ?? 0;
}
