import { z } from "zod";
import { recordAuditEvent } from "../db/audit-events.js";
import type { Executor } from "../db/client.js";
import { settings } from "../db/schema/index.js";
import { type Actor, administers } from "../shared/actor.js";
import { refuse } from "../shared/errors.js";
import { parseInput } from "../shared/validation.js";
import {
  OPEN_DATA_LICENCE_SETTING,
  type OpenDataLicence,
  openDataLicenceIds,
  openDataLicences,
  readOpenDataLicence,
} from "./open-data.queries.js";

/** Settings are the administrator's (and the command line's), as accounts are. */
export const openDataPolicy = { canSetLicence: administers };

export function assertCanSetLicence(actor: Actor): void {
  if (!openDataPolicy.canSetLicence(actor)) refuse(actor, "Only an administrator may choose the licence");
}

export const licenceInput = z.object({ licence: z.enum(openDataLicenceIds) });

/**
 * Publishes the open data under another licence, audited as every setting. The licence is shown
 * with the public data (the open-data page, the JSON file), so the write raises the registry's
 * generation: the public cache and the kept files let go of what named the old one.
 */
export async function setOpenDataLicence({
  db,
  actor,
  input,
}: {
  db: Executor;
  actor: Actor;
  input: unknown;
}): Promise<OpenDataLicence> {
  assertCanSetLicence(actor);
  const { licence: id } = parseInput(licenceInput, input);
  const licence: OpenDataLicence = { ...openDataLicences[id] };
  return db.transaction(async (tx) => {
    const before = await readOpenDataLicence(tx);
    if (before.url === licence.url && before.name === licence.name) return before;
    const value = { id, ...licence };
    await tx
      .insert(settings)
      .values({ key: OPEN_DATA_LICENCE_SETTING, value })
      .onConflictDoUpdate({ target: settings.key, set: { value } });
    await recordAuditEvent({
      db: tx,
      actor,
      action: "settings.set",
      entityType: "setting",
      entityId: OPEN_DATA_LICENCE_SETTING,
      before,
      after: value,
      changesPublic: true,
    });
    return licence;
  });
}
