/**
 * The work of `importRegistry` (see registry-json.ts), inside its transaction: sorts the file's
 * records into new, unchanged and conflicting ones, checks what new records point at, then
 * inserts the new ones parents first. Any problem throws before the first insert.
 */
import { sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { bumpRegistryGeneration } from "../db/registry-generation.js";
import {
  actionPlans,
  agreementParties,
  agreements,
  agreementTerritories,
  amendments,
  auditEvents,
  commitments,
  contacts,
  contributions,
  objectives,
  organizations,
  settings,
  territories,
} from "../db/schema/index.js";
import { nameKey } from "../partners/organizations.service.js";
// The search text is recomputed exactly as createAgreement does, never read from a file.
import { writeAgreementSearchText } from "../search/agreement-search-text.js";
import { writeOrganizationSearchText } from "../search/organization-search-text.js";
import type { Actor } from "../shared/actor.js";
import { chunks } from "../shared/collections.js";
import {
  brokenClaims,
  type Claim,
  claim,
  followUpClaims,
  type Problem,
  problemError,
} from "./registry-json.claims.js";
import {
  asTimestamp,
  loadAgreements,
  loadAuditEvents,
  loadOrganizations,
  loadSettings,
  loadTerritories,
} from "./registry-json.export.js";
import { insertFollowUp } from "./registry-json.followup.js";
import {
  canonicalAgreement,
  canonicalOrganization,
  differingKeys,
  type RegistryAgreement,
  type RegistryDocument,
} from "./registry-json.input.js";

export const registryTables = [
  "settings",
  "territories",
  "organizations",
  "contacts",
  "agreements",
  "agreementParties",
  "agreementTerritories",
  "objectives",
  "commitments",
  "contributions",
  "amendments",
  "actionPlans",
  "activities",
  "indicators",
  "indicatorValues",
  "committeeMembers",
  "meetings",
  "decisions",
  "followUpActions",
  "auditEvents",
] as const;
export type RegistryTable = (typeof registryTables)[number];

export interface RegistryImportSummary {
  /** true: nothing was saved; the counts say what a real import would do */
  dryRun: boolean;
  tables: Record<RegistryTable, { created: number; unchanged: number }>;
}

const childLists = ["objectives", "commitments", "contributions", "amendments", "actionPlans"] as const;
const childTables = { objectives, commitments, contributions, amendments, actionPlans };

function childCounts(a: RegistryAgreement): [RegistryTable, number][] {
  return [
    ["agreementParties", a.parties.length],
    ["agreementTerritories", a.territoryCodes.length],
    ...childLists.map((list): [RegistryTable, number] => [list, a[list].length]),
    ["activities", a.activities.length],
    ["indicators", a.indicators.length],
    ["indicatorValues", a.indicators.reduce((sum, i) => sum + i.values.length, 0)],
    ["committeeMembers", a.committeeMembers.length],
    ["meetings", a.meetings.length],
    ["decisions", a.meetings.reduce((sum, m) => sum + m.decisions.length, 0)],
    ["followUpActions", a.followUpActions.length],
  ];
}

export async function applyRegistryDocument({
  tx,
  actor,
  document: doc,
  dryRun,
  restore,
}: {
  tx: Executor;
  actor: Actor;
  document: RegistryDocument;
  dryRun: boolean;
  /**
   * A restore (src/backup/): `provides` the ids of the accounts and documents it inserts in
   * `beforeFollowUp`, once the organisations and territories they point at are in and before the
   * follow-up that points at them; it keeps the history exactly as it was (no `registry.import` event).
   */
  restore?: { provides: Iterable<string>; beforeFollowUp: (tx: Executor) => Promise<void> };
}) {
  const tables = Object.fromEntries(registryTables.map((t) => [t, { created: 0, unchanged: 0 }]));
  const summary = { dryRun, tables } as RegistryImportSummary;
  const count = summary.tables;
  const conflicts: Problem[] = [];
  // Waits for writers in progress and holds new audit events back until commit, so file ids cannot clash.
  if (doc.auditEvents.length) await tx.execute(sql`lock table ${auditEvents} in share row exclusive mode`);

  /** The file's records that are new; a stored one is unchanged if equal, else a conflict. */
  async function triage<T extends object>(
    name: RegistryTable,
    list: T[],
    stored: (keys: string[]) => Promise<T[]>,
    key: (record: T) => string,
    label: (record: T) => string,
    onUnchanged?: (record: T) => void,
  ): Promise<{ record: T; index: number }[]> {
    const byKey = new Map((await stored(list.map(key))).map((record) => [key(record), record]));
    const fresh: { record: T; index: number }[] = [];
    list.forEach((record, index) => {
      const current = byKey.get(key(record));
      const differences = current ? differingKeys(record, current) : [];
      if (!current) fresh.push({ record, index });
      else if (differences.length) {
        const what = name === "settings" ? "key" : name === "territories" ? "code" : "id";
        const message = `${what} exists with different content (differs in: ${differences.join(", ")})`;
        conflicts.push({ field: `${name}[${index}]`, label: label(record), message });
      } else {
        count[name].unchanged++;
        onUnchanged?.(record);
      }
    });
    count[name].created += fresh.length;
    return fresh;
  }

  const newSettings = await triage(
    "settings",
    doc.settings,
    (keys) => loadSettings(tx, keys),
    (s) => s.key,
    (s) => `key ${s.key}`,
  );
  const newTerritories = await triage(
    "territories",
    doc.territories,
    (keys) => loadTerritories(tx, keys),
    (t) => t.code,
    (t) => `code ${t.code}`,
  );
  const newOrganizations = await triage(
    "organizations",
    doc.organizations.map(canonicalOrganization),
    (ids) => loadOrganizations(tx, ids),
    (o) => o.id,
    (o) => `name ${o.name.fr ?? o.name.en ?? o.name.ar}`,
    (o) => {
      count.contacts.unchanged += o.contacts.length;
    },
  );
  const newAgreements = await triage(
    "agreements",
    doc.agreements.map(canonicalAgreement),
    (ids) => loadAgreements(tx, ids),
    (a) => a.id,
    (a) => `reference ${a.reference}`,
    (a) => {
      for (const [table, n] of childCounts(a)) count[table].unchanged += n;
    },
  );
  const newEvents = await triage(
    "auditEvents",
    doc.auditEvents,
    (ids) => loadAuditEvents(tx, ids.map(Number)),
    (e) => String(e.id),
    (e) => `id ${e.id}`,
  );

  // A new record's own keys must be free; what it points at must be in the file or the database.
  const free: Claim[] = [];
  const needed: Claim[] = [];
  for (const { record: o, index } of newOrganizations) {
    count.contacts.created += o.contacts.length;
    for (const [j, c] of o.contacts.entries()) {
      const message = "id already belongs to another contact";
      free.push(claim(`organizations[${index}].contacts[${j}]`, contacts.id, c.id, message, `id ${c.id}`));
    }
  }
  const inFile = new Set([
    ...doc.organizations.map((o) => o.id),
    ...doc.territories.map((t) => t.code),
    ...doc.agreements.map((a) => a.id),
    ...(restore?.provides ?? []),
  ]);
  const need = (field: string, column: AnyPgColumn, key: string, what: string) => {
    if (!inFile.has(key)) needed.push(claim(field, column, key, `no ${what}, in the file or the database`));
  };
  for (const { record: s, index } of newSettings) {
    if (s.key === "association_organization_id") {
      need(`settings[${index}].value`, organizations.id, s.value as string, "organisation has this id");
    }
  }
  for (const { record: t, index } of newTerritories) {
    if (t.regionCode)
      need(
        `territories[${index}].regionCode`,
        territories.code,
        t.regionCode,
        `territory has the code ${t.regionCode}`,
      );
  }
  for (const { record: a, index } of newAgreements) {
    for (const [table, n] of childCounts(a)) count[table].created += n;
    const at = `agreements[${index}]`;
    const label = `reference ${a.reference}`;
    free.push(
      claim(at, agreements.reference, a.reference, "reference already used by another agreement", label),
    );
    if (a.sourceKey !== null) {
      const message = "sourceKey already used by another agreement";
      free.push(claim(`${at}.sourceKey`, agreements.sourceKey, a.sourceKey, message, label));
    }
    for (const list of childLists) {
      for (const [j, item] of a[list].entries()) {
        const message = "id already belongs to another agreement's record";
        free.push(claim(`${at}.${list}[${j}]`, childTables[list].id, item.id, message, `id ${item.id}`));
      }
    }
    for (const list of ["parties", "commitments", "contributions"] as const) {
      for (const [j, item] of a[list].entries()) {
        need(
          `${at}.${list}[${j}].organizationId`,
          organizations.id,
          item.organizationId,
          "organisation has this id",
        );
      }
    }
    for (const [j, code] of a.territoryCodes.entries()) {
      need(`${at}.territoryCodes[${j}]`, territories.code, code, `territory has the code ${code}`);
    }
    if (a.parentId) need(`${at}.parentId`, agreements.id, a.parentId, "agreement has this id");
    followUpClaims(a, at, need, (claimed) => free.push(claimed));
  }
  const invalid = await brokenClaims(tx, needed, true);
  if (invalid.length) throw problemError("import_invalid", "Invalid registry document", invalid);
  conflicts.push(...(await brokenClaims(tx, free, false)));
  if (conflicts.length)
    throw problemError(
      "conflict",
      "The registry document conflicts with the database (to restore an export, import it into a new, empty database: another SHARAKA_DATA_DIR or DATABASE_URL)",
      conflicts,
    );

  await insertRecords(tx, {
    settings: newSettings.map((e) => e.record),
    territories: newTerritories.map((e) => e.record),
    organizations: newOrganizations.map((e) => e.record),
    agreements: parentsFirst(newAgreements.map((e) => e.record)),
    auditEvents: newEvents.map((e) => e.record),
    beforeFollowUp: restore?.beforeFollowUp,
  });
  if (!restore && registryTables.some((t) => count[t].created > 0)) {
    await recordAuditEvent({
      db: tx,
      actor,
      action: "registry.import",
      entityType: "registry",
      entityId: doc.exportedAt,
      after: {
        format: doc.format,
        formatVersion: doc.formatVersion,
        exportedAt: doc.exportedAt,
        tables: count,
      },
    });
  }
  return summary;
}

/** A parent agreement before its children (the schema has refused cycles). */
function parentsFirst(list: RegistryAgreement[]): RegistryAgreement[] {
  const byId = new Map(list.map((a) => [a.id, a]));
  const placed = new Set<string>();
  const ordered: RegistryAgreement[] = [];
  const place = (a: RegistryAgreement) => {
    if (placed.has(a.id)) return;
    placed.add(a.id);
    const parent = a.parentId ? byId.get(a.parentId) : undefined;
    if (parent) place(parent);
    ordered.push(a);
  };
  list.forEach(place);
  return ordered;
}

type Fresh = Pick<
  RegistryDocument,
  "settings" | "territories" | "organizations" | "agreements" | "auditEvents"
> & {
  beforeFollowUp?: ((tx: Executor) => Promise<void>) | undefined;
};

async function insertRecords(tx: Executor, fresh: Fresh): Promise<void> {
  for (const part of chunks(fresh.settings)) await tx.insert(settings).values(part);
  for (const part of chunks(fresh.territories)) await tx.insert(territories).values(part);
  for (const part of chunks(fresh.organizations)) {
    await tx.insert(organizations).values(
      part.map((o) => ({
        id: o.id,
        kind: o.kind,
        name: o.name,
        acronym: o.acronym,
        website: o.website,
        nameKey: nameKey(o.name),
        version: o.version,
        createdAt: asTimestamp(o.createdAt),
        updatedAt: asTimestamp(o.updatedAt),
      })),
    );
  }
  await writeOrganizationSearchText({ db: tx, organizationIds: fresh.organizations.map((o) => o.id) });
  const people = fresh.organizations.flatMap((o) => o.contacts.map((c) => ({ ...c, organizationId: o.id })));
  for (const part of chunks(people)) await tx.insert(contacts).values(part);

  for (const part of chunks(fresh.agreements, 200)) {
    await tx
      .insert(agreements)
      .values(
        part.map(
          ({
            parties: _parties,
            territoryCodes: _territoryCodes,
            objectives: _objectives,
            commitments: _commitments,
            contributions: _contributions,
            amendments: _amendments,
            actionPlans: _actionPlans,
            ...a
          }) => ({ ...a, createdAt: asTimestamp(a.createdAt), updatedAt: asTimestamp(a.updatedAt) }),
        ),
      );
  }
  const each = <T>(pick: (a: RegistryAgreement) => T[]) =>
    fresh.agreements.flatMap((a) => pick(a).map((item) => ({ ...item, agreementId: a.id })));
  for (const part of chunks(each((a) => a.parties))) await tx.insert(agreementParties).values(part);
  const reach = each((a) => a.territoryCodes.map((territoryCode) => ({ territoryCode })));
  for (const part of chunks(reach)) await tx.insert(agreementTerritories).values(part);
  for (const part of chunks(each((a) => a.objectives))) await tx.insert(objectives).values(part);
  for (const part of chunks(each((a) => a.commitments))) await tx.insert(commitments).values(part);
  for (const part of chunks(each((a) => a.contributions))) await tx.insert(contributions).values(part);
  for (const part of chunks(each((a) => a.amendments))) await tx.insert(amendments).values(part);
  const plans = each((a) => a.actionPlans).map((p) => ({
    ...p,
    createdAt: asTimestamp(p.createdAt),
    updatedAt: asTimestamp(p.updatedAt),
  }));
  for (const part of chunks(plans)) await tx.insert(actionPlans).values(part);
  await fresh.beforeFollowUp?.(tx);
  await insertFollowUp(tx, fresh.agreements, chunks);
  // Once their parties, territories, objectives, commitments and activities are in: the search text is made of them.
  await writeAgreementSearchText({ db: tx, agreementIds: fresh.agreements.map((a) => a.id) });

  const events = fresh.auditEvents.map((e) => ({ ...e, at: asTimestamp(e.at) }));
  for (const part of chunks(events)) await tx.insert(auditEvents).values(part);
  // Imported records are public output: cached answers must not outlive this transaction.
  await bumpRegistryGeneration(tx);
  if (events.length) {
    // Explicit ids leave the bigserial behind: move it past them (never back) so new events do not collide.
    await tx.execute(sql`select setval(pg_get_serial_sequence('audit_events', 'id'),
      greatest((select max(id) from audit_events), nextval(pg_get_serial_sequence('audit_events', 'id'))))`);
  }
}
