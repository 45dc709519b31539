import type { z } from "@hono/zod-openapi";
import type { territoryOut } from "./territories.api-schemas.js";
import type { TerritoryRow } from "./territories.service.js";

export const presentTerritory = (row: TerritoryRow): z.infer<typeof territoryOut> => ({
  code: row.code,
  kind: row.kind,
  name: row.name,
  fullName: row.fullName,
  regionCode: row.regionCode,
  iso3166_2: row.iso3166_2,
  population2024: row.population2024,
  validFrom: row.validFrom,
  validTo: row.validTo,
});
