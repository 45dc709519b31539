/**
 * `importSpreadsheet`: an XLSX, a CSV or the CSV export's zip in the workbook layout
 * (src/spreadsheets/), read, checked as a whole, then applied in one transaction through the
 * modules' services: organisations and their contacts, agreements with their parts, then the
 * follow-up sheet after sheet (spreadsheet-import.followup.ts) (issue #14). Any problem anywhere
 * saves nothing and every problem is returned; rows are matched by id or natural key, so a
 * second import of the same file writes nothing; a changed record is updated with an audit
 * event naming the file.
 */
import { basename } from "node:path";
import { eq } from "drizzle-orm";
import { assertCanWriteAgreements } from "../access/agreement-access.js";
import { transitionAgreement } from "../agreements/agreements.service.js";
import { updateAgreement } from "../agreements/agreements.update.service.js";
import type { Executor } from "../db/client.js";
import { organizations } from "../db/schema/index.js";
import { inTransaction } from "../db/transaction.js";
import { updateOrganization } from "../partners/organizations.edits.js";
import { createOrganization } from "../partners/organizations.service.js";
import type { Actor } from "../shared/actor.js";
import { AppError } from "../shared/errors.js";
import { translator } from "../shared/i18n.js";
import type { Language } from "../shared/localized.js";
import { type SheetKey, sheetKeys, sheetLayout } from "../spreadsheets/spreadsheet-layout.js";
import { activityKind, planKind } from "./spreadsheet-import.activities.js";
import { createAgreementsInBulk } from "./spreadsheet-import.bulk.js";
import { actionKind, decisionKind, meetingKind, memberKind } from "./spreadsheet-import.committee.js";
import { applyFollowUp, type Outcome, refusalProblems } from "./spreadsheet-import.followup.js";
import { indicatorKind, indicatorValueKind } from "./spreadsheet-import.indicators.js";
import { type AgreementPlan, type ImportPlan, planImport } from "./spreadsheet-import.plan.js";
import { readSpreadsheet } from "./spreadsheet-read.js";
import { type TypedRow, typeSheets } from "./spreadsheet-rows.js";
import type { SheetProblem } from "./spreadsheet-sheets.js";

export type { SheetProblem } from "./spreadsheet-sheets.js";

/** The follow-up's kinds, in the order they are applied (a sheet only points to those before it). */
const followUpKinds = [
  planKind,
  activityKind,
  indicatorKind,
  indicatorValueKind,
  memberKind,
  meetingKind,
  decisionKind,
  actionKind,
];
export interface SpreadsheetImportSummary {
  dryRun: boolean;
  file: string;
  sheets: { sheet: SheetKey; created: number; updated: number; unchanged: number }[];
}
export type SpreadsheetImportResult =
  | { ok: true; summary: SpreadsheetImportSummary }
  | { ok: false; file: string; problems: SheetProblem[] };

/** Thrown inside the transaction to roll it back once a record is refused by its service. */
class Refused extends Error {
  constructor(readonly problems: SheetProblem[]) {
    super("refused");
  }
}

export async function importSpreadsheet({
  db,
  actor,
  path,
  fileName,
  dryRun = false,
}: {
  db: Executor;
  actor: Actor;
  /** where the file is on disk (an upload's temporary file) */
  path: string;
  /** the name the person gave it: its extension says the format, a CSV's name its sheet */
  fileName: string;
  dryRun?: boolean;
}): Promise<SpreadsheetImportResult> {
  assertCanWriteAgreements(actor);
  const file = basename(fileName);
  const read = await readSpreadsheet(path, file);
  const problems = [...read.problems];
  const typed = typeSheets(read.sheets, problems);
  try {
    const summary = await inTransaction(db, { dryRun, lock: "imports" }, async (tx) => {
      const plan = await planImport({ db: tx, sheets: typed, problems });
      if (problems.length) throw new Refused(problems);
      const outcomes = await applyPlan(tx, actor, plan, file);
      return summarize(plan, outcomes, typed, dryRun, file);
    });
    return { ok: true, summary };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, file, problems: sortProblems(error.problems) };
    throw error;
  }
}

