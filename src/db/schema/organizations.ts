import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { LocalizedText } from "./common.js";

export const organizationKinds = [
  "ministry",
  "public_institution",
  "territorial_collectivity",
  "university",
  "association",
  "foundation",
  "international_organization",
  "private_company",
  "other",
] as const;
export type OrganizationKind = (typeof organizationKinds)[number];

export const organizations = pgTable(
  "organizations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").$type<OrganizationKind>().notNull(),
    name: jsonb("name").$type<LocalizedText>().notNull(),
    acronym: text("acronym"),
    website: text("website"),
    /** lower-cased names in every language, to find an organisation again by name on import */
    nameKey: text("name_key").notNull(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("organizations_kind_idx").on(t.kind), index("organizations_name_key_idx").on(t.nameKey)],
);

export const contacts = pgTable(
  "contacts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    fullName: text("full_name").notNull(),
    role: text("role"),
    email: text("email"),
    phone: text("phone"),
    position: integer("position").notNull().default(0),
  },
  (t) => [index("contacts_organization_idx").on(t.organizationId)],
);
