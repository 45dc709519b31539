/**
 * The organisations and contacts sheets planned (issue #14): an organisation is matched by its
 * id when this database knows it, else by one of its names or its acronym (a file exported from
 * another registry carries ids this one never saw); its contacts are matched by id, else by name
 * within it. Contacts are written with their organisation, through its edit.
 */
import { randomUUID } from "node:crypto";
import { asc, inArray } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { contacts } from "../db/schema/index.js";
import type { ContactInput } from "../partners/organizations.input.js";
import type { SheetKey } from "../spreadsheets/spreadsheet-layout.js";
import { sameJson } from "./spreadsheet-import.same.js";
import { loadOrganizationIndex, type NameIndex, type StoredOrganization } from "./spreadsheet-lookups.js";
import { localizedOf, type TypedRow, text } from "./spreadsheet-rows.js";
import { foldLabel } from "./spreadsheet-values.js";

export type Report = (
  row: TypedRow,
  column: string | undefined,
  reason: string,
  values?: Record<string, string | number>,
) => void;

export interface OrganizationPlan {
  row: TypedRow;
  /** a stored organisation's id, or a temporary one until it is created */
  id: string;
  stored?: StoredOrganization;
  input: {
    kind: string;
    name: TypedRow["values"] extends Map<string, infer V> ? V : never;
    acronym?: string;
    website?: string;
  };
  changed: boolean;
}

/** The contacts an organisation ends with: the file's rows in their order, then those it does not name. */
export interface ContactPlan {
  /** a stored organisation's id, or the temporary id of one the file creates */
  organizationId: string;
  wanted: ContactInput[];
  rows: { row: TypedRow; outcome: "created" | "updated" | "unchanged" }[];
  changed: boolean;
}

export async function planOrganizations(
  db: Executor,
  sheets: Map<SheetKey, TypedRow[]>,
  report: Report,
): Promise<{ plans: OrganizationPlan[]; index: NameIndex; byId: Map<string, StoredOrganization> }> {
  const { byId, index } = await loadOrganizationIndex(db);
  const plans: OrganizationPlan[] = [];
  const claimed = new Map<string, number>();
  for (const row of sheets.get("organizations") ?? []) {
    const name = localizedOf(row, "name");
    if (!row.valid) {
      // Reported already; its names still name it, so that other sheets do not report it missing.
      for (const value of [...Object.values(name), text(row, "acronym")])
        index.add(value, `invalid:${row.number}`);
      continue;
    }
    const acronym = text(row, "acronym");
    // An id this database knows wins; another registry's id names nothing here: the names decide.
    let stored = byId.get(text(row, "id") ?? "");
    if (!stored)
      for (const candidate of [...Object.values(name), acronym]) {
        if (!candidate) continue;
        const found = index.find(candidate);
        if (found.ok) {
          stored = byId.get(found.key);
          break;
        }
      }
    const id = stored?.id ?? randomUUID();
    const twice = claimed.get(id);
    if (twice !== undefined) {
      report(row, "name_fr", "duplicateRow", { other: twice });
      continue;
    }
    claimed.set(id, row.number);
    const input = {
      kind: text(row, "kind") as string,
      name,
      ...(acronym ? { acronym } : {}),
      ...(text(row, "website") ? { website: text(row, "website") } : {}),
    };
    const changed =
      !stored ||
      stored.kind !== input.kind ||
      !sameJson(stored.name, name) ||
      (stored.acronym ?? undefined) !== input.acronym ||
      (stored.website ?? undefined) !== input.website;
    plans.push({
      row,
      id,
      ...(stored ? { stored } : {}),
      input: input as OrganizationPlan["input"],
      changed,
    });
  }
  // The file's names win: a renamed organisation is found by its new name.
  for (const plan of plans) {
    if (plan.stored) index.remove(plan.id);
    for (const value of Object.values(plan.input.name as object)) index.add(value as string, plan.id);
    index.add(plan.input.acronym, plan.id);
  }
  return { plans, index, byId };
}

const contactOf = (row: TypedRow, id?: string): ContactInput => ({
  ...(id ? { id } : {}),
  fullName: text(row, "full_name") as string,
  ...(text(row, "role") ? { role: text(row, "role") } : {}),
  ...(text(row, "email") ? { email: text(row, "email") } : {}),
  ...(text(row, "phone") ? { phone: text(row, "phone") } : {}),
});

/**
 * Each organisation the contacts sheet names: its stored contacts matched by id, else by name
 * (case and accents aside); a contact the sheet does not name stays, after the named ones.
 */
export async function planContacts(
  db: Executor,
  rows: { row: TypedRow; organizationId: string }[],
  report: Report,
): Promise<ContactPlan[]> {
  const byOrganization = new Map<string, TypedRow[]>();
  for (const { row, organizationId } of rows)
    byOrganization.set(organizationId, [...(byOrganization.get(organizationId) ?? []), row]);
  const ids = [...byOrganization.keys()];
  const stored = ids.length
    ? await db
        .select()
        .from(contacts)
        .where(inArray(contacts.organizationId, ids))
        .orderBy(asc(contacts.position), asc(contacts.id))
    : [];
  const plans: ContactPlan[] = [];
  for (const [organizationId, named] of byOrganization) {
    const current = stored.filter((contact) => contact.organizationId === organizationId);
    const claimed = new Map<string, number>();
    const planned: ContactPlan["rows"] = [];
    const wanted: ContactInput[] = [];
    for (const row of named) {
      const name = foldLabel(text(row, "full_name") ?? "");
      const match =
        current.find((contact) => contact.id === text(row, "id")) ??
        current.find((contact) => !claimed.has(contact.id) && foldLabel(contact.fullName) === name);
      const other = match ? claimed.get(match.id) : undefined;
      if (match && other !== undefined) {
        report(row, "full_name", "duplicateRow", { other });
        continue;
      }
      if (match) claimed.set(match.id, row.number);
      const contact = contactOf(row, match?.id);
      wanted.push(contact);
      const same =
        match &&
        sameJson(
          { fullName: match.fullName, role: match.role, email: match.email, phone: match.phone },
          { ...contact, id: undefined },
        );
      planned.push({ row, outcome: !match ? "created" : same ? "unchanged" : "updated" });
    }
    for (const contact of current)
      if (!claimed.has(contact.id))
        wanted.push({
          id: contact.id,
          fullName: contact.fullName,
          ...(contact.role ? { role: contact.role } : {}),
          ...(contact.email ? { email: contact.email } : {}),
          ...(contact.phone ? { phone: contact.phone } : {}),
        });
    // The order is the contacts' too: the same people in another order is a change.
    const order = (list: { id?: string | undefined }[]) => list.map((contact) => contact.id ?? "new").join();
    const changed = planned.some((p) => p.outcome !== "unchanged") || order(wanted) !== order(current);
    plans.push({ organizationId, wanted, rows: planned, changed });
  }
  return plans;
}
