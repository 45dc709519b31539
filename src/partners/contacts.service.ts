import { asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { insertOne, updateOne } from "../db/rows.js";
import { contacts, organizations } from "../db/schema/index.js";
import { matchesEveryTerm, parseSearchQuery, type SearchRequest } from "../search/query.js";
import type { ContactInput } from "./organizations.input.js";
import { organizationPolicy } from "./organizations.policy.js";

export type ContactRow = typeof contacts.$inferSelect;

/** What an audit event keeps of a contact. */
export const contactSnapshot = (row: ContactRow) => ({
  id: row.id,
  fullName: row.fullName,
  role: row.role,
  email: row.email,
  phone: row.phone,
});

export async function loadContacts({ db, organizationId }: { db: Executor; organizationId: string }) {
  return db
    .select()
    .from(contacts)
    .where(eq(contacts.organizationId, organizationId))
    .orderBy(asc(contacts.position), asc(contacts.id));
}

/**
 * Makes the organisation's contacts the `wanted` list, in its order: a contact named by the id
 * of one of this organisation's contacts is updated in place (so its identity survives an
 * edit), others are added, and those left out are removed. An id belonging to another
 * organisation, or to a contact removed meanwhile, counts as a new contact.
 * Runs inside the caller's transaction; returns the contacts as they now are.
 */
export async function replaceContacts({
  db,
  organizationId,
  current,
  wanted,
}: {
  db: Executor;
  organizationId: string;
  current: ContactRow[];
  wanted: ContactInput[];
}): Promise<ContactRow[]> {
  const byId = new Map(current.map((row) => [row.id, row]));
  const kept = new Set<string>();
  const result: ContactRow[] = [];
  for (const [position, contact] of wanted.entries()) {
    const values = {
      fullName: contact.fullName,
      role: contact.role ?? null,
      email: contact.email ?? null,
      phone: contact.phone ?? null,
      position,
    };
    const existing = contact.id && !kept.has(contact.id) ? byId.get(contact.id) : undefined;
    if (existing) {
      kept.add(existing.id);
      const unchanged = (Object.keys(values) as (keyof typeof values)[]).every(
        (key) => existing[key] === values[key],
      );
      if (unchanged) {
        result.push(existing);
        continue;
      }
      const updated = await updateOne(
        db.update(contacts).set(values).where(eq(contacts.id, existing.id)).returning(),
      );
      result.push(updated);
    } else {
      const inserted = await insertOne(
        db
          .insert(contacts)
          .values({ ...values, organizationId })
          .returning(),
      );
      result.push(inserted);
    }
  }
  const removed = current.filter((row) => !kept.has(row.id)).map((row) => row.id);
  if (removed.length) await db.delete(contacts).where(inArray(contacts.id, removed));
  return result;
}

/**
 * The contacts whose name, role or email holds every word of the query, among those the actor
 * may see (organizationPolicy.canSeeContacts: the staff and viewers all, a focal point its own
 * organisation's, nobody else any). The contacts are few beside the registry: they are read
 * and matched here, by the search's own rule, rather than indexed.
 */
export async function searchContacts({ db, actor, q, limit = 10 }: SearchRequest) {
  const query = parseSearchQuery(q);
  if (!query) return [];
  // Those who see every organisation see every contact (organizationPolicy.canSeeContacts).
  const everyOrganization = organizationPolicy.canSeeAll(actor);
  const own = actor.organizationId;
  if (!everyOrganization && !(own && organizationPolicy.canSeeContacts(actor, own))) return [];
  const rows = await db
    .select({
      id: contacts.id,
      fullName: contacts.fullName,
      role: contacts.role,
      email: contacts.email,
      organizationId: organizations.id,
      organizationName: organizations.name,
    })
    .from(contacts)
    .innerJoin(organizations, eq(organizations.id, contacts.organizationId))
    .where(everyOrganization ? undefined : eq(organizations.id, own as string))
    .orderBy(asc(contacts.fullName), asc(contacts.id));
  return rows.filter((row) => matchesEveryTerm(query, row.fullName, row.role, row.email)).slice(0, limit);
}
