/**
 * The registry document written as it is read, a batch of records at a time: the very text of
 * `JSON.stringify(await exportRegistry(…), null, 2)` and a line end, without the whole registry
 * ever being one value. At 10,000 agreements with their follow-up the document is about 400 MB of
 * text; made whole (records, then text, then bytes) it took about 3 GB of memory.
 */
import type { Executor } from "../db/client.js";
import { chunks } from "../shared/collections.js";
import {
  auditEventKeysInOrder,
  inOneSnapshot,
  keysInCreationOrder,
  loadAgreements,
  loadAuditEvents,
  loadOrganizations,
  loadSettings,
  loadTerritories,
} from "./registry-json.export.js";
import { canonicalTimestamp, REGISTRY_FORMAT, REGISTRY_FORMAT_VERSION } from "./registry-json.input.js";

/** Lists each agreement carries whose lengths a backup's manifest counts. */
const followUpLists = [
  "actionPlans",
  "activities",
  "indicators",
  "committeeMembers",
  "meetings",
  "followUpActions",
] as const;

export interface RegistryWritten {
  exportedAt: string;
  formatVersion: number;
  /** records of each kind: the document's lists and the agreements' follow-up lists */
  counts: Record<string, number>;
}

/**
 * Records of the top-level list `name` as JSON.stringify(document, null, 2) writes them, each on
 * its lines after a line end: the list is stringified under its name in an object of its own (one
 * native call, indented as in the document), and that object's first and last lines are cut.
 */
function listItems(name: string, records: unknown[]): string {
  const text = JSON.stringify({ [name]: records }, null, 2);
  return text.slice(`{\n  ${JSON.stringify(name)}: [`.length, -"\n  ]\n}".length);
}

export async function writeRegistryJson({
  db,
  write,
  batchSize = 200,
}: {
  db: Executor;
  /** takes the next piece of text; resolves when more may be written */
  write: (text: string) => Promise<void>;
  /** agreements, organisations or audit events read per batch */
  batchSize?: number;
}): Promise<RegistryWritten> {
  // One snapshot, so the document is consistent even while others write.
  return inOneSnapshot(db, async (tx) => {
    const exportedAt = canonicalTimestamp(new Date().toISOString());
    const counts: Record<string, number> = {};
    const followUpCounts: Record<string, number> = Object.fromEntries(followUpLists.map((list) => [list, 0]));
    await write(
      `{\n  "format": ${JSON.stringify(REGISTRY_FORMAT)},\n  "formatVersion": ${REGISTRY_FORMAT_VERSION},\n` +
        `  "exportedAt": ${JSON.stringify(exportedAt)},\n`,
    );
    const list = async <K, R>(
      name: string,
      keys: K[] | undefined,
      load: (keys: K[] | undefined) => Promise<R[]>,
      last = false,
    ) => {
      let written = 0;
      await write(`  ${JSON.stringify(name)}: [`);
      const batches = keys ? chunks(keys, batchSize) : [undefined];
      for (const batch of batches) {
        const records = await load(batch);
        if (records.length === 0) continue;
        await write(`${written ? "," : ""}${listItems(name, records)}`);
        written += records.length;
        for (const record of records) {
          for (const follow of followUpLists) {
            const items = (record as Record<string, unknown>)[follow];
            if (Array.isArray(items)) followUpCounts[follow] = (followUpCounts[follow] ?? 0) + items.length;
          }
        }
      }
      counts[name] = written;
      await write(`${written ? "\n  " : ""}]${last ? "" : ","}\n`);
    };
    await list("settings", undefined, () => loadSettings(tx));
    await list("territories", undefined, () => loadTerritories(tx));
    await list("organizations", await keysInCreationOrder(tx, "organizations"), (ids) =>
      loadOrganizations(tx, ids),
    );
    await list("agreements", await keysInCreationOrder(tx, "agreements"), (ids) => loadAgreements(tx, ids));
    await list("auditEvents", await auditEventKeysInOrder(tx), (ids) => loadAuditEvents(tx, ids), true);
    await write("}\n");
    return { exportedAt, formatVersion: REGISTRY_FORMAT_VERSION, counts: { ...counts, ...followUpCounts } };
  });
}
