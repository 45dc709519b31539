import { sql } from "drizzle-orm";
import { prepareDatabase } from "../src/cli/bootstrap.js";
import { getAssociation } from "../src/partners/organizations.service.js";
import { type Actor, systemActor } from "../src/shared/actor.js";
import { languages } from "../src/shared/localized.js";
import { setLogLevel } from "../src/shared/logger.js";
import { translatableKinds } from "../src/translations/translatable.js";
import {
  countTranslationQueue,
  listTranslationQueue,
} from "../src/translations/translation-queue.queries.js";
import { loadFollowUp } from "./bulk.js";
import { openBenchDatabase } from "./database.js";
import { generateFollowUp } from "./followup.js";
import { generateRegistry, loadRegistry } from "./generate.js";
import { parseBenchOptions } from "./options.js";
import { int, ms } from "./report.js";

/**
 * The translation queue on a generated registry (BENCH_AGREEMENTS, 10,000 by default): the time
 * of its counts (the languages page reads them for each language, the queue page once) and of a
 * page of each kind, as the staff see them, against the registry's plainest read in the same
 * run: counting the agreements. `npx tsx bench/translation-queue.ts`; BENCH_DATABASE_URL for a
 * PostgreSQL server.
 */
setLogLevel("warn");
const options = parseBenchOptions();
const bench = await openBenchDatabase(options.databaseUrl);
const db = bench.handle.db;
const staff: Actor = { ...systemActor, id: "bench", role: "secretariat" };
const best = async (run: () => Promise<unknown>, times = 5) => {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
};
try {
  await prepareDatabase(bench.handle);
  const association = await getAssociation({ db });
  if (!association) throw new Error("no association");
  const registry = generateRegistry({ seed: options.seed, count: options.agreements, association });
  await loadRegistry(db, registry);
  await loadFollowUp(
    db,
    generateFollowUp({ seed: options.followUpSeed, registry, association, size: options.followUp }),
  );
  await db.execute(sql`analyze`);
  const baseline = await best(() => db.execute(sql`select count(*) from agreements`));
  console.log(`${bench.description}, ${int(registry.agreements.length)} agreements`);
  console.log(`baseline (count the agreements): ${ms(baseline)}`);
  for (const lang of languages) {
    const counts = await countTranslationQueue({ db, actor: staff, lang });
    const counting = await best(() => countTranslationQueue({ db, actor: staff, lang }));
    console.log(
      `counts into ${lang}: ${ms(counting)} (${(counting / baseline).toFixed(0)}× baseline) ${JSON.stringify(counts)}`,
    );
  }
  for (const kind of translatableKinds) {
    const page = await best(() =>
      listTranslationQueue({ db, actor: staff, lang: "en", kind, limit: 20, offset: 0 }),
    );
    console.log(`a page of ${kind} into en: ${ms(page)} (${(page / baseline).toFixed(0)}× baseline)`);
  }
} finally {
  await bench.dispose();
}
