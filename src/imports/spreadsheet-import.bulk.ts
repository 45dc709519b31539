/**
 * The agreements a spreadsheet creates, written a few hundred per statement: createAgreement
 * took about 29 ms an agreement on the embedded database (ten statements, a savepoint, a search
 * row and an audit event each), 5 minutes for 10,000. The same rows, the same search text and
 * one audit event per agreement (naming the file) as createAgreement writes; what it checks first
 * (the schema, organisations, territories and parent found, the reference free) the plan checked.
 */
import { randomUUID } from "node:crypto";
import type { AgreementInput } from "../agreements/agreements.input.js";
import { type AgreementData, agreementInputSchema } from "../agreements/agreements.input.js";
import { agreementColumns } from "../agreements/agreements.service.js";
import { recordAuditEvents } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { insertMany } from "../db/insert-many.js";
import {
  agreementParties,
  agreements,
  agreementTerritories,
  amendments,
  commitments,
  contributions,
  objectives,
} from "../db/schema/index.js";
import { writeAgreementSearchText } from "../search/agreement-search-text.js";
import type { Actor } from "../shared/actor.js";
import { chunks } from "../shared/collections.js";
import { parseInput } from "../shared/validation.js";

export interface NewAgreement {
  reference: string;
  input: AgreementInput;
}

/**
 * Creates `list` (parents before the agreements that point to them: `parentId` may be "new:REF"
 * for an agreement of the list) and answers each reference's new id.
 */
export async function createAgreementsInBulk({
  tx,
  actor,
  list,
  source,
  searchWrittenLater = new Set(),
}: {
  tx: Executor;
  actor: Actor;
  list: NewAgreement[];
  source: string;
  /**
   * the references whose search text a later step of the same transaction writes (the
   * activities it makes rewrite their agreement's): each agreement's is written once, not twice
   */
  searchWrittenLater?: ReadonlySet<string>;
}): Promise<Map<string, string>> {
  const ids = new Map(list.map((item) => [item.reference, randomUUID()]));
  const parsed = list.map((item) => {
    const parent = item.input.parentId;
    const parentId = parent?.startsWith("new:") ? ids.get(parent.slice(4)) : parent;
    const data: AgreementData = parseInput(agreementInputSchema, { ...item.input, parentId });
    return { id: ids.get(item.reference) as string, reference: item.reference, data };
  });
  // A parent in an earlier statement, or in the same one (its foreign key is checked at the statement's end).
  const ordered = parentsFirst(parsed);
  await insertMany(
    tx,
    agreements,
    ordered.map(({ id, data }) => ({
      id,
      ...agreementColumns(data),
      status: data.status,
      sourceKey: data.sourceKey ?? null,
    })),
  );
  const each = <T extends object>(pick: (data: AgreementData) => T[]) =>
    parsed.flatMap(({ id, data }) =>
      pick(data).map((item, position) => ({ agreementId: id, position, ...item })),
    );
  await insertMany(
    tx,
    agreementParties,
    each((d) => d.parties),
  );
  const reach = parsed.flatMap(({ id, data }) =>
    [...new Set(data.territoryCodes)].map((territoryCode) => ({ agreementId: id, territoryCode })),
  );
  await insertMany(tx, agreementTerritories, reach);
  await insertMany(
    tx,
    objectives,
    each((d) => d.objectives.map((text) => ({ text }))),
  );
  await insertMany(
    tx,
    commitments,
    each((d) => d.commitments),
  );
  const money = parsed.flatMap(({ id, data }) =>
    data.contributions.map((c) => ({ agreementId: id, ...c, amount: c.amount.toFixed(2) })),
  );
  await insertMany(tx, contributions, money);
  const changes = parsed.flatMap(({ id, data }) => data.amendments.map((a) => ({ agreementId: id, ...a })));
  await insertMany(tx, amendments, changes);
  const searchedNow = parsed.filter(({ reference }) => !searchWrittenLater.has(reference));
  for (const part of chunks(
    searchedNow.map((p) => p.id),
    1000,
  ))
    await writeAgreementSearchText({ db: tx, agreementIds: part });
  await recordAuditEvents({
    db: tx,
    actor,
    events: parsed.map(({ id, data }) => ({
      action: "agreement.create",
      entityType: "agreement",
      entityId: id,
      after: data,
      source,
    })),
  });
  return ids;
}

function parentsFirst<T extends { id: string; data: AgreementData }>(list: T[]): T[] {
  const byId = new Map(list.map((item) => [item.id, item]));
  const placed = new Set<string>();
  const ordered: T[] = [];
  const place = (item: T) => {
    if (placed.has(item.id)) return;
    placed.add(item.id);
    const parent = item.data.parentId ? byId.get(item.data.parentId) : undefined;
    if (parent) place(parent);
    ordered.push(item);
  };
  list.forEach(place);
  return ordered;
}
