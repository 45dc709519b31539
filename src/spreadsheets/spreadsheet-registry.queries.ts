import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { readableAgreementsCondition } from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import {
  agreementParties,
  agreements,
  agreementTerritories,
  amendments,
  commitments,
  contacts,
  contributions,
  objectives,
  organizations,
} from "../db/schema/index.js";
import {
  idsOf,
  inBatchOrder,
  localizedCells,
  type Numbering,
  numberSql,
  organizationCell,
  referenceOf,
  type SheetBatch,
  type SheetReader,
  type SheetRow,
} from "./spreadsheet-rows.js";

export const objectiveNumbering: Numbering = {
  table: objectives,
  id: objectives.id,
  agreementId: objectives.agreementId,
  partition: objectives.agreementId,
  order: sql`${objectives.position}, ${objectives.id}`,
};

const commitmentNumbering: Numbering = {
  table: commitments,
  id: commitments.id,
  agreementId: commitments.agreementId,
  partition: commitments.agreementId,
  order: sql`${commitments.position}, ${commitments.id}`,
};

/** The organisations an export names: all of them, or those the exported agreements name. */
export type OrganizationSelection = "all" | { agreementIds: readonly string[]; insideIds: readonly string[] };

const anyOf = (ids: readonly string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;

/**
 * The organisations named by these agreements' parties, commitments, contributions, activities
 * and indicators, and by their inside (committee members, actions) where the reader sees it.
 */
function namedOrganizations(selection: Exclude<OrganizationSelection, "all">): SQL {
  const all = anyOf(selection.agreementIds);
  const inside = anyOf(selection.insideIds);
  return sql`${organizations.id} in (
    select organization_id from agreement_parties where agreement_id = any(${all})
    union select organization_id from commitments where agreement_id = any(${all})
    union select organization_id from contributions where agreement_id = any(${all})
    union select responsible_organization_id from activities where agreement_id = any(${all})
    union select responsible_organization_id from indicators where agreement_id = any(${all})
    union select organization_id from committee_members where agreement_id = any(${inside}) and organization_id is not null
    union select owner_organization_id from follow_up_actions where agreement_id = any(${inside}))`;
}

export async function readOrganizations(
  db: Executor,
  selection: OrganizationSelection,
): Promise<(SheetRow & { id: string })[]> {
  const rows = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      acronym: organizations.acronym,
      kind: organizations.kind,
      website: organizations.website,
    })
    .from(organizations)
    .where(selection === "all" ? undefined : namedOrganizations(selection))
    .orderBy(asc(organizations.createdAt), asc(organizations.id));
  return rows.map((row) => ({
    ...localizedCells("name", row.name),
    acronym: row.acronym,
    kind: row.kind,
    website: row.website,
    id: row.id,
  }));
}

export async function readContacts(
  db: Executor,
  lang: SheetBatch["lang"],
  organizationIds: readonly string[],
): Promise<SheetRow[]> {
  if (!organizationIds.length) return [];
  const rows = await db
    .select({
      id: contacts.id,
      name: organizations.name,
      fullName: contacts.fullName,
      role: contacts.role,
      email: contacts.email,
      phone: contacts.phone,
    })
    .from(contacts)
    .innerJoin(organizations, eq(organizations.id, contacts.organizationId))
    .where(sql`${contacts.organizationId} = any(${anyOf(organizationIds)})`)
    .orderBy(asc(organizations.createdAt), asc(organizations.id), asc(contacts.position), asc(contacts.id));
  return rows.map((row) => ({
    organization: organizationCell(row.name, lang),
    full_name: row.fullName,
    role: row.role,
    email: row.email,
    phone: row.phone,
    id: row.id,
  }));
}

const parent = alias(agreements, "parent");

const readAgreements: SheetReader = async (batch) => {
  const rows = await batch.db
    .select({
      agreementId: agreements.id,
      row: agreements,
      parentId: parent.id,
      parentReference: parent.reference,
    })
    .from(agreements)
    .leftJoin(parent, eq(parent.id, agreements.parentId))
    .where(inArray(agreements.id, idsOf(batch)));
  // A parent the reader may not read is not named: even its reference says it exists.
  const parentIds = [...new Set(rows.flatMap((row) => (row.parentId ? [row.parentId] : [])))];
  const readableParents = new Set(
    parentIds.length
      ? (
          await batch.db
            .select({ id: agreements.id })
            .from(agreements)
            .where(and(inArray(agreements.id, parentIds), readableAgreementsCondition(batch.actor)))
        ).map((row) => row.id)
      : [],
  );
  return inBatchOrder(batch, rows, () => 0).map(({ row, parentId, parentReference }) => ({
    reference: row.reference,
    kind: row.kind,
    ...localizedCells("title", row.title),
    ...localizedCells("summary", row.summary),
    status: row.status,
    visibility: row.visibility,
    themes: row.themes,
    national: row.national,
    signed_on: row.signedOn,
    effective_on: row.effectiveOn,
    expires_on: row.expiresOn,
    duration_months: row.durationMonths,
    renewal: row.renewal,
    renewal_notice_days: row.renewalNoticeDays,
    parent_agreement: parentId && readableParents.has(parentId) ? parentReference : null,
    id: row.id,
  }));
};

