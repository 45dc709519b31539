/**
 * From the typed rows to what the import will do (issue #14): organisations and agreements
 * (with their parties, territories, objectives, commitments, contributions and amendments: one
 * agreement and its parts are one record for the agreements' services) matched by reference,
 * each found new, changed or unchanged, every problem named by sheet, row and column.
 */
import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import { type AgreementInput, agreementInputSchema } from "../agreements/agreements.input.js";
import { canTransition } from "../agreements/lifecycle.js";
import type { Executor } from "../db/client.js";
import { type AgreementStatus, agreements } from "../db/schema/index.js";
import { type SheetKey, sheetKeys, sheetLayout } from "../spreadsheets/spreadsheet-layout.js";
import { loadAgreements } from "./registry-json.export.js";
import type { RegistryAgreement } from "./registry-json.input.js";
import {
  camelToColumn,
  comparable,
  listSheets,
  reasonOf,
  storedInput,
} from "./spreadsheet-import.agreement-input.js";
import { followUpSheets } from "./spreadsheet-import.followup.js";
import {
  type ContactPlan,
  type OrganizationPlan,
  planContacts,
  planOrganizations,
} from "./spreadsheet-import.organizations.js";
import { sameJson } from "./spreadsheet-import.same.js";
import { loadTerritoryIndex } from "./spreadsheet-lookups.js";
import { list, localizedOf, num, type TypedRow, text } from "./spreadsheet-rows.js";
import type { SheetProblem } from "./spreadsheet-sheets.js";

/** The sheets of an agreement's own parts, written with it by the agreements' services. */
const agreementParts: readonly SheetKey[] = [
  "parties",
  "agreement_territories",
  "objectives",
  "commitments",
  "contributions",
  "amendments",
];

/** What a name in a cell was found to be: an organisation's id, a territory's code (or several). */
export type Found = Map<TypedRow, Map<string, string | string[]>>;

export type { OrganizationPlan } from "./spreadsheet-import.organizations.js";

export interface AgreementPlan {
  row: TypedRow;
  reference: string;
  stored?: RegistryAgreement;
  input: AgreementInput;
  /** the id of each objective in `input.objectives`, kept on update */
  objectiveIds: (string | null)[];
  parentReference?: string;
  changed: boolean;
  statusChange?: AgreementStatus;
}

export interface ImportPlan {
  organizations: OrganizationPlan[];
  contacts: ContactPlan[];
  agreements: AgreementPlan[];
  /** the follow-up sheets' valid rows, each with its agreement's reference (in the file or stored) */
  followUp: Map<SheetKey, { row: TypedRow; reference: string }[]>;
  found: Found;
  /** the stored agreements the file names, by reference */
  storedAgreementIds: Map<string, string>;
}

