import { and, eq, notInArray, sql } from "drizzle-orm";
import { z } from "zod";
import { assertCanReadAgreement, assertCanWriteAgreements, isPartyTo } from "../access/agreement-access.js";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import {
  agreementParties,
  agreements,
  agreementTerritories,
  amendments,
  commitments,
  contributions,
  objectives,
  type Visibility,
  visibilities,
} from "../db/schema/index.js";
import { writeAgreementSearchText } from "../search/agreement-search-text.js";
import type { Actor } from "../shared/actor.js";
import { AppError, assertSameVersion, notFound } from "../shared/errors.js";
import { type LocalizedText, localizedTextSchema } from "../shared/localized.js";
import { parseInput } from "../shared/validation.js";
import { refuseRemovingFollowedObjectives, refuseRemovingFollowedParties } from "./agreements.followed.js";
import { type AgreementInput, agreementInputSchema, isoDate } from "./agreements.input.js";
import { agreementColumns, checkReferences, insertAgreementParts } from "./agreements.service.js";

export type AgreementRow = typeof agreements.$inferSelect;

const versionSchema = z.coerce.number().int().min(1);

/** What an edit sends: every field but the status (changed by transitions), the version it started from. */
export type AgreementUpdate = Omit<AgreementInput, "status"> & {
  version: number;
  /** the id of each objective in `objectives`, in the same order (null for a new one), so they keep their id */
  objectiveIds?: (string | null)[];
};

async function lockCurrent(tx: Executor, id: string): Promise<AgreementRow> {
  const [current] = await tx.select().from(agreements).where(eq(agreements.id, id)).for("update");
  if (!current) throw notFound("Agreement", id);
  return current;
}

/** The objectives' rows, updated in place so that what refers to an objective keeps referring to it. */
async function saveObjectives(
  tx: Executor,
  agreementId: string,
  texts: AgreementInput["objectives"] & object,
  ids: (string | null)[] = [],
) {
  const existing = new Set(
    (
      await tx.select({ id: objectives.id }).from(objectives).where(eq(objectives.agreementId, agreementId))
    ).map((row) => row.id),
  );
  const kept = ids.filter((id): id is string => Boolean(id && existing.has(id)));
  await refuseRemovingFollowedObjectives(
    tx,
    [...existing].filter((id) => !kept.includes(id)),
  );
  await tx
    .delete(objectives)
    .where(
      kept.length
        ? and(eq(objectives.agreementId, agreementId), notInArray(objectives.id, kept))
        : eq(objectives.agreementId, agreementId),
    );
  for (const [position, text] of texts.entries()) {
    const id = ids[position];
    if (id && existing.has(id))
      await tx.update(objectives).set({ position, text }).where(eq(objectives.id, id));
    else await tx.insert(objectives).values({ agreementId, position, text });
  }
}

/**
 * Saves an edit. Refused, changing nothing, when the agreement moved on since the editor
 * opened it (its version differs): the caller shows both versions.
 */
