import { createHash } from "node:crypto";
import { count, sql } from "drizzle-orm";
import { z } from "zod";
import { createAgreement, findAgreementBySourceKey } from "../agreements/agreements.service.js";
import type { Executor } from "../db/client.js";
import { agreements } from "../db/schema/index.js";
import { inTransaction } from "../db/transaction.js";
import {
  createOrganization,
  ensureAssociation,
  findOrganizationByName,
  normalizeName,
} from "../partners/organizations.service.js";
import type { Actor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import { type LocalizedText, localizedTextSchema } from "../shared/localized.js";
import { guessOrganizationKind, guessThemes } from "./inference-rules.js";
import { type Language, type PagePlan, readAgreementsPage } from "./page-reader.js";

export interface PageImportOutcome {
  line: number;
  partnerName: string;
  reference: string;
  agreement: "created" | "unchanged";
  partner: "created" | "existing";
}

export interface PageImportResult {
  plan: PagePlan;
  outcomes: PageImportOutcome[];
  dryRun: boolean;
}

const actionPlanTitle: Record<Language, string> = {
  en: "Action plan",
  fr: "Plan d'action",
  ar: "خطة العمل",
};

/**
 * Other languages of a page's texts, keyed by the text as the page reader reads it (the demo's:
 * src/demo/demo-translations.json), with a note, set as each agreement's summary where the page
 * has none, saying where the translations come from.
 */
export interface PageTranslations {
  texts: Record<string, LocalizedText>;
  note?: LocalizedText;
}

const pageTranslationsSchema = z.object({
  about: z.string().optional(),
  note: localizedTextSchema().optional(),
  texts: z.record(z.string(), localizedTextSchema()),
});

/** Reads a translations file (JSON); a malformed one is refused, naming what is wrong. */
export function readPageTranslations(json: string): PageTranslations {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new AppError("import_invalid", `The translations are not JSON: ${(error as Error).message}`);
  }
  const result = pageTranslationsSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AppError(
      "import_invalid",
      `The translations are malformed at ${issue?.path.join(".")}: ${issue?.message}`,
    );
  }
  return result.data;
}

/** Identifies an agreement of a page, so that importing the same page again finds it. */
export function pageSourceKey(language: Language, partnerName: string, heading: string): string {
  const digest = createHash("sha256")
    .update(`${language}|${normalizeName(partnerName)}|${normalizeName(heading)}`)
    .digest("hex");
  return `page:${digest.slice(0, 32)}`;
}

/** A reference like "AMPCPP-007": the association's acronym and a counter. */
async function nextReference(db: Executor, prefix: string): Promise<string> {
  // Only references of exactly that form count; "AMPCPP-2024-A" typed by a person is not a counter.
  const pattern = `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-[0-9]{1,9}$`;
  const [row] = await db
    .select({
      highest: sql<number | null>`max(substring(${agreements.reference} from '[0-9]+$')::int)`,
    })
    .from(agreements)
    .where(sql`${agreements.reference} ~ ${pattern}`);
  return `${prefix}-${String((row?.highest ?? 0) + 1).padStart(3, "0")}`;
}

/** A service's refusal of one agreement of the page, told with the page's line. */
async function atLine<T>(line: number, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "validation") throw error;
    throw new AppError("import_invalid", `Line ${line}: ${error.message}`, { line, issues: error.issues });
  }
}

/**
 * Reads a page (see page-reader.ts) and saves what it describes through the same services
 * a person's edits use, in one transaction: all of the page or nothing. A dry run does the
 * same work and rolls it back, so it reports exactly what a real run would do.
 */
export async function importAgreementsPage({
  db,
  actor,
  text,
  dryRun = false,
  translations,
}: {
  db: Executor;
  actor: Actor;
  text: string;
  dryRun?: boolean;
  translations?: PageTranslations;
}): Promise<PageImportResult> {
  const plan = readAgreementsPage(text);
  const lang = plan.language;
  // The page's own text always wins over a translation's entry for its language.
  const inEveryLanguage = (pageText: string): LocalizedText => ({
    ...translations?.texts[pageText],
    [lang]: pageText,
  });
  const outcomes = await inTransaction(db, { dryRun, lock: "imports" }, async (tx) => {
    const outcomes: PageImportOutcome[] = [];
    const association = await ensureAssociation({ db: tx, actor });
    const prefix = (association.acronym ?? "AGR").replace(/[^\p{L}\p{N}]+/gu, "") || "AGR";
    for (const item of plan.agreements) {
      const sourceKey = pageSourceKey(lang, item.partnerName, item.heading);
      const existing = await findAgreementBySourceKey({ db: tx, sourceKey });
      if (existing) {
        outcomes.push({
          line: item.line,
          partnerName: item.partnerName,
          reference: existing.reference,
          agreement: "unchanged",
          partner: "existing",
        });
        continue;
      }
      const known = await findOrganizationByName({ db: tx, name: item.partnerName });
      const partner =
        known ??
        (await atLine(item.line, () =>
          createOrganization({
            db: tx,
            actor,
            input: { kind: guessOrganizationKind(item.partnerName), name: inEveryLanguage(item.partnerName) },
          }),
        ));
      const reference = await nextReference(tx, prefix);
      await atLine(item.line, () =>
        createAgreement({
          db: tx,
          actor,
          input: {
            reference,
            kind: item.kind,
            title: inEveryLanguage(item.heading),
            summary: item.summary ? inEveryLanguage(item.summary) : (translations?.note ?? {}),
            // Published on the association's public page, so public here; dates were not on the page.
            visibility: "public",
            status: "signed",
            national: true,
            themes: guessThemes(item.heading, ...item.objectives.map((objective) => objective.text)),
            sourceKey,
            parties: [
              { organizationId: association.id, role: "signatory" },
              { organizationId: partner.id, role: "signatory" },
            ],
            objectives: item.objectives.map((objective) => inEveryLanguage(objective.text)),
            actionPlans: item.hasActionPlan
              ? [{ title: translations ? actionPlanTitle : { [lang]: actionPlanTitle[lang] } }]
              : [],
          },
        }),
      );
      outcomes.push({
        line: item.line,
        partnerName: item.partnerName,
        reference,
        agreement: "created",
        partner: known ? "existing" : "created",
      });
    }
    return outcomes;
  });
  return { plan, outcomes, dryRun };
}

/**
 * On an empty registry, imports the association's page as demo content. Under the imports
 * lock, so that several processes starting together on one PostgreSQL import it once.
 */
export async function seedDemoContent({
  db,
  actor,
  text,
  translations,
}: {
  db: Executor;
  actor: Actor;
  text: string;
  translations?: PageTranslations;
}): Promise<PageImportResult | undefined> {
  return inTransaction(db, { lock: "imports" }, async (tx) => {
    const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(agreements);
    return total === 0 ? importAgreementsPage({ db: tx, actor, text, translations }) : undefined;
  });
}

export function describeOutcomes(result: PageImportResult): string {
  const created = result.outcomes.filter((outcome) => outcome.agreement === "created").length;
  const lines = result.outcomes.map(
    (outcome) =>
      `  line ${outcome.line}: ${outcome.reference} with ${outcome.partnerName} — agreement ${outcome.agreement}, partner ${outcome.partner}`,
  );
  const verdict = result.dryRun
    ? `Dry run: ${created} agreement(s) would be created, ${result.outcomes.length - created} already exist. Nothing was saved.`
    : `Saved: ${created} agreement(s) created, ${result.outcomes.length - created} already existed and were left unchanged.`;
  return [...lines, verdict].join("\n");
}