export async function planImport({
  db,
  sheets,
  problems,
}: {
  db: Executor;
  sheets: Map<SheetKey, TypedRow[]>;
  problems: SheetProblem[];
}): Promise<ImportPlan> {
  const report = (
    row: TypedRow,
    column: string | undefined,
    reason: string,
    values?: Record<string, string | number>,
  ) =>
    problems.push({
      sheet: row.sheet,
      row: row.number,
      ...(column ? { column } : {}),
      reason,
      ...(values ? { values } : {}),
    });
  const { plans: organizationPlans, index: orgIndex } = await planOrganizations(db, sheets, report);
  // Every name of an organisation or a territory in every valid row is looked up once, each
  // unknown one reported, whether or not its agreement has problems of its own.
  const territoryIndex = await loadTerritoryIndex(db);
  const found: Found = new Map();
  for (const sheet of sheetKeys.filter((key) => key !== "organizations")) {
    const columns = sheetLayout(sheet).columns.filter((c) => c.type.kind === "reference");
    for (const row of sheets.get(sheet) ?? []) {
      if (!row.valid) continue;
      for (const column of columns) {
        const to = column.type.kind === "reference" ? column.type.to.kind : undefined;
        const cell = row.values.get(column.key) as string | string[] | undefined;
        if (cell === undefined || (to !== "organization" && to !== "territory")) continue;
        const keys: string[] = [];
        for (const value of Array.isArray(cell) ? cell : [cell]) {
          const result = (to === "organization" ? orgIndex : territoryIndex).find(value);
          // An organisation whose own row has a problem: that problem is reported, not this one.
          if (result.ok && result.key.startsWith("invalid:")) row.valid = false;
          else if (result.ok) keys.push(result.key);
          else {
            const what = to === "organization" ? "Organization" : "Territory";
            report(row, column.key, result.why === "ambiguous" ? `ambiguous${what}` : `unknown${what}`, {
              name: value,
            });
            row.valid = false;
          }
        }
        const value = Array.isArray(cell) ? [...new Set(keys)].sort() : keys[0];
        if (value !== undefined) found.set(row, (found.get(row) ?? new Map()).set(column.key, value));
      }
    }
  }
  const organization = (row: TypedRow, column: string) => found.get(row)?.get(column) as string | undefined;
  const contactPlans = await planContacts(
    db,
    (sheets.get("contacts") ?? []).flatMap((row) => {
      const organizationId = row.valid ? organization(row, "organization") : undefined;
      return organizationId ? [{ row, organizationId }] : [];
    }),
    report,
  );

  // Agreements, by reference; every other sheet's rows grouped under theirs.
  const agreementRows = sheets.get("agreements") ?? [];
  const references = new Map<string, TypedRow>();
  /** agreements with a problem already reported, in their row or in a row of their parts */
  const tainted = new Set<string>();
  for (const row of agreementRows) {
    const reference = text(row, "reference") as string;
    if (!row.valid) {
      if (reference) {
        tainted.add(reference);
        references.set(reference, row);
      }
      continue;
    }
    const other = references.get(reference);
    if (other) report(row, "reference", "duplicateRow", { other: other.number });
    else references.set(reference, row);
  }
  const storedIdByReference = new Map<string, string>();
  {
    const wanted = [
      ...new Set([
        ...references.keys(),
        ...agreementRows.map((row) => text(row, "parent_agreement")).filter((r): r is string => Boolean(r)),
        ...followUpSheets.flatMap((sheet) =>
          (sheets.get(sheet) ?? [])
            .map((row) => text(row, "agreement"))
            .filter((r): r is string => Boolean(r)),
        ),
      ]),
    ];
    for (let start = 0; start < wanted.length; start += 1000) {
      const some = wanted.slice(start, start + 1000);
      for (const row of await db
        .select({ id: agreements.id, reference: agreements.reference })
        .from(agreements)
        .where(inArray(agreements.reference, some)))
        storedIdByReference.set(row.reference, row.id);
    }
  }
  const storedById = new Map(
    (await loadAgreements(db, [...new Set(storedIdByReference.values())])).map((a) => [a.id, a]),
  );
  const children = new Map<SheetKey, Map<string, TypedRow[]>>();
  for (const sheet of agreementParts) {
    const rows = sheets.get(sheet);
    if (!rows) continue;
    const byReference = new Map<string, TypedRow[]>();
    for (const row of rows) {
      const reference = text(row, "agreement") as string;
      if (!row.valid) tainted.add(reference);
      if (!reference || !row.valid) continue;
      if (!references.has(reference)) {
        report(row, "agreement", "agreementNotInFile", { reference });
        continue;
      }
      byReference.set(reference, [...(byReference.get(reference) ?? []), row]);
    }
    children.set(sheet, byReference);
  }
  // The follow-up of an agreement in the file, or of one already stored.
  const followUp: ImportPlan["followUp"] = new Map();
  for (const sheet of followUpSheets) {
    const rows = sheets.get(sheet);
    if (!rows) continue;
    const kept: { row: TypedRow; reference: string }[] = [];
    for (const row of rows) {
      const reference = text(row, "agreement") as string;
      if (!row.valid || !reference) continue;
      if (!references.has(reference) && !storedIdByReference.has(reference))
        report(row, "agreement", "unknownAgreement", { reference });
      else kept.push({ row, reference });
    }
    followUp.set(sheet, kept);
  }

  const agreementPlans: AgreementPlan[] = [];
  for (const [reference, row] of references) {
    if (tainted.has(reference)) continue;
    // Matched by reference only: the id column of another registry's export names nothing here.
    const storedId = storedIdByReference.get(reference);
    const stored = storedId ? storedById.get(storedId) : undefined;
    const base = stored ? storedInput(stored) : undefined;
    const sourceRows = new Map<string, TypedRow[]>();
    const rowsOf = (sheet: SheetKey) => children.get(sheet)?.get(reference) ?? [];
    const present = (sheet: SheetKey) => children.has(sheet) || !base;
    const byNumber = (sheet: SheetKey) => {
      const rows = [...rowsOf(sheet)].sort((a, b) => (num(a, "number") ?? 0) - (num(b, "number") ?? 0));
      const seen = new Map<number, number>();
      return rows.filter((r) => {
        const n = num(r, "number") as number;
        const other = seen.get(n);
        if (other !== undefined) report(r, "number", "duplicateRow", { other });
        seen.set(n, r.number);
        return other === undefined;
      });
    };
    const parties = present("parties") ? rowsOf("parties") : [];
    const territoryRows = present("agreement_territories") ? rowsOf("agreement_territories") : [];
    const objectiveRows = present("objectives") ? byNumber("objectives") : [];
    const commitmentRows = present("commitments") ? byNumber("commitments") : [];
    const contributionRows = present("contributions") ? rowsOf("contributions") : [];
    const amendmentRows = present("amendments") ? rowsOf("amendments") : [];
    sourceRows.set("parties", parties);
    sourceRows.set("territoryCodes", territoryRows);
    sourceRows.set("objectives", objectiveRows);
    sourceRows.set("commitments", commitmentRows);
    sourceRows.set("contributions", contributionRows);
    sourceRows.set("amendments", amendmentRows);
    const territoryCodes = territoryRows.map((t) => found.get(t)?.get("territory") as string);
    const parentReference = text(row, "parent_agreement");
    let parentId: string | undefined;
    if (parentReference) {
      parentId = storedIdByReference.get(parentReference);
      if (!parentId && references.has(parentReference)) parentId = `new:${parentReference}`;
      if (!parentId) report(row, "parent_agreement", "unknownAgreement", { reference: parentReference });
    }
    const input: AgreementInput = {
      reference,
      kind: text(row, "kind") as AgreementInput["kind"],
      title: localizedOf(row, "title"),
      summary: localizedOf(row, "summary"),
      status: (text(row, "status") ??
        (base?.status as string | undefined) ??
        "draft") as AgreementInput["status"] & string,
      visibility: (text(row, "visibility") ?? "internal") as "internal",
      themes: list(row, "themes") as AgreementInput["themes"],
      ...(row.values.has("national") ? { national: row.values.get("national") as boolean } : {}),
      territoryCodes: present("agreement_territories") ? territoryCodes : (base?.territoryCodes ?? []),
      signedOn: text(row, "signed_on"),
      effectiveOn: text(row, "effective_on"),
      expiresOn: text(row, "expires_on"),
      durationMonths: num(row, "duration_months"),
      renewal: (text(row, "renewal") ?? "none") as "none",
      renewalNoticeDays: num(row, "renewal_notice_days"),
      parties: present("parties")
        ? parties.map((p) => ({
            organizationId: organization(p, "organization") ?? "",
            role: text(p, "role") as "signatory",
          }))
        : (base?.parties ?? []),
      objectives: present("objectives")
        ? objectiveRows.map((o) => localizedOf(o, "text"))
        : (base?.objectives ?? []),
      commitments: present("commitments")
        ? commitmentRows.map((c) => ({
            organizationId: organization(c, "organization") ?? "",
            text: localizedOf(c, "text"),
          }))
        : (base?.commitments ?? []),
      contributions: present("contributions")
        ? contributionRows.map((c) => ({
            organizationId: organization(c, "organization") ?? "",
            amount: num(c, "amount") as number,
            currency: (text(c, "currency") ?? "MAD").toUpperCase(),
            nature: text(c, "nature") as "cash",
            description: localizedOf(c, "description"),
          }))
        : (base?.contributions ?? []),
      amendments: present("amendments")
        ? amendmentRows.map((a) => ({
            signedOn: text(a, "signed_on") as string,
            summary: localizedOf(a, "summary"),
          }))
        : (base?.amendments ?? []),
    };
    let statusChange: AgreementStatus | undefined;
    const status = input.status as AgreementStatus;
    if (stored && status !== stored.status) {
      if (canTransition(stored.status, status)) statusChange = status;
      else {
        report(row, "status", "transitionNotAllowed", { from: stored.status, to: status });
        continue;
      }
    }
    // The schema checks the agreement as a whole; a placeholder id stands for a parent created by the file.
    const checked = agreementInputSchema.safeParse({
      ...input,
      parentId: parentId ? (parentId.startsWith("new:") ? randomUUID() : parentId) : undefined,
    });
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const [field, index, sub] = issue.path as [string, number?, string?];
        const inList = listSheets[field];
        const target = inList && typeof index === "number" ? sourceRows.get(field)?.[index] : undefined;
        const reason = reasonOf(issue);
        if (target && inList)
          report(target, (sub && inList.columns[sub]) || undefined, reason.reason, reason.values);
        else report(row, camelToColumn[field] ?? undefined, reason.reason, reason.values);
      }
      continue;
    }
    const objectiveIds = objectiveRows.length
      ? objectiveRows.map((o) => {
          const id = text(o, "id");
          const position = (num(o, "number") as number) - 1;
          return id ?? stored?.objectives.find((s) => s.position === position)?.id ?? null;
        })
      : (stored?.objectives.map((o) => o.id) ?? []);
    const storedChecked = base ? agreementInputSchema.safeParse(base) : undefined;
    const fileForComparison = { ...checked.data, parentId: parentId?.startsWith("new:") ? "new" : parentId };
    const changed =
      !storedChecked?.success ||
      !sameJson(comparable(storedChecked.data), comparable(fileForComparison as typeof checked.data));
    agreementPlans.push({
      row,
      reference,
      ...(stored ? { stored } : {}),
      input: { ...input, ...(parentId ? { parentId } : {}) },
      objectiveIds,
      ...(parentReference ? { parentReference } : {}),
      changed,
      ...(statusChange ? { statusChange } : {}),
    });
  }
  return {
    organizations: organizationPlans,
    contacts: contactPlans,
    agreements: agreementPlans,
    followUp,
    found,
    storedAgreementIds: storedIdByReference,
  };
}
