import { eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { readableAgreementsCondition } from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import {
  activities,
  agreementParties,
  agreements,
  agreementTerritories,
  commitments,
  indicators,
  objectives,
  organizations,
  territories,
} from "../db/schema/index.js";
import { MAX_NAME_LENGTH, MAX_UNIT_LENGTH } from "../indicators/indicators.input.js";
import { nameKey } from "../partners/organizations.service.js";
import {
  refreshSearchTextForOrganization,
  writeAgreementSearchText,
} from "../search/agreement-search-text.js";
import { writeOrganizationSearchText } from "../search/organization-search-text.js";
import { activitySearchText } from "../search/record-search-text.js";
import { type Actor, isStaff } from "../shared/actor.js";
import type { LocalizedText } from "../shared/localized.js";

/**
 * The records whose texts the translation queue fills in, one entry per kind: which of its
 * columns are texts (with the longest each may be, as its own form allows), what it is read
 * within (the actor's reading scope), which version a save is checked against (an objective's
 * and a commitment's are their agreement's: they are edited with it), and what must follow a
 * change of its texts in the same transaction (search words, a name key).
 */

export const translatableKinds = [
  "agreement",
  "objective",
  "commitment",
  "organization",
  "activity",
  "indicator",
  "territory",
] as const;
export type TranslatableKind = (typeof translatableKinds)[number];

export interface TextField {
  name: string;
  column: AnyPgColumn;
  max: number;
}

export interface TranslatableRecord {
  id: string;
  version: number;
  /** the agreement it belongs to (its own id for an agreement) */
  agreementId: string | null;
  texts: Record<string, LocalizedText>;
}

export interface KindSpec {
  table: PgTable;
  id: AnyPgColumn;
  fields: TextField[];
  /** the table and row that hold the version a save is checked against and raises */
  version: { table: PgTable; column: AnyPgColumn; id: AnyPgColumn; updatedAt?: AnyPgColumn };
  /** the agreement the record belongs to, when it belongs to one */
  agreementId?: AnyPgColumn;
  /** the records of this kind the actor may read, as a condition over `from` (undefined: all) */
  scope: (actor: Actor) => SQL | undefined;
  /** the tables the record is read from (joined to its agreement when it has one) */
  from: SQL;
  order: SQL;
  /** what follows a change of its texts, in the same transaction */
  afterWrite: (
    db: Executor,
    record: TranslatableRecord,
    texts: Record<string, LocalizedText>,
  ) => Promise<void>;
  /** the audit event's record: the agreement for its objectives and commitments */
  audit: { entityType: string; list?: "objectives" | "commitments" };
}

/** What joins a record of the agreement to its agreement, for its scope, version and context. */
const withAgreement = (table: PgTable, agreementId: AnyPgColumn) =>
  sql`${table} join ${agreements} on ${agreements.id} = ${agreementId}`;

const agreementVersion = {
  table: agreements,
  column: agreements.version,
  id: agreements.id,
  updatedAt: agreements.updatedAt,
};

const reindexAgreement = async (db: Executor, record: TranslatableRecord) => {
  if (record.agreementId) await writeAgreementSearchText({ db, agreementIds: [record.agreementId] });
};

/** An objective or a commitment: a text of its agreement's, with its version, in its list's order. */
function agreementListSpec(
  table: typeof objectives | typeof commitments,
  list: "objectives" | "commitments",
): KindSpec {
  return {
    table,
    id: table.id,
    fields: [{ name: "text", column: table.text, max: 4000 }],
    version: agreementVersion,
    agreementId: table.agreementId,
    scope: readableAgreementsCondition,
    from: withAgreement(table, table.agreementId),
    order: sql`${agreements.reference}, ${table.position}`,
    afterWrite: reindexAgreement,
    audit: { entityType: "agreement", list },
  };
}

/**
 * The organisations an actor may read: every one for the staff and viewers; for a focal point or
 * a council, its own and the parties to the agreements it may read (organizations.policy.ts).
 */
function readableOrganizations(actor: Actor): SQL | undefined {
  if (isStaff(actor) || actor.role === "viewer") return undefined;
  const partyOfReadable = inArray(
    organizations.id,
    sql`(select ${agreementParties.organizationId} from ${agreementParties} join ${agreements} on ${agreements.id} = ${agreementParties.agreementId} where ${readableAgreementsCondition(actor) ?? sql`true`})`,
  );
  return actor.organizationId
    ? or(partyOfReadable, eq(organizations.id, actor.organizationId))
    : partyOfReadable;
}

export const kindSpecs: Record<TranslatableKind, KindSpec> = {
  agreement: {
    table: agreements,
    id: agreements.id,
    fields: [
      { name: "title", column: agreements.title, max: 500 },
      { name: "summary", column: agreements.summary, max: 8000 },
    ],
    version: agreementVersion,
    agreementId: agreements.id,
    scope: readableAgreementsCondition,
    from: sql`${agreements}`,
    order: sql`${agreements.reference}`,
    afterWrite: reindexAgreement,
    audit: { entityType: "agreement" },
  },
  objective: agreementListSpec(objectives, "objectives"),
  commitment: agreementListSpec(commitments, "commitments"),
  organization: {
    table: organizations,
    id: organizations.id,
    fields: [{ name: "name", column: organizations.name, max: 300 }],
    version: {
      table: organizations,
      column: organizations.version,
      id: organizations.id,
      updatedAt: organizations.updatedAt,
    },
    scope: readableOrganizations,
    from: sql`${organizations}`,
    order: sql`${organizations.nameKey}, ${organizations.id}`,
    afterWrite: async (db, record, texts) => {
      const name = texts.name ?? {};
      // The name key finds an organisation again by any of its names on import.
      await db
        .update(organizations)
        .set({ nameKey: nameKey(name) })
        .where(eq(organizations.id, record.id));
      await writeOrganizationSearchText({ db, organizationIds: [record.id] });
      await refreshSearchTextForOrganization({ db, organizationId: record.id });
    },
    audit: { entityType: "organization" },
  },
  activity: {
    table: activities,
    id: activities.id,
    fields: [
      { name: "title", column: activities.title, max: 300 },
      { name: "description", column: activities.description, max: 8000 },
      { name: "deliverables", column: activities.deliverables, max: 8000 },
    ],
    version: {
      table: activities,
      column: activities.version,
      id: activities.id,
      updatedAt: activities.updatedAt,
    },
    agreementId: activities.agreementId,
    scope: readableAgreementsCondition,
    from: withAgreement(activities, activities.agreementId),
    order: sql`${agreements.reference}, ${activities.createdAt}, ${activities.id}`,
    afterWrite: async (db, record, texts) => {
      await db
        .update(activities)
        .set({ searchText: activitySearchText({ title: texts.title ?? {} }) })
        .where(eq(activities.id, record.id));
      await reindexAgreement(db, record);
    },
    audit: { entityType: "activity" },
  },
  indicator: {
    table: indicators,
    id: indicators.id,
    fields: [
      { name: "name", column: indicators.name, max: MAX_NAME_LENGTH },
      { name: "unit", column: indicators.unit, max: MAX_UNIT_LENGTH },
    ],
    version: {
      table: indicators,
      column: indicators.version,
      id: indicators.id,
      updatedAt: indicators.updatedAt,
    },
    agreementId: indicators.agreementId,
    scope: readableAgreementsCondition,
    from: withAgreement(indicators, indicators.agreementId),
    order: sql`${agreements.reference}, ${indicators.createdAt}, ${indicators.id}`,
    afterWrite: async () => {},
    audit: { entityType: "indicator" },
  },
  territory: {
    table: territories,
    id: territories.code,
    fields: [
      { name: "name", column: territories.name, max: 200 },
      { name: "fullName", column: territories.fullName, max: 300 },
    ],
    version: { table: territories, column: territories.version, id: territories.code },
    scope: () => undefined,
    from: sql`${territories}`,
    order: sql`${territories.code}`,
    // An agreement is found by the names of the territories it names.
    afterWrite: async (db, record) => {
      const naming = await db
        .selectDistinct({ id: agreementTerritories.agreementId })
        .from(agreementTerritories)
        .where(eq(agreementTerritories.territoryCode, record.id));
      await writeAgreementSearchText({ db, agreementIds: naming.map((row) => row.id) });
    },
    audit: { entityType: "territory" },
  },
};

/** The record's texts, as one JSON object by field name. */
export const textsSql = (spec: KindSpec): SQL =>
  sql`jsonb_build_object(${sql.join(
    spec.fields.map((field) => sql`${field.name}::text, ${field.column}`),
    sql`, `,
  )})`;
