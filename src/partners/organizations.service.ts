import { and, asc, eq, exists, or, type SQL, sql } from "drizzle-orm";
import { readableAgreementsCondition } from "../access/agreement-access.js";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { keptPerGeneration } from "../db/registry-generation.js";
import { insertOne } from "../db/rows.js";
import {
  agreementParties,
  agreements,
  contacts,
  organizationSearch,
  organizations,
  settings,
} from "../db/schema/index.js";
import { writeOrganizationSearchText } from "../search/organization-search-text.js";
import { parseSearchQuery, type SearchRequest } from "../search/query.js";
import type { Actor } from "../shared/actor.js";
import { notFound } from "../shared/errors.js";
import type { LocalizedText } from "../shared/localized.js";
import { isUuid, parseInput } from "../shared/validation.js";
import { type ContactRow, loadContacts } from "./contacts.service.js";
import { type OrganizationInput, organizationInputSchema } from "./organizations.input.js";
import { assertCanWriteOrganizations, organizationPolicy } from "./organizations.policy.js";

export type OrganizationRow = typeof organizations.$inferSelect;

const ASSOCIATION_SETTING = "association_organization_id";

/** The association's organisation id, as SQL, for queries that set it apart from its partners. */
export const associationIdSql = sql`(select (${settings.value} #>> '{}')::uuid from ${settings} where ${settings.key} = ${ASSOCIATION_SETTING})`;
export type { ContactRow };

/** How a name is compared on import: case, accents' composition, quotes and spacing do not matter. */
export function nameKey(name: LocalizedText): string {
  return [name.ar, name.fr, name.en]
    .filter((value): value is string => Boolean(value))
    .map(normalizeName)
    .join("|");
}

