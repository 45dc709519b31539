import { z } from "zod";
import { searchBoxText } from "../shared/localized.js";
import { blankToUndefined } from "../shared/validation.js";

/** An HCP geographic code: a region ("04") or a prefecture or province ("04.441"). */
export const hcpCodeSchema = z.string().regex(/^\d{2}(\.\d{3})?$/, "must be an HCP code like 04 or 04.441");

/** The orders of the portal's territories list: by name (grouped by region), or the most first. */
export const territorySorts = ["name", "agreements", "activities", "population"] as const;
export type TerritorySort = (typeof territorySorts)[number];

/** The portal's territories list: a part of a name or a code, a region, an order. */
export const territoryListQuery = z.object({
  q: z.preprocess(blankToUndefined, searchBoxText(200).optional()),
  region: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{2}$/, "must be a region's code, like 04")
      .optional(),
  ),
  sort: z.preprocess(blankToUndefined, z.enum(territorySorts).optional()),
});
export type TerritoryListFilter = z.output<typeof territoryListQuery>;
