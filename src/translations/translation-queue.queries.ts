import { and, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { queryRows } from "../db/rows.js";
import { agreements } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import type { Language, LocalizedText } from "../shared/localized.js";
import { missingIn, missingTextSql } from "./completeness.js";
import {
  type KindSpec,
  kindSpecs,
  type TranslatableKind,
  textsSql,
  translatableKinds,
} from "./translatable.js";
import { assertCanTranslateInto } from "./translations.policy.js";

/**
 * The "to translate" queue: the records the actor may read whose texts are written in some
 * language but not in `lang`, kind by kind, with every language they are written in (the
 * source a translator works from) and the version a save is checked against.
 */

export interface QueueItem {
  kind: TranslatableKind;
  id: string;
  version: number;
  /** the agreement it belongs to, to say which one: its reference and title */
  agreement: { id: string; reference: string; title: LocalizedText } | null;
  texts: Record<string, LocalizedText>;
  /** the fields with a text in another language and none in `lang`, in the kind's order */
  missing: string[];
}

const missingAny = (spec: KindSpec, lang: Language): SQL =>
  or(...spec.fields.map((field) => missingTextSql(field.column, lang))) as SQL;

const whereOf = (spec: KindSpec, actor: Actor, lang: Language): SQL =>
  and(spec.scope(actor), missingAny(spec, lang)) as SQL;

/**
 * How many records of each kind wait for a text in each of `langs`: one statement, each kind's
 * table read once whatever the number of languages (the languages page asks for all three).
 */
export async function countTranslationQueues({
  db,
  actor,
  langs,
}: {
  db: Executor;
  actor: Actor;
  langs: readonly Language[];
}): Promise<Map<Language, Record<TranslatableKind, number>>> {
  for (const lang of langs) assertCanTranslateInto(actor, lang);
  const waiting = new Map<Language, Record<TranslatableKind, number>>();
  if (!langs.length) return waiting;
  const counts = translatableKinds.map((kind) => {
    const spec = kindSpecs[kind];
    const perLanguage = sql.join(
      langs.map((lang) => sql`${lang}::text, count(*) filter (where ${missingAny(spec, lang)})`),
      sql`, `,
    );
    const anyLanguage = or(...langs.map((lang) => missingAny(spec, lang)));
    return sql`(select json_build_object(${perLanguage}) from ${spec.from} where ${and(spec.scope(actor), anyLanguage) as SQL}) as ${sql.identifier(kind)}`;
  });
  const [row] = await queryRows<Record<TranslatableKind, Record<string, number> | string>>(
    db,
    sql`select ${sql.join(counts, sql`, `)}`,
  );
  for (const lang of langs)
    waiting.set(
      lang,
      Object.fromEntries(
        translatableKinds.map((kind) => {
          const perLanguage = row?.[kind];
          const parsed = typeof perLanguage === "string" ? JSON.parse(perLanguage) : perLanguage;
          return [kind, Number(parsed?.[lang] ?? 0)];
        }),
      ) as Record<TranslatableKind, number>,
    );
  return waiting;
}

/** How many records of each kind wait for a text in `lang`. */
export async function countTranslationQueue(options: {
  db: Executor;
  actor: Actor;
  lang: Language;
}): Promise<Record<TranslatableKind, number>> {
  const waiting = await countTranslationQueues({ ...options, langs: [options.lang] });
  return waiting.get(options.lang) as Record<TranslatableKind, number>;
}

interface QueueRow {
  id: string;
  version: number;
  agreement_id: string | null;
  reference: string | null;
  agreement_title: LocalizedText | null;
  texts: Record<string, LocalizedText>;
}

/**
 * One page of the records of one kind that wait for a text in `lang` (how many wait in all is
 * countTranslationQueue's: a total here would make the database sort every waiting row).
 */
export async function listTranslationQueue({
  db,
  actor,
  lang,
  kind,
  limit,
  offset,
}: {
  db: Executor;
  actor: Actor;
  lang: Language;
  kind: TranslatableKind;
  limit: number;
  offset: number;
}): Promise<QueueItem[]> {
  assertCanTranslateInto(actor, lang);
  const spec = kindSpecs[kind];
  const ofAgreement = spec.agreementId !== undefined;
  const rows = await queryRows<QueueRow>(
    db,
    sql`select ${spec.id} as id, ${spec.version.column} as version, ${textsSql(spec)} as texts,
      ${ofAgreement ? sql`${agreements.id}` : sql`null`} as agreement_id,
      ${ofAgreement ? sql`${agreements.reference}` : sql`null`} as reference,
      ${ofAgreement ? sql`${agreements.title}` : sql`null`} as agreement_title
    from ${spec.from}
    where ${whereOf(spec, actor, lang)}
    order by ${spec.order}
    limit ${limit} offset ${offset}`,
  );
  const items = rows.map((row): QueueItem => {
    const texts = row.texts;
    return {
      kind,
      id: row.id,
      version: Number(row.version),
      agreement:
        row.agreement_id && row.reference
          ? { id: row.agreement_id, reference: row.reference, title: row.agreement_title ?? {} }
          : null,
      texts,
      missing: spec.fields.map((field) => field.name).filter((name) => missingIn(texts[name], lang)),
    };
  });
  return items;
}