export function normalizeName(value: string): string {
  return value
    .normalize("NFC")
    .toLowerCase()
    .replace(/[`´‘’“”«»"']/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

export async function createOrganization({
  db,
  actor,
  input,
  source,
}: {
  db: Executor;
  actor: Actor;
  input: OrganizationInput;
  /** named in the audit event, e.g. the file an import read */
  source?: string;
}): Promise<OrganizationRow> {
  assertCanWriteOrganizations(actor);
  const data = parseInput(organizationInputSchema, input);
  return db.transaction(async (tx) => {
    const row = await insertOne(
      tx
        .insert(organizations)
        .values({
          kind: data.kind,
          name: data.name,
          acronym: data.acronym ?? null,
          website: data.website ?? null,
          nameKey: nameKey(data.name),
        })
        .returning(),
    );
    await writeOrganizationSearchText({ db: tx, organizationIds: [row.id] });
    if (data.contacts.length) {
      await tx.insert(contacts).values(
        data.contacts.map((contact, position) => ({
          organizationId: row.id,
          fullName: contact.fullName,
          role: contact.role ?? null,
          email: contact.email ?? null,
          phone: contact.phone ?? null,
          position,
        })),
      );
    }
    await recordAuditEvent({
      db: tx,
      actor,
      action: "organization.create",
      entityType: "organization",
      entityId: row.id,
      after: data,
      source,
    });
    return row;
  });
}

/** An organisation whose name, in any of its languages, equals `name` once normalised. */
export async function findOrganizationByName({ db, name }: { db: Executor; name: string }) {
  const wanted = normalizeName(name);
  const candidates = await db
    .select()
    .from(organizations)
    .where(sql`position(${wanted} in ${organizations.nameKey}) > 0`);
  return candidates.find((row) => row.nameKey.split("|").includes(wanted));
}

/** Party to at least one public agreement: what makes an organisation visible to the public. */
const partyToPublicAgreement = (db: Executor) =>
  exists(
    db
      .select({ one: sql`1` })
      .from(agreementParties)
      .innerJoin(agreements, eq(agreements.id, agreementParties.agreementId))
      .where(and(eq(agreementParties.organizationId, organizations.id), eq(agreements.visibility, "public"))),
  );

/**
 * The organisations the actor may see: all for the staff and viewers; for a focal point or a
 * council, its own and those party to an agreement it may read (a partner under negotiation
 * stays internal); for the public, those party to a public agreement.
 */
export function visibleOrganizationsCondition(db: Executor, actor: Actor): SQL | undefined {
  if (organizationPolicy.canSeeAll(actor)) return undefined;
  if (actor.role === "anonymous" || actor.role === "system") return partyToPublicAgreement(db);
  const partyToReadable = exists(
    db
      .select({ one: sql`1` })
      .from(agreementParties)
      .innerJoin(agreements, eq(agreements.id, agreementParties.agreementId))
      .where(and(eq(agreementParties.organizationId, organizations.id), readableAgreementsCondition(actor))),
  );
  return actor.organizationId
    ? or(eq(organizations.id, actor.organizationId), partyToReadable)
    : partyToReadable;
}

/**
 * The organisations the actor may see whose names or acronym match what is being typed (the
 * search's folding: "universite" finds "Université", "الجامعة" finds "جامعة"), the association
 * left out, in name order: what suggestions as you type show.
 */
export async function suggestOrganizations({ db, actor, q, limit = 8 }: SearchRequest) {
  const query = parseSearchQuery(q);
  if (!query) return [];
  return db
    .select({ id: organizations.id, name: organizations.name, acronym: organizations.acronym })
    .from(organizations)
    .where(
      and(
        sql`${organizations.id} = any(array(select ${organizationSearch.organizationId} from ${organizationSearch}
          where ${organizationSearch.words} @@ to_tsquery('simple', ${query.tsquery})))`,
        sql`${organizations.id} is distinct from ${associationIdSql}`,
        visibleOrganizationsCondition(db, actor),
      ),
    )
    .orderBy(asc(organizations.nameKey))
    .limit(limit);
}

/**
 * Throws not_found unless the organisation exists and the actor may read it: the rule of its
 * own page (getOrganization), for what else shows it, such as its history.
 */
export async function assertCanReadOrganization({
  db,
  actor,
  id,
}: {
  db: Executor;
  actor: Actor;
  id: string;
}) {
  if (!isUuid(id)) throw notFound("Organization", id);
  const [row] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.id, id), visibleOrganizationsCondition(db, actor)));
  if (!row) throw notFound("Organization", id);
}

/**
 * One organisation with its contacts; `contacts` is null for an actor who may not see them
 * (the public). The public asking for an organisation it may not see gets "not found".
 */
export async function getOrganization({ db, actor, id }: { db: Executor; actor: Actor; id: string }) {
  const [row] = await db
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, id), visibleOrganizationsCondition(db, actor)));
  if (!row) throw notFound("Organization", id);
  const people = organizationPolicy.canSeeContacts(actor, id)
    ? await loadContacts({ db, organizationId: id })
    : null;
  return { ...row, contacts: people };
}

export type OrganizationDetail = Awaited<ReturnType<typeof getOrganization>>;

/** The agreements an organisation is party to that the actor may read, with its roles in each. */
export async function listOrganizationAgreements({
  db,
  actor,
  id,
}: {
  db: Executor;
  actor: Actor;
  id: string;
}) {
  const rows = await db
    .select({
      id: agreements.id,
      reference: agreements.reference,
      title: agreements.title,
      status: agreements.status,
      visibility: agreements.visibility,
      role: agreementParties.role,
    })
    .from(agreementParties)
    .innerJoin(agreements, eq(agreements.id, agreementParties.agreementId))
    .where(and(eq(agreementParties.organizationId, id), readableAgreementsCondition(actor)))
    .orderBy(asc(agreements.reference), asc(agreementParties.position));
  const byId = new Map<
    string,
    Omit<(typeof rows)[number], "role"> & { roles: (typeof rows)[number]["role"][] }
  >();
  for (const { role, ...agreement } of rows) {
    const entry = byId.get(agreement.id) ?? { ...agreement, roles: [] };
    entry.roles.push(role);
    byId.set(agreement.id, entry);
  }
  return [...byId.values()];
}

/** The association that uses Sharaka; it is an organisation too, and a party to its agreements. */
export const defaultAssociation: OrganizationInput = {
  kind: "association",
  acronym: "AMPCPP",
  name: {
    ar: "الجمعية المغربية لرؤساء مجالس العمالات والأقاليم",
    fr: "Association Marocaine des Présidents des Conseils Préfectoraux et Provinciaux",
    en: "Moroccan Association of the Presidents of the Councils of Prefectures and Provinces",
  },
};

export async function getAssociation({ db }: { db: Executor }): Promise<OrganizationRow | undefined> {
  const [row] = await db.select().from(organizations).where(sql`${organizations.id} = ${associationIdSql}`);
  return row;
}

const keptAssociation = keptPerGeneration(
  (db) => getAssociation({ db }),
  () => "",
);

/**
 * The association as the pages show it, kept until a write: the portal asks on every page, to set
 * the association apart from its partners. Its row and the setting naming it change only by
 * writes that raise the generation (ensureAssociation raises it too). Not for a transaction,
 * which must read its own writes: getAssociation.
 */
export const readAssociation = ({ db }: { db: Executor }): Promise<OrganizationRow | undefined> =>
  keptAssociation(db, undefined);

export async function ensureAssociation({
  db,
  actor,
}: {
  db: Executor;
  actor: Actor;
}): Promise<OrganizationRow> {
  const existing = await getAssociation({ db });
  if (existing) return existing;
  return db.transaction(async (tx) => {
    const byName = await findOrganizationByName({ db: tx, name: defaultAssociation.name.en ?? "" });
    const association = byName ?? (await createOrganization({ db: tx, actor, input: defaultAssociation }));
    await tx
      .insert(settings)
      .values({ key: ASSOCIATION_SETTING, value: association.id })
      .onConflictDoNothing();
    await recordAuditEvent({
      db: tx,
      actor,
      action: "settings.set",
      entityType: "setting",
      entityId: ASSOCIATION_SETTING,
      after: association.id,
      // Which organisation is the association shows on every public page.
      changesPublic: true,
    });
    return association;
  });
}
