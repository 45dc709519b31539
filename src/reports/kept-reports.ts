import type { Executor } from "../db/client.js";
import { keptPerGeneration } from "../db/registry-generation.js";

/** At most this many bytes of laid-out reports per process and database (an agreement's sheet is ~100 KB). */
const KEPT_REPORT_BYTES = 32 * 1024 * 1024;

interface ReportToKeep {
  /** everything the report depends on besides the registry: address, reader's scope, day */
  key: string;
  make: () => Promise<Uint8Array>;
}

const keptReports = keptPerGeneration(
  (_db: Executor, report: ReportToKeep) => report.make(),
  (report) => report.key,
  { maxSize: KEPT_REPORT_BYTES, sizeOf: (pdf) => pdf.byteLength },
);

/**
 * A report laid out once per registry generation and key, then answered from memory until a
 * write raises the generation — in any process sharing the database (keptPerGeneration).
 */
export const keptReport = (db: Executor, key: string, make: () => Promise<Uint8Array>): Promise<Uint8Array> =>
  keptReports(db, { key, make });