async function applyPlan(tx: Executor, actor: Actor, plan: ImportPlan, source: string) {
  const problems: SheetProblem[] = [];
  const refused = (plan: { row: TypedRow }, error: unknown) =>
    problems.push(...refusalProblems(plan.row, error));
  const organizationIds = new Map<string, string>();
  const organizationOutcomes = new Map<string, Outcome>();
  const contactsOf = new Map(plan.contacts.map((c) => [c.organizationId, c]));
  for (const org of plan.organizations) {
    organizationIds.set(org.id, org.id);
    const people = contactsOf.get(org.id);
    contactsOf.delete(org.id);
    if (!org.changed && !people?.changed) {
      organizationOutcomes.set(org.id, "unchanged");
      continue;
    }
    const input = {
      ...org.input,
      kind: org.input.kind as "other",
      name: org.input.name as object,
      ...(people ? { contacts: people.wanted } : {}),
    };
    try {
      if (org.stored) {
        await updateOrganization({
          db: tx,
          actor,
          id: org.id,
          input: { ...input, version: org.stored.version },
          source,
        });
        organizationOutcomes.set(org.id, org.changed ? "updated" : "unchanged");
      } else {
        const row = await createOrganization({ db: tx, actor, input, source });
        organizationIds.set(org.id, row.id);
        organizationOutcomes.set(org.id, "created");
      }
    } catch (error) {
      refused(org, error);
    }
  }
  // The contacts of organisations the file names only in the contacts sheet: their edit, fields kept.
  for (const people of contactsOf.values()) {
    if (!people.changed) continue;
    const [stored] = await tx.select().from(organizations).where(eq(organizations.id, people.organizationId));
    if (!stored) continue;
    try {
      await updateOrganization({
        db: tx,
        actor,
        id: stored.id,
        input: {
          kind: stored.kind,
          name: stored.name as { fr: string },
          ...(stored.acronym ? { acronym: stored.acronym } : {}),
          ...(stored.website ? { website: stored.website } : {}),
          contacts: people.wanted,
          version: stored.version,
        },
        source,
      });
    } catch (error) {
      const first = people.rows[0];
      if (!first) throw error;
      refused(first, error);
    }
  }
  const realOrg = (id: string) => organizationIds.get(id) ?? id;
  const agreementIds = new Map<string, string>();
  const agreementOutcomes = new Map<string, Outcome>();
  const resolve = (input: AgreementPlan["input"]) => ({
    ...input,
    parties: input.parties.map((p) => ({ ...p, organizationId: realOrg(p.organizationId) })),
    commitments: (input.commitments ?? []).map((c) => ({ ...c, organizationId: realOrg(c.organizationId) })),
    contributions: (input.contributions ?? []).map((c) => ({
      ...c,
      organizationId: realOrg(c.organizationId),
    })),
  });
  // New agreements first, in bulk (a framework agreement among them before those pointing to it).
  const fresh = plan.agreements.filter((a) => !a.stored);
  if (!problems.length && fresh.length) {
    const created = await createAgreementsInBulk({
      tx,
      actor,
      list: fresh.map((a) => ({ reference: a.reference, input: resolve(a.input) })),
      source,
      // Their new activities write their search text again (createActivities): once is enough.
      searchWrittenLater: new Set((plan.followUp.get("activities") ?? []).map((row) => row.reference)),
    });
    for (const [reference, id] of created) {
      agreementIds.set(reference, id);
      agreementOutcomes.set(reference, "created");
    }
  }
  for (const agreement of plan.agreements) {
    if (!agreement.stored) continue;
    try {
      const input = resolve(agreement.input);
      const parent = input.parentId?.startsWith("new:")
        ? agreementIds.get(input.parentId.slice(4))
        : input.parentId;
      agreementOutcomes.set(
        agreement.reference,
        await updateStoredAgreement(
          tx,
          actor,
          agreement,
          { ...input, ...(parent ? { parentId: parent } : {}) },
          source,
        ),
      );
    } catch (error) {
      refused(agreement, error);
    }
  }
  if (problems.length) throw new Refused(problems);
  const followUp = await applyFollowUp({
    tx,
    actor,
    source,
    kinds: followUpKinds,
    rows: plan.followUp,
    // An organisation the file created is named by its temporary id until now.
    found: (row, column) => {
      const value = plan.found.get(row)?.get(column);
      return typeof value === "string" ? realOrg(value) : value;
    },
    agreementIdOf: (reference) => agreementIds.get(reference) ?? plan.storedAgreementIds.get(reference),
  });
  if (followUp.problems.length) throw new Refused(followUp.problems);
  return { organizations: organizationOutcomes, agreements: agreementOutcomes, rows: followUp.outcomes };
}

/** A stored agreement the file changes: its edit, then its new status, through their services. */
async function updateStoredAgreement(
  tx: Executor,
  actor: Actor,
  plan: AgreementPlan,
  input: AgreementPlan["input"],
  source: string,
): Promise<Outcome> {
  const stored = plan.stored as NonNullable<AgreementPlan["stored"]>;
  if (!plan.changed && !plan.statusChange) return "unchanged";
  let version = stored.version;
  if (plan.changed) {
    const { status: _status, ...fields } = input;
    const updated = await updateAgreement({
      db: tx,
      actor,
      id: stored.id,
      input: { ...fields, version, objectiveIds: plan.objectiveIds },
      source,
    });
    version = updated.version;
  }
  if (plan.statusChange)
    await transitionAgreement({ db: tx, actor, id: stored.id, to: plan.statusChange, version, source });
  return "updated";
}