export async function updateAgreement({
  db,
  actor,
  id,
  input,
  source,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  input: AgreementUpdate;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
}): Promise<AgreementRow> {
  assertCanWriteAgreements(actor);
  const version = parseInput(versionSchema, input.version);
  return db.transaction(async (tx) => {
    const current = await lockCurrent(tx, id);
    assertSameVersion("The agreement", version, current.version);
    // The status is kept: its rules (e.g. a signed agreement keeps its signature date) still apply.
    const { version: _version, objectiveIds, ...fields } = input;
    const data = parseInput(agreementInputSchema, { ...fields, status: current.status });
    await checkReferences(tx, data, id);
    const before = await snapshot(tx, id);
    const [updated] = await tx
      .update(agreements)
      .set({
        ...agreementColumns(data),
        version: sql`${agreements.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(agreements.id, id))
      .returning();
    if (!updated) throw notFound("Agreement", id);
    await refuseRemovingFollowedParties(tx, id, data.parties);
    for (const table of [agreementParties, agreementTerritories, commitments, contributions, amendments]) {
      await tx.delete(table).where(eq(table.agreementId, id));
    }
    await insertAgreementParts(tx, id, { ...data, objectives: [] });
    await saveObjectives(tx, id, data.objectives, objectiveIds);
    await writeAgreementSearchText({ db: tx, agreementIds: [id] });
    await recordAuditEvent({
      db: tx,
      actor,
      action: "agreement.update",
      entityType: "agreement",
      entityId: id,
      before,
      after: { ...data, status: current.status, version: updated.version },
      source,
    });
    return updated;
  });
}

/** A change to an agreement's lists alone still makes a new version of it (an edit opened before is stale). */
async function raiseVersion(tx: Executor, id: string): Promise<AgreementRow> {
  const [updated] = await tx
    .update(agreements)
    .set({ version: sql`${agreements.version} + 1`, updatedAt: new Date() })
    .where(eq(agreements.id, id))
    .returning();
  if (!updated) throw notFound("Agreement", id);
  return updated;
}

const amendmentSchema = z.object({ signedOn: isoDate, summary: localizedTextSchema(4000) });

/**
 * Records a signed amendment (an avenant) on an agreement, as an edit of its amendments would:
 * its version raised, audited with the agreement before and after (a read signed copy names
 * itself as the source).
 */
export async function addAmendment({
  db,
  actor,
  id,
  amendment,
  source,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  amendment: { signedOn: string | undefined; summary: LocalizedText };
  source?: string;
}): Promise<AgreementRow> {
  assertCanWriteAgreements(actor);
  const data = parseInput(amendmentSchema, amendment);
  return db.transaction(async (tx) => {
    await lockCurrent(tx, id);
    const before = await snapshot(tx, id);
    await tx.insert(amendments).values({ agreementId: id, ...data });
    const updated = await raiseVersion(tx, id);
    await recordAuditEvent({
      db: tx,
      actor,
      action: "agreement.update",
      entityType: "agreement",
      entityId: id,
      before,
      after: { ...before, amendments: [...before.amendments, data], version: updated.version },
      source,
    });
    return updated;
  });
}

/** The agreement as an edit sees it, for the audit event's "before". */
async function snapshot(tx: Executor, id: string) {
  const [row] = await tx.select().from(agreements).where(eq(agreements.id, id));
  if (!row) throw notFound("Agreement", id);
  // One after the other: a transaction's connection runs one query at a time.
  const parties = await tx.select().from(agreementParties).where(eq(agreementParties.agreementId, id));
  const territoryRows = await tx
    .select()
    .from(agreementTerritories)
    .where(eq(agreementTerritories.agreementId, id));
  const objectiveRows = await tx.select().from(objectives).where(eq(objectives.agreementId, id));
  const commitmentRows = await tx.select().from(commitments).where(eq(commitments.agreementId, id));
  const contributionRows = await tx.select().from(contributions).where(eq(contributions.agreementId, id));
  const amendmentRows = await tx.select().from(amendments).where(eq(amendments.agreementId, id));
  const { createdAt: _c, updatedAt: _u, ...fields } = row;
  return {
    ...fields,
    parties: parties
      .sort((a, b) => a.position - b.position)
      .map(({ organizationId, role }) => ({ organizationId, role })),
    territoryCodes: territoryRows.map((entry) => entry.territoryCode).sort(),
    objectives: objectiveRows.sort((a, b) => a.position - b.position).map((entry) => entry.text),
    commitments: commitmentRows
      .sort((a, b) => a.position - b.position)
      .map(({ organizationId, text }) => ({ organizationId, text })),
    contributions: contributionRows.map(({ organizationId, amount, currency, nature, description }) => ({
      organizationId,
      amount: Number(amount),
      currency,
      nature,
      description,
    })),
    amendments: amendmentRows.map(({ signedOn, summary }) => ({ signedOn, summary })),
  };
}

/** Publishes an agreement on the portal (public) or withdraws it (internal). */
export async function setAgreementVisibility({
  db,
  actor,
  id,
  visibility,
  version,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  visibility: Visibility;
  version: number;
}): Promise<AgreementRow> {
  assertCanWriteAgreements(actor);
  const to = parseInput(z.enum(visibilities), visibility);
  const expected = parseInput(versionSchema, version);
  return db.transaction(async (tx) => {
    const current = await lockCurrent(tx, id);
    assertSameVersion("The agreement", expected, current.version);
    const [updated] = await tx
      .update(agreements)
      .set({ visibility: to, version: sql`${agreements.version} + 1`, updatedAt: new Date() })
      .where(eq(agreements.id, id))
      .returning();
    if (!updated) throw notFound("Agreement", id);
    await recordAuditEvent({
      db: tx,
      actor,
      action: to === "public" ? "agreement.publish" : "agreement.unpublish",
      entityType: "agreement",
      entityId: id,
      before: { visibility: current.visibility },
      after: { visibility: to },
    });
    return updated;
  });
}

/**
 * Deletes a draft (a record that was never more than a project). Any other agreement keeps
 * its history: it is terminated, not deleted.
 */
export async function deleteAgreement({
  db,
  actor,
  id,
  version,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  /** the version the person saw: a draft edited since is not deleted unseen */
  version: number;
}) {
  assertCanWriteAgreements(actor);
  const expected = parseInput(versionSchema, version);
  return db.transaction(async (tx) => {
    const current = await lockCurrent(tx, id);
    assertSameVersion("The agreement", expected, current.version);
    if (current.status !== "draft") {
      throw new AppError(
        "invalid_transition",
        "Only a draft can be deleted; terminate the agreement instead",
        {
          issues: [
            {
              field: "status",
              message: "only a draft can be deleted; terminate it instead",
              reason: "onlyDraftDeleted",
            },
          ],
        },
      );
    }
    const [child] = await tx
      .select({ id: agreements.id })
      .from(agreements)
      .where(eq(agreements.parentId, id))
      .limit(1);
    if (child) {
      throw new AppError("conflict", "Implementing agreements refer to this one; change them first", {
        issues: [
          { field: "parentId", message: "implementing agreements refer to it", reason: "hasChildren" },
        ],
      });
    }
    const before = await snapshot(tx, id);
    await tx.delete(agreements).where(eq(agreements.id, id));
    await recordAuditEvent({
      db: tx,
      actor,
      action: "agreement.delete",
      entityType: "agreement",
      entityId: id,
      before,
    });
  });
}

const ownCommitmentsSchema = z.object({
  version: versionSchema,
  commitments: z.array(localizedTextSchema(4000)).max(100),
});

/**
 * A partner focal point's part of an agreement: its own organisation's commitments. The
 * staff may use it too, for any party.
 */
export async function updatePartyCommitments({
  db,
  actor,
  agreementId,
  organizationId,
  input,
}: {
  db: Executor;
  actor: Actor;
  agreementId: string;
  organizationId: string;
  input: z.input<typeof ownCommitmentsSchema>;
}): Promise<AgreementRow> {
  const isOwn =
    actor.role === "focal_point" && actor.organizationId === organizationId && actor.tokenScope !== "read";
  if (!isOwn) assertCanWriteAgreements(actor);
  await assertCanReadAgreement({ db, actor, id: agreementId });
  const data = parseInput(ownCommitmentsSchema, input);
  return db.transaction(async (tx) => {
    const current = await lockCurrent(tx, agreementId);
    if (!(await isPartyTo({ db: tx, organizationId, agreementId }))) {
      throw new AppError("validation", "This organisation is not party to the agreement", {
        issues: [{ field: "organizationId", message: "is not party to the agreement", reason: "notAParty" }],
      });
    }
    assertSameVersion("The agreement", data.version, current.version);
    const scope = and(
      eq(commitments.agreementId, agreementId),
      eq(commitments.organizationId, organizationId),
    );
    const before = await tx.select({ text: commitments.text }).from(commitments).where(scope);
    const others = await tx
      .select({ position: commitments.position })
      .from(commitments)
      .where(
        and(
          eq(commitments.agreementId, agreementId),
          sql`${commitments.organizationId} <> ${organizationId}`,
        ),
      );
    await tx.delete(commitments).where(scope);
    const start = others.reduce((max, row) => Math.max(max, row.position + 1), 0);
    if (data.commitments.length) {
      await tx.insert(commitments).values(
        data.commitments.map((text, index) => ({
          agreementId,
          organizationId,
          position: start + index,
          text,
        })),
      );
    }
    await writeAgreementSearchText({ db: tx, agreementIds: [agreementId] });
    const updated = await raiseVersion(tx, agreementId);
    await recordAuditEvent({
      db: tx,
      actor,
      action: "agreement.commitments",
      entityType: "agreement",
      entityId: agreementId,
      before: { organizationId, commitments: before.map((row) => row.text) },
      after: { organizationId, commitments: data.commitments },
    });
    return updated;
  });
}
