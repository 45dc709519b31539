/**
 * Checking a registry document: whole (`validateRegistryDocument`, for a document already parsed),
 * or record by record as registry-json.read.ts reads one; both end here, with one refusal.
 */
import { AppError } from "../shared/errors.js";
import {
  formatPath,
  REGISTRY_FORMAT_VERSION,
  type RegistryDocument,
  registryDocumentSchema,
  registryDocumentSchemaV1,
} from "./registry-json.input.js";

/** Documents this module validated (a registry is large: its import does not check it twice). */
const validated = new WeakSet<RegistryDocument>();

/** Marks a document checked by other means (registry-json.read.ts), so its import does not check it again. */
export function acceptValidatedDocument(document: RegistryDocument): RegistryDocument {
  validated.add(document);
  return document;
}

/** The refusal of a document from a later Sharaka, before any of its records is read. */
export function newerVersionError(version: unknown): AppError | undefined {
  if (typeof version !== "number" || !Number.isInteger(version) || version <= REGISTRY_FORMAT_VERSION)
    return undefined;
  return new AppError(
    "import_invalid",
    `This registry document is format version ${version}, newer than this Sharaka reads (versions 1 to ${REGISTRY_FORMAT_VERSION}): update Sharaka to import it; nothing was imported`,
    {
      issues: [
        { field: "formatVersion", message: `version ${version} is newer than ${REGISTRY_FORMAT_VERSION}` },
      ],
    },
  );
}

/** Every problem of a document, the first ten in the message. */
export function invalidDocumentError(problems: readonly { path: readonly PropertyKey[]; message: string }[]) {
  const issues = problems.map((issue) => ({ field: formatPath(issue.path), message: issue.message }));
  const shown = issues.slice(0, 10).map((issue) => `${issue.field}: ${issue.message}`);
  if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more`);
  return new AppError("import_invalid", `Invalid registry document: ${shown.join("; ")}`, { issues });
}

/** Validates a parsed document; AppError("import_invalid") names the JSON path of every problem. */
export function validateRegistryDocument(value: unknown): RegistryDocument {
  if (typeof value === "object" && value !== null && validated.has(value as RegistryDocument)) {
    return value as RegistryDocument;
  }
  const version = (value as { formatVersion?: unknown } | null)?.formatVersion;
  const newer = newerVersionError(version);
  if (newer) throw newer;
  const result = (version === 1 ? registryDocumentSchemaV1 : registryDocumentSchema).safeParse(value);
  if (result.success) return acceptValidatedDocument(result.data);
  throw invalidDocumentError(result.error.issues);
}