function summarize(
  plan: ImportPlan,
  outcomes: Awaited<ReturnType<typeof applyPlan>>,
  typed: Map<SheetKey, TypedRow[]>,
  dryRun: boolean,
  file: string,
): SpreadsheetImportSummary {
  const sheets: SpreadsheetImportSummary["sheets"] = [];
  const contactOutcomes = new Map(plan.contacts.flatMap((c) => c.rows.map((r) => [r.row, r.outcome])));
  for (const sheet of sheetKeys) {
    const rows = typed.get(sheet);
    if (!rows) continue;
    const counts = { sheet, created: 0, updated: 0, unchanged: 0 };
    if (sheet === "organizations")
      for (const org of plan.organizations) counts[outcomes.organizations.get(org.id) ?? "unchanged"]++;
    else if (sheet === "contacts") for (const row of rows) counts[contactOutcomes.get(row) ?? "unchanged"]++;
    else if (outcomes.rows.size && plan.followUp.has(sheet))
      for (const row of rows) counts[outcomes.rows.get(row) ?? "unchanged"]++;
    else if (plan.followUp.has(sheet)) for (const _row of rows) counts.unchanged++;
    else
      for (const row of rows) {
        const reference = String(row.values.get(sheet === "agreements" ? "reference" : "agreement"));
        counts[outcomes.agreements.get(reference) ?? "unchanged"]++;
      }
    sheets.push(counts);
  }
  return { dryRun, file, sheets };
}

function sortProblems(problems: SheetProblem[]): SheetProblem[] {
  const order = (sheet?: string) => {
    const index = sheetKeys.indexOf(sheet as SheetKey);
    return sheet === undefined ? -1 : index === -1 ? sheetKeys.length : index;
  };
  return [...problems].sort((a, b) => order(a.sheet) - order(b.sheet) || (a.row ?? 0) - (b.row ?? 0));
}

/** A column's header in the reader's language, when the column is one of the layout's. */
export function columnLabel(problem: SheetProblem, lang: Language): string | undefined {
  if (!problem.sheet || !problem.column || !(sheetKeys as readonly string[]).includes(problem.sheet))
    return undefined;
  return sheetLayout(problem.sheet as SheetKey).columns.find((column) => column.key === problem.column)
    ?.label[lang];
}

/** The reason of a problem in the reader's language. */
export function problemReason(problem: SheetProblem, lang: Language): string {
  const t = translator(lang);
  // A module's own reasons (a service's refusal) are named with their namespace.
  const key = problem.reason.includes(".") ? problem.reason : `spreadsheetImport.reasons.${problem.reason}`;
  const text = t(key, problem.values ?? {});
  return text === key ? t("spreadsheetImport.reasons.invalidValue", { detail: problem.reason }) : text;
}

/** One line per problem: "sheet agreements, row 12, column signed_on (Signed on): is not a date". */
export function describeProblem(problem: SheetProblem, lang: Language): string {
  const t = translator(lang);
  const where = [
    problem.sheet !== undefined
      ? t("spreadsheetImport.where.sheet", { sheet: problem.sheet })
      : t("spreadsheetImport.where.file"),
    problem.row !== undefined ? t("spreadsheetImport.where.row", { row: problem.row }) : undefined,
    problem.column !== undefined
      ? t("spreadsheetImport.where.column", {
          column: columnLabel(problem, lang)
            ? `${problem.column} (${columnLabel(problem, lang)})`
            : problem.column,
        })
      : undefined,
  ].filter(Boolean);
  return `${where.join(t("spreadsheetImport.where.separator"))}: ${problemReason(problem, lang)}`;
}

export function describeSpreadsheetSummary(summary: SpreadsheetImportSummary, lang: Language): string {
  const t = translator(lang);
  const head = t(summary.dryRun ? "spreadsheetImport.summary.dryRun" : "spreadsheetImport.summary.done", {
    file: summary.file,
  });
  const width = Math.max(0, ...summary.sheets.map((s) => s.sheet.length));
  const lines = summary.sheets.map(
    (s) =>
      `  ${s.sheet.padEnd(width)}  ${t("spreadsheetImport.summary.counts", { created: s.created, updated: s.updated, unchanged: s.unchanged })}`,
  );
  return [head, ...lines].join("\n");
}

/** The AppError a command line turns into exit code 2, its message every problem, one a line. */
export function problemsError(file: string, problems: SheetProblem[], lang: Language): AppError {
  const t = translator(lang);
  const lines = problems.map((problem) => `  ${describeProblem(problem, lang)}`);
  return new AppError(
    "import_invalid",
    [t("spreadsheetImport.refused", { file, count: problems.length }), ...lines].join("\n"),
    {
      issues: problems.map((problem) => ({
        field:
          [problem.sheet, problem.row, problem.column].filter((part) => part !== undefined).join(":") ||
          "(file)",
        message: problemReason(problem, lang),
      })),
    },
  );
}
