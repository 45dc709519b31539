import { and, asc, eq, sql } from "drizzle-orm";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { agreementParties, agreements, organizations, users } from "../db/schema/index.js";
import { refreshSearchTextForOrganization } from "../search/agreement-search-text.js";
import { writeOrganizationSearchText } from "../search/organization-search-text.js";
import type { Actor } from "../shared/actor.js";
import { AppError, assertSameVersion, notFound, staleVersionError } from "../shared/errors.js";
import { parseInput } from "../shared/validation.js";
import { type ContactRow, contactSnapshot, loadContacts, replaceContacts } from "./contacts.service.js";
import { type OrganizationUpdateInput, organizationUpdateSchema } from "./organizations.input.js";
import {
  assertCanDeleteOrganization,
  assertCanEditOrganization,
  organizationPolicy,
} from "./organizations.policy.js";
import { getAssociation, nameKey, type OrganizationRow } from "./organizations.service.js";

/* Changing and deleting organisations (creating and reading them: organizations.service.ts). */

/** What an audit event keeps of an organisation: its fields and its contacts. */
const organizationSnapshot = (row: OrganizationRow, people: ContactRow[]) => ({
  kind: row.kind,
  name: row.name,
  acronym: row.acronym,
  website: row.website,
  version: row.version,
  contacts: people.map(contactSnapshot),
});

/**
 * Changes an organisation and replaces its contacts, as of `input.version`. A stale version
 * is a conflict and changes nothing. A focal point may edit its own organisation but not
 * change its kind.
 */
export async function updateOrganization({
  db,
  actor,
  id,
  input,
  source,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  input: OrganizationUpdateInput;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
}) {
  assertCanEditOrganization(actor, id);
  const data = parseInput(organizationUpdateSchema, input);
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(organizations).where(eq(organizations.id, id)).for("update");
    if (!current) throw notFound("Organization", id);
    assertSameVersion(`Organization ${id}`, data.version, current.version);
    const kind = data.kind ?? current.kind;
    if (kind !== current.kind && !organizationPolicy.canChangeKind(actor)) {
      throw new AppError("forbidden", "Only the association's staff may change an organisation's kind", {
        issues: [{ field: "kind", message: "may only be changed by the association's staff" }],
      });
    }
    const before = await loadContacts({ db: tx, organizationId: id });
    const [updated] = await tx
      .update(organizations)
      .set({
        kind,
        name: data.name,
        acronym: data.acronym ?? null,
        website: data.website ?? null,
        nameKey: nameKey(data.name),
        version: current.version + 1,
        updatedAt: new Date(),
      })
      .where(and(eq(organizations.id, id), eq(organizations.version, data.version)))
      .returning();
    if (!updated) throw staleVersionError(`Organization ${id}`, data.version, current.version + 1);
    if (updated.nameKey !== current.nameKey || updated.acronym !== current.acronym) {
      await refreshSearchTextForOrganization({ db: tx, organizationId: id });
      await writeOrganizationSearchText({ db: tx, organizationIds: [id] });
    }
    const people = data.contacts
      ? await replaceContacts({ db: tx, organizationId: id, current: before, wanted: data.contacts })
      : before;
    await recordAuditEvent({
      db: tx,
      actor,
      action: "organization.update",
      entityType: "organization",
      entityId: id,
      before: organizationSnapshot(current, before),
      after: organizationSnapshot(updated, people),
      source,
    });
    return { ...updated, contacts: people };
  });
}

/**
 * Deletes an organisation and its contacts. Refused (conflict, naming what holds it) for the
 * association itself, for a party to any agreement, and while user accounts act for it.
 */
export async function deleteOrganization({
  db,
  actor,
  id,
  version,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  /** when given, the version the person saw: a stale one is a conflict */
  version?: number;
}): Promise<void> {
  assertCanDeleteOrganization(actor);
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(organizations).where(eq(organizations.id, id)).for("update");
    if (!current) throw notFound("Organization", id);
    assertSameVersion(`Organization ${id}`, version, current.version);
    if ((await getAssociation({ db: tx }))?.id === id) {
      throw new AppError("conflict", "The association's own organisation cannot be deleted", {
        issues: [{ field: "id", message: "is the association itself", reason: "associationItself" }],
      });
    }
    const parties = await tx
      .selectDistinct({ reference: agreements.reference })
      .from(agreementParties)
      .innerJoin(agreements, eq(agreements.id, agreementParties.agreementId))
      .where(eq(agreementParties.organizationId, id))
      .orderBy(asc(agreements.reference));
    if (parties.length) {
      const references = parties.map((row) => row.reference).join(", ");
      throw new AppError(
        "conflict",
        `This organisation is party to ${parties.length} agreement(s): ${references}; remove it from them before deleting it`,
        {
          issues: [
            {
              field: "id",
              message: `is party to the agreements ${references}`,
              reason: "partyToAgreements",
              values: { references },
            },
          ],
        },
      );
    }
    const [accounts] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(users)
      .where(eq(users.organizationId, id));
    if (accounts?.count) {
      throw new AppError(
        "conflict",
        `${accounts.count} user account(s) act for this organisation; attach them to another one before deleting it`,
        {
          issues: [
            {
              field: "id",
              message: `has ${accounts.count} user account(s) acting for it`,
              reason: "hasAccounts",
              values: { accounts: accounts.count },
            },
          ],
        },
      );
    }
    const people = await loadContacts({ db: tx, organizationId: id });
    await tx.delete(organizations).where(eq(organizations.id, id));
    await recordAuditEvent({
      db: tx,
      actor,
      action: "organization.delete",
      entityType: "organization",
      entityId: id,
      before: organizationSnapshot(current, people),
    });
  });
}
