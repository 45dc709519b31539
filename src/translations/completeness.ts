import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Executor } from "../db/client.js";
import { keptPerGeneration } from "../db/registry-generation.js";
import { queryRows } from "../db/rows.js";
import {
  agreementParties,
  agreements,
  commitments,
  objectives,
  organizations,
  territories,
} from "../db/schema/index.js";
import { type Language, type LocalizedText, languages } from "../shared/localized.js";

/**
 * Which texts exist in some language but not in another: every record is written in Arabic,
 * French and English, and until it is, the reader of a missing language sees another one. The
 * public registry's gaps per language (the open-data page, the dashboard) and one agreement's
 * (the portal's agreement page).
 */

/** A text written in some language but not in `lang`: its reader in `lang` sees another language. */
export function missingIn(text: LocalizedText | null | undefined, lang: Language): boolean {
  if (!text) return false;
  return !text[lang]?.trim() && languages.some((other) => other !== lang && Boolean(text[other]?.trim()));
}

/** How many of these texts a reader in `lang` sees in another language. */
export const untranslatedCount = (
  texts: readonly (LocalizedText | null | undefined)[],
  lang: Language,
): number => texts.filter((text) => missingIn(text, lang)).length;

export interface LanguageGaps {
  /** public records with texts (agreements, their objectives and commitments, their parties, territories) */
  records: number;
  /** of those, the records with a text missing in the language */
  incomplete: Record<Language, number>;
}

/**
 * A text written in some language but not in `lang`, as SQL: the twin of `missingIn`, so that
 * the translation queue lists exactly what the counts count.
 */
export const missingTextSql = (column: AnyPgColumn | SQL, lang: Language): SQL => {
  const blank = (language: Language) => sql`coalesce(trim(${column}->>${sql.raw(`'${language}'`)}), '') = ''`;
  const others = languages.filter((other) => other !== lang).map((other) => sql`not ${blank(other)}`);
  // Three plain tests of the row's own value: no set of its keys to build (the queue's counts read every row).
  return sql`(${blank(lang)} and (${sql.join(others, sql` or `)}))`;
};

const missingSql = (column: string, lang: Language) => missingTextSql(sql.raw(column), lang);

/** The public registry's records with a text missing in each language, counted by the database. */
async function countPublicGaps(db: Executor): Promise<LanguageGaps> {
  // Each record is one row: whether some text of it is missing in each language.
  const missingOf = (...columns: string[]) =>
    sql.join(
      languages.map(
        (lang) =>
          sql`(${sql.join(
            columns.map((column) => missingSql(column, lang)),
            sql` or `,
          )}) as ${sql.raw(lang)}`,
      ),
      sql`, `,
    );
  const publicAgreement = sql`(select id from ${agreements} where visibility = 'public')`;
  const counted = sql.join(
    languages.map((lang) => sql`count(*) filter (where ${sql.raw(lang)})::int as ${sql.raw(lang)}`),
    sql`, `,
  );
  const rows = await queryRows<Record<Language, number> & { records: number }>(
    db,
    sql`
    select count(*)::int as records, ${counted}
    from (
      select ${missingOf("title", "summary")} from ${agreements} where visibility = 'public'
      union all select ${missingOf("text")} from ${objectives} where agreement_id in ${publicAgreement}
      union all select ${missingOf("text")} from ${commitments} where agreement_id in ${publicAgreement}
      union all select ${missingOf("name")} from ${organizations} where id in (
        select organization_id from ${agreementParties} where agreement_id in ${publicAgreement}
      )
      union all select ${missingOf("name", "full_name")} from ${territories}
    ) as records`,
  );
  const [row] = rows;
  return {
    records: row?.records ?? 0,
    incomplete: { ar: row?.ar ?? 0, fr: row?.fr ?? 0, en: row?.en ?? 0 },
  };
}

/** Kept until the next write: the open-data page and every dashboard read it. */
const keptGaps = keptPerGeneration(
  (db: Executor) => countPublicGaps(db),
  () => "public",
);

export const publicTranslationGaps = ({ db }: { db: Executor }): Promise<LanguageGaps> =>
  keptGaps(db, undefined);
