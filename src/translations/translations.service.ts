import { and, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { queryRows } from "../db/rows.js";
import { agreements } from "../db/schema/index.js";
import type { Actor } from "../shared/actor.js";
import { AppError, assertSameVersion, notFound } from "../shared/errors.js";
import { cleanText, type Language, type LocalizedText, languages } from "../shared/localized.js";
import { isUuid, parseInput } from "../shared/validation.js";
import { missingIn } from "./completeness.js";
import {
  kindSpecs,
  type TranslatableKind,
  type TranslatableRecord,
  textsSql,
  translatableKinds,
} from "./translatable.js";
import { assertCanTranslateInto } from "./translations.policy.js";

/**
 * Writes the texts of one record in one language, from the translation queue: the translator's
 * only write, and the staff's too there. Checked against the version the translator started
 * from (someone may have written it meanwhile), with the record's other texts and languages, and
 * every other field, left as they are; audited as a translation of the record.
 */

export interface TranslationInput {
  kind: string;
  id: string;
  lang: string;
  version: number | string;
  /** the text typed for each field; blank fields are left as they are */
  texts: Record<string, string | undefined>;
}

const translationHead = z.object({
  kind: z.enum(translatableKinds),
  id: z.string().min(1).max(100),
  lang: z.enum(languages),
  version: z.coerce.number().int().min(1),
});

/** The kind's fields, each an optional text as long as its own form allows; no other field. */
const textsSchema = (kind: TranslatableKind) =>
  z
    .object(
      Object.fromEntries(
        kindSpecs[kind].fields.map((field) => [
          field.name,
          z.preprocess(
            (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
            cleanText(field.max).optional(),
          ),
        ]),
      ),
    )
    .strict()
    .refine((texts) => Object.values(texts).some((value) => value !== undefined), {
      message: "write the translation of at least one text",
      params: { reason: "translationRequired" },
      path: [kindSpecs[kind].fields[0]?.name ?? "texts"],
    });

async function lockRecord(
  tx: Executor,
  kind: TranslatableKind,
  id: string,
  actor: Actor,
): Promise<TranslatableRecord & { position: number | null }> {
  const spec = kindSpecs[kind];
  // An id that is no uuid names no record (a territory's is its HCP code): "not found", without asking.
  if (kind !== "territory" && !isUuid(id)) throw notFound(kind, id);
  const ofAgreement = spec.agreementId !== undefined;
  const position = kind === "objective" || kind === "commitment" ? sql`${spec.table}.position` : sql`null`;
  const rows = await queryRows<{
    id: string;
    version: number;
    agreement_id: string | null;
    texts: Record<string, LocalizedText>;
    position: number | null;
  }>(
    tx,
    sql`select ${spec.id} as id, ${spec.version.column} as version, ${textsSql(spec)} as texts,
      ${ofAgreement ? sql`${agreements.id}` : sql`null`} as agreement_id, ${position} as position
    from ${spec.from}
    where ${and(eq(spec.id, id), spec.scope(actor)) as SQL}
    for update of ${spec.version.table}`,
  );
  const [row] = rows;
  if (!row) throw notFound(kind, id);
  return {
    id: row.id,
    version: Number(row.version),
    agreementId: row.agreement_id,
    texts: row.texts,
    position: row.position === null ? null : Number(row.position),
  };
}

/**
 * Every posted field must be waiting for this language: written in another one (something to
 * translate from) and not yet in this one. A text already written is corrected on the record's
 * own form, by those who may edit the record: the queue adds, it does not overwrite.
 */
function refuseUnwaited(
  record: TranslatableRecord,
  posted: Record<string, string | undefined>,
  lang: Language,
) {
  const issues = Object.entries(posted).flatMap(([name, value]) => {
    if (value === undefined) return [];
    const text = record.texts[name] ?? {};
    if (text[lang]?.trim())
      return [{ field: name, message: `is already written in ${lang}`, reason: "alreadyTranslated" }];
    if (!missingIn(text, lang))
      return [
        {
          field: name,
          message: "has no text in another language to translate from",
          reason: "nothingToTranslate",
        },
      ];
    return [];
  });
  if (issues.length)
    throw new AppError(
      "validation",
      `${issues.map((issue) => `${issue.field}: ${issue.message}`).join("; ")}`,
      { issues },
    );
}

export async function saveTranslation({
  db,
  actor,
  input,
}: {
  db: Executor;
  actor: Actor;
  input: TranslationInput;
}): Promise<{ version: number }> {
  const lang = parseInput(z.enum(languages), input.lang);
  assertCanTranslateInto(actor, lang);
  const head = parseInput(translationHead, { kind: input.kind, id: input.id, lang, version: input.version });
  const spec = kindSpecs[head.kind];
  const posted = parseInput(textsSchema(head.kind), input.texts) as Record<string, string | undefined>;
  return db.transaction(async (tx) => {
    const record = await lockRecord(tx, head.kind, head.id, actor);
    assertSameVersion(`The ${head.kind}`, head.version, record.version);
    refuseUnwaited(record, posted, lang);
    const after: Record<string, LocalizedText> = { ...record.texts };
    const set: Record<string, SQL> = {};
    for (const field of spec.fields) {
      const value = posted[field.name];
      if (value === undefined) continue;
      after[field.name] = { ...record.texts[field.name], [lang]: value };
      set[field.name] = sql`${field.column} || jsonb_build_object(${lang}::text, ${value}::text)`;
    }
    await tx.update(spec.table).set(set).where(eq(spec.id, record.id));
    const versionRow =
      record.agreementId && spec.version.table === agreements ? record.agreementId : record.id;
    const [raised] = await tx
      .update(spec.version.table)
      .set({
        version: sql`${spec.version.column} + 1`,
        ...(spec.version.updatedAt ? { updatedAt: new Date() } : {}),
      })
      .where(eq(spec.version.id, versionRow))
      .returning({ version: spec.version.column });
    await spec.afterWrite(tx, record, after);
    const changed = Object.keys(set);
    const pick = (texts: Record<string, LocalizedText>) =>
      Object.fromEntries(changed.map((name) => [name, texts[name] ?? {}]));
    const list = spec.audit.list;
    await recordAuditEvent({
      db: tx,
      actor,
      action: `${spec.audit.entityType}.translate`,
      entityType: spec.audit.entityType,
      entityId: list ? (record.agreementId as string) : record.id,
      before: list ? { [list]: { [String(record.position)]: record.texts.text } } : pick(record.texts),
      after: list ? { [list]: { [String(record.position)]: after.text } } : pick(after),
    });
    return { version: Number(raised?.version ?? record.version + 1) };
  });
}
