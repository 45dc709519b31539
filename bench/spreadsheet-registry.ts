/**
 * Fills a new PostgreSQL database with the bench's synthetic registry and follow-up, for timing
 * `sharaka export --format xlsx|csv` against it in a process of its own (its RSS is then the
 * export's alone):
 *
 *   BENCH_DATABASE_URL=postgres://… BENCH_AGREEMENTS=10000 npx tsx bench/spreadsheet-registry.ts
 *   DATABASE_URL=<printed> /usr/bin/time -v node bin/sharaka.js export --format xlsx -o /tmp/r.xlsx
 *
 * It prints the database's address and leaves it in place: drop it when done.
 */
import { sql } from "drizzle-orm";
import { prepareDatabase } from "../src/cli/bootstrap.js";
import { getAssociation } from "../src/partners/organizations.service.js";
import { setLogLevel } from "../src/shared/logger.js";
import { loadFollowUp } from "./bulk.js";
import { openBenchDatabase } from "./database.js";
import { generateFollowUp } from "./followup.js";
import { generateRegistry, loadRegistry } from "./generate.js";
import { parseBenchOptions } from "./options.js";

setLogLevel("warn");
const options = parseBenchOptions();
if (!options.databaseUrl)
  throw new Error("BENCH_DATABASE_URL is required: the export runs in another process");
const bench = await openBenchDatabase(options.databaseUrl);
const db = bench.handle.db;
await prepareDatabase(bench.handle);
const association = await getAssociation({ db });
if (!association) throw new Error("prepareDatabase left no association");
const registry = generateRegistry({ seed: options.seed, count: options.agreements, association });
const followUp = generateFollowUp({
  seed: options.followUpSeed,
  registry,
  association,
  size: options.followUp,
});
await loadRegistry(db, registry);
await loadFollowUp(db, followUp);
// As the bench does after loading: without statistics the planner scans whole tables per batch.
await db.execute(sql`analyze`);
await bench.handle.close();
console.log(
  `${options.agreements} agreements with ${followUp.activities.length} activities loaded: DATABASE_URL=${bench.serverEnv.DATABASE_URL}`,
);
