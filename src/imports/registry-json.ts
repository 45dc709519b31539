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
import { AppError } from "../shared/errors.js";
import { applyRegistryDocument, type RegistryImportSummary, registryTables } from "./registry-json.import.js";
import { REGISTRY_FORMAT, type RegistryDocument, validateRegistryDocument } from "./registry-json.input.js";

export { exportRegistry } from "./registry-json.export.js";
export { type RegistryImportSummary, type RegistryTable, registryTables } from "./registry-json.import.js";
export {
  REGISTRY_FORMAT,
  REGISTRY_FORMAT_VERSION,
  type RegistryDocument,
  registryDocumentSchema,
} from "./registry-json.input.js";

/** The first problem in a text that JSON.parse refused, with its offset (V8's messages vary by version). */
function locateJsonError(text: string): { offset: number; reason: string } {
  let i = 0;
  const fail = (reason: string): never => {
    throw { offset: i, reason };
  };
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text.charAt(i))) i++;
  };
  const expect = (char: string, reason: string) => {
    space();
    if (text[i] !== char) fail(reason);
    i++;
  };
  const string = () => {
    i++;
    for (;;) {
      const char = text[i];
      if (char === undefined) fail("unterminated string");
      else if (char === '"') break;
      else if (char === "\\") {
        const escaped = /^(["\\/bfnrt]|u[0-9a-fA-F]{4})/.exec(text.slice(i + 1, i + 6));
        if (!escaped?.[0]) fail("invalid escape in a string");
        else i += 1 + escaped[0].length;
      } else if (char < " ") fail("control character in a string (write it as an escape such as \\n)");
      else i++;
    }
    i++;
  };
  const value = (): void => {
    space();
    const char = text[i];
    if (char === undefined) fail("unexpected end of the text");
    if (char === '"') {
      string();
      return;
    }
    if (char === "{" || char === "[") {
      const close = char === "{" ? "}" : "]";
      i++;
      space();
      if (text[i] !== close) {
        for (;;) {
          if (close === "}") {
            space();
            if (text[i] !== '"') fail("expected a double-quoted property name");
            string();
            expect(":", "expected ':' after the property name");
          }
          value();
          space();
          if (text[i] === close) break;
          expect(",", `expected ',' or '${close}'`);
        }
      }
      i++;
      return;
    }
    const literal = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null/y;
    literal.lastIndex = i;
    if (!literal.test(text)) fail("unexpected character");
    i = literal.lastIndex;
  };
  try {
    value();
    space();
    if (i < text.length) fail("unexpected text after the end of the document");
  } catch (error) {
    if (typeof error === "object" && error !== null && "offset" in error)
      return error as { offset: number; reason: string };
    throw error;
  }
  return { offset: 0, reason: "not valid JSON" };
}

const withoutBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** JSON.parse, or AppError("import_invalid") with the 1-based line and column of the syntax error. */
export function parseJsonText(text: string): unknown {
  const body = withoutBom(text);
  try {
    return JSON.parse(body);
  } catch (error) {
    const { offset, reason } = locateJsonError(body);
    const before = body.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - before.lastIndexOf("\n");
    throw new AppError("import_invalid", `Line ${line}, column ${column}: invalid JSON: ${reason}`, {
      line,
      issues: [{ field: "(document)", message: `line ${line}, column ${column}: ${reason}` }],
      cause: error,
    });
  }
}

/**
 * Whether the text is a registry file (an object naming its format) rather than a page: told
 * without parsing it, which a large registry would pay twice. A registry file with a syntax error
 * is still one: its reader reports the line and column.
 */
export function looksLikeRegistryJson(text: string): boolean {
  const body = withoutBom(text).trimStart();
  return body.startsWith("{") && new RegExp(`"format"\\s*:\\s*"${REGISTRY_FORMAT}"`).test(body);
}

export function parseRegistryDocument(text: string): RegistryDocument {
  return validateRegistryDocument(parseJsonText(text));
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
