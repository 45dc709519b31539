import type { DatabaseHandle } from "../db/client.js";
import { ensureAssociation } from "../partners/organizations.service.js";
import { ensureSearchIndexCurrent } from "../search/reindex.js";
import { systemActor } from "../shared/actor.js";
import { loadReferenceTerritories } from "../territories/territories.service.js";

/** Brings a database to the current schema and its reference data; safe to run again. */
export async function prepareDatabase(
  handle: DatabaseHandle,
  { referenceData = true }: { referenceData?: boolean } = {},
): Promise<{ territoriesAdded: number }> {
  await handle.migrate();
  // Words are made in TypeScript (src/search/words.ts): a new way of making them needs the code, not SQL.
  await ensureSearchIndexCurrent({ db: handle.db });
  // A restore brings its own territories, association and history; loading ours first would clash.
  if (!referenceData) return { territoriesAdded: 0 };
  const territoriesAdded = await loadReferenceTerritories({ db: handle.db, actor: systemActor });
  await ensureAssociation({ db: handle.db, actor: systemActor });
  return { territoriesAdded };
}
