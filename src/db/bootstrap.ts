import { ensureAssociation } from "../partners/organizations.service.js";
import { systemActor } from "../shared/actor.js";
import { loadReferenceTerritories } from "../territories/territories.service.js";
import type { DatabaseHandle } from "./client.js";

/** Brings a database to the current schema and its reference data; safe to run again. */
export async function prepareDatabase(
  handle: DatabaseHandle,
  { association = true }: { association?: boolean } = {},
): Promise<{ territoriesAdded: number }> {
  await handle.migrate();
  const territoriesAdded = await loadReferenceTerritories({ db: handle.db });
  // A restore brings its own association; creating one first would clash with it.
  if (association) await ensureAssociation({ db: handle.db, actor: systemActor });
  return { territoriesAdded };
}
