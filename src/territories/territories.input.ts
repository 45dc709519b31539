import { z } from "zod";

/** An HCP geographic code: a region ("04") or a prefecture or province ("04.441"). */
export const hcpCodeSchema = z.string().regex(/^\d{2}(\.\d{3})?$/, "must be an HCP code like 04 or 04.441");
