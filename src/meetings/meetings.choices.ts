import { and, asc, desc, eq, inArray, isNull, or } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { agreementParties, documents, organizations, users } from "../db/schema/index.js";

/*
 * What the committee's forms offer to choose from: the agreement's parties, the people who
 * may own an action, the agreement's documents. Read only after the page's permission check.
 */

export type OrganizationOption = typeof organizations.$inferSelect;
export type DocumentOption = typeof documents.$inferSelect;
export interface PersonOption {
  id: string;
  name: string;
  /** the organisation the person acts for; null for the association's staff */
  organizationId: string | null;
}
/** The agreement's parties, each once, in the agreement's order. */
export async function partyOptions(db: Executor, agreementId: string): Promise<OrganizationOption[]> {
  const rows = await db
    .select({ organization: organizations, position: agreementParties.position })
    .from(agreementParties)
    .innerJoin(organizations, eq(organizations.id, agreementParties.organizationId))
    .where(eq(agreementParties.agreementId, agreementId))
    .orderBy(asc(agreementParties.position));
  const seen = new Set<string>();
  return rows
    .map((row) => row.organization)
    .filter((organization) => !seen.has(organization.id) && Boolean(seen.add(organization.id)));
}

/** Who may own an action of these organisations: their active accounts, and the active staff. */
export async function personOptions(db: Executor, organizationIds: string[]): Promise<PersonOption[]> {
  const rows = await db
    .select({ id: users.id, name: users.name, role: users.role, organizationId: users.organizationId })
    .from(users)
    .where(
      and(
        eq(users.active, true),
        or(
          inArray(users.role, ["admin", "secretariat"]),
          organizationIds.length ? inArray(users.organizationId, organizationIds) : undefined,
        ),
      ),
    )
    .orderBy(asc(users.name), asc(users.id));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    organizationId: row.role === "admin" || row.role === "secretariat" ? null : row.organizationId,
  }));
}

/** The agreement's documents that are not deleted, newest first: the minutes are one of them. */
export async function documentOptions(db: Executor, agreementId: string): Promise<DocumentOption[]> {
  return db
    .select()
    .from(documents)
    .where(
      and(
        eq(documents.ownerType, "agreement"),
        eq(documents.ownerId, agreementId),
        isNull(documents.deletedAt),
      ),
    )
    .orderBy(desc(documents.createdAt), desc(documents.id));
}
