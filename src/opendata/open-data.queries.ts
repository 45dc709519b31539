import { desc, eq, isNotNull } from "drizzle-orm";
import type { Executor } from "../db/client.js";
import { keptPerGeneration } from "../db/registry-generation.js";
import { auditEvents, settings } from "../db/schema/index.js";

/** The licence the association publishes its open data under: a setting, CC BY 4.0 until it chooses. */
export interface OpenDataLicence {
  name: string;
  url: string;
}

export const OPEN_DATA_LICENCE_SETTING = "open_data_licence";

/** The open licences the administrator chooses from, by SPDX identifier. */
export const openDataLicences = {
  "CC-BY-4.0": { name: "CC BY 4.0", url: "https://creativecommons.org/licenses/by/4.0/" },
  "CC-BY-SA-4.0": { name: "CC BY-SA 4.0", url: "https://creativecommons.org/licenses/by-sa/4.0/" },
  "CC0-1.0": { name: "CC0 1.0", url: "https://creativecommons.org/publicdomain/zero/1.0/" },
  "ODbL-1.0": { name: "ODbL 1.0", url: "https://opendatacommons.org/licenses/odbl/1-0/" },
  "etalab-2.0": {
    name: "Licence Ouverte 2.0",
    url: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
  },
} as const satisfies Record<string, OpenDataLicence>;
export type OpenDataLicenceId = keyof typeof openDataLicences;
export const openDataLicenceIds = Object.keys(openDataLicences) as OpenDataLicenceId[];

export const defaultOpenDataLicence: OpenDataLicence = openDataLicences["CC-BY-4.0"];

/** The choice a licence is, when it is one of them. */
export const licenceIdOf = (licence: OpenDataLicence): OpenDataLicenceId | undefined =>
  openDataLicenceIds.find((id) => openDataLicences[id].url === licence.url);

export async function readOpenDataLicence(db: Executor): Promise<OpenDataLicence> {
  const [row] = await db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, OPEN_DATA_LICENCE_SETTING));
  const value = row?.value as Partial<OpenDataLicence> | undefined;
  return typeof value?.name === "string" && typeof value.url === "string"
    ? { name: value.name, url: value.url }
    : defaultOpenDataLicence;
}

/** What stays true of the public data until the next public write: its generation and when it last changed. */
export interface PublicDataState {
  generation: number;
  /** the last public write's time, to the second (HTTP dates have no more); null before any */
  changedAt: Date | null;
}

/**
 * The public data's state, read once per registry generation: the last audited write that raised
 * it (by the generation's index). An import raises it without an event of its own per record;
 * its `registry.import` event, or the events it brings, stand for it.
 */
export const readPublicDataState = keptPerGeneration(
  async (db: Executor, _key: "state", generation: number): Promise<PublicDataState> => {
    const [last] = await db
      .select({ at: auditEvents.at })
      .from(auditEvents)
      .where(isNotNull(auditEvents.generation))
      .orderBy(desc(auditEvents.generation), desc(auditEvents.id))
      .limit(1);
    const changedAt = last ? new Date(Math.floor(last.at.getTime() / 1000) * 1000) : null;
    return { generation, changedAt };
  },
  () => "state",
);
