import { and, count, eq } from "drizzle-orm";
import { assertCanReadAgreement } from "../access/agreement-access.js";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { indicators, indicatorValues } from "../db/schema/index.js";
import { deleteVersioned } from "../db/versioned-delete.js";
import type { Actor } from "../shared/actor.js";
import { AppError, assertSameVersion, staleVersionError, validationError } from "../shared/errors.js";
import { parseInput } from "../shared/validation.js";
import { checkAgainstAgreement, columnsOf, createIndicators, reason } from "./indicators.create.js";
import { type IndicatorInput, type IndicatorUpdateInput, indicatorUpdateSchema } from "./indicators.input.js";
import { assertCanManageIndicators } from "./indicators.policy.js";
import { auditedIndicator } from "./indicators.presenter.js";
import { loadIndicatorRow } from "./indicators.queries.js";
import type { IndicatorRow } from "./indicators.types.js";

/* Creating, changing and deleting indicators (the staff). Values: indicator-values.service.ts. */

export async function createIndicator({
  db,
  actor,
  agreementId,
  input,
  source,
}: {
  db: Executor;
  actor: Actor;
  agreementId: string;
  input: IndicatorInput;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
}): Promise<IndicatorRow> {
  return db.transaction(async (tx) => {
    const [created] = await createIndicators({ db: tx, actor, items: [{ agreementId, input }], source });
    if (!created?.row) throw created?.error ?? new Error("createIndicators answered nothing");
    return created.row;
  });
}

const countValues = async (db: Executor, indicatorId: string, status?: "approved") => {
  const [row] = await db
    .select({ count: count() })
    .from(indicatorValues)
    .where(
      and(
        eq(indicatorValues.indicatorId, indicatorId),
        status ? eq(indicatorValues.status, status) : undefined,
      ),
    );
  return row?.count ?? 0;
};

/** Changes an indicator as of `input.version`; a stale version changes nothing. */
export async function updateIndicator({
  db,
  actor,
  id,
  input,
  source,
}: {
  db: Executor;
  actor: Actor;
  id: string;
  input: IndicatorUpdateInput;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
}): Promise<IndicatorRow> {
  assertCanManageIndicators(actor);
  const { version, ...data } = parseInput(indicatorUpdateSchema, input);
  return db.transaction(async (tx) => {
    const before = await loadIndicatorRow(tx, id, true);
    await assertCanReadAgreement({ db: tx, actor, id: before.agreementId });
    assertSameVersion("The indicator", version, before.version);
    await checkAgainstAgreement(tx, before.agreementId, data);
    // The values' periods are the frequency's: another frequency would leave them meaningless.
    if (data.frequency !== before.frequency && (await countValues(tx, id)) > 0) {
      throw validationError([
        {
          field: "frequency",
          message: "cannot change once values were entered: their periods follow it",
          reason: reason("frequencyLocked"),
        },
      ]);
    }
    const [after] = await tx
      .update(indicators)
      .set({ ...columnsOf(data), version: before.version + 1, updatedAt: new Date() })
      .where(and(eq(indicators.id, id), eq(indicators.version, version)))
      .returning();
    if (!after) throw staleVersionError("The indicator", version, before.version + 1);
    await recordAuditEvent({
      db: tx,
      source,
      actor,
      action: "indicator.update",
      entityType: "indicator",
      entityId: id,
      before: auditedIndicator(before),
      after: auditedIndicator(after),
    });
    return after;
  });
}

/**
 * Deletes an indicator with its values. Refused while it has approved values: they are
 * reported results. Submitted and returned values go with it (nothing counted them yet).
 */
export async function deleteIndicator({
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
}): Promise<IndicatorRow> {
  assertCanManageIndicators(actor);
  return deleteVersioned({
    db,
    actor,
    table: indicators,
    id,
    version,
    what: "The indicator",
    keep: { kind: "indicator", agreementId: (row) => row.agreementId, label: (row) => row.name },
    load: (tx) => loadIndicatorRow(tx, id, true),
    assertCanRead: (tx, before) => assertCanReadAgreement({ db: tx, actor, id: before.agreementId }),
    assertUnreferenced: async (tx) => {
      const approved = await countValues(tx, id, "approved");
      if (approved > 0) {
        throw new AppError(
          "conflict",
          `This indicator has ${approved} approved value(s), which are reported results; it cannot be deleted`,
          {
            issues: [
              {
                field: "id",
                message: `has ${approved} approved value(s)`,
                reason: reason("hasApprovedValues"),
                values: { count: approved },
              },
            ],
          },
        );
      }
    },
    audit: {
      action: "indicator.delete",
      entityType: "indicator",
      // Submitted and returned values go with it: the log says how many.
      before: async (tx, before) => ({
        ...auditedIndicator(before),
        valuesDeleted: await countValues(tx, id),
      }),
    },
  });
}
