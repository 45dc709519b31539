import { and, eq, inArray, type SQL } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { insideAgreementsCondition, readableAgreementsCondition } from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import {
  actionPlans,
  activities,
  agreements,
  committeeMembers,
  decisions,
  documents,
  followUpActions,
  indicators,
  meetings,
  objectives,
  organizations,
  territories,
  users,
} from "../db/schema/index.js";
import { readableDocumentsCondition } from "../documents/documents.search.js";
import { visibleOrganizationsCondition } from "../partners/organizations.service.js";
import type { Actor } from "../shared/actor.js";
import { formatDateTime } from "../shared/i18n.js";
import { clipped, type Language, type LocalizedText, textOf } from "../shared/localized.js";
import { isUuid } from "../shared/validation.js";
import type { ReferenceType } from "../web/field-values.js";

/** The records to name, by type: ids (territory codes for territories). */
export type Wanted = Map<ReferenceType, Set<string>>;

/** A record's name, read by `${type}:${id}`; absent when the reader may not read it or it is gone. */
export type RecordNames = Map<string, string>;

export const nameKey = (type: ReferenceType, id: string) => `${type}:${id}`;

export function want(wanted: Wanted, type: ReferenceType, id: unknown): void {
  if (typeof id !== "string" || !id) return;
  let ids = wanted.get(type);
  if (!ids) {
    ids = new Set();
    wanted.set(type, ids);
  }
  ids.add(id);
}

interface NameRow {
  id: string;
  name: string;
}

/** A follow-up record, named as its agreement's readers may read it. */
function followUp(
  table: PgTable,
  id: AnyPgColumn,
  agreementId: AnyPgColumn,
  name: (lang: Language, row: Record<string, unknown>) => string,
  columns: Record<string, AnyPgColumn>,
  scope: SQL | undefined,
) {
  return async (db: Executor, ids: string[], lang: Language): Promise<NameRow[]> => {
    const rows = await db
      .select({ id, ...columns })
      .from(table)
      .innerJoin(agreements, eq(agreements.id, agreementId))
      .where(and(inArray(id, ids), scope));
    return rows.map((row) => ({ id: String(row.id), name: name(lang, row as Record<string, unknown>) }));
  };
}

const localized = (value: unknown, lang: Language) => clipped(textOf(value as LocalizedText, lang), 120);

/**
 * The names of the records a page of events points at, each read only where the reader may read
 * it (the same conditions as the records' own lists): a name the reader may not read is simply
 * absent, and the page shows a neutral label instead, as it does for a record that is gone.
 */
export async function nameRecords({
  db,
  actor,
  lang,
  wanted,
}: {
  db: Executor;
  actor: Actor;
  lang: Language;
  wanted: Wanted;
}): Promise<RecordNames> {
  const readable = readableAgreementsCondition(actor);
  const inside = insideAgreementsCondition(actor);
  const readers: Record<ReferenceType, (db: Executor, ids: string[], lang: Language) => Promise<NameRow[]>> =
    {
      agreement: async (db, ids, lang) =>
        (
          await db
            .select({ id: agreements.id, reference: agreements.reference, title: agreements.title })
            .from(agreements)
            .where(and(inArray(agreements.id, ids), readable))
        ).map((row) => ({ id: row.id, name: agreementName(row.reference, row.title, lang) })),
      organization: async (db, ids, lang) =>
        (
          await db
            .select({ id: organizations.id, name: organizations.name, acronym: organizations.acronym })
            .from(organizations)
            .where(and(inArray(organizations.id, ids), visibleOrganizationsCondition(db, actor)))
        ).map((row) => ({
          id: row.id,
          name: textOf(row.name, lang, row.acronym ?? "") + (row.acronym ? ` (${row.acronym})` : ""),
        })),
      // Reference data, public.
      territory: async (db, codes, lang) =>
        (
          await db
            .select({ id: territories.code, name: territories.name })
            .from(territories)
            .where(inArray(territories.code, codes))
        ).map((row) => ({ id: row.id, name: textOf(row.name, lang, row.id) })),
      // Whoever reads a record reads who acts on it: the people named in it are its actors and owners.
      user: async (db, ids) =>
        db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids)),
      document: async (db, ids, lang) =>
        (
          await db
            .select({ id: documents.id, title: documents.title })
            .from(documents)
            .where(and(inArray(documents.id, ids), readableDocumentsCondition(actor)))
        ).map((row) => ({ id: row.id, name: localized(row.title, lang) })),
      objective: followUp(
        objectives,
        objectives.id,
        objectives.agreementId,
        (lang, row) => localized(row.text, lang),
        { text: objectives.text },
        readable,
      ),
      action_plan: followUp(
        actionPlans,
        actionPlans.id,
        actionPlans.agreementId,
        (lang, row) => localized(row.title, lang),
        { title: actionPlans.title },
        readable,
      ),
      activity: followUp(
        activities,
        activities.id,
        activities.agreementId,
        (lang, row) => localized(row.title, lang),
        { title: activities.title },
        readable,
      ),
      indicator: followUp(
        indicators,
        indicators.id,
        indicators.agreementId,
        (lang, row) => localized(row.name, lang),
        { name: indicators.name },
        readable,
      ),
      // The committee's records are read from the inside only (committee.policy.ts).
      committee_member: followUp(
        committeeMembers,
        committeeMembers.id,
        committeeMembers.agreementId,
        (_lang, row) => String(row.fullName),
        { fullName: committeeMembers.fullName },
        inside,
      ),
      meeting: followUp(
        meetings,
        meetings.id,
        meetings.agreementId,
        (lang, row) => `${localized(row.title, lang)} (${formatDateTime(lang, row.startsAt as Date)})`,
        { title: meetings.title, startsAt: meetings.startsAt },
        inside,
      ),
      decision: followUp(
        decisions,
        decisions.id,
        decisions.agreementId,
        (lang, row) => localized(row.text, lang),
        { text: decisions.text },
        inside,
      ),
      follow_up_action: followUp(
        followUpActions,
        followUpActions.id,
        followUpActions.agreementId,
        (lang, row) => localized(row.description, lang),
        { description: followUpActions.description },
        inside,
      ),
    };
  const names: RecordNames = new Map();
  await Promise.all(
    [...wanted].map(async ([type, ids]) => {
      // Every table but the territories' and the accounts' is keyed by uuid: anything else names no record.
      const keys = [...ids].filter((id) => type === "territory" || type === "user" || isUuid(id));
      if (!keys.length) return;
      for (const row of await readers[type](db, keys, lang)) names.set(nameKey(type, row.id), row.name);
    }),
  );
  return names;
}

/** An agreement as people name it: its reference, then its title in the reader's language. */
export function agreementName(reference: string | null, title: LocalizedText, lang: Language): string {
  const name = clipped(textOf(title, lang), 120);
  if (!reference) return name;
  return name ? `${reference} — ${name}` : reference;
}
