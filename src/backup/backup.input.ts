/**
 * What a backup archive holds (docs/registry-format.md, "The backup archive"): a tar whose first
 * entry is manifest.json, then the JSON parts, then each document's bytes under files/<sha256>.
 * The manifest's zod schema, the parts and their tables, and what is left out and why. Pure.
 */
import { sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { z } from "zod";
import {
  accounts,
  alertDeliveries,
  alertDigests,
  alertPreferences,
  alertRules,
  alertRuns,
  alerts,
  alertUserStates,
  documents,
  users,
} from "../db/schema/index.js";
import { AppError } from "../shared/errors.js";

export const BACKUP_FORMAT = "sharaka-backup";
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST = "manifest.json";
export const REGISTRY_PART = "registry.json";
export const FILES_FOLDER = "files/";

/**
 * The parts beside the registry, each a JSON object of table rows (every column, database
 * names). Listed in the order a restore inserts them; `orderBy` sorts a table's rows.
 */
export const tableParts: { part: string; tables: { name: string; table: PgTable; orderBy: string }[] }[] = [
  {
    part: "accounts.json",
    tables: [
      { name: "users", table: users, orderBy: "t.id" },
      { name: "accounts", table: accounts, orderBy: "t.id" },
    ],
  },
  { part: "documents.json", tables: [{ name: "documents", table: documents, orderBy: "t.id" }] },
  {
    part: "alerts.json",
    tables: [
      { name: "alertRules", table: alertRules, orderBy: "t.kind" },
      { name: "alerts", table: alerts, orderBy: "t.id" },
      { name: "alertUserStates", table: alertUserStates, orderBy: "t.alert_id, t.user_id" },
      { name: "alertPreferences", table: alertPreferences, orderBy: "t.user_id, t.kind" },
      { name: "alertDigests", table: alertDigests, orderBy: "t.id" },
      { name: "alertDeliveries", table: alertDeliveries, orderBy: "t.alert_id, t.user_id, t.stage" },
      { name: "alertRuns", table: alertRuns, orderBy: "t.run_on" },
    ],
  },
];
export const orderSql = (orderBy: string) => sql.raw(orderBy);

/** Left out on purpose, and said so in every manifest. */
export const leftOut = [
  { what: "sessions", why: "signed-in sessions: everyone signs in again, with the same password" },
  {
    what: "api_tokens",
    why: "personal API tokens are secrets that must not travel in a file: their owners make new ones",
  },
  {
    what: "calendar_feeds",
    why: "secret calendar addresses, for the same reason: each person makes a new one",
  },
  { what: "verifications", why: "one-time password links, void after a restore" },
  { what: "outbox_emails", why: "the mail outbox, which holds one-time password links" },
  { what: "rate_limits", why: "sign-in attempt counters" },
  {
    what: "document_texts",
    why: "the documents' text, read again from their files by the restore (as sharaka reindex does)",
  },
  { what: "search rows", why: "recomputed from the records, as an import does" },
  {
    what: "agreement_readings",
    why: "signed agreements uploaded to be read and not yet reviewed: drafts, uploaded again after a restore",
  },
  {
    what: "deleted_records",
    why: "the recently deleted follow-up (kept 30 days to be put back): a restored registry starts without it",
  },
];

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be a SHA-256 in hex");

export const manifestSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  createdAt: z.string().min(1),
  registryFormatVersion: z.number().int().min(1),
  /** every JSON part after the manifest, in archive order, with its size and hash */
  parts: z.array(z.strictObject({ name: z.string().min(1), bytes: z.number().int().min(0), sha256 })),
  /** the document files that follow the parts: their number and their bytes in all */
  files: z.strictObject({ count: z.number().int().min(0), bytes: z.number().int().min(0) }),
  counts: z.record(z.string(), z.number().int().min(0)),
  leftOut: z.array(z.strictObject({ what: z.string(), why: z.string() })),
});
export type Manifest = z.output<typeof manifestSchema>;

export const invalidBackup = (problem: string, cause?: unknown) =>
  new AppError("import_invalid", `${problem}; nothing was restored`, cause ? { cause } : {});

/** The manifest, or a refusal that names the problem (a newer version first, by name). */
export function readManifest(text: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalidBackup("The backup's manifest.json is not valid JSON", error);
  }
  const head = value as { format?: unknown; formatVersion?: unknown } | null;
  if (head?.format !== BACKUP_FORMAT)
    throw invalidBackup(`This is not a Sharaka backup (its manifest names no "${BACKUP_FORMAT}" format)`);
  if (typeof head.formatVersion === "number" && head.formatVersion > BACKUP_FORMAT_VERSION) {
    throw invalidBackup(
      `This backup is format version ${head.formatVersion}, newer than this Sharaka reads (version ${BACKUP_FORMAT_VERSION}): update Sharaka to restore it`,
    );
  }
  const result = manifestSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw invalidBackup(
      `The backup's manifest is not valid: ${issue?.path.join(".") || "(manifest)"}: ${issue?.message}`,
    );
  }
  return result.data;
}
