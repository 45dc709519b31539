import { z } from "@hono/zod-openapi";
import { territoryKinds } from "../db/schema/index.js";
import { localizedTextOut } from "../web/openapi.js";

/** The public shape of a territory; the presenter returns exactly this. */
export const territoryOut = z
  .object({
    code: z.string().openapi({ example: "04.421", description: "HCP geographic code" }),
    kind: z.enum(territoryKinds),
    name: localizedTextOut,
    fullName: localizedTextOut,
    regionCode: z.string().nullable(),
    iso3166_2: z.string().nullable(),
    population2024: z.number().int().nullable(),
    validFrom: z.string(),
    validTo: z.string().nullable(),
  })
  .openapi("Territory");
