import { eq, inArray, sql } from "drizzle-orm";
import { assertCanWriteAgreements } from "../access/agreement-access.js";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { insertOne } from "../db/rows.js";
import {
  type AgreementStatus,
  actionPlans,
  agreementParties,
  agreements,
  agreementTerritories,
  amendments,
  commitments,
  contributions,
  objectives,
  organizations,
  territories,
} from "../db/schema/index.js";
import { writeAgreementSearchText } from "../search/agreement-search-text.js";
import type { Actor } from "../shared/actor.js";
import { AppError, assertSameVersion, type FieldIssue, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validation.js";
import {
  type AgreementData,
  type AgreementInput,
  agreementInputSchema,
  isNational,
  isoDate,
} from "./agreements.input.js";
import { canTransition } from "./lifecycle.js";

export type AgreementRow = typeof agreements.$inferSelect;

/** Foreign keys give a 500-worthy error; check them first so the message names the field. */
export async function checkReferences(db: Executor, data: AgreementData, excludeId?: string): Promise<void> {
  const issues: FieldIssue[] = [];
  const organizationIds = [
    ...new Set([
      ...data.parties.map((party) => party.organizationId),
      ...data.commitments.map((item) => item.organizationId),
      ...data.contributions.map((item) => item.organizationId),
    ]),
  ];
  const known = organizationIds.length
    ? new Set(
        (
          await db
            .select({ id: organizations.id })
            .from(organizations)
            .where(inArray(organizations.id, organizationIds))
        ).map((row) => row.id),
      )
    : new Set<string>();
  data.parties.forEach((party, index) => {
    if (!known.has(party.organizationId)) {
      issues.push({
        field: `parties.${index}.organizationId`,
        message: "no organisation has this id",
        reason: "unknownRecord",
      });
    }
  });
  if (data.territoryCodes.length) {
    const found = new Set(
      (
        await db
          .select({ code: territories.code })
          .from(territories)
          .where(inArray(territories.code, data.territoryCodes))
      ).map((row) => row.code),
    );
    data.territoryCodes.forEach((code, index) => {
      if (!found.has(code))
        issues.push({
          field: `territoryCodes.${index}`,
          message: `no territory has the code ${code}`,
          reason: "unknownRecord",
        });
    });
  }
  if (data.parentId) {
    const [parent] = await db
      .select({ id: agreements.id })
      .from(agreements)
      .where(eq(agreements.id, data.parentId));
    if (!parent)
      issues.push({ field: "parentId", message: "no agreement has this id", reason: "unknownRecord" });
  }
  const [clash] = await db
    .select({ id: agreements.id })
    .from(agreements)
    .where(eq(agreements.reference, data.reference));
  if (clash && clash.id !== excludeId)
    issues.push({
      field: "reference",
      message: `${data.reference} is already used by another agreement`,
      reason: "referenceTaken",
    });
  if (excludeId && data.parentId === excludeId)
    issues.push({ field: "parentId", message: "an agreement cannot be its own framework agreement" });
  if (issues.length) {
    throw new AppError("validation", issues.map((issue) => `${issue.field}: ${issue.message}`).join("; "), {
      issues,
    });
  }
}

/** Parties, territories, objectives, commitments, contributions and amendments, in their order. */
export async function insertAgreementParts(
  tx: Executor,
  agreementId: string,
  data: AgreementData,
): Promise<void> {
  await tx
    .insert(agreementParties)
    .values(data.parties.map((party, position) => ({ agreementId, ...party, position })));
  if (data.territoryCodes.length) {
    await tx
      .insert(agreementTerritories)
      .values([...new Set(data.territoryCodes)].map((territoryCode) => ({ agreementId, territoryCode })));
  }
  if (data.objectives.length) {
    await tx
      .insert(objectives)
      .values(data.objectives.map((text, position) => ({ agreementId, position, text })));
  }
  if (data.commitments.length) {
    await tx
      .insert(commitments)
      .values(data.commitments.map((item, position) => ({ agreementId, position, ...item })));
  }
  if (data.contributions.length) {
    await tx
      .insert(contributions)
      .values(data.contributions.map((item) => ({ agreementId, ...item, amount: item.amount.toFixed(2) })));
  }
  if (data.amendments.length) {
    await tx.insert(amendments).values(data.amendments.map((item) => ({ agreementId, ...item })));
  }
}

/** The agreement's own columns as an edit sets them (not its status, source or search text). */
export function agreementColumns(data: AgreementData) {
  return {
    reference: data.reference,
    kind: data.kind,
    title: data.title,
    summary: data.summary,
    visibility: data.visibility,
    themes: data.themes,
    national: isNational(data),
    signedOn: data.signedOn ?? null,
    effectiveOn: data.effectiveOn ?? null,
    expiresOn: data.expiresOn ?? null,
    durationMonths: data.durationMonths ?? null,
    renewal: data.renewal,
    renewalNoticeDays: data.renewalNoticeDays ?? null,
    parentId: data.parentId ?? null,
  };
}

export async function createAgreement({
  db,
  actor,
  input,
  source,
}: {
  db: Executor;
  actor: Actor;
  input: AgreementInput;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
}): Promise<AgreementRow> {
  assertCanWriteAgreements(actor);
  const data = parseInput(agreementInputSchema, input);
  return db.transaction(async (tx) => {
    await checkReferences(tx, data);
    const row = await insertOne(
      tx
        .insert(agreements)
        .values({
          ...agreementColumns(data),
          status: data.status,
          sourceKey: data.sourceKey ?? null,
        })
        .returning(),
    );
    const agreementId = row.id;
    await insertAgreementParts(tx, agreementId, data);
    await writeAgreementSearchText({ db: tx, agreementIds: [agreementId] });
    if (data.actionPlans.length) {
      await tx.insert(actionPlans).values(
        data.actionPlans.map((plan) => ({
          agreementId,
          title: plan.title,
          periodStart: plan.periodStart ?? null,
          periodEnd: plan.periodEnd ?? null,
        })),
      );
    }
    await recordAuditEvent({
      db: tx,
      actor,
      action: "agreement.create",
      entityType: "agreement",
      entityId: agreementId,
      after: data,
      source,
    });
    return row;
  });
}

export async function transitionAgreement({
  db,
  actor,
  id,
  to,
  signedOn,
  version,
  source,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  to: AgreementStatus;
  signedOn?: string;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
  /** the version the person saw; a stale one is refused (a page sends it, a script may not) */
  version?: number;
}): Promise<AgreementRow> {
  assertCanWriteAgreements(actor);
  if (signedOn !== undefined) parseInput(isoDate, signedOn);
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(agreements).where(eq(agreements.id, id)).for("update");
    if (!current) throw notFound("Agreement", id);
    assertSameVersion("The agreement", version, current.version);
    if (!canTransition(current.status, to)) {
      throw new AppError("invalid_transition", `An agreement cannot go from ${current.status} to ${to}`, {
        issues: [
          {
            field: "status",
            message: `cannot go from ${current.status} to ${to}`,
            reason: "transitionNotAllowed",
            values: { from: current.status, to },
          },
        ],
      });
    }
    const signatureDate = signedOn ?? current.signedOn;
    if ((to === "signed" || to === "in_force") && !signatureDate) {
      throw new AppError("invalid_transition", `An agreement needs a signature date to become ${to}`, {
        issues: [{ field: "signedOn", message: `is required to become ${to}`, reason: "signatureRequired" }],
      });
    }
    const [updated] = await tx
      .update(agreements)
      .set({
        status: to,
        signedOn: signatureDate,
        version: sql`${agreements.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(agreements.id, id))
      .returning();
    if (!updated) throw notFound("Agreement", id);
    await recordAuditEvent({
      db: tx,
      actor,
      action: "agreement.transition",
      entityType: "agreement",
      entityId: id,
      before: { status: current.status, signedOn: current.signedOn },
      after: { status: to, signedOn: signatureDate },
      source,
    });
    return updated;
  });
}

export async function findAgreementBySourceKey({ db, sourceKey }: { db: Executor; sourceKey: string }) {
  const [row] = await db.select().from(agreements).where(eq(agreements.sourceKey, sourceKey));
  return row;
}
