import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { LocalizedText } from "./common.js";
import { organizations } from "./organizations.js";
import { territories } from "./territories.js";

export const agreementKinds = ["partnership", "cooperation", "framework", "specific", "mou"] as const;
export type AgreementKind = (typeof agreementKinds)[number];

export const agreementStatuses = [
  "draft",
  "negotiation",
  "signed",
  "in_force",
  "suspended",
  "expired",
  "terminated",
] as const;
export type AgreementStatus = (typeof agreementStatuses)[number];

export const partyRoles = ["signatory", "funder", "implementing", "technical", "beneficiary"] as const;
export type PartyRole = (typeof partyRoles)[number];

export const renewalModes = ["none", "tacit", "amendment"] as const;
export type RenewalMode = (typeof renewalModes)[number];

export const visibilities = ["public", "internal"] as const;
export type Visibility = (typeof visibilities)[number];

export const agreements = pgTable(
  "agreements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reference: text("reference").notNull(),
    kind: text("kind").$type<AgreementKind>().notNull(),
    title: jsonb("title").$type<LocalizedText>().notNull(),
    summary: jsonb("summary").$type<LocalizedText>().notNull().default({}),
    status: text("status").$type<AgreementStatus>().notNull().default("draft"),
    visibility: text("visibility").$type<Visibility>().notNull().default("internal"),
    themes: text("themes").array().notNull().default(sql`'{}'::text[]`),
    /** true: reaches every territory; false: only those in agreement_territories */
    national: boolean("national").notNull().default(true),
    signedOn: date("signed_on"),
    effectiveOn: date("effective_on"),
    expiresOn: date("expires_on"),
    durationMonths: integer("duration_months"),
    renewal: text("renewal").$type<RenewalMode>().notNull().default("none"),
    renewalNoticeDays: integer("renewal_notice_days"),
    parentId: uuid("parent_id").references((): AnyPgColumn => agreements.id, { onDelete: "set null" }),
    /** where the record came from, e.g. "page:<sha256 of the heading>" so a re-import finds it */
    sourceKey: text("source_key"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("agreements_reference_uq").on(t.reference),
    uniqueIndex("agreements_source_key_uq").on(t.sourceKey),
    index("agreements_status_idx").on(t.status),
    // The catalogue's order, so that a page of 20 stops early instead of sorting the table.
    index("agreements_catalogue_order_idx").on(
      t.visibility,
      t.signedOn.desc().nullsLast(),
      t.createdAt.desc().nullsFirst(),
      t.reference,
    ),
    // The same order for those who see every agreement (the workspace), with no visibility to start from.
    index("agreements_order_idx").on(
      t.signedOn.desc().nullsLast(),
      t.createdAt.desc().nullsFirst(),
      t.reference,
    ),
    index("agreements_parent_idx").on(t.parentId),
    index("agreements_themes_idx").using("gin", t.themes),
  ],
);

/**
 * The columns an agreement's term and health are computed from (src/domain/figures.ts's
 * AgreementFacts): every query that feeds figures.ts selects these, spelt once.
 */
export const agreementTermColumns = {
  status: agreements.status,
  signedOn: agreements.signedOn,
  effectiveOn: agreements.effectiveOn,
  expiresOn: agreements.expiresOn,
  durationMonths: agreements.durationMonths,
  renewal: agreements.renewal,
  renewalNoticeDays: agreements.renewalNoticeDays,
};

export const agreementParties = pgTable(
  "agreement_parties",
  {
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreements.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "restrict" }),
    role: text("role").$type<PartyRole>().notNull(),
    position: integer("position").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.agreementId, t.organizationId, t.role] }),
    index("agreement_parties_org_idx").on(t.organizationId),
  ],
);

export const agreementTerritories = pgTable(
  "agreement_territories",
  {
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreements.id, { onDelete: "cascade" }),
    territoryCode: text("territory_code")
      .notNull()
      .references(() => territories.code, { onDelete: "restrict" }),
  },
  (t) => [
    primaryKey({ columns: [t.agreementId, t.territoryCode] }),
    index("agreement_territories_code_idx").on(t.territoryCode),
  ],
);

export const objectives = pgTable(
  "objectives",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreements.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    text: jsonb("text").$type<LocalizedText>().notNull(),
  },
  (t) => [index("objectives_agreement_idx").on(t.agreementId, t.position)],
);

export const commitments = pgTable(
  "commitments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreements.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "restrict" }),
    position: integer("position").notNull(),
    text: jsonb("text").$type<LocalizedText>().notNull(),
  },
  (t) => [index("commitments_agreement_idx").on(t.agreementId)],
);

export const contributionNatures = ["cash", "in_kind"] as const;
export type ContributionNature = (typeof contributionNatures)[number];

export const contributions = pgTable(
  "contributions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreements.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "restrict" }),
    amount: numeric("amount", { precision: 16, scale: 2 }).notNull(),
    currency: text("currency").notNull().default("MAD"),
    nature: text("nature").$type<ContributionNature>().notNull(),
    description: jsonb("description").$type<LocalizedText>().notNull().default({}),
  },
  (t) => [index("contributions_agreement_idx").on(t.agreementId)],
);

export const amendments = pgTable(
  "amendments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agreementId: uuid("agreement_id")
      .notNull()
      .references(() => agreements.id, { onDelete: "cascade" }),
    signedOn: date("signed_on").notNull(),
    summary: jsonb("summary").$type<LocalizedText>().notNull(),
  },
  (t) => [index("amendments_agreement_idx").on(t.agreementId)],
);

/**
 * How many agreements there are of each visibility and status, kept by triggers on `agreements`
 * (migration 0010): the catalogue's and the API's totals, unfiltered or by status, read a few
 * rows here instead of counting the agreements on every request.
 */
export const agreementCounts = pgTable(
  "agreement_counts",
  {
    visibility: text("visibility").$type<Visibility>().notNull(),
    status: text("status").$type<AgreementStatus>().notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.visibility, t.status] })],
);