const readParties: SheetReader = async (batch) => {
  const rows = await batch.db
    .select({
      agreementId: agreementParties.agreementId,
      name: organizations.name,
      role: agreementParties.role,
      position: agreementParties.position,
    })
    .from(agreementParties)
    .innerJoin(organizations, eq(organizations.id, agreementParties.organizationId))
    .where(inArray(agreementParties.agreementId, idsOf(batch)));
  const references = referenceOf(batch);
  return inBatchOrder(batch, rows, (row) => row.position).map((row) => ({
    agreement: references.get(row.agreementId) ?? null,
    organization: organizationCell(row.name, batch.lang),
    role: row.role,
  }));
};

const readTerritories: SheetReader = async (batch) => {
  const rows = await batch.db
    .select({ agreementId: agreementTerritories.agreementId, code: agreementTerritories.territoryCode })
    .from(agreementTerritories)
    .where(inArray(agreementTerritories.agreementId, idsOf(batch)));
  const references = referenceOf(batch);
  return inBatchOrder(batch, rows, (row) => row.code).map((row) => ({
    agreement: references.get(row.agreementId) ?? null,
    territory: row.code,
  }));
};

const readObjectives: SheetReader = async (batch) => {
  const rows = await batch.db
    .select({
      agreementId: objectives.agreementId,
      id: objectives.id,
      text: objectives.text,
      number: numberSql(objectiveNumbering),
    })
    .from(objectives)
    .where(inArray(objectives.agreementId, idsOf(batch)));
  const references = referenceOf(batch);
  return inBatchOrder(batch, rows, (row) => row.number).map((row) => ({
    agreement: references.get(row.agreementId) ?? null,
    number: row.number,
    ...localizedCells("text", row.text),
    id: row.id,
  }));
};

const readCommitments: SheetReader = async (batch) => {
  const rows = await batch.db
    .select({
      agreementId: commitments.agreementId,
      id: commitments.id,
      name: organizations.name,
      text: commitments.text,
      number: numberSql(commitmentNumbering),
    })
    .from(commitments)
    .innerJoin(organizations, eq(organizations.id, commitments.organizationId))
    .where(inArray(commitments.agreementId, idsOf(batch)));
  const references = referenceOf(batch);
  return inBatchOrder(batch, rows, (row) => row.number).map((row) => ({
    agreement: references.get(row.agreementId) ?? null,
    number: row.number,
    organization: organizationCell(row.name, batch.lang),
    ...localizedCells("text", row.text),
    id: row.id,
  }));
};

const readContributions: SheetReader = async (batch) => {
  const rows = await batch.db
    .select({
      agreementId: contributions.agreementId,
      row: contributions,
      name: organizations.name,
    })
    .from(contributions)
    .innerJoin(organizations, eq(organizations.id, contributions.organizationId))
    .where(inArray(contributions.agreementId, idsOf(batch)));
  const references = referenceOf(batch);
  return inBatchOrder(batch, rows, (row) => row.row.id).map(({ row, name }) => ({
    agreement: references.get(row.agreementId) ?? null,
    organization: organizationCell(name, batch.lang),
    amount: row.amount,
    currency: row.currency,
    nature: row.nature,
    ...localizedCells("description", row.description),
    id: row.id,
  }));
};

const readAmendments: SheetReader = async (batch) => {
  const rows = await batch.db
    .select({ agreementId: amendments.agreementId, row: amendments })
    .from(amendments)
    .where(and(inArray(amendments.agreementId, idsOf(batch))));
  const references = referenceOf(batch);
  return inBatchOrder(batch, rows, (row) => `${row.row.signedOn} ${row.row.id}`).map(({ row }) => ({
    agreement: references.get(row.agreementId) ?? null,
    signed_on: row.signedOn,
    ...localizedCells("summary", row.summary),
    id: row.id,
  }));
};

export const registryReaders = {
  agreements: readAgreements,
  parties: readParties,
  agreement_territories: readTerritories,
  objectives: readObjectives,
  commitments: readCommitments,
  contributions: readContributions,
  amendments: readAmendments,
};
