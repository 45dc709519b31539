/**
 * The registry as one JSON document (docs/registry-format.md): every record of every table,
 * ids kept, so that `importRegistry` reads an `exportRegistry` file back losing nothing.
 * An import runs in one transaction: a record whose id exists with the same content is
 * unchanged, with other content a conflict, and any problem saves nothing.
 */
import { assertCanWriteAgreements } from "../access/agreement-access.js";
import type { Executor } from "../db/client.js";
import { inTransaction } from "../db/transaction.js";
import type { Actor } from "../shared/actor.js";
import { applyRegistryDocument, type RegistryImportSummary, registryTables } from "./registry-json.import.js";
import type { RegistryDocument } from "./registry-json.input.js";
import { registryDocumentReader } from "./registry-json.read.js";
import { validateRegistryDocument } from "./registry-json.validate.js";

export { exportRegistry } from "./registry-json.export.js";
export { type RegistryImportSummary, type RegistryTable, registryTables } from "./registry-json.import.js";
export {
  REGISTRY_FORMAT,
  REGISTRY_FORMAT_VERSION,
  type RegistryDocument,
  registryDocumentSchema,
} from "./registry-json.input.js";
export { readRegistryDocument, registryDocumentReader } from "./registry-json.read.js";

const withoutBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/**
 * Whether a file's first characters open a JSON object: `sharaka import` then reads it as a
 * registry document (a page's text never starts with "{"). Told from the file's head alone, so a
 * registry with a syntax error, or one that names its format last, is still read as one, and
 * another JSON object is refused by the registry's rules, naming its `format`.
 */
export function opensAsJsonObject(head: string): boolean {
  return withoutBom(head).trimStart().startsWith("{");
}

/** A registry document held as text (registry-json.read.ts reads one from a stream of bytes). */
export function parseRegistryDocument(text: string): RegistryDocument {
  const reader = registryDocumentReader();
  reader.write(new TextEncoder().encode(text));
  return reader.end();
}

export async function importRegistry({
  db,
  actor,
  document,
  dryRun = false,
}: {
  db: Executor;
  actor: Actor;
  document: RegistryDocument;
  dryRun?: boolean;
}): Promise<RegistryImportSummary> {
  assertCanWriteAgreements(actor);
  // A caller may hand over an object that never went through parseRegistryDocument (one that
  // did is not checked again).
  const doc = validateRegistryDocument(document);
  return inTransaction(db, { dryRun }, (tx) => applyRegistryDocument({ tx, actor, document: doc, dryRun }));
}

export function describeRegistrySummary(summary: RegistryImportSummary): string {
  const rows = registryTables.filter((t) => summary.tables[t].created || summary.tables[t].unchanged);
  const total = (kind: "created" | "unchanged") => rows.reduce((sum, t) => sum + summary.tables[t][kind], 0);
  const head = summary.dryRun
    ? `Dry run, nothing saved: ${total("created")} records to create, ${total("unchanged")} unchanged.`
    : `Registry imported: ${total("created")} records created, ${total("unchanged")} unchanged.`;
  const width = Math.max(0, ...rows.map((t) => t.length));
  const verb = summary.dryRun ? "to create" : "created";
  const lines = rows.map(
    (t) =>
      `  ${t.padEnd(width)}  ${summary.tables[t].created} ${verb}, ${summary.tables[t].unchanged} unchanged`,
  );
  return [head, ...lines].join("\n");
}

/** A restore's use of the import (src/backup/): inside the caller's transaction, its accounts and documents in between. */
export { applyRegistryDocument } from "./registry-json.import.js";
